"""Installed distributions' entry points in group ``envmgr``, cached.

Scanning every installed distribution's metadata costs tens of milliseconds, too much for
``envmgr shell`` or ``envmgr detect NAME``. The list of entry points (name, object,
distribution) is cached in ``<home>/cache/entry_points-<interpreter>.json``, keyed by the
stat of each ``sys.path`` dir: a ``pip install`` or uninstall changes its site-packages
dir and so the key. What each entry point declares (hooks, softs) is recorded once it has
been imported, keyed by its module file's size and mtime, as for user plugin files.

Nothing here imports plugin code or pluggy.
"""

from __future__ import annotations

import json
import os
import sys

from envmgr.catalog.user import stamp

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["EntryPointIndex", "GROUP"]

GROUP = "envmgr"
CACHE_VERSION = 2


def _key() -> list[list[object]]:
    key: list[list[object]] = []
    for p in sys.path:
        try:
            st = os.stat(p or ".")
        except OSError:
            continue
        key.append([p, st.st_mtime_ns])
    return key


def _stable(text: str) -> str:
    import zlib

    return format(zlib.crc32(text.encode()), "08x")


def _scan() -> list[dict[str, str]]:
    from importlib.metadata import entry_points

    points = []
    for ep in entry_points(group=GROUP):
        dist = getattr(ep, "dist", None)
        points.append({"name": ep.name, "value": ep.value,
                       "distribution": f"{dist.name} {dist.version}" if dist else ""})
    return points


class EntryPointIndex:
    """The entry points of this interpreter's installed distributions, and what each one
    declares once imported (``{"file", "stat", "softs", "hooks", "ok"}`` by name)."""

    def __init__(self, cache_dir: str) -> None:
        # one file per interpreter, so that two Pythons sharing a home do not evict each other
        self.path = os.path.join(cache_dir, f"entry_points-{_stable(sys.prefix)}.json")
        self.dirty = False
        key = _key()
        data: dict[str, Any] = {}
        try:
            with open(self.path) as f:
                data = json.load(f)
            if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
                data = {}
        except (OSError, ValueError):
            data = {}
        records = data.get("records") if isinstance(data.get("records"), dict) else {}
        if data.get("key") == key and isinstance(data.get("points"), list):
            self.points: list[dict[str, str]] = list(data["points"])
        else:
            self.points = _scan()
            self.dirty = True
        # a record outlives a new key only for the same object from the same distribution
        known = {p["name"]: p for p in self.points}
        self.records: dict[str, Any] = {
            name: r for name, r in (records or {}).items()
            if isinstance(r, dict) and name in known
            and r.get("value") == known[name]["value"]
            and r.get("distribution") == known[name]["distribution"]}
        self.key = key

    def get(self, name: str) -> dict[str, Any] | None:
        """What entry point ``name`` declares, if recorded and its module file is unchanged."""
        r = self.records.get(name)
        if r is None or (r.get("file") and r.get("stat") != stamp(r["file"])):
            return None
        return dict(r)

    def put(self, name: str, file: str, softs: list[list[str]], hooks: list[str],
            ok: bool) -> None:
        point = next((p for p in self.points if p["name"] == name), None)
        if point is None:
            return
        self.records[name] = {"value": point["value"], "distribution": point["distribution"],
                              "file": file, "stat": stamp(file) if file else [],
                              "softs": softs, "hooks": hooks, "ok": ok}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from envmgr._atomic import write_json

        try:
            write_json(self.path, {"version": CACHE_VERSION, "key": self.key,
                                   "points": self.points, "records": self.records})
        except OSError:
            pass  # a read-only home only loses the speed-up
        self.dirty = False
