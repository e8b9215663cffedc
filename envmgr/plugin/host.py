"""The plugin host: imports plugins, registers them with pluggy, and calls hooks safely.

Which plugins exist, in which order, and which are disabled or shadowed is the
catalogue's business (:class:`envmgr.catalog.core.Catalog`); the host imports them when
needed and tells the catalogue what each declares.

Every hook is called through pluggy (``pm.hook.<name>(...)``), so ``firstresult``,
``historic`` and ``wrapper=True`` work as pluggy documents them. Each implementation is
wrapped in the fault guard when it is registered: it runs in a guard thread with a time
limit, stdout sent to stderr and the process-ending calls disarmed; one that raises,
hangs, tries to end envmgr or returns garbage is named in one warning line (with the
``-p no:NAME`` hint) and gives no result, so pluggy skips it. ``--debug`` adds the
traceback (for a hang: where it hung); ``ENVMGR_TRACE_HOOKS=1`` logs every call with its
arguments and result.

Call order is fixed by origin, never by which command ran or when a plugin was imported:
user plugins first, then entry points, then builtins (pluggy calls the highest-ranked
implementation first; ``tryfirst``/``trylast`` and wrappers keep their pluggy meaning
within that). So for a ``firstresult`` hook a user plugin's answer wins.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import os
import sys
import time
import traceback
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from envmgr.catalog import builtin as catalog_builtin
from envmgr.catalog.core import ORIGINS, Catalog, PluginRef
from envmgr.catalog.user import plugin_files
from envmgr.config import Config
from envmgr.detect.soft import Soft
from envmgr.errors import NotFoundError, PluginError
from envmgr.plugin import guard as _guard
from envmgr.plugin import hookspecs
from envmgr.plugin.collectors import calling
from envmgr.plugin.guard import PLUGIN_TIMEOUT, warn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.detect.deferred import Deferred

__all__ = ["Host", "PluginInfo", "warn", "hook_problems", "import_file", "plugin_files",
           "PLUGIN_TIMEOUT"]


class _PluginManager(pluggy.PluginManager):
    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        # like pytest: only envmgr_* names can be hooks, so helpers are never mistaken
        if not name.startswith("envmgr_"):
            return None
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and inspect.isfunction(plugin.__dict__.get(name)):
            # a plain module function named like a hook counts without the marker
            return {}
        return opts


class _Guarded:
    """What pluggy registers for a plugin: its hook functions, each wrapped in the guard
    (plain functions in the instance, so pluggy takes them as they are)."""

    def __init__(self, plugin: object) -> None:
        self.__dict__["__envmgr_plugin__"] = plugin


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
    """The plugin of the same name that this one gave way to (never imported)."""

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


def _hook_functions(plugin: Any) -> dict[str, Callable[..., Any]]:
    out = {}
    for attr in sorted(n for n in dir(plugin) if n.startswith("envmgr_")):
        fn = getattr(plugin, attr, None)
        if callable(fn) and not isinstance(fn, type):
            out[attr] = fn
    return out


def hook_problems(plugin: Any, specs: Mapping[str, Callable[..., Any]] | None = None
                  ) -> list[str]:
    """Hook implementations that cannot work: unknown names, arguments not in the spec
    (``specs``: hook name → spec function; envmgr's hookspecs by default)."""
    if specs is None:
        specs = {name: getattr(hookspecs, name) for name in hookspecs.HOOK_NAMES}
    problems = []
    for attr, fn in _hook_functions(plugin).items():
        if attr not in specs:
            import difflib

            close = difflib.get_close_matches(attr, list(specs), n=1)
            hint = f"did you mean {close[0]}?" if close else "see docs/hooks.md"
            problems.append(f"unknown hook {attr}; {hint}")
            continue
        spec_args = _argnames(specs[attr])
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
    "envmgr_pick_frontend": (lambda v: isinstance(v, str) and bool(v), "a front-end's name"),
}


# -- user plugin files ----------------------------------------------------------------


def import_file(path: str, mod_name: str | None = None) -> ModuleType:
    """Import one ``.py`` file as a module (``envmgr_user.<stem>`` by default)."""
    mod_name = mod_name or f"envmgr_user.{os.path.basename(path)[:-3]}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    # no .pyc for a user's plugin (nor what it loads itself): Python checks one against the
    # source's mtime in whole seconds and its size, so an edit within the same second that
    # keeps the size (a 1 made a 3) would run the old code in the next process
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(mod_name, None)
        raise
    finally:
        sys.dont_write_bytecode = saved
    return module


