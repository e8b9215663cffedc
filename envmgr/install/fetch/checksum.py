"""Checksums computed while bytes stream past, so a file is never read a second time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ALGORITHMS", "Hasher", "hash_file"]

#: the algorithms a recipe may give, best first
ALGORITHMS = ("sha256", "md5")
_CHUNK = 1 << 20


class Hasher:
    """Several digests over one stream; ``count`` is the number of bytes fed so far."""

    def __init__(self, algorithms: Iterable[str] = ("sha256",)) -> None:
        self._names = list(dict.fromkeys(algorithms))
        for name in self._names:
            if name not in ALGORITHMS:
                raise ValueError(f"unsupported checksum algorithm {name!r}")
        self.reset()

    def reset(self) -> None:
        """Start again from no bytes."""
        # md5 only checks integrity against what upstream published, never security
        self._h = {n: hashlib.new(n, usedforsecurity=False) if n == "md5" else hashlib.new(n)
                   for n in self._names}
        self.count = 0

    def update(self, data: bytes | bytearray | memoryview) -> None:
        """Feed the next bytes."""
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
        return self._h[algorithm].hexdigest()

    def digests(self) -> dict[str, str]:
        """Every digest so far, by algorithm."""
        return {n: h.hexdigest() for n, h in self._h.items()}


def hash_file(path: str | Path, algorithms: Iterable[str] = ("sha256",)) -> dict[str, str]:
    """The digests of a whole file."""
    h = Hasher(algorithms)
    h.feed_file(path)
    return h.digests()
