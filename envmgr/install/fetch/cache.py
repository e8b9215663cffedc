"""The download cache: files named by their checksum, shared by every install.

Layout under the cache root (the same as a mirror's ``by-sha256`` layout, so a cache
folder can serve as a mirror)::

    by-sha256/<sha256>        complete, verified files
    by-md5/<md5>              a link to by-sha256/<sha256> for sources known by md5 only
    partial/<key>.part        an unfinished download, resumed by the next fetch
    locks/<key>.lock          held while one process fetches that key
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from filelock import FileLock

__all__ = ["DownloadCache"]


class DownloadCache:
    """A folder of downloads keyed by checksum, with a file lock per key."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, algorithm: str, digest: str) -> Path:
        """Where a complete file with this checksum lives (whether or not it is there)."""
        return self.root / f"by-{algorithm}" / digest

    def lookup(self, algorithm: str, digest: str) -> Path | None:
        """The cached file with this checksum, or None."""
        p = self.path(algorithm, digest)
        try:
            return p.resolve(strict=True) if p.is_file() else None
        except OSError:
            return None

    def partial(self, key: str) -> Path:
        """The partial-download file of a key; its folder is created."""
        folder = self.root / "partial"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{key}.part"

    def lock(self, key: str, timeout: float = 600.0) -> FileLock:
        """A lock held while one process fetches ``key``; others wait and then reuse."""
        folder = self.root / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        return FileLock(str(folder / f"{key}.lock"), timeout=timeout)

    def add(self, tmp: Path, sha256: str, also: tuple[str, str] | None = None) -> Path:
        """Move a verified file into the cache in one rename; ``also`` = (algorithm,
        digest) adds a link under that algorithm too. Returns the cached path."""
        dest = self.path("sha256", sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, dest)
        if also is not None and also[0] != "sha256":
            link = self.path(*also)
            link.parent.mkdir(parents=True, exist_ok=True)
            tmp_link = link.with_name(link.name + ".tmp")
            if tmp_link.is_symlink() or tmp_link.exists():
                tmp_link.unlink()
            os.symlink(os.path.relpath(dest, link.parent), tmp_link)
            os.replace(tmp_link, link)
        return dest

    def discard(self, path: Path) -> None:
        """Remove a bad cached or partial file (and nothing else)."""
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            pass