def _load_entry_point(name: str, value: str) -> Any:
    from importlib.metadata import EntryPoint

    from envmgr.catalog.entrypoints import GROUP

    return EntryPoint(name=name, value=value, group=GROUP).load()


class Host:
    """Imports plugins, registers them guarded, and calls hooks through pluggy."""

    def __init__(self, config: Config, debug: bool = False,
                 catalog: Catalog | None = None) -> None:
        self.config = config
        self.debug = debug
        self.catalog = catalog if catalog is not None else Catalog(config)
        self.trace = os.environ.get("ENVMGR_TRACE_HOOKS", "") not in ("", "0")
        self.pm = _PluginManager("envmgr")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        """Plugins imported (or tried), by name."""
        self._ranks: dict[str, tuple[int, int]] = {}
        self._proxies: dict[str, _Guarded] = {}
        self._specs: dict[str, Any] | None = None  # hook name -> spec function, once
        self._extra = 0
        self._external_loaded = False
        self._printed: set[str] = set()
        self._answers: list[tuple[str, Any]] | None = None

    # -- failure reporting ---------------------------------------------------------
    def report(self, plugin: str, what: str, exc: BaseException | str,
               stack: Any = None) -> PluginError:
        """One warning line naming the plugin; the traceback (or hung stack) with --debug.
        The :class:`PluginError` reported is returned (and not raised)."""
        reason = exc if isinstance(exc, str) else _guard.describe(exc)
        reason = " ".join(reason.split())[:300]
        warn(f"plugin '{plugin}'{'' if what.startswith(' ') else ' '}{what}: {reason}; "
             f"skipped (disable it with -p no:{plugin})")
        if self.debug:
            if isinstance(exc, BaseException):
                traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
            elif stack is not None:
                print(f"envmgr: plugin '{plugin}' hung here:", file=sys.stderr)
                traceback.print_stack(stack, file=sys.stderr)
        hook = what.split(" in ")[-1] if " in " in what else "import"
        return PluginError(plugin, hook, exc)

    def _guarded(self, plugin: str, what: str, fn: Callable[[], Any],
                 hung: str = "") -> tuple[bool, Any]:
        """Run ``fn`` guarded (see :func:`envmgr.plugin.guard.run_guarded`); report failures
        (``what``: how the warning says it failed, ``hung``: how it says it hung)."""
        out = _guard.run_guarded(plugin, fn)
        return self._outcome(plugin, what, hung, out), out.value

    def _outcome(self, plugin: str, what: str, hung: str, out: _guard.Outcome,
                 expected: type[BaseException] | None = None) -> bool:
        """Report how guarded code ended, unless well (or with ``expected``)."""
        if out.printed and plugin not in self._printed:
            self._printed.add(plugin)
            warn(f"plugin '{plugin}' printed to stdout; sent to stderr instead "
                 "(plugins must not print)")
        if out.hung:
            self.report(plugin, hung or what,
                        f"did not finish within {_guard.PLUGIN_TIMEOUT:g}s", out.frame)
            return False
        if out.error is not None and not (expected and isinstance(out.error, expected)):
            self.report(plugin, what, out.error)
            return False
        return True

    # -- wrapping implementations ----------------------------------------------------
    def _call_impl(self, plugin: str, hook: str, fn: Callable[..., Any],
                   args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.trace:
            shown = dict(zip(_argnames(fn), args, strict=False)) | kwargs
            print(f"envmgr: trace: {plugin}.{hook}({_short(shown)})", file=sys.stderr)
        start = time.monotonic()
        rank = self._ranks.get(plugin, (len(ORIGINS), 0))

        def run() -> Any:
            with calling(plugin, rank):
                return fn(*args, **kwargs)

        ok, value = self._guarded(plugin, f"raised in {hook}", run, hung=f"hung in {hook}")
        if self.trace:
            took = (time.monotonic() - start) * 1000
            result = _short(value) if ok else "(failed)"
            print(f"envmgr: trace: {plugin}.{hook} -> {result} [{took:.1f} ms]",
                  file=sys.stderr)
        if not ok:
            return None
        check = _RESULTS.get(hook)
        if value is not None and check and not check[0](value):
            self.report(plugin, f"returned garbage from {hook}",
                        f"{_short(value)[:80]} is not {check[1]}")
            return None
        if value is not None and self._answers is not None:
            self._answers.append((plugin, value))
        return value

    def _wrap(self, plugin: str, hook: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn`` guarded; for a wrapper, each step of its generator guarded."""
        marker = getattr(fn, "envmgr_impl", None) or {}
        if not (marker.get("wrapper") or marker.get("hookwrapper")):
            @functools.wraps(fn)
            def guarded(*args: Any, **kwargs: Any) -> Any:
                return self._call_impl(plugin, hook, fn, args, kwargs)

            return guarded
        new_style = bool(marker.get("wrapper"))
        what, hung = f"raised in {hook}", f"hung in {hook}"

        @functools.wraps(fn)
        def guarded_wrapper(*args: Any, **kwargs: Any) -> Generator[None, Any, Any]:
            ok, gen = self._guarded(plugin, what, lambda: fn(*args, **kwargs), hung)
            if ok and not inspect.isgenerator(gen):
                self.report(plugin, f"returned garbage from {hook}",
                            f"{_short(gen)[:80]} is not a generator (a wrapper must yield)")
                ok = False
            if ok:
                ok, _ = self._guarded(plugin, what, lambda: next(gen), hung)
            if not ok:  # the wrapper is left out: the result passes through unchanged
                received = yield
                return received if new_style else None
            try:
                received = yield
            except BaseException as exc:  # an implementation inside raised: offer it
                thrown = exc
                out = _guard.run_guarded(plugin, lambda: gen.throw(thrown))
                if isinstance(out.error, StopIteration) and self._outcome(
                        plugin, what, hung, out, StopIteration):
                    return out.error.value
                if out.error is not thrown:
                    self._outcome(plugin, what, hung, out)
                raise
            out = _guard.run_guarded(plugin, lambda: gen.send(received))
            if self._outcome(plugin, what, hung, out, StopIteration):
                if isinstance(out.error, StopIteration):  # pluggy: its return is the result
                    return out.error.value if new_style else None
                self.report(plugin, what, "the wrapper yielded twice")
                _guard.run_guarded(plugin, gen.close)
            return received if new_style else None

        return guarded_wrapper

    def _order(self, proxy: _Guarded) -> None:
        """Sort each hook's implementations by origin rank, keeping pluggy's groups
        (wrappers apart, then trylast < plain < tryfirst): registration time never decides.

        pluggy keeps them in ``HookCaller._hookimpls`` and calls the last first; the order
        test in tests/plugin/test_dispatch.py fails if a pluggy release changes that."""
        def key(impl: pluggy.HookImpl) -> tuple[bool, int, tuple[int, int]]:
            group = 0 if impl.trylast else 2 if impl.tryfirst else 1
            wrapper = bool(impl.hookwrapper or impl.wrapper)
            return wrapper, group, self._ranks.get(impl.plugin_name, (len(ORIGINS), 0))

        for caller in self.pm.get_hookcallers(proxy) or []:
            impls = getattr(caller, "_hookimpls", None)
            if isinstance(impls, list):
                impls.sort(key=key)

    # -- loading -------------------------------------------------------------------
    def blocked(self, name: str) -> bool:
        return self.catalog.blocked(name)

    def register(self, plugin: object, name: str, origin: str = "user") -> PluginInfo:
        """Register a plugin object (a module, a class instance) that is already imported,
        ranked after every catalogued plugin of its origin (tests, embedding programs)."""
        self._extra += 1
        info = PluginInfo(name=name, origin=origin,
                          module=getattr(plugin, "__name__", type(plugin).__name__))
        rank = (ORIGINS.index(origin), 1_000_000 + self._extra)
        return self._register(info, plugin, rank)

    def _register(self, info: PluginInfo, plugin: Any, rank: tuple[int, int]) -> PluginInfo:
        self.plugins[info.name] = info
        if self._specs is None:
            self._specs = {name: caller.spec.function
                           for name, caller in vars(self.pm.hook).items()
                           if isinstance(caller, pluggy.HookCaller) and caller.spec is not None}
        problems = hook_problems(plugin, self._specs)
        if problems:
            info.error = problems[0]
            self.report(info.name, "has a broken hook", problems[0])
            return info
        functions = _hook_functions(plugin)
        if not functions:
            # softs only (most plugins): nothing for pluggy to dispatch to
            info.softs, _ = catalog_builtin.plugin_softs(plugin, [])
            return info
        proxy = _Guarded(plugin)
        for attr, fn in functions.items():
            setattr(proxy, attr, self._wrap(info.name, attr, fn))
        self._ranks[info.name] = rank
        try:
            self.pm.register(proxy, name=info.name)
        except Exception as exc:  # noqa: BLE001 - pluggy's validation: bad wrapper etc.
            self.report(info.name, "could not be registered", exc)
            info.error = str(exc)
            return info
        self._proxies[info.name] = proxy
        self._order(proxy)
        info.hooks = sorted(c.name for c in self.pm.get_hookcallers(proxy) or [])
        made: list[Any] = []
        if "envmgr_softs" in info.hooks:
            others = [p for p in self.pm.get_plugins() if p is not proxy]
            for result in self.pm.subset_hook_caller("envmgr_softs", others)():
                made += list(result)
        info.softs, bad = catalog_builtin.plugin_softs(plugin, made)
        if bad:
            self.report(info.name, "returned garbage from envmgr_softs",
                        f"{_short(bad[0])[:80]} is not a named Soft subclass")
        return info

    def load(self, ref: PluginRef) -> PluginInfo | None:
        """Import and register the plugin ``ref`` names (once); None if it is disabled or
        shadowed. What it declares is told to the catalogue."""
        if ref.disabled or ref.shadowed_by:
            return None
        if ref.name in self.plugins:
            return self.plugins[ref.name]
        info = PluginInfo(name=ref.name, origin=ref.origin, module=ref.module,
                          location=ref.location, distribution=ref.distribution)
        where = info.distribution or info.location
        where = f" ({where})" if where else ""
        if ref.origin == "entrypoint":
            def load() -> Any:
                return _load_entry_point(ref.name, ref.module)
        elif ref.location:
            def load() -> Any:
                return import_file(ref.location)
        else:
            def load() -> Any:
                return importlib.import_module(ref.module)
        if ref.origin == "builtin":
            # envmgr's own plugins, tested with it: imported here, not in a guard thread
            # each (350 threads cost a third of a warm `detect --all`); a failure is still
            # reported and skipped
            try:
                out = _guard.Outcome(value=load())
            except Exception as exc:  # noqa: BLE001 - reported as any plugin's failure
                out = _guard.Outcome(error=exc)
            ok, obj = self._outcome(info.name, f"{where} failed to import", "", out), out.value
        else:
            ok, obj = self._guarded(info.name, f"{where} failed to import", load,
                                    hung=f"{where} hung while importing")
        file = ""
        if not ok or obj is None:
            info.error = "import failed"
            self.plugins[info.name] = info
        else:
            module = sys.modules.get(ref.module.split(":")[0]) if ref.origin == "entrypoint" \
                else obj
            file = str(getattr(module, "__file__", "") or "")
            info.location = info.location or file
            self._register(info, obj, ref.rank)
        self.catalog.learn(ref, [cls.all_names() for cls in info.softs], info.hooks,
                           not info.error, file)
        return info

    def load_builtin(self, name: str) -> PluginInfo | None:
        """Import and register one builtin plugin by its index name (``tools.cmake``)."""
        ref = next((r for r in self.catalog.builtin_refs() if r.name == name), None)
        return self.load(ref) if ref is not None else None

    def load_all_builtins(self) -> None:
        for ref in self.catalog.builtin_refs():
            self.load(ref)

    def load_external(self, everything: bool = False) -> None:
        """Entry-point plugins, ENVMGR_PLUGINS modules, then user plugin folders.

        Those known to declare softs only stay unimported unless ``everything``
        (``--all``, ``search``, ``plugin list``). Idempotent."""
        if not self._external_loaded:
            self._external_loaded = True
            for ref in self.catalog.shadowed():
                warn(f"plugin '{ref.name}' ({ref.where}) is shadowed by the plugin of the "
                     f"same name from {ref.shadowed_by}; ignored (rename one of them)")
        for ref in self.catalog.external_refs():
            if everything or not ref.deferrable:
                self.load(ref)
        self.catalog.save()

    def load_for_hook(self, hook: str) -> bool:
        """Load every plugin that may implement ``hook``: the builtins that do (the hooks
        file says which) and the external ones, unless the catalogue knows none does.
        Whether any implementation is registered now."""
        for name in self.catalog.builtin_hooks(hook):
            self.load_builtin(name)
        if self.catalog.possible(hook, builtins=False):
            self.load_external()
        return self.has_impl(hook)

    # -- calling hooks ------------------------------------------------------------
    def call(self, hook: str, **kwargs: Any) -> Any:
        """``pm.hook.<hook>(**kwargs)``: pluggy's result (a list, or one value for a
        firstresult hook); failing implementations are reported and give nothing."""
        return getattr(self.pm.hook, hook)(**kwargs)

    def call_each(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Like :meth:`call`, each result paired with the plugin that gave it (a result a
        wrapper made up is attributed to ``"a hook wrapper"``)."""
        saved, self._answers = self._answers, []
        try:
            results = self.call(hook, **kwargs)
            answers = self._answers
        finally:
            self._answers = saved
        owners = {id(v): p for p, v in answers}
        return [(owners.get(id(v), "a hook wrapper"), v) for v in results or []]

    def has_impl(self, hook: str) -> bool:
        return bool(getattr(self.pm.hook, hook).get_hookimpls())

    # -- softs ----------------------------------------------------------------------
    def soft_class(self, ref: PluginRef, canonical: str) -> type[Soft] | None:
        """The class of soft ``canonical`` from plugin ``ref`` (imported now if need be)."""
        info = self.load(ref)
        return next((c for c in (info.softs if info else ()) if c.name == canonical), None)

    def resolve_soft(self, name: str) -> type[Soft]:
        """The soft class for a name or alias, by the catalogue's precedence rule."""
        key = name.strip().lower()
        self.load_external()
        hit = self.catalog.resolve(key)
        if hit is not None:
            cls = self.soft_class(*hit)
            if cls is not None:
                return cls
            raise NotFoundError(f"soft '{key}' could not be loaded from plugin '{hit[0].name}'",
                                f"see 'envmgr plugin info {hit[0].name}'")
        owner = self.catalog.disabled_owner(key)
        if owner is not None:
            raise NotFoundError(f"soft '{key}' comes from plugin '{owner}', which is disabled",
                                f"drop -p no:{owner} (or remove it from disabled_plugins)")
        import difflib

        names = self.soft_names()
        close = list(dict.fromkeys(
            names[c] for c in difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        ))
        suggestion = (
            "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
            if close
            else "see 'envmgr search' for what envmgr can find"
        )
        raise NotFoundError(f"no soft '{name}'", suggestion)

    def soft_names(self) -> dict[str, str]:
        """Every soft name and alias of an enabled plugin → its canonical name."""
        self.load_external()
        return {n: canonical for n, (_, canonical) in self.catalog.table().items()}

    def winners(self, everything: bool = True) -> list[tuple[PluginRef, str]]:
        """(plugin, canonical soft name) for every soft that wins its name, in precedence
        order; external plugins are all imported first (``everything``)."""
        self.load_external(everything=everything)
        seen = set()
        out = []
        for plugin, canonical in self.catalog.table().values():
            if (plugin, canonical) not in seen:
                seen.add((plugin, canonical))
                ref = self.catalog.get(plugin)
                if ref is not None:
                    out.append((ref, canonical))
        out.sort(key=lambda rc: rc[0].rank)
        return out

    def all_softs(self) -> list[type[Soft]]:
        """Every soft that wins its name (every plugin imported)."""
        out = []
        for ref, canonical in self.winners():
            cls = self.soft_class(ref, canonical)
            if cls is not None:
                out.append(cls)
        return out

    def deferred_softs(self) -> list[type[Soft] | Deferred]:
        """Every soft that wins its name, a builtin one as a
        :class:`~envmgr.detect.deferred.Deferred` made from the index (imported by the
        engine only if the search space may hold it), another imported now."""
        from envmgr.detect.deferred import Deferred, declared

        modules = catalog_builtin.load_index()["modules"]
        out: list[type[Soft] | Deferred] = []
        for ref, canonical in self.winners():
            info = next((s for s in modules[ref.name]["softs"] if s["name"] == canonical),
                        None) if ref.origin == "builtin" and ref.name in modules else None
            if info is not None:
                out.append(Deferred(declared(info), _loader(self, ref, canonical)))
                continue
            cls = self.soft_class(ref, canonical)
            if cls is not None:
                out.append(cls)
        return out


def _loader(host: Host, ref: PluginRef, canonical: str) -> Callable[[], type[Soft] | None]:
    return lambda: host.soft_class(ref, canonical)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 300 else text[:297] + "..."
