"""The plugin host: load order, blocking, fault isolation and hook tracing.

Load order (pluggy calls the last registered first, so later ones win):

1. builtin plugins from ``plugins/``: listed by the index, imported only when needed;
2. installed distributions' entry points in group ``envmgr`` (skipped when
   ``ENVMGR_DISABLE_PLUGIN_AUTOLOAD`` is set);
3. modules named in ``ENVMGR_PLUGINS`` (comma-separated, importable names);
4. user plugin folders: ``ENVMGR_PLUGIN_PATH``, config ``plugin_paths``, the config
   dir's ``plugins/`` (each ``*.py`` file is one plugin, except ``_*.py``, ``test_*.py``
   and ``conftest.py``; a path entry may also name one ``.py`` file).

A plugin named in ``-p no:NAME`` or the config's ``disabled_plugins`` is never imported.
A plugin that fails to import, implements an unknown hook, raises in a hook, returns
garbage or hangs is named in one warning line and skipped; ``--debug`` adds the traceback
(for a hang: where it hung). ``ENVMGR_TRACE_HOOKS=1`` logs every hook call with its
arguments and result.

User plugin files that only declare softs (no hooks) are indexed in
``<home>/cache/user-plugins.json``, keyed by each file's size and mtime, and imported
only when one of their softs is asked for (STYLE.md §5).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from envmgr.catalog import builtin as catalog
from envmgr.config import Config
from envmgr.detect.soft import Soft
from envmgr.errors import NotFoundError
from envmgr.plugin import guard as _guard
from envmgr.plugin import hookspecs
from envmgr.plugin.entrypoints import external_plugins_possible
from envmgr.plugin.guard import PLUGIN_TIMEOUT, warn

__all__ = ["Host", "PluginInfo", "warn", "hook_problems", "import_file", "plugin_files",
           "PLUGIN_TIMEOUT"]

T = TypeVar("T")

INDEX_VERSION = 1


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
    disabled: bool = False
    shadowed_by: str = ""
    """The loaded plugin of the same name that this one gave way to (never imported)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "origin": self.origin,
            "module": self.module,
            "location": self.location,
            "distribution": self.distribution,
            "softs": [s.name for s in self.softs],
            "search_dirs": list(dict.fromkeys(d for s in self.softs for d in s.search_dirs)),
            "hooks": self.hooks,
            "disabled": self.disabled,
            "shadowed_by": self.shadowed_by,
            "error": self.error,
        }


# -- hook validation (shared with `envmgr plugin check`) ----------------------------


def _argnames(fn: Callable[..., Any]) -> list[str]:
    """Arguments a hook function requires (pluggy passes only those)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD,
             inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in params
            if p.kind in kinds and p.default is p.empty and p.name not in ("self", "cls")]


def hook_problems(plugin: Any) -> list[str]:
    """Hook implementations that cannot work: unknown names, arguments not in the spec."""
    problems = []
    for attr in sorted(n for n in dir(plugin) if n.startswith("envmgr_")):
        fn = getattr(plugin, attr, None)
        if not callable(fn) or isinstance(fn, type):
            continue
        if attr not in hookspecs.HOOK_NAMES:
            import difflib

            close = difflib.get_close_matches(attr, hookspecs.HOOK_NAMES, n=1)
            hint = f"did you mean {close[0]}?" if close else "see docs/hooks.md"
            problems.append(f"unknown hook {attr}; {hint}")
            continue
        spec_args = _argnames(getattr(hookspecs, attr))
        args = _argnames(fn)
        extra = [a for a in args if a not in spec_args]
        if extra:
            problems.append(
                f"{attr}({', '.join(args)}): argument '{extra[0]}' is not in the spec "
                f"{attr}({', '.join(spec_args)})"
            )
    return problems


def _is_paths(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(
        isinstance(v, (str, os.PathLike)) for v in value)


# What a hook must return, where the host uses the value (None always means "nothing").
_RESULTS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "envmgr_search_dirs": (_is_paths, "a list of paths"),
    "envmgr_recipe_dirs": (_is_paths, "a list of paths"),
    "envmgr_softs": (lambda v: isinstance(v, (list, tuple)), "a list of Soft subclasses"),
    "envmgr_frontends": (lambda v: isinstance(v, (list, tuple)), "a list"),
}


# -- user plugin files ----------------------------------------------------------------


def plugin_files(folder: str) -> list[str]:
    """The plugin files of a user plugin folder (or the one file a path entry names)."""
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


def import_file(path: str, mod_name: str | None = None) -> ModuleType:
    """Import one ``.py`` file as a module (``envmgr_user.<stem>`` by default)."""
    mod_name = mod_name or f"envmgr_user.{os.path.basename(path)[:-3]}"
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


class _FileIndex:
    """What each user plugin file declares, keyed by path and (size, mtime)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.dirty = False
        self.files: dict[str, Any] = {}
        try:
            with open(path) as f:
                data = json.load(f)
            if data.get("version") == INDEX_VERSION:
                self.files = dict(data["files"])
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            pass

    @staticmethod
    def stamp(path: str) -> list[int]:
        try:
            st = os.stat(path)
        except OSError:
            return []
        return [st.st_size, st.st_mtime_ns]

    def get(self, path: str) -> dict[str, Any] | None:
        meta = self.files.get(path)
        return meta if meta and meta.get("stat") == self.stamp(path) else None

    def put(self, path: str, info: PluginInfo) -> None:
        self.files[path] = {
            "stat": self.stamp(path),
            "softs": [cls.all_names() for cls in info.softs],
            "hooks": info.hooks,
            "ok": not info.error,
        }
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            tmp = f"{self.path}.{os.getpid()}.tmp"
            with open(tmp, "w") as f:
                json.dump({"version": INDEX_VERSION, "files": self.files}, f)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only home only loses the speed-up
        self.dirty = False


