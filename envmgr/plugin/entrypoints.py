"""A cached answer to "which installed distributions offer envmgr plugins, with which hooks?".

Scanning every installed distribution's metadata costs tens of milliseconds, too much for
``envmgr shell``. The answer is cached, keyed by the stat of each ``sys.path`` dir: a
``pip install`` or uninstall changes its site-packages dir and so the key. On a miss each
entry point is imported once (guarded as the plugin host imports plugins: a time limit,
every exception caught, stdout sent to stderr; pluggy is not imported) to see which
``envmgr_*`` hooks it implements, so that ``envmgr shell`` imports plugins only when one of
them adjusts shells.
"""

from __future__ import annotations

import json
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.config import Config

__all__ = ["entry_point_hooks", "external_plugins_possible"]


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

    from envmgr.plugin.guard import run_guarded, warn  # plugin code runs only on a cache miss

    hooks: dict[str, list[str]] = {}
    for ep in entry_points(group="envmgr"):
        # as the plugin host imports it: a hang, SystemExit or print cannot hurt the caller
        out = run_guarded(ep.name, ep.load)
        if out.printed:
            warn(f"plugin '{ep.name}' printed to stdout; sent to stderr instead "
                 "(plugins must not print)")
        if not out.ok:  # the plugin host reports it when it loads plugins
            hooks[ep.name] = ["*"]
            continue
        obj = out.value
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


def external_plugins_possible(config: Config, hook: str) -> bool:
    """Cheap check before importing plugins: might a user or installed plugin implement
    ``hook``? (User plugin files and ENVMGR_PLUGINS are assumed to; entry points are
    known from the cache above.)"""
    if os.environ.get("ENVMGR_PLUGINS"):
        return True
    for d in config.plugin_dirs:
        if d.endswith(".py") and os.path.isfile(d):
            return True
        try:
            if any(n.endswith(".py") for n in os.listdir(d)):
                return True
        except OSError:
            continue
    if os.environ.get("ENVMGR_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    blocked = config.blocked
    return any(
        hook in hooks or "*" in hooks
        for name, hooks in entry_point_hooks(config.cache_dir).items()
        if name not in blocked
    )
