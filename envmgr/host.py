"""The plugin host: load order, blocking, fault isolation and hook tracing.

Load order (pluggy calls the last registered first, so later ones win):

1. builtin plugins from ``plugins/``: listed by the index, imported only when needed;
2. installed distributions' entry points in group ``envmgr`` (skipped when
   ``ENVMGR_DISABLE_PLUGIN_AUTOLOAD`` is set);
3. user plugin folders: ``ENVMGR_PLUGIN_PATH``, config ``plugin_paths``, the config
   dir's ``plugins/`` (each ``*.py`` file is one plugin).

A plugin named in ``-p no:NAME`` or the config's ``disabled_plugins`` is never imported.
A plugin that fails to import, raises in a hook, returns garbage or hangs is named in one
warning line and skipped; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from . import catalog, hookspecs
from .config import Config
from .soft import Soft

__all__ = ["Host", "PluginInfo", "warn"]

T = TypeVar("T")

PLUGIN_TIMEOUT = float(os.environ.get("ENVMGR_PLUGIN_TIMEOUT", "10"))


def warn(message: str) -> None:
    print(f"envmgr: warning: {message}", file=sys.stderr)


class _PluginManager(pluggy.PluginManager):
    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        # like pytest: only envmgr_* names can be hooks, so helpers are never mistaken
        if not name.startswith("envmgr_"):
            return None
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and callable(getattr(plugin, name, None)) and not isinstance(plugin, type):
            # a plain module function named like a hook counts without the marker
            return {}
        return opts


@dataclass
class PluginInfo:
    name: str
    origin: str
    """``builtin``, ``entrypoint`` or ``user``."""
    module: str = ""
    location: str = ""
    distribution: str = ""
    softs: list[type[Soft]] = field(default_factory=list)
    hooks: list[str] = field(default_factory=list)
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "module": self.module,
            "location": self.location,
            "distribution": self.distribution,
            "softs": [s.name for s in self.softs],
            "search_dirs": sorted({d for s in self.softs for d in s.search_dirs}),
            "hooks": self.hooks,
            "error": self.error,
        }


class Host:
    """Loads plugins and calls hooks safely."""

    def __init__(self, config: Config, debug: bool = False) -> None:
        self.config = config
        self.debug = debug
        self.trace = os.environ.get("ENVMGR_TRACE_HOOKS", "") not in ("", "0")
        self.pm = _PluginManager("envmgr")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self._external_loaded = False
        self._builtins_all = False

    # -- failure reporting ---------------------------------------------------------
    def report(self, plugin: str, what: str, exc: BaseException | str) -> None:
        reason = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        warn(f"plugin '{plugin}' {what}: {reason}; skipped (disable it with -p no:{plugin})")
        if self.debug and isinstance(exc, BaseException):
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)

    def _guarded(self, plugin: str, what: str, fn: Callable[[], T]) -> tuple[bool, T | None]:
        """Run ``fn`` in a daemon thread with a time limit; report failures."""
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything
                box["error"] = exc

        worker = threading.Thread(target=target, daemon=True, name=f"envmgr:{plugin}")
        worker.start()
        worker.join(PLUGIN_TIMEOUT)
        if worker.is_alive():
            self.report(plugin, what, f"did not finish within {PLUGIN_TIMEOUT:g}s")
            return False, None
        if "error" in box:
            self.report(plugin, what, box["error"])
            return False, None
        return True, box.get("value")

    # -- loading -------------------------------------------------------------------
    def blocked(self, name: str) -> bool:
        return name in self.config.blocked

    def _register(self, info: PluginInfo, module: ModuleType | Any) -> PluginInfo:
        found = catalog.module_softs(module) if isinstance(module, ModuleType) else []
        info.softs = found
        try:
            self.pm.register(module, name=info.name)
        except Exception as exc:  # noqa: BLE001
            self.report(info.name, "could not be registered", exc)
            info.error = str(exc)
            self.plugins[info.name] = info
            return info
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(module) or [])
        unknown = [
            n for n in dir(module)
            if n.startswith("envmgr_") and callable(getattr(module, n)) and n not in hookspecs.HOOK_NAMES
        ]
        if unknown:
            self.pm.unregister(module)
            info.error = f"unknown hook {unknown[0]}"
            self.report(info.name, "implements an unknown hook", unknown[0])
            self.plugins[info.name] = info
            return info
        if "envmgr_softs" in info.hooks:
            extra = self._call_one(info.name, "envmgr_softs", {})
            for cls in extra or []:
                if isinstance(cls, type) and issubclass(cls, Soft) and cls.name:
                    if cls not in info.softs:
                        info.softs.append(cls)
                else:
                    self.report(info.name, "returned garbage from envmgr_softs", repr(cls)[:80])
        self.plugins[info.name] = info
        return info

    def load_builtin(self, name: str) -> PluginInfo | None:
        """Import and register one builtin plugin by its index name (``tools.cmake``)."""
        if name in self.plugins:
            return self.plugins[name]
        if self.blocked(name):
            return None
        meta = catalog.load_index()["modules"].get(name)
        if meta is None:
            return None
        info = PluginInfo(name=name, origin="builtin", module=meta["module"])
        ok, module = self._guarded(name, "failed to import", lambda: importlib.import_module(meta["module"]))
        if not ok or module is None:
            info.error = "import failed"
            self.plugins[name] = info
            return info
        info.location = getattr(module, "__file__", "") or ""
        return self._register(info, module)

    def load_all_builtins(self) -> None:
        if self._builtins_all:
            return
        for name in catalog.load_index()["modules"]:
            self.load_builtin(name)
        self._builtins_all = True

    def load_external(self) -> None:
        """Entry-point plugins, then user plugin folders (idempotent)."""
        if self._external_loaded:
            return
        self._external_loaded = True
        if not os.environ.get("ENVMGR_DISABLE_PLUGIN_AUTOLOAD"):
            self._load_entry_points()
        for folder in self.config.plugin_dirs:
            self._load_folder(folder)

    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in entry_points(group="envmgr"):
            if self.blocked(ep.name) or ep.name in self.plugins:
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(
                name=ep.name,
                origin="entrypoint",
                module=ep.value,
                distribution=f"{dist.name} {dist.version}" if dist else "",
            )
            ok, obj = self._guarded(ep.name, "failed to import", ep.load)
            if not ok or obj is None:
                info.error = "import failed"
                self.plugins[ep.name] = info
                continue
            info.location = getattr(obj, "__file__", "") or ""
            self._register(info, obj)

    def _load_folder(self, folder: str) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for fname in names:
            if not fname.endswith(".py") or fname.startswith("_"):
                continue
            name = fname[:-3]
            if self.blocked(name) or name in self.plugins:
                continue
            path = os.path.join(folder, fname)
            info = PluginInfo(name=name, origin="user", module=f"envmgr_user.{name}", location=path)
            ok, module = self._guarded(name, "failed to import", lambda p=path, n=name: _import_file(n, p))
            if not ok or module is None:
                info.error = "import failed"
                self.plugins[name] = info
                continue
            self._register(info, module)

    # -- calling hooks ------------------------------------------------------------
    def _call_one(self, plugin: str, hook: str, kwargs: dict[str, Any]) -> Any:
        obj = self.pm.get_plugin(plugin)
        fn = getattr(obj, hook, None)
        if fn is None:
            return None
        if self.trace:
            print(f"envmgr: trace: {plugin}.{hook}({_short(kwargs)})", file=sys.stderr)
        ok, value = self._guarded(plugin, f"raised in {hook}", lambda: fn(**_accepted(fn, kwargs)))
        if self.trace:
            print(f"envmgr: trace: {plugin}.{hook} -> {_short(value)}", file=sys.stderr)
        return value if ok else None

    def call(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation (last registered first); failures are reported and skipped."""
        caller = getattr(self.pm.hook, hook)
        results = []
        for impl in reversed(caller.get_hookimpls()):
            value = self._call_one(impl.plugin_name, hook, kwargs)
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    def has_impl(self, hook: str) -> bool:
        return bool(getattr(self.pm.hook, hook).get_hookimpls())

    # -- softs ----------------------------------------------------------------------
    def external_softs(self) -> dict[str, tuple[type[Soft], str]]:
        """Softs of entry-point and user plugins, by name and alias; later plugins win."""
        self.load_external()
        out: dict[str, tuple[type[Soft], str]] = {}
        for info in self.plugins.values():
            if info.origin == "builtin":
                continue
            for cls in info.softs:
                for n in cls.all_names():
                    out[n] = (cls, info.name)
        return out


def _import_file(name: str, path: str) -> ModuleType:
    mod_name = f"envmgr_user.{name}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(mod_name, None)
        raise
    return module


def _accepted(fn: Callable[..., Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    # implementations may accept a subset of the spec's arguments (pluggy's rule)
    code = getattr(fn, "__code__", None)
    if code is None:
        return kwargs
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    return {k: v for k, v in kwargs.items() if k in names}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:297] + "..."
