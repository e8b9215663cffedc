"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Every index and cache writer uses these (the builtin index, the hooks map, the user plugin
index, the entry-point cache, the probe cache, recorded cases). The temporary file sits in
the target's folder (``os.replace`` is atomic only within one file system) and carries the
pid and thread, so that two writers never share one; it is flushed to disk before the
rename, so that a crash cannot leave an empty file behind the new name.
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["write_text", "write_bytes", "write_json", "save_cache", "save_cache_json"]


def write_text(path: str | os.PathLike[str], text: str, *, makedirs: bool = True) -> None:
    """Replace ``path`` with ``text`` atomically; raises OSError (nothing is left behind)."""
    write_bytes(path, text.encode("utf-8"), makedirs=makedirs)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, makedirs: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically; raises OSError (nothing is left behind)."""
    import _thread

    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    if makedirs:
        os.makedirs(folder, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.{_thread.get_ident()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:  # never there, or a read-only mount (EROFS even for a missing file)
            pass
        raise


def write_json(path: str | os.PathLike[str], data: Any, *, indent: int | None = None,
               sort_keys: bool = False, ensure_ascii: bool = True,
               makedirs: bool = True) -> None:
    """Replace ``path`` with ``data`` as JSON (and a final newline) atomically."""
    text = json.dumps(data, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    write_text(path, text + "\n", makedirs=makedirs)


_unwritable: set[str] = set()  # folders a cache write failed in: not tried again this run


def save_cache(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write a cache file atomically, or skip it: a read-only home, a full disk or a
    folder that cannot be made only loses the speed-up (never an error). Returns whether
    it was written; after one failure in a folder, later writes there are skipped."""
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    if folder in _unwritable:
        return False
    try:
        write_bytes(path, data)
    except OSError:
        _unwritable.add(folder)
        return False
    return True


def save_cache_json(path: str | os.PathLike[str], data: Any, **dumps: Any) -> bool:
    """:func:`save_cache` of ``data`` as JSON (and a final newline)."""
    return save_cache(path, (json.dumps(data, **dumps) + "\n").encode("utf-8"))
