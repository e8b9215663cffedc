"""A cached answer to "which installed distributions offer envmgr plugins, with which hooks?".

Scanning every installed distribution's metadata costs tens of milliseconds, too much for
``envmgr shell``. The answer is cached, keyed by the stat of each ``sys.path`` dir: a
``pip install`` or uninstall changes its site-packages dir and so the key. On a miss each
entry point is imported once to see which ``envmgr_*`` hooks it implements, so that
``envmgr shell`` imports plugins only when one of them adjusts shells.
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["entry_point_hooks"]


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


def entry_point_hooks(cache_dir: str) -> dict[str, list[str]]:
    """Entry point name → the hooks it implements (``["*"]`` if it failed to import)."""
    # one file per interpreter, so that two Pythons sharing a home do not evict each other
    path = os.path.join(cache_dir, f"entry_points-{_stable(sys.prefix)}.json")
    key = _key()
    try:
        with open(path) as f:
            data = json.load(f)
        if data.get("key") == key and isinstance(data.get("hooks"), dict):
            return dict(data["hooks"])
    except (OSError, ValueError, AttributeError):
        pass
    from importlib.metadata import entry_points

    hooks: dict[str, list[str]] = {}
    for ep in entry_points(group="envmgr"):
        try:
            obj = ep.load()
        except Exception:  # noqa: BLE001 - the plugin host reports it when it loads plugins
            hooks[ep.name] = ["*"]
            continue
        hooks[ep.name] = sorted(
            n for n in dir(obj) if n.startswith("envmgr_") and callable(getattr(obj, n))
        )
    try:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            json.dump({"key": key, "hooks": hooks}, f)
        os.replace(tmp, path)
    except OSError:
        pass
    return hooks
