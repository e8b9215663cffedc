"""Which installed entry points implement which hooks, without pluggy.

The list of entry points and what each declares are cached by the catalogue
(:class:`envmgr.catalog.entrypoints.EntryPointIndex`, keyed by the installed
distributions). :func:`entry_point_hooks` fills in what is not recorded yet by importing
each such entry point once, guarded as the plugin host imports plugins (a time limit,
every exception caught, stdout sent to stderr, the process-ending calls disarmed), so a
caller that must not import pluggy can still learn the hooks.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.catalog.entrypoints import EntryPointIndex
    from envmgr.config import Config

__all__ = ["entry_point_hooks", "external_plugins_possible"]


def entry_point_hooks(cache_dir: str) -> dict[str, list[str]]:
    """Entry point name → the hooks it implements (``["*"]`` if it failed to import)."""
    from envmgr.catalog.entrypoints import EntryPointIndex

    index = EntryPointIndex(cache_dir)
    hooks: dict[str, list[str]] = {}
    for point in index.points:
        name = point["name"]
        record = index.get(name)
        if record is None:
            record = _scan_one(index, name, point["value"])
        found = record.get("hooks")
        hooks[name] = [str(h) for h in found] if record.get("ok") and isinstance(
            found, list) else ["*"]
    index.save()
    return hooks


def _scan_one(index: EntryPointIndex, name: str, value: str) -> dict[str, object]:
    import sys
    from importlib.metadata import EntryPoint

    from envmgr.catalog.entrypoints import GROUP
    from envmgr.plugin.guard import run_guarded, warn  # plugin code runs only on a miss

    out = run_guarded(name, EntryPoint(name=name, value=value, group=GROUP).load)
    if out.printed:
        warn(f"plugin '{name}' printed to stdout; sent to stderr instead "
             "(plugins must not print)")
    if not out.ok:  # the plugin host reports it when it loads plugins
        return {"hooks": ["*"], "ok": False}
    obj = out.value
    hooks = sorted(n for n in dir(obj) if n.startswith("envmgr_") and callable(getattr(obj, n)))
    module = sys.modules.get(value.split(":")[0])
    file = str(getattr(module, "__file__", "") or "")
    # softs stay unknown (None in the catalogue) unless the host records them: a plugin
    # scanned here is imported by the host before its softs are trusted
    if hooks:
        index.put(name, file, [], hooks, True)
    return {"hooks": hooks, "ok": True}


def external_plugins_possible(config: Config, hook: str) -> bool:
    """Cheap check before importing plugins: might a user or installed plugin implement
    ``hook``? (Asked of the catalogue's indexes.)"""
    from envmgr.catalog.core import Catalog

    return Catalog(config).possible(hook, builtins=False)