class Host:
    """Loads plugins and calls hooks safely."""

    def __init__(self, config: Config, debug: bool = False) -> None:
        self.config = config
        self.debug = debug
        self.trace = os.environ.get("ENVMGR_TRACE_HOOKS", "") not in ("", "0")
        self.pm = _PluginManager("envmgr")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self.disabled: dict[str, PluginInfo] = {}
        """Plugins found but blocked by name: never imported."""
        self.order: list[str] = []
        """External plugins (entry point, then user) in load order, deferred ones included."""
        self.deferred: dict[str, tuple[PluginInfo, list[list[str]]]] = {}
        """Indexed user plugins not imported yet: info and their softs' names."""
        self.shadowed: list[PluginInfo] = []
        """Plugins that gave way to a loaded one of the same name: never imported."""
        self._external_loaded = False
        self._builtins_all = False
        self._printed: set[str] = set()

    # -- failure reporting ---------------------------------------------------------
    def report(self, plugin: str, what: str, exc: BaseException | str,
               stack: Any = None) -> None:
        """One warning line naming the plugin; the traceback (or hung stack) with --debug."""
        reason = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        reason = " ".join(reason.split())[:300]
        warn(f"plugin '{plugin}'{'' if what.startswith(' ') else ' '}{what}: {reason}; "
             f"skipped (disable it with -p no:{plugin})")
        if not self.debug:
            return
        if isinstance(exc, BaseException):
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        elif stack is not None:
            print(f"envmgr: plugin '{plugin}' hung here:", file=sys.stderr)
            traceback.print_stack(stack, file=sys.stderr)

    def _guarded(self, plugin: str, what: str, fn: Callable[[], T],
                 hung: str = "") -> tuple[bool, T | None]:
        """Run ``fn`` in a daemon thread with a time limit, stdout sent to stderr; report
        failures (``what``: how the warning says it failed, ``hung``: how it says it hung)."""
        out = _guard.run_guarded(plugin, fn)
        if out.printed and plugin not in self._printed:
            self._printed.add(plugin)
            warn(f"plugin '{plugin}' printed to stdout; sent to stderr instead "
                 "(plugins must not print)")
        if out.hung:
            self.report(plugin, hung or what,
                        f"did not finish within {_guard.PLUGIN_TIMEOUT:g}s", out.frame)
            return False, None
        if out.error is not None:
            self.report(plugin, what, out.error)
            return False, None
        return True, out.value

    # -- loading -------------------------------------------------------------------
    def blocked(self, name: str) -> bool:
        return name in self.config.blocked

    def _register(self, info: PluginInfo, module: ModuleType | Any) -> PluginInfo:
        self.plugins[info.name] = info
        problems = hook_problems(module)
        if problems:
            info.error = problems[0]
            self.report(info.name, "has a broken hook", problems[0])
            return info
        info.softs = catalog.plugin_softs(module)[0]
        try:
            self.pm.register(module, name=info.name)
        except Exception as exc:  # noqa: BLE001
            self.report(info.name, "could not be registered", exc)
            info.error = str(exc)
            return info
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(module) or [])
        if "envmgr_softs" in info.hooks:
            impl = next(i for i in self.pm.hook.envmgr_softs.get_hookimpls()
                        if i.plugin_name == info.name)
            info.softs, bad = catalog.plugin_softs(module, self._call_one(impl, "envmgr_softs", {}))
            if bad:
                self.report(info.name, "returned garbage from envmgr_softs",
                            f"{_short(bad[0])[:80]} is not a named Soft subclass")
        return info

    def _load(self, info: PluginInfo, load: Callable[[], Any]) -> PluginInfo:
        where = info.distribution or info.location
        where = f" ({where})" if where else ""
        ok, obj = self._guarded(info.name, f"{where} failed to import", load,
                                hung=f"{where} hung while importing")
        if not ok or obj is None:
            info.error = "import failed"
            self.plugins[info.name] = info
            return info
        info.location = info.location or getattr(obj, "__file__", "") or ""
        return self._register(info, obj)

    def _skip(self, info: PluginInfo) -> bool:
        """Whether ``info`` is blocked or shadowed by a plugin of the same name (recorded in
        :attr:`shadowed`, with a warning)."""
        if self.blocked(info.name):
            info.disabled = True
            self.disabled.setdefault(info.name, info)
            return True
        first = self.plugins.get(info.name)
        if first is None and info.name in self.deferred:
            first = self.deferred[info.name][0]
        if first is None:
            return False
        info.shadowed_by = _where(first)
        self.shadowed.append(info)
        warn(f"plugin '{info.name}' ({_where(info)}) is shadowed by the plugin of the same "
             f"name from {info.shadowed_by}; ignored (rename one of them)")
        return True

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
        return self._load(info, lambda: importlib.import_module(meta["module"]))

    def load_all_builtins(self) -> None:
        if self._builtins_all:
            return
        for name in catalog.load_index()["modules"]:
            self.load_builtin(name)
        self._builtins_all = True

    def load_external(self, everything: bool = False) -> None:
        """Entry-point plugins, ENVMGR_PLUGINS modules, then user plugin folders.

        Indexed user plugins that only declare softs are deferred unless ``everything``.
        Idempotent.
        """
        if not self._external_loaded:
            self._external_loaded = True
            if not os.environ.get("ENVMGR_DISABLE_PLUGIN_AUTOLOAD"):
                self._load_entry_points()
            for mod in filter(None, os.environ.get("ENVMGR_PLUGINS", "").split(",")):
                info = PluginInfo(name=mod.strip(), origin="user", module=mod.strip())
                if not self._skip(info):
                    self.order.append(info.name)
                    self._load(info, functools.partial(importlib.import_module, info.module))
            index = _FileIndex(os.path.join(self.config.cache_dir, "user-plugins.json"))
            for folder in self.config.plugin_dirs:
                for path in plugin_files(folder):
                    self._load_user_file(path, index)
            index.save()
        if everything:
            for name in list(self.deferred):
                self.load_deferred(name)

    def _load_entry_points(self) -> None:
        from importlib.metadata import entry_points

        for ep in entry_points(group="envmgr"):
            dist = getattr(ep, "dist", None)
            info = PluginInfo(
                name=ep.name,
                origin="entrypoint",
                module=ep.value,
                distribution=f"{dist.name} {dist.version}" if dist else "",
            )
            if not self._skip(info):
                self.order.append(info.name)
                self._load(info, ep.load)

    def _load_user_file(self, path: str, index: _FileIndex) -> None:
        name = os.path.basename(path)[:-3]
        info = PluginInfo(name=name, origin="user", module=f"envmgr_user.{name}", location=path)
        if self._skip(info):
            return
        self.order.append(name)
        meta = index.get(path)
        if meta and meta["ok"] and not meta["hooks"]:
            self.deferred[name] = (info, meta["softs"])
            return
        index.put(path, self._load(info, lambda: import_file(path)))

    def load_deferred(self, name: str) -> PluginInfo | None:
        """Import a deferred user plugin now."""
        item = self.deferred.pop(name, None)
        if item is None:
            return self.plugins.get(name)
        info = item[0]
        return self._load(info, lambda: import_file(info.location))

    # -- calling hooks ------------------------------------------------------------
    def _call_one(self, impl: pluggy.HookImpl, hook: str, kwargs: dict[str, Any]) -> Any:
        """Call one implementation of ``hook`` with the arguments it takes."""
        plugin = impl.plugin_name
        if self.trace:
            print(f"envmgr: trace: {plugin}.{hook}({_short(kwargs)})", file=sys.stderr)
        start = time.monotonic()
        # pluggy's rule: an implementation takes a subset of the spec's arguments
        # (impl.argnames: read through functools.wraps)
        args = {k: kwargs[k] for k in impl.argnames if k in kwargs}
        ok, value = self._guarded(plugin, f"raised in {hook}", lambda: impl.function(**args),
                                  hung=f"hung in {hook}")
        if self.trace:
            took = (time.monotonic() - start) * 1000
            shown = _short(value) if ok else "(failed)"
            print(f"envmgr: trace: {plugin}.{hook} -> {shown} [{took:.1f} ms]", file=sys.stderr)
        if not ok:
            return None
        check = _RESULTS.get(hook)
        if value is not None and check and not check[0](value):
            self.report(plugin, f"returned garbage from {hook}",
                        f"{_short(value)[:80]} is not {check[1]}")
            return None
        return value

    def call(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every implementation (last registered first); failures are reported and skipped."""
        caller = getattr(self.pm.hook, hook)
        results = []
        for impl in reversed(caller.get_hookimpls()):
            value = self._call_one(impl, hook, kwargs)
            if value is not None:
                results.append((impl.plugin_name, value))
        return results

    def has_impl(self, hook: str) -> bool:
        return bool(getattr(self.pm.hook, hook).get_hookimpls())

    def load_for_hook(self, hook: str) -> bool:
        """Load every plugin that may implement ``hook``: the builtins that do (the index
        says which) and the external ones, unless none of them can (no user plugin file,
        no ENVMGR_PLUGINS, no entry point with that hook: see
        :func:`envmgr._entrypoints.external_plugins_possible`). Whether any implementation
        is registered now."""
        for name in catalog.load_index()["hooks"].get(hook, ()):
            self.load_builtin(name)
        if not self._external_loaded and external_plugins_possible(self.config, hook):
            self.load_external()
        return self.has_impl(hook)

    # -- softs ----------------------------------------------------------------------
    def external_softs(self) -> Mapping[str, tuple[type[Soft], str]]:
        """Softs of entry-point and user plugins by name and alias; later plugins win.

        A soft that overrides a builtin one also answers to the builtin's aliases.
        Deferred user plugins are imported when one of their names is looked up.
        """
        self.load_external()
        return _ExternalSofts(self)

    def _soft_names(self) -> dict[str, str]:
        """Name or alias → the external plugin providing it (the last one wins)."""
        out: dict[str, str] = {}
        builtin = catalog.load_index()
        for plugin in self.order:
            if plugin in self.deferred:
                groups = self.deferred[plugin][1]
            elif plugin in self.plugins:
                groups = [cls.all_names() for cls in self.plugins[plugin].softs]
            else:
                continue
            for names in groups:
                for n in names:
                    out[n] = plugin
                for n in _builtin_aliases(builtin, names[0]):
                    out.setdefault(n, plugin)
        return out


def _builtin_aliases(index: dict[str, Any], name: str) -> list[str]:
    module = index["softs"].get(name)
    for s in index["modules"].get(module, {}).get("softs", []) if module else []:
        if s["name"] == name:
            return list(s["aliases"])
    return []


class _ExternalSofts(Mapping[str, tuple[type[Soft], str]]):
    """A read-only view: ``in`` and iteration import nothing; lookups import on demand."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.names = host._soft_names()

    def __contains__(self, key: object) -> bool:
        return key in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.names))

    def __len__(self) -> int:
        return len(self.names)

    def _all(self) -> dict[str, tuple[type[Soft], str]]:
        """Every name resolved: imports the deferred plugins (``--all``, ``search``)."""
        self.host.load_external(everything=True)
        self.names = self.host._soft_names()
        out = {}
        for key in self.names:
            try:
                out[key] = self[key]
            except NotFoundError:
                continue  # its plugin failed to import and was reported
        return out

    def values(self) -> ValuesView[tuple[type[Soft], str]]:
        return self._all().values()

    def items(self) -> ItemsView[str, tuple[type[Soft], str]]:
        return self._all().items()

    def __getitem__(self, key: str) -> tuple[type[Soft], str]:
        plugin = self.names[key]
        info = self.host.load_deferred(plugin)
        softs = info.softs if info is not None else []
        cls = next((c for c in softs if key in c.all_names()), None)
        if cls is None:
            cls = next((c for c in softs if c.name in self.names and self.names[c.name] == plugin
                        and key in _builtin_aliases(catalog.load_index(), c.name)), None)
        if cls is None:
            raise NotFoundError(f"soft '{key}' could not be loaded from plugin '{plugin}'",
                                f"see 'envmgr plugin info {plugin}'")
        return cls, plugin


def _where(info: PluginInfo) -> str:
    """Where a plugin comes from, for a message: its file, distribution or origin."""
    if info.origin == "entrypoint":
        return f"entry point {info.module}" + (f" ({info.distribution})" if info.distribution
                                               else "")
    return info.location or f"{info.origin} module {info.module}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:297] + "..."
