"""Download, checksum and extraction in one pass: a tar is unpacked while it arrives.

:func:`fetch_extracting` runs :func:`~envmgr.install.fetch.download.fetch` in the calling
thread and, in a second thread, extracts the tar from the blocks the download hands over
in memory as it writes and hashes them (:class:`_Blocks`; the partial file is never read
back). zlib (or isal/zlib-ng), hashlib and file writes drop the GIL, so the two overlap.

The extracted tree is kept only when it provably came from the verified bytes: the fetch
succeeded and its checksum matched, the extractor was given every block the checksum
covered, in order, from the first byte to the last (no restart, no second URL, no resumed
partial file), and it consumed all of them. Otherwise the tree is thrown away and the
caller extracts from the cached file as before, so this is only ever a shortcut, never a
second way to be right.

Cancelling: each extraction can be cancelled (:meth:`Extraction.cancel`), which its
reader checks before it returns any buffered data, and :func:`fetch_extracting` never
returns or raises before its extractor thread has ended, even when a second signal
interrupts the wait. :func:`cancel_all` cancels and joins every extraction still running:
call it before removing a staging folder an extractor may be writing into.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from envmgr.config import Limits
from envmgr.install.fetch.cache import DownloadCache
from envmgr.install.recipe import Source

__all__ = ["Extraction", "cancel_all", "fetch_extracting"]

#: at most this many bytes wait in memory for the extractor; the download then waits
_QUEUE_BYTES = 64 << 20
#: how long the download waits for room before giving up on the shortcut
_QUEUE_WAIT = 10.0


class _Abort(Exception):
    """The extraction was cancelled or its bytes stopped being the verified ones."""


class _Blocks:
    """The download's blocks, in memory, as a read-only stream for the extractor."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.queue: collections.deque[bytes] = collections.deque()
        self.head = 0  # bytes of queue[0] already read
        self.queued = 0
        self.received = 0  # bytes handed over, contiguous from the first
        self.consumed = 0
        self.finished = False
        self.cancelled = False
        self.broken = False  # the download restarted: what was handed over is not the file

    def put(self, offset: int, block: bytes) -> None:
        with self.cond:
            if self.cancelled or self.broken:
                return
            if offset != self.received:
                self.broken = True
                self.cond.notify_all()
                return
            waited = 0.0
            while self.queued > _QUEUE_BYTES and not self.cancelled:
                if waited >= _QUEUE_WAIT:  # the extractor is stuck: drop the shortcut
                    self.broken = True
                    self.cond.notify_all()
                    return
                self.cond.wait(0.5)
                waited += 0.5
            self.queue.append(block)
            self.queued += len(block)
            self.received += len(block)
            self.cond.notify_all()

    def finish(self) -> None:
        with self.cond:
            self.finished = True
            self.cond.notify_all()

    def cancel(self) -> None:
        with self.cond:
            self.cancelled = True
            self.queue.clear()
            self.queued = 0
            self.cond.notify_all()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        with self.cond:
            while True:
                # before anything buffered is returned: a cancelled extractor stops now
                if self.cancelled or self.broken:
                    raise _Abort()
                if self.queue:
                    break
                if self.finished:
                    return b""
                self.cond.wait()
            block = self.queue[0]
            left = len(block) - self.head
            if n is None or n < 0 or n >= left:
                data = block if self.head == 0 else block[self.head:]
                self.queue.popleft()
                self.head = 0
            else:
                data = block[self.head:self.head + n]
                self.head += n
            self.queued -= len(data)
            self.consumed += len(data)
            self.cond.notify_all()
            return data

    def drain(self) -> None:
        """Read what the extractor left (the tar's end padding, the gzip trailer)."""
        while self.read(1 << 20):
            pass


