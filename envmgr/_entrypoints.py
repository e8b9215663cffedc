"""A cached answer to "is any distribution offering envmgr plugins?".

Scanning every installed distribution's metadata costs tens of milliseconds, too much for
``envmgr shell``. The answer is cached, keyed by the stat of each ``sys.path`` dir: a
``pip install`` or uninstall changes its site-packages dir and so the key.
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["has_envmgr_entry_points"]


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


def has_envmgr_entry_points(cache_dir: str) -> bool:
    # one file per interpreter, so that two Pythons sharing a home do not evict each other
    tag = _stable(sys.prefix)
    path = os.path.join(cache_dir, f"entry_points-{tag}.json")
    key = _key()
    try:
        with open(path) as f:
            data = json.load(f)
        if data.get("key") == key:
            return bool(data["names"])
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    from importlib.metadata import entry_points

    names = sorted(ep.name for ep in entry_points(group="envmgr"))
    try:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            json.dump({"key": key, "names": names}, f)
        os.replace(tmp, path)
    except OSError:
        pass
    return bool(names)
