"""One install run: recipes from the catalogue, front-ends from plugins, a plan, its execution.

This is the glue the CLI (and the API) use. It takes an :class:`envmgr.api.Envmgr`
(passed in, never imported: the install layer sits below the API) and reads from it the
registry, the plugin host and the catalogue.

Only the recipes a request can reach are parsed and validated: the requested ones, then
for each dependency the recipes whose tags match it (the catalogue's index knows every
recipe's tags without parsing it), recursively. ``pypi:NAME[==VERSION]`` makes a recipe in
memory that installs the distribution with the pip front-end.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from envmgr.errors import UsageError
from envmgr.install.errors import RecipeError, UnknownRecipeError
from envmgr.install.frontend import Frontend
from envmgr.install.recipe import Dependency, Recipe, Select, load_recipe, parse_recipe
from envmgr.install.resolver import (
    Plan,
    Query,
    Request,
    Step,
    _tagset,
    resolve,
    variants_from_tags,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.install.transaction import Installer, Outcome
    from envmgr.store.entry import Entry

__all__ = ["InstallSession", "parse_target", "pypi_recipe", "spack_recipe", "eb_recipe"]

_PYPI = re.compile(r"^pypi:([A-Za-z0-9][A-Za-z0-9._-]*)(?:==([^\s,;]+))?$")
# spack:NAME[@VERSION][ more spec]: the version only when it is one version, not a range
_SPACK = re.compile(r"^spack:(?P<name>[a-z0-9][a-z0-9_-]*)(?:@(?P<at>[^\s%+~^]+))?"
                    r"(?P<rest>[\s%+~^].*)?$")
# eb:NAME-VERSION[-TOOLCHAIN...].eb, or a path to such a file
_EB = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9_.+]*(?:-[A-Za-z][A-Za-z0-9_.+]*)*)-"
                 r"(?P<version>\d[A-Za-z0-9_.+]*)(?:-[^/]*)?\.eb$")

def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pypi_recipe(name: str, version: str | None) -> Recipe:
    """A recipe, made in memory, that installs distribution ``name`` from PyPI with pip."""
    soft = "py-" + _normalize(name)
    data: dict[str, Any] = {
        "schema_version": 1, "name": soft,
        "summary": f"{name} from the Python package index (pypi:{name})",
        "category": "python-package", "tags": ["pypi", "python-package"],
        "versions": [{"version": version or "0+latest", "sources": []}],
        "dependencies": [{"tags": ["python"]}],
        "frontend": {"name": "pip", "settings": {
            "package": name, "requirements": [f"{name}=={version}" if version else name],
            "pinned": bool(version)}},
        "tests": {"commands": [["python", "-c",
                                f"import importlib.metadata as m; m.distribution({name!r})"]]},
    }
    return parse_recipe(data)


def spack_recipe(spec: str) -> Recipe:
    """A recipe, made in memory, that installs Spack spec ``spec`` (``zlib@1.3.1``)."""
    m = _SPACK.match("spack:" + spec)
    if not m:
        raise UsageError(f"cannot read 'spack:{spec}'",
                         "write spack:NAME or spack:NAME@VERSION (a Spack spec)")
    at = m.group("at") or ""
    version = at if re.fullmatch(r"\d[A-Za-z0-9_.-]*", at) else "0+latest"
    data: dict[str, Any] = {
        "schema_version": 1, "name": m.group("name"),
        "summary": f"{m.group('name')} built by Spack (spack:{spec})",
        "category": "spack-package", "tags": ["spack-package", "spack-built"],
        "versions": [{"version": version, "sources": []}],
        "frontend": {"name": "spack", "settings": {"spec": spec}},
        "tests": {"files": [".spack/spec.json"]},  # Spack writes it into the prefix
    }
    return parse_recipe(data)


def _softs_tagged(tags: Sequence[str]) -> list[str]:
    """Builtin softs whose name, category and declared tags carry every one of ``tags``
    (``compiler, lang-c`` → gcc, llvm), read from the builtin index, so no plugin is
    imported to find them."""
    from envmgr.catalog.builtin import load_index

    wanted = set(tags)
    return [s["name"] for meta in load_index()["modules"].values() for s in meta.get("softs", [])
            if wanted <= {s["name"], s.get("category", ""), *s.get("tags", [])}]


def eb_recipe(easyconfig: str) -> Recipe:
    """A recipe, made in memory, that builds ``easyconfig`` (``bzip2-1.0.8.eb``) with eb."""
    m = _EB.match(Path(easyconfig).name)
    if not m or not easyconfig.endswith(".eb"):
        raise UsageError(f"cannot read 'eb:{easyconfig}'",
                         "write eb:NAME-VERSION.eb, e.g. eb:bzip2-1.0.8.eb")
    name = m.group("name")
    soft = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    data: dict[str, Any] = {
        "schema_version": 1, "name": soft,
        "summary": f"{name} built by EasyBuild (eb:{easyconfig})",
        "category": "easybuild-package", "tags": ["easybuild-package", "eb-built"],
        "versions": [{"version": m.group("version"), "sources": []}],
        "frontend": {"name": "easybuild",
                     "settings": {"easyconfig": easyconfig, "name": name}},
        # the folder EasyBuild writes into every prefix it installs (easyconfig, log)
        "tests": {"files": ["easybuild"]},
    }
    return parse_recipe(data)


def parse_target(text: str, version: str | None = None, variants: dict[str, str] | None = None,
                 frontend: str | None = None) -> tuple[Request, Recipe | None]:
    """``NAME``, ``NAME@VERSION``, ``pypi:NAME[==VERSION]``, ``spack:SPEC`` or
    ``eb:EASYCONFIG`` → the request (and the recipe made for a ``pypi:``, ``spack:`` or
    ``eb:`` target). ``spack:`` and ``eb:`` ask for a build by that tool even when the soft
    is already on the machine."""
    text = text.strip()
    if text.startswith("pypi:"):
        m = _PYPI.match(text)
        if not m:
            raise UsageError(f"cannot read '{text}'", "write pypi:NAME or pypi:NAME==VERSION")
        recipe = pypi_recipe(m.group(1), m.group(2))
        return Request(name=recipe.name, version=m.group(2) or version,
                       variants=variants or {}, frontend=frontend), recipe
    if text.startswith(("spack:", "eb:")):
        scheme, _, rest = text.partition(":")
        recipe = spack_recipe(rest) if scheme == "spack" else eb_recipe(rest)
        pinned = recipe.versions[0].version
        return Request(name=recipe.name, version=version or (
            None if pinned == "0+latest" else pinned), variants=variants or {},
            frontend=frontend, fresh=True), recipe
    if ":" in text.split("@", 1)[0]:
        scheme = text.split(":", 1)[0]
        raise UsageError(f"'{scheme}:' targets are not supported yet",
                         "install a recipe by name, or pypi:NAME==VERSION, spack:SPEC, "
                         "eb:EASYCONFIG")
    name, _, at = text.partition("@")
    if not name:
        raise UsageError(f"cannot read '{text}'", "write NAME or NAME@VERSION")
    if at and version:
        raise UsageError(f"'{text}' gives a version and so does --version", "give one of them")
    return Request(name=name.lower(), version=at or version, variants=variants or {},
                   frontend=frontend), None


def envmgrs_own(entry: Entry) -> bool:
    """Whether ``entry`` is envmgr's own venv's Python, or a Python package inside the
    interpreter envmgr runs on (its venv or its base): neither may satisfy a user's
    ``pypi:``/``py-*`` install or serve as the Python of one."""
    import os
    import sys

    def inside(path: object, roots: Sequence[str]) -> bool:
        if not isinstance(path, str) or not path:
            return False
        real = os.path.realpath(path)
        return any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots)

    venv = os.path.realpath(sys.prefix)
    own = [venv, os.path.realpath(sys.base_prefix)]
    if entry.soft in ("python", "pypy"):
        return sys.prefix != sys.base_prefix and (
            inside(entry.prefix, [venv]) or inside(entry.executable, [venv + "/bin"]))
    if entry.category == "python-package" or entry.soft.startswith("py-"):
        if entry.source == "installed":
            return False
        return any(inside(entry.attrs.get(k), own) for k in ("site", "path", "python_prefix"))
    return False


def _plan_notes(fe: Frontend, step: Step, plan: Plan, em: Any) -> list[str]:
    """``fe.plan_notes`` of an install step, given the entries the plan reuses or detects
    for its dependencies when the front-end takes them (``deps``)."""
    import inspect

    assert step.build is not None
    try:
        takes = "deps" in inspect.signature(fe.plan_notes).parameters
    except (TypeError, ValueError):
        takes = False
    if not takes:
        return list(fe.plan_notes(step.build))
    deps: list[Entry] = []
    for key in step.deps:
        dep = plan.steps.get(key)
        if dep is None:
            continue
        if dep.action == "reuse" and dep.uid:
            got = em.view.get(dep.uid, skip_unreadable=True)
            if got is not None:
                deps.append(got)
        elif dep.action == "detect" and dep.found is not None:
            deps.append(dep.found)
    return list(fe.plan_notes(step.build, deps=deps))  # type: ignore[call-arg]


def _all_deps(items: Iterable[Dependency | Select[Dependency]]) -> Iterable[Dependency]:
    for item in items:
        if isinstance(item, Select):
            yield from _all_deps(item.then)
            yield from _all_deps(item.orelse)
        else:
            yield item


class InstallSession:
    """Recipes, front-ends, entries and detection of one Envmgr, for planning and installing."""

    def __init__(self, em: Any, *, mirrors: Sequence[str] = (), allow_unchecked: bool = False,
                 note: Callable[[str], None] = lambda text: None,
                 progress: Callable[[int, int | None], None] | None = None,
                 status: Callable[[str], None] | None = None) -> None:
        self.em = em
        self.status = status
        # --mirror first, then the config's mirrors, then upstream
        self.mirrors = list(dict.fromkeys([*mirrors, *em.config.mirrors]))
        self.allow_unchecked = allow_unchecked
        self.note = note
        self.progress = progress
        self.extra: dict[str, Recipe] = {}
        self.problems: list[RecipeError] = []
        self._frontends: Any = None
        self._index: Any = None
        self._detected: dict[Query, list[Entry]] = {}  # a spack --version takes seconds
        self.broken: dict[str, str] = {}  # uid -> why: reinstalled, never reused (--verify)
        from envmgr.install.recipe import use_validator_cache

        use_validator_cache(em.config.cache_dir)

    # -- the pieces ---------------------------------------------------------------------
    @property
    def index(self) -> Any:
        """The catalogue's recipe index, with the folders plugins add."""
        if self._index is None:
            index = self.em.catalog.recipes
            if self.em.catalog.possible("envmgr_recipe_dirs") and \
                    self.em.host.load_for_hook("envmgr_recipe_dirs"):
                dirs: list[str] = []
                for _plugin, result in self.em.host.call_each("envmgr_recipe_dirs"):
                    items = [result] if isinstance(result, (str, Path)) else list(result or [])
                    dirs += [str(d) for d in items]
                index.set_plugin_dirs(dirs)
            self._index = index
        return self._index

    def frontends(self) -> Any:
        """The registered front-ends (a :class:`~envmgr.plugin.collectors.Frontends`)."""
        if self._frontends is None:
            from envmgr.plugin.collectors import Frontends

            collected = Frontends()
            if self.em.host.load_for_hook("envmgr_register_frontends"):
                self.em.host.call("envmgr_register_frontends", frontends=collected)
            self._frontends = collected
        return self._frontends

    def entries(self) -> list[Entry]:
        """Entries a dependency may reuse: not stale, present (:meth:`Entry.present`: one
        whose files vanished is installed again), not the inner parts of another install
        (a venv's interpreter belongs to its install), not envmgr's own Python or its
        packages (:func:`envmgrs_own`), and for a ``pypi:`` target only what envmgr
        installed (pip's copy was asked for)."""
        pypi = self._pypi_softs()
        return [e for e in self.em.find(include_stale=False)
                if e.attrs.get("role") not in ("companion", "part") and e.present()
                and e.uid not in self.broken and not envmgrs_own(e)
                and not (e.soft in pypi and e.source != "installed")]

    def _pypi_softs(self) -> set[str]:
        return {name for name, r in self.extra.items() if "pypi" in r.tags}

    def plan_verified(self, requests: Sequence[Request]) -> Plan:
        """:meth:`plan`, after running the smoke test of every installed entry the plan
        would reuse: one whose test fails is installed again (``install --verify``)."""
        from envmgr.install.verify import verify

        plan = self.plan(requests)
        reused = [e for e in (self.em.registry.get(s.uid, skip_unreadable=True)
                              for s in plan if s.action == "reuse") if e is not None
                  and e.source == "installed" and not e.attrs.get("upstream")]
        failed = [r for r in verify(self.em, reused, record=False) if not r.ok]
        if not failed:
            return plan
        for r in failed:
            self.broken[r.entry.uid] = r.error
            self.note(f"reinstalling {r.entry.soft}@{r.entry.version}: the smoke test of "
                      f"entry {r.entry.uid} failed: {r.error}")
        return self.plan(requests)

    def detect(self, query: Query) -> list[Entry]:
        """What detection finds for a soft name, or for tags naming a soft (dry run)."""
        from envmgr.errors import EnvmgrError

        # the catalogue's table answers without importing pluggy or any plugin
        if query in self._detected:
            return self._detected[query]
        if query.name and query.name in self._pypi_softs():
            return []  # `pypi:NAME` asks for pip's copy, not one found somewhere
        names = {k: v[1] for k, v in self.em.catalog.table().items()}
        wanted = [query.name] if query.name else [t for t in query.tags if t in names]
        if not wanted and query.tags:
            wanted = _softs_tagged(query.tags)  # `compiler,lang-c`: no tag names a soft
        out: list[Entry] = []
        for name in wanted:
            if name not in names:
                continue
            try:
                out += [e for e in self.em.detect([names[name]], dry_run=True).entries
                        if not envmgrs_own(e)]
            except EnvmgrError:
                continue
        self._detected[query] = out
        return out

    def record_detected(self, step: Step) -> Entry:
        """Record what a detect step found (a real detection of that soft)."""
        found: Entry = step.found
        self.em.detect([step.soft])
        entry: Entry | None = self.em.registry.get(found.uid)
        if entry is None:
            self.em.registry.upsert([found])
            entry = found
        return entry

    def externals(self) -> list[Entry]:
        """What front-ends may take as externals: the entries of this home and its
        upstreams (not stale, not the inner parts of an install), then what this
        session's detection found that is not recorded."""
        have = self.entries()
        uids = {e.uid for e in have}
        seen = [e for found in self._detected.values() for e in found if e.uid not in uids]
        return have + list({e.uid: e for e in seen}.values())

    def settings(self, fe: Frontend) -> dict[str, Any]:
        """``fe``'s ``[frontends.<name>]`` table of config.toml, checked by the front-end
        (one UsageError naming the file and the key when it is wrong)."""
        table = self.em.config.frontends.get(fe.name, {})
        try:
            why = fe.check_settings(table)
        except Exception as exc:  # noqa: BLE001 - a plugin's front-end may fail
            why = f"cannot be checked: {type(exc).__name__}: {exc}"
        if why:
            import os

            raise UsageError(f"{os.path.join(self.em.config.config_dir, 'config.toml')}: "
                             f"[frontends.{fe.name}] {why}",
                             "fix it (docs/recipes.md lists each front-end's keys)")
        return dict(table)

    # -- recipes ------------------------------------------------------------------------
    def _matching(self, tags: Sequence[str]) -> list[str]:
        wanted = set(tags)
        out = []
        for item in self.index.items():
            versions = item["versions"] or [""]
            values = {k: v.get("values", ()) for k, v in item["variants"].items()}
            if any(variants_from_tags(wanted, _tagset(item["name"], v, item["tags"]), values)
                   is not None for v in versions):
                out.append(item["name"])
        return out

    def _load(self, name: str, strict: bool) -> Recipe | None:
        if name in self.extra:
            return self.extra[name]
        path = self.index.location(name)
        if path is None:
            return None
        try:
            return load_recipe(path)
        except RecipeError as exc:
            if strict:
                raise
            self.problems.append(exc)
            self.note(f"warning: {exc}; skipped")
            return None

    def recipes_for(self, requests: Sequence[Request]) -> dict[str, Recipe]:
        """The recipes these requests can reach (see the module docstring)."""
        loaded: dict[str, Recipe] = {}
        todo: list[tuple[str, bool]] = []
        for req in requests:
            if req.name:
                todo.append((req.name, True))
            else:
                todo += [(n, False) for n in self._matching(req.tags)]
        while todo:
            name, strict = todo.pop()
            if name in loaded:
                continue
            recipe = self._load(name, strict)
            if recipe is None:
                continue
            loaded[name] = recipe
            for dep in _all_deps(recipe.dependencies):
                todo += [(n, False) for n in self._matching(dep.tags) if n not in loaded]
        return loaded

    # -- planning and installing ----------------------------------------------------------
    def plan(self, requests: Sequence[Request]) -> Plan:
        """The plan for ``requests`` (reads entries, runs detection dry, writes nothing)."""
        import platform

        requests = self._picked(requests)
        recipes = self._with_tools(self.recipes_for(requests), requests)
        # the same words as the host tags os-linux, arch-x86_64
        plat = {"os": platform.system().lower(), "arch": platform.machine().lower()}
        try:
            plan = resolve(requests, recipes, self.entries(), self.detect, platform=plat,
                           home=self.em.config.home)
        except UnknownRecipeError as exc:
            self._suggest(exc, requests)
            raise
        return self._with_notes(plan)

    def _picked(self, requests: Sequence[Request]) -> list[Request]:
        """Each request without ``--frontend`` with the front-end a plugin's
        ``envmgr_pick_frontend`` names, where one does (the first answer wins)."""
        import dataclasses

        out = list(requests)
        if not any(r.frontend is None for r in out) or \
                not self.em.catalog.possible("envmgr_pick_frontend") or \
                not self.em.host.load_for_hook("envmgr_pick_frontend"):
            return out
        frontends = self.frontends()
        for i, req in enumerate(out):
            if req.frontend is not None:
                continue
            name = self.em.host.call("envmgr_pick_frontend", spec=req, frontends=frontends)
            if name is None:
                continue
            if name not in frontends:
                self.note(f"warning: a plugin picked the front-end '{name}' for "
                          f"{req.describe()}, which is not registered; ignored")
                continue
            out[i] = dataclasses.replace(req, frontend=name)
        return out

    def _with_notes(self, plan: Plan) -> Plan:
        """Each install step with what its front-end says of the build (``plan_notes``)."""
        import dataclasses
        from types import MappingProxyType

        if not plan.installs():
            return plan
        frontends = self.frontends()
        steps = dict(plan.steps)
        for key, step in plan.steps.items():
            fe = frontends.get(step.frontend) if step.build is not None else None
            if fe is None or step.build is None:
                continue
            try:
                notes = tuple(str(n) for n in _plan_notes(fe, step, plan, self.em))
            except Exception as exc:  # noqa: BLE001 - a plugin's front-end may fail
                notes = (f"the {step.frontend} front-end could not describe this build: "
                         f"{exc}",)
            if notes:
                steps[key] = dataclasses.replace(step, notes=notes)
        return dataclasses.replace(plan, steps=MappingProxyType(steps))

    def _with_tools(self, recipes: dict[str, Recipe], requests: Sequence[Request] = ()
                    ) -> dict[str, Recipe]:
        """Recipes of a front-end that drives a tool (spack, eb: ``Frontend.tools``) depend
        on that tool, so the plan reuses, detects or installs it; a tool that is nowhere is
        refused here, with how to get it. ``--frontend`` counts for the recipe it names."""
        import dataclasses

        from envmgr.install.errors import InstallError

        if not recipes:
            return recipes
        frontends = self.frontends()
        asked = {r.name: r.frontend for r in requests if r.name and r.frontend}
        out = dict(recipes)
        for name, recipe in recipes.items():
            fe = frontends.get(asked.get(name) or recipe.frontend.name)
            tools = tuple(fe.tools) if fe is not None else ()
            have = {t for d in _all_deps(recipe.dependencies) for t in d.tags}
            extra = [Dependency(tags=(t.soft,), kind="build") for t in tools
                     if t.soft not in have]
            for tool in tools:
                soft, exe, how = tool.soft, tool.executable, tool.how_to_get
                # a tool is never installed on the side: the message says how to get it
                if soft in have or soft in out:
                    continue
                if not any(e.soft == soft for e in self.entries()) and \
                        not self.detect(Query(soft, ())):
                    raise InstallError(f"cannot install {name}: {exe} is not detected here",
                                       how)
            if extra:
                out[name] = dataclasses.replace(
                    recipe, dependencies=(*recipe.dependencies, *extra))
        return out

    def _suggest(self, exc: UnknownRecipeError, requests: Sequence[Request]) -> None:
        if exc.suggestion and exc.suggestion.startswith("did you mean"):
            return
        name = exc.chain[0].split(" ", 1)[0] if exc.chain else ""
        if name.startswith("tags="):
            near = self._nearest_by_tags(name[len("tags="):].split(","))
            if near:
                exc.suggestion = near
            return
        if not name:
            return
        pool = sorted(set(self.index.names()) | set(self.em.catalog.table()))
        close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
        if close:
            exc.suggestion = f"did you mean {' or '.join(close)}?"

    def _nearest_by_tags(self, wanted: list[str]) -> str | None:
        """For tags no recipe has: the recipe that has most of them, with the tags it lacks
        and the variant values it offers instead."""
        best: tuple[int, dict[str, Any]] | None = None
        tie = False
        for item in self.index.items():
            have = {item["name"], *item["tags"]}
            for v in item["versions"]:
                have |= _tagset(item["name"], v, ())
            n = len(have & set(wanted))
            if n and best is not None and n == best[0]:
                tie = True
            elif n and (best is None or n > best[0]):
                best, tie = (n, item), False
        if best is None or tie:  # several as near: naming one would be a guess
            return None
        item = best[1]
        have = {item["name"], *item["tags"]}
        for v in item["versions"]:
            have |= _tagset(item["name"], v, ())
        lacking = [t for t in wanted if t not in have]
        variants = "; ".join(f"{k}: {', '.join(v.get('values', ()))}"
                             for k, v in sorted(item["variants"].items()))
        return (f"{item['name']} has {', '.join(t for t in wanted if t in have)} but not "
                f"{', '.join(lacking)}" + (f" (its variants: {variants})" if variants else "")
                + f"; `envmgr search {item['name']}` shows it")

    def installer(self, plan: Plan | None = None) -> Installer:
        """The installer; for a plan with nothing to install (all reused or detected) no
        front-end is loaded, so a second install of one thing imports no plugin."""
        from envmgr.install.transaction import Installer

        fes: dict[str, Frontend] = {} if plan is not None and not plan.installs() \
            else dict(self.frontends().items())
        installer = Installer(self.em.registry, self.em.config.home, fes,
                              record_detected=self.record_detected, mirrors=self.mirrors,
                              allow_unchecked=self.allow_unchecked, note=self.note,
                              progress=self.progress, settings=self.settings,
                              externals=self.externals, status=self.status,
                              view=self.em.view, limits=self.em.config.fetch_limits)
        installer.rebuild = set(self.broken)  # what install --verify found broken
        return installer

    def execute(self, plan: Plan) -> list[Outcome]:
        """Carry out ``plan`` (see :mod:`envmgr.install.transaction`)."""
        return self.installer(plan).execute(plan)

    def builds(self) -> Callable[[Entry], Callable[[], list[str]] | None]:
        """For uninstall: entry → the call that removes its build from a tool's store
        (its front-end's ``uninstall``), or None when its front-end is not registered.
        Front-ends are loaded only for an entry whose build lies outside envmgr's folder."""
        from pathlib import Path

        def remover(entry: Entry) -> Callable[[], list[str]] | None:
            install = entry.attrs.get("install")
            name = install.get("frontend") if isinstance(install, dict) else None
            fe = self.frontends().get(name) if isinstance(name, str) else None
            if fe is None:
                return None
            from envmgr.install.transaction import Installer

            installer = Installer(self.em.registry, self.em.config.home, {fe.name: fe},
                                  note=self.note, settings=self.settings,
                                  externals=self.externals, status=self.status,
                         view=self.em.view)
            context = installer.context(Path(entry.install_folder or entry.prefix), fe=fe,
                                        label=entry.soft)
            return lambda: fe.uninstall(entry, context)

        return remover