class Extraction:
    """One streaming extraction: its thread and its stream of blocks."""

    def __init__(self, dest: Path, run: Callable[[_Blocks], None]) -> None:
        self.dest = dest
        self.blocks = _Blocks()
        self.failure: BaseException | None = None
        self._run = run
        self.thread = threading.Thread(target=self._main, name="envmgr-extract", daemon=True)

    def _main(self) -> None:
        try:
            self._run(self.blocks)
            self.blocks.drain()
        except BaseException as exc:  # noqa: BLE001 - reported through `failure`
            self.failure = exc
            self.blocks.cancel()  # the download goes on without waiting for this reader

    def start(self) -> None:
        with _ACTIVE_LOCK:
            _ACTIVE.add(self)
        self.thread.start()

    def cancel(self) -> None:
        """Stop the extractor at its next read; it removes what it wrote."""
        self.blocks.cancel()

    def join(self) -> None:
        """Wait until the extractor thread has ended. A signal that interrupts the wait
        cancels the extraction and waits on; the first such exception is raised after."""
        pending: BaseException | None = None
        while self.thread.is_alive():
            try:
                self.thread.join()
            except BaseException as exc:  # noqa: BLE001 - re-raised once the thread ended
                self.cancel()
                pending = pending or exc
        with _ACTIVE_LOCK:
            _ACTIVE.discard(self)
        if pending is not None:
            raise pending


_ACTIVE: set[Extraction] = set()
_ACTIVE_LOCK = threading.Lock()


def cancel_all() -> int:
    """Cancel every streaming extraction still running in this process and wait until
    each has ended (and removed its tree); return how many there were. Safe to call from
    the main thread's cleanup at any time."""
    with _ACTIVE_LOCK:
        running = list(_ACTIVE)
    for extraction in running:
        extraction.cancel()
    for extraction in running:
        extraction.join()
    return len(running)


def fetch_extracting(
    source: Source,
    cache: DownloadCache,
    dest: Path,
    *,
    name: str,
    fetch_kw: dict[str, Any],
    progress: Callable[[int, int | None], None] | None = None,
    limits: Limits | None = None,
) -> tuple[Any, bool]:
    """Fetch ``source`` and extract it into ``dest`` in one pass where that is safe.

    ``limits`` bound the download and the extraction (the source's ``unpacked_size``
    where it gives one). Returns (the :class:`~envmgr.install.fetch.download.Fetched`,
    whether ``dest`` holds the extracted tree). When False, ``dest`` does not exist and
    the caller extracts ``fetched.path`` itself."""
    from envmgr.install.fetch.download import fetch
    from envmgr.install.fetch.extract import _rmtree_quiet, extract

    limits = limits or Limits()
    expected = source.checksum
    if expected is None or cache.lookup(*expected) is not None:
        return fetch(source, cache, name=name, progress=progress, limits=limits,
                     **fetch_kw), False
    box: list[Extraction] = []

    def sink(offset: int, block: bytes, total: int | None) -> None:
        if not box:
            size = source.size if source.size is not None else total
            if offset != 0 or size is None:
                return  # a resumed partial file, or no size for the ratio: no shortcut

            def run(blocks: _Blocks) -> None:
                extract(dest, dest, strip_components=source.strip_components,
                        label=source.filename, stream=blocks,  # type: ignore[arg-type]
                        limits=limits, unpacked_size=source.unpacked_size,
                        archive_size=size)

            box.append(Extraction(dest, run))
            box[0].start()
        box[0].blocks.put(offset, block)

    got = None
    try:
        got = fetch(source, cache, name=name, progress=progress, limits=limits, sink=sink,
                    **fetch_kw)
    finally:
        if box:
            if got is None:
                box[0].cancel()
            else:
                box[0].blocks.finish()
            box[0].join()
    if not box:
        return got, False
    blocks = box[0].blocks
    ok = bool(box[0].failure is None and not blocks.broken and not blocks.cancelled
              and not got.from_cache and blocks.received == got.size
              and blocks.consumed == got.size)
    if not ok:
        _rmtree_quiet(dest)
    return got, ok
