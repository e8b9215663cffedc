"""Download, checksum and extraction in one pass: a tar is unpacked while it arrives.

:func:`fetch_extracting` runs :func:`~envmgr.install.fetch.download.fetch` in the calling
thread and, in a second thread, extracts the tar from the partial file as it grows (the
fetch's progress callback says when bytes were added). zlib, hashlib and file writes drop
the GIL, so the two overlap on two cores.

The extracted tree is kept only when it provably came from the verified bytes: the fetch
succeeded and its checksum matched, the byte count never went back (no restart, no second
URL), and the extractor read exactly the file that went into the cache (same inode, same
size). Otherwise the tree is thrown away and the caller extracts from the cached file as
before, so this is only ever a shortcut, never a second way to be right.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from envmgr import _signals
from envmgr.install.fetch.cache import DownloadCache
from envmgr.install.recipe import Source

__all__ = ["fetch_extracting"]


class _Abort(Exception):
    pass


class _GrowingFile:
    """A read-only stream over a file another thread appends to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cond = threading.Condition()
        self.available = 0
        self.finished = False
        self.aborted = False
        self.fh: IO[bytes] | None = None
        self.read_bytes = 0

    def grow(self, done: int) -> None:
        with self.cond:
            if self.fh is None:
                # opened by the downloading thread while the partial file surely exists:
                # an extractor scheduled late would find it renamed into the cache
                try:
                    self.fh = open(self.path, "rb")  # noqa: SIM115 - closed in close()
                except FileNotFoundError:
                    self.fh = None
            self.available = max(self.available, done)
            self.cond.notify_all()

    def finish(self, aborted: bool) -> None:
        with self.cond:
            self.finished = True
            self.aborted = self.aborted or aborted
            self.cond.notify_all()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while True:
            if self.fh is not None:
                data = self.fh.read(n if n is not None and n >= 0 else 1 << 20)
                if data:
                    self.read_bytes += len(data)
                    return data
            with self.cond:
                if self.aborted:
                    raise _Abort()
                if self.finished:
                    if self.fh is not None:
                        data = self.fh.read(n if n is not None and n >= 0 else 1 << 20)
                        self.read_bytes += len(data)
                        return data
                    raise _Abort()
                if self.available <= self.read_bytes:
                    self.cond.wait(0.5)

    def inode(self) -> tuple[int, int] | None:
        if self.fh is None:
            return None
        st = os.fstat(self.fh.fileno())
        return (st.st_dev, st.st_ino)

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()


def fetch_extracting(
    source: Source,
    cache: DownloadCache,
    dest: Path,
    *,
    name: str,
    fetch_kw: dict[str, Any],
    progress: Callable[[int, int | None], None] | None = None,
) -> tuple[Any, bool]:
    """Fetch ``source`` and extract it into ``dest`` in one pass where that is safe.

    Returns (the :class:`~envmgr.install.fetch.download.Fetched`, whether ``dest`` holds
    the extracted tree). When False, ``dest`` does not exist and the caller extracts
    ``fetched.path`` itself."""
    from envmgr.install.fetch.download import fetch
    from envmgr.install.fetch.extract import _rmtree_quiet, extract

    expected = source.checksum
    if expected is None or cache.lookup(*expected) is not None:
        return fetch(source, cache, name=name, progress=progress, **fetch_kw), False
    part = cache.partial(f"{expected[0]}-{expected[1]}")
    stream = _GrowingFile(part)
    state = {"last": 0, "monotonic": True}
    failure: list[BaseException] = []

    def extractor() -> None:
        try:
            extract(part, dest, strip_components=source.strip_components,
                    label=source.filename, stream=stream)  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - reported through `failure`
            failure.append(exc)

    def on_progress(done: int, total: int | None) -> None:
        if done < state["last"]:
            state["monotonic"] = False  # a restart: the stream saw other bytes
            stream.finish(aborted=True)
        state["last"] = done
        stream.grow(done)
        if progress is not None:
            progress(done, total)

    thread = threading.Thread(target=extractor, name="envmgr-extract", daemon=True)
    thread.start()
    got = None
    try:
        got = fetch(source, cache, name=name, progress=on_progress, **fetch_kw)
    finally:
        stream.finish(aborted=got is None)
        # joined even when a signal arrives meanwhile: cleanup must not race its writes
        _signals.join(thread, lambda: stream.finish(aborted=True))
        ino = stream.inode()
        stream.close()
    ok = bool(not failure and state["monotonic"] and not got.from_cache and ino is not None
              and stream.read_bytes == got.size)
    if ok:
        st = os.stat(got.path)
        ok = ino == (st.st_dev, st.st_ino)
    if not ok:
        _rmtree_quiet(dest)
    return got, ok
