"""User plugin folders: which files are plugins, and what each declares (cached).

What each file declares is kept in ``<home>/cache/user-plugins.json``, keyed by the file's
path, size and mtime, so that a file declaring only softs (no hooks) is imported only when
one of its softs is asked for (STYLE.md §5).
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["plugin_files", "UserIndex", "stamp"]

INDEX_VERSION = 1


def plugin_files(folder: str) -> list[str]:
    """The plugin files of a user plugin folder (or the one file a path entry names): every
    ``*.py`` except ``_*.py``, ``test_*.py`` and ``conftest.py``."""
    if folder.endswith(".py") and os.path.isfile(folder):
        return [folder]
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        os.path.join(folder, n) for n in names
        if n.endswith(".py") and not n.startswith(("_", "test_")) and n != "conftest.py"
    ]


def stamp(path: str) -> list[int]:
    """A file's (size, mtime): a record made for other values is stale."""
    try:
        st = os.stat(path)
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


class UserIndex:
    """What each user plugin file declares: ``{"stat", "softs": [[name, *aliases]],
    "hooks", "ok"}`` by path."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.dirty = False
        self.files: dict[str, Any] = {}
        try:
            with open(path) as f:
                data = json.load(f)
            if data.get("version") == INDEX_VERSION and isinstance(data.get("files"), dict):
                self.files = dict(data["files"])
        except (OSError, ValueError, AttributeError, TypeError):
            pass

    def get(self, path: str) -> dict[str, Any] | None:
        """The record of ``path`` if it is current."""
        meta = self.files.get(path)
        return meta if isinstance(meta, dict) and meta.get("stat") == stamp(path) else None

    def put(self, path: str, softs: list[list[str]], hooks: list[str], ok: bool) -> None:
        self.files[path] = {"stat": stamp(path), "softs": softs, "hooks": hooks, "ok": ok}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from envmgr._atomic import write_json

        try:
            write_json(self.path, {"version": INDEX_VERSION, "files": self.files})
        except OSError:
            pass  # a read-only home only loses the speed-up
        self.dirty = False
