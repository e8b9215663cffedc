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

__all__ = ["write_text", "write_json"]


def write_text(path: str | os.PathLike[str], text: str, *, makedirs: bool = True) -> None:
    """Replace ``path`` with ``text`` atomically; raises OSError (nothing is left behind)."""
    import _thread

    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    if makedirs:
        os.makedirs(folder, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.{_thread.get_ident()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: str | os.PathLike[str], data: Any, *, indent: int | None = None,
               sort_keys: bool = False, ensure_ascii: bool = True,
               makedirs: bool = True) -> None:
    """Replace ``path`` with ``data`` as JSON (and a final newline) atomically."""
    text = json.dumps(data, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    write_text(path, text + "\n", makedirs=makedirs)
