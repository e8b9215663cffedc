"""Checksums computed while bytes stream past, so a file is never read a second time."""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ALGORITHMS", "Hasher", "hash_file"]

#: the algorithms a recipe may give, best first
ALGORITHMS = ("sha256", "md5")
_CHUNK = 1 << 20


class Hasher:
    """Several digests over one stream; ``count`` is the number of bytes fed so far.

    With ``background=True`` the digests are computed in a thread of their own, in the
    order the blocks were fed (hashlib drops the GIL), so that hashing overlaps receiving
    and writing; every method that reads a digest or starts again waits for it first.
    :meth:`close` ends the thread."""

    def __init__(self, algorithms: Iterable[str] = ("sha256",), *,
                 background: bool = False) -> None:
        self._names = list(dict.fromkeys(algorithms))
        for name in self._names:
            if name not in ALGORITHMS:
                raise ValueError(f"unsupported checksum algorithm {name!r}")
        self._queue: queue.Queue[bytes | None] | None = None
        self._worker: threading.Thread | None = None
        self._failure: BaseException | None = None
        if background:
            self._queue = queue.Queue(maxsize=64)  # blocks waiting: bounded memory
            self._worker = threading.Thread(target=self._work, name="envmgr-hash",
                                            daemon=True)
            self._worker.start()
        self.reset()

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            block = self._queue.get()
            try:
                if block is None:
                    return
                for h in self._h.values():
                    h.update(block)
            except BaseException as exc:  # noqa: BLE001 - raised by the next _settle()
                self._failure = exc
            finally:
                self._queue.task_done()

    def _settle(self) -> None:
        """Wait until every block fed so far is hashed."""
        if self._queue is not None:
            self._queue.join()
        if self._failure is not None:
            raise self._failure

    def close(self) -> None:
        """End the background thread (the digests stay readable): the end mark goes in
        behind the blocks, and the worker hashes them all before it stops. Not a
        ``queue.join()``: a signal that interrupted a ``put`` between counting a block and
        waking the worker would leave that wait hanging; the end mark's ``put`` wakes it."""
        if self._queue is not None and self._worker is not None:
            self._queue.put(None)
            self._worker.join()
            self._queue = self._worker = None  # a failure is raised by the next digest

    def reset(self) -> None:
        """Start again from no bytes."""
        self._settle()
        # md5 only checks integrity against what upstream published, never security
        self._h = {n: hashlib.new(n, usedforsecurity=False) if n == "md5" else hashlib.new(n)
                   for n in self._names}
        self.count = 0

    def update(self, data: bytes | bytearray | memoryview) -> None:
        """Feed the next bytes (in the background: ``bytes`` only, never changed after)."""
        if self._queue is not None:
            self._queue.put(bytes(data) if not isinstance(data, bytes) else data)
        else:
            for h in self._h.values():
                h.update(data)
        self.count += len(data)

    def feed_file(self, path: str | Path, limit: int | None = None) -> int:
        """Feed the first ``limit`` bytes of a file (all of it by default); return how many."""
        fed = 0
        with open(path, "rb") as fh:
            while limit is None or fed < limit:
                want = _CHUNK if limit is None else min(_CHUNK, limit - fed)
                block = fh.read(want)
                if not block:
                    break
                self.update(block)
                fed += len(block)
        return fed

    def hexdigest(self, algorithm: str = "sha256") -> str:
        """The digest so far of one algorithm."""
        self._settle()
        return self._h[algorithm].hexdigest()

    def digests(self) -> dict[str, str]:
        """Every digest so far, by algorithm."""
        self._settle()
        return {n: h.hexdigest() for n, h in self._h.items()}


def hash_file(path: str | Path, algorithms: Iterable[str] = ("sha256",)) -> dict[str, str]:
    """The digests of a whole file."""
    h = Hasher(algorithms)
    h.feed_file(path)
    return h.digests()
