"""The Python API: everything the CLI does, as calls.

    from envmgr import Envmgr
    em = Envmgr()                       # ENVMGR_HOME, or the user data dir
    em.detect(["cmake"])                # -> DetectReport (.entries, .new, ...)
    em.select(["python", "v3.11"])      # -> Selection (newest match)
    env = em.shell_env([["python", "v3.11"]])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from envmgr.config import Config, load_config
from envmgr.errors import EnvmgrError, NotFoundError, UsageError
from envmgr.store.entry import Entry, make_uid
from envmgr.store.query import Selection, find, parse_tags, select
from envmgr.store.registry import Registry
from envmgr.versions import Version, VersionSpec

TYPE_CHECKING = False  # typing, detect.py (subprocess, threads): not at start-up
if TYPE_CHECKING:
    from typing import Any

    from envmgr.activate.plan import Plan
    from envmgr.catalog.core import Catalog
    from envmgr.detect.engine import DetectResult
    from envmgr.detect.soft import Found, Soft
    from envmgr.plugin.host import Host

__all__ = ["Envmgr", "DetectReport", "detect", "query", "shell_env"]


class DetectReport:
    """What a detection run found, and what it changed in the registry."""

    def __init__(self, entries: list[Entry], warnings: list[str], explain: list[str],
                 dry_run: bool) -> None:
        self.entries = entries
        self.warnings = warnings
        self.explain = explain
        self.dry_run = dry_run
        self.new: list[str] = []
        self.updated: list[str] = []
        self.stale: list[str] = []
        self.dependencies: list[Entry] = []
        """Entries recorded on the way because a found entry depends on them."""


class Envmgr:
    """One envmgr home with its plugins; cheap to create, opens things on first use."""

    def __init__(
        self,
        home: str | None = None,
        config: Config | None = None,
        disabled_plugins: Sequence[str] = (),
        debug: bool = False,
    ) -> None:
        self.config = config or load_config(home)
        if disabled_plugins:
            self.config.disabled_plugins = [*self.config.disabled_plugins, *disabled_plugins]
        self.debug = debug
        self._host: Host | None = None
        self._catalog: Catalog | None = None
        self._registry: Registry | None = None
        self._view: Any = None

    # -- plumbing ------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """Every plugin and index, and the rule that picks between them (no pluggy)."""
        if self._catalog is None:
            from envmgr.catalog.core import Catalog

            self._catalog = Catalog(self.config)
        return self._catalog

    @property
    def host(self) -> Host:
        """The plugin host (pluggy), on the same catalogue."""
        if self._host is None:
            from envmgr.plugin.host import Host

            self._host = Host(self.config, debug=self.debug, catalog=self.catalog)
        return self._host

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry(self.config.registry_path).open()
        return self._registry

    @property
    def view(self) -> Any:
        """What queries read: this home's registry, with the read-only upstream homes of
        config ``upstreams`` (an :class:`~envmgr.store.upstream.RegistryView`) if any."""
        if self._view is None:
            ups = self.config.upstreams
            if not ups:
                self._view = self.registry
            else:
                from envmgr.store.upstream import RegistryView

                self._view = RegistryView(self.registry, [
                    (d, Registry(os.path.join(d, "registry.db"), readonly=True).open())
                    for d in ups])
        return self._view

    def close(self) -> None:
        if self._view is not None and self._view is not self._registry:
            for _, reg in self._view.upstreams:
                reg.close()
        self._view = None
        if self._registry is not None:
            self._registry.close()
            self._registry = None

    def __enter__(self) -> Envmgr:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- softs -----------------------------------------------------------------------
    def soft_names(self) -> dict[str, str]:
        """Every soft name and alias of an enabled plugin → its canonical name."""
        return self.host.soft_names()

    def resolve_soft(self, name: str) -> type[Soft]:
        """The soft class for a name or alias; later plugins override builtins (see
        :mod:`envmgr.catalog.rule`)."""
        return self.host.resolve_soft(name)

    def all_softs(self) -> list[type[Soft]]:
        """Every soft that wins its name: builtin ones overridden by external ones."""
        return self.host.all_softs()

    # -- detection ----------------------------------------------------------------
    def search_dirs(
        self, softs: Sequence[type[Soft]], extra: Sequence[str] = (), defaults: bool = True
    ) -> list[tuple[str, str]]:
        dirs: list[tuple[str, str]] = []
        for d in extra:
            if not d.strip():  # abspath('') is the current dir: never what was meant
                raise UsageError("an empty --search-path names no directory",
                                 "give a directory, or '.' for the current one")
            d = os.path.abspath(os.path.expanduser(d))
            if not os.path.isdir(d):
                from envmgr.plugin.host import warn

                warn(f"--search-path {d} is not a directory; ignored")
                continue
            # a prefix or venv given by --search-path: look in its bin dir too
            dirs.append((d, "--search-path"))
            if os.path.isdir(os.path.join(d, "bin")):
                dirs.append((os.path.join(d, "bin"), "--search-path"))
        if not defaults:
            return dirs
        from envmgr.detect.engine import SearchContext
        from envmgr.detect.searchspace import default_dirs

        dirs += [(d, "config search_paths") for d in self.config.search_paths]
        dirs += default_dirs()
        if self.host.load_for_hook("envmgr_search_dirs"):
            ctx = SearchContext(softs=[s.name for s in softs], home=self.config.home)
            for plugin, result in self.host.call_each("envmgr_search_dirs", context=ctx):
                dirs += [(str(d), f"plugin {plugin}") for d in result]
        return dirs

    def detect(
        self,
        names: Sequence[str] = (),
        all_softs: bool = False,
        search_paths: Sequence[str] = (),
        default_paths: bool = True,
        dry_run: bool = False,
        explain: bool = False,
        progress: Callable[[str], None] | None = None,
        refresh: bool = False,
    ) -> DetectReport:
        """Detect softs (by name or alias, or all of them) and record what was found.

        ``names`` is a list of names, or one name as a string (``"cmake"``).
        ``refresh=True`` probes every candidate again instead of trusting the probe cache
        (where a timeout is remembered until then)."""
        names = _names(names, "names")
        if all_softs:
            softs = self.all_softs()
        else:
            softs = list(dict.fromkeys(self.resolve_soft(n) for n in names))
        self.host.load_external()
        dirs = self.search_dirs(softs, search_paths, default_paths)
        from envmgr.detect.engine import detect as run_detect
        from envmgr.detect.explain import Explain
        from envmgr.detect.probecache import ProbeCache

        cache = ProbeCache(os.path.join(self.config.cache_dir, "probes.json"))

        result = run_detect(softs, dirs, cache, Explain(explain), progress=progress,
                            soft_dirs=default_paths, refresh=refresh)
        entries = [self.entry_from_found(f) for f in result.found]
        report = DetectReport(
            entries=entries,
            warnings=result.warnings,
            explain=result.explain.lines,
            dry_run=dry_run,
        )
        if dry_run:
            return report
        self._record(result, report, full_search=default_paths)
        return report

    def entry_from_found(self, found: Found, source: str = "detected") -> Entry:
        from envmgr.detect.soft import entry_tags

        soft = found.soft
        variant = found.attrs.get("variant")  # python3.13t beside python3.13: two entries
        return Entry(
            uid=make_uid(soft.name, found.prefix, found.version, *([variant] if variant else [])),
            soft=soft.name,
            category=soft.category,
            version=found.version,
            tags=entry_tags(soft, found.version, found.tags, source),
            source=source,
            prefix=found.prefix,
            paths=found.paths,
            env=found.env,
            attrs=found.attrs,
        )

    def _record(self, result: DetectResult, report: DetectReport, full_search: bool) -> None:
        from envmgr.activate.shell import ensure_link_dir

        reg = self.registry
        existing = {e.uid: e for e in reg.find(softs=list(result.probed), include_stale=True)}
        new_uids = {e.uid for e in report.entries}
        for e in report.entries:
            (report.updated if e.uid in existing else report.new).append(e.uid)
        self._link_deps(report.entries, report)
        stale = []
        for uid, old in existing.items():
            if uid in new_uids or old.source != "detected" or old.stale:
                continue
            superseded = old.attrs.get("realpath") in result.probed.get(old.soft, set())
            if old.vanished() or (superseded and full_search):
                stale.append(uid)
        reg.upsert(report.entries, stale=stale)  # one transaction
        report.stale = stale
        for e in report.entries:
            try:
                ensure_link_dir(self.config.links_dir, e)
            except OSError as exc:
                report.warnings.append(f"cannot make the link dir of {e.uid}: {exc}")

    def _link_deps(self, entries: list[Entry], report: DetectReport) -> None:
        """Turn probe-declared ``attrs.depends`` ({soft, prefix}) into ``deps`` uids.

        A dependency not yet recorded (the python a package belongs to, say) is detected
        in its prefix first, so that activating the package activates its interpreter.
        """
        found: dict[tuple[str, str], str | None] = {}
        batch = {(e.soft, e.prefix): e.uid for e in entries}
        for entry in entries:
            deps = entry.attrs.get("depends")
            if not isinstance(deps, list):
                continue
            for dep in deps:
                if not isinstance(dep, dict) or not dep.get("soft") or not dep.get("prefix"):
                    continue
                key = (str(dep["soft"]), str(dep["prefix"]))
                if key not in found:
                    tags = [str(t) for t in dep.get("tags") or []]
                    found[key] = batch.get(key) or self._dep_uid(*key, tags, report)
                uid = found[key]
                if uid and uid not in entry.deps:
                    entry.deps.append(uid)

    def _dep_uid(
        self, soft: str, prefix: str, tags: Sequence[str], report: DetectReport
    ) -> str | None:
        def lookup() -> str | None:
            matches = [e for e in self.registry.find(tags, softs=[soft]) if e.prefix == prefix]
            matches.sort(key=lambda e: Version(e.version), reverse=True)
            return matches[0].uid if matches else None

        uid = lookup()
        if uid is None and os.path.isdir(prefix):
            try:
                sub = self.detect([soft], search_paths=[prefix], default_paths=False)
            except EnvmgrError:
                return None
            report.dependencies.extend(sub.entries)
            uid = lookup()
        return uid

    # -- queries -------------------------------------------------------------------
    def find(self, tags: str | Sequence[str] | None = (), version: str | VersionSpec | None = None,
             include_stale: bool = False) -> list[Entry]:
        """Entries with all ``tags`` (a list, or one string: ``"cmake"``, ``"python,v3.11"``)
        whose version is in ``version``, by soft then newest first. No tags (``()`` or
        None) means every entry; a blank tag is a UsageError, never "every entry"."""
        return find(self.view, _tags(tags), _version(version),
                    include_stale=_flag(include_stale, "include_stale"))

    def select(self, tags: str | Sequence[str], version: str | VersionSpec | None = None
               ) -> Selection:
        """The newest entry with all ``tags`` (a list, or one string), or the entry whose
        uid, or a unique start of it, is the single tag."""
        if tags is None:
            raise UsageError("select() needs tags: a string such as 'python,v3.11' or a list "
                             "such as ['python', 'v3.11'], not None")
        tags = _tags(tags)
        spec = _version(version)
        if not tags and spec is None:
            raise UsageError("select() needs tags, and got none",
                             "for example em.select(['python', 'v3.11'])")
        if len(tags) == 1 and "-" in tags[0]:
            entry = self.view.get(tags[0])
            starts = [entry] if entry else self.view.find_uid_prefix(tags[0])
            if len(starts) == 1:
                return Selection(entry=starts[0], candidates=starts)
        text = spec.text if isinstance(spec, VersionSpec) else spec
        try:
            return select(self.view, tags, text)
        except NotFoundError as exc:
            head = tags[0] if tags else ""
            if head and not self.view.find([head], include_stale=True):
                if head not in self.soft_names():
                    exc.suggestion = (
                        f"'{head}' is not a soft either: see 'envmgr search' for what envmgr "
                        "can find, 'envmgr list' for what is recorded"
                    )
            raise

    def get(self, uid: str) -> Entry:
        """The entry with this uid, or with the one uid that starts with it."""
        uid = _uid(uid)
        entry: Entry | None = self.view.get(uid)
        if entry is not None:
            return entry
        matches: list[Entry] = self.view.find_uid_prefix(uid)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise NotFoundError(
                f"'{uid}' is the start of {len(matches)} uids",
                "give more of the uid (see 'envmgr list')",
            )
        raise NotFoundError(f"no entry with uid '{uid}'", "see 'envmgr list' for recorded uids")

    def with_deps(self, entries: Entry | str | Sequence[Entry | str]) -> list[Entry]:
        """The entries (Entry objects or uids; one alone is fine), then their dependencies
        (depth first, each once). A dependency no longer recorded, or whose row cannot be
        read, is left out (the latter with a warning)."""
        if isinstance(entries, (Entry, str)):
            entries = [entries]
        if not isinstance(entries, Sequence) or any(
                not isinstance(e, (Entry, str)) for e in entries):
            raise UsageError("with_deps() takes an Entry, a uid, or a list of them, not "
                             f"{_kind(entries)}")
        roots = [e if isinstance(e, Entry) else self.get(e) for e in entries]
        out: dict[str, Entry] = {}

        def visit(e: Entry) -> None:
            if e.uid in out:
                return
            out[e.uid] = e
            for dep in e.deps:
                d = self.view.get(dep, skip_unreadable=True)  # reported, not fatal
                if d is not None:
                    visit(d)

        for e in roots:
            visit(e)
        return list(out.values())

    # -- shells --------------------------------------------------------------------
    def shell_env(
        self,
        groups: str | Sequence[str | Sequence[str]],
        version: str | None = None,
        base: Mapping[str, str] | None = None,
        notes: list[str] | None = None,
    ) -> dict[str, str]:
        """The environment with one entry per tag group active (deps included)."""
        from envmgr.activate.envops import original_env

        start = original_env(base if base is not None else os.environ)
        planned = self.shell_plan(groups, version, start)
        if notes is not None:
            notes.extend(planned.notes)
        return planned.apply(start)

    def shell_plan(
        self, groups: str | Sequence[str | Sequence[str]], version: str | None = None,
        base: Mapping[str, str] | None = None,
    ) -> Plan:
        """The operations that activate one entry per tag group (deps included); hooks see
        the environment built on ``base`` (default: ``os.environ``, an activation undone)."""
        from envmgr.activate.envops import original_env
        from envmgr.activate.plan import plan

        selected = []
        notes = []
        for tags in _groups(groups):
            sel = self.select(tags, version)
            if sel.note:
                notes.append(sel.note)
            selected.append(sel.entry)
        entries = self.with_deps(selected)
        for entry in entries:
            # the selected tool must be the one that runs, never a stand-in found on PATH
            if entry.vanished():
                raise NotFoundError(
                    f"{entry.label()} is recorded but {entry.anchor} no longer exists",
                    f"run 'envmgr detect {entry.soft}' to look again (the entry will be "
                    "marked stale) or choose another with --tags",
                )
        hook = None
        if self._shell_hooks_present():
            def hook(entry: Entry, env: dict[str, str]) -> None:
                self.host.call("envmgr_shell_env", entry=entry, env=env)

        planned = plan(entries, self.config.links_dir, hook,
                       base if base is not None else original_env(os.environ))
        planned.notes = notes
        return planned

    def _shell_hooks_present(self) -> bool:
        # decided from the indexes, without a Host (pluggy), when nothing can adjust shells
        return (self.catalog.possible("envmgr_shell_env")
                and self.host.load_for_hook("envmgr_shell_env"))

    # -- maintenance ---------------------------------------------------------------
    def remove(self, uids: str | Entry | Sequence[str | Entry]) -> int:
        """Remove entries by uid (or Entry; one alone is fine), readable or not, with their
        link dirs; returns how many were recorded."""
        if isinstance(uids, (str, Entry)):
            uids = [uids]
        if not isinstance(uids, Sequence):
            raise UsageError(f"remove() takes uids (a string or a list), not {_kind(uids)}")
        wanted = [_uid(u.uid if isinstance(u, Entry) else u) for u in uids]
        from envmgr.activate.shell import remove_link_dir

        n = self.registry.remove(wanted)
        for uid in wanted:
            if _safe_name(uid):  # a uid is one path component under links/, never a path
                remove_link_dir(self.config.links_dir, uid)
        return n

    def gc(self, dry_run: bool = False) -> list[Entry]:
        """Remove stale entries, detected ones whose files vanished, and registry rows that
        cannot be read back (see what would go with ``dry_run``). An unreadable row comes
        back as a stand-in Entry: its uid, ``version`` ``"?"``, ``attrs["unreadable"]``."""
        dry_run = _flag(dry_run, "dry_run")
        entries = self.registry.find(include_stale=True, warn_bad=False)
        doomed = [e for e in entries if e.stale or (e.source == "detected" and e.vanished())]
        bad = self.registry.bad_rows()
        if not dry_run:
            if doomed:
                self.remove([e.uid for e in doomed])
            if bad:
                bad = self.registry.remove_bad(bad)
                for row in bad:
                    if isinstance(row.uid, str) and _safe_name(row.uid):
                        from envmgr.activate.shell import remove_link_dir

                        remove_link_dir(self.config.links_dir, row.uid)
        return doomed + [row.placeholder() for row in bad]

    def install(
        self,
        target: str | None = None,
        *,
        tags: str | Sequence[str] | None = None,
        version: str | None = None,
        variants: Mapping[str, str] | None = None,
        frontend: str | None = None,
        dry_run: bool = False,
        mirrors: Sequence[str] = (),
        allow_unchecked: bool = False,
    ) -> Any:
        """Install ``target`` (``NAME``, ``NAME@VERSION``, ``pypi:...``, ``spack:...``,
        ``eb:...``) or what has ``tags``, as ``envmgr install`` does. Returns the entries
        of what was asked for (installed, reused or detected); with ``dry_run``, the
        :class:`~envmgr.install.resolver.Plan` (nothing is written)."""
        from envmgr.install.resolver import Request
        from envmgr.install.session import InstallSession, parse_target

        if (target is None) == (tags is None):
            raise UsageError("install() takes a target or tags=, not both or neither",
                             "for example em.install('py-six') or em.install(tags='cmake')")
        for name, value in (("target", target), ("version", version), ("frontend", frontend)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise UsageError(f"{name} must be a non-empty string, not {_kind(value)}")
        chosen = dict(variants or {})
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in chosen.items()):
            raise UsageError("variants must map strings to strings",
                             "for example {'precision': 'int8'}")
        session = InstallSession(self, mirrors=list(mirrors),
                                 allow_unchecked=_flag(allow_unchecked, "allow_unchecked"))
        if target is not None:
            req, recipe = parse_target(target, version, chosen, frontend)
            if recipe is not None:
                session.extra[recipe.name] = recipe
        else:
            req = Request(tags=tuple(_tags(tags)), version=version, variants=chosen,
                          frontend=frontend)
        plan = session.plan([req])
        if _flag(dry_run, "dry_run"):
            return plan
        outcomes = session.execute(plan)
        return [o.entry for o in outcomes if o.step.key in plan.roots]

    def uninstall(self, uids: str | Entry | Sequence[str | Entry], force: bool = False,
                  keep_build: bool = False) -> list[Entry]:
        """Remove installed entries and their install folders, as ``envmgr uninstall``
        does; refuses while other entries depend on them, unless ``force``. What a tool
        built in its own store (a Spack spec) is removed by its front-end too, unless
        ``keep_build``, and listed in the entry's ``attrs["removed_build"]``."""
        from envmgr.activate.shell import remove_link_dir
        from envmgr.install.session import InstallSession
        from envmgr.install.transaction import uninstall

        if isinstance(uids, (str, Entry)):
            uids = [uids]
        entries = [u if isinstance(u, Entry) else self.get(u) for u in uids]
        keep = _flag(keep_build, "keep_build")
        session = InstallSession(self)
        removed = uninstall(self.registry, self.config.home, entries,
                            force=_flag(force, "force"), keep_build=keep,
                            builds=None if keep else session.builds())
        for e in removed:
            remove_link_dir(self.config.links_dir, e.uid)
        return removed


# -- argument checks: a clear UsageError, never a TypeError from deep inside --------------


def _kind(value: object) -> str:
    return "None" if value is None else f"{type(value).__name__} ({value!r:.40})"


def _tags(tags: object) -> list[str]:
    """Tags as the API takes them: one string (``"cmake"``, ``"python,v3.11"``), a list of
    them, or None/() for none."""
    return parse_tags(tags, "tags")  # type: ignore[arg-type]  # checked there


def _names(names: object, what: str) -> list[str]:
    """Soft names: one string (``"cmake"``) or a list of strings, none blank."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, Sequence) or any(not isinstance(n, str) for n in names):
        raise UsageError(f"{what} must be a string or a list of strings, not {_kind(names)}",
                         "for example 'cmake' or ['cmake', 'python']")
    if any(not n.strip() for n in names):
        raise UsageError(f"{what} has an empty name ({list(names)!r})",
                         "name softs such as 'cmake'; see 'envmgr search'")
    return [n.strip() for n in names]


def _version(version: object) -> str | VersionSpec | None:
    if version is None or isinstance(version, (str, VersionSpec)):
        return version
    raise UsageError(f"version must be a spec string such as '>=3.9,<3.12', not {_kind(version)}")


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    raise UsageError(f"{name} must be True or False, not {_kind(value)}")


def _uid(uid: object) -> str:
    if not isinstance(uid, str):
        raise UsageError(f"a uid must be a string, not {_kind(uid)}",
                         "uids look like cmake-3f2a9c1b2d4e (see 'envmgr list')")
    if not uid.strip():  # '' would be the start of every uid
        raise UsageError("the uid is empty", "give a uid such as cmake-3f2a9c1b2d4e "
                         "(see 'envmgr list')")
    return uid


def _safe_name(name: str) -> bool:
    return "/" not in name and "\\" not in name and name not in (".", "..") and "\0" not in name


def _groups(groups: object) -> list[list[str]]:
    """Tag groups for shell_env: one string (one group), or a list of groups, each a string
    or a list of tags."""
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, Sequence) or not groups:
        raise UsageError(f"groups must be a list of tag groups, not {_kind(groups)}",
                         "for example [['python', 'v3.11'], ['cmake']] or 'cmake'")
    out = []
    for group in groups:
        tags = _tags(group)
        if not tags:
            raise UsageError(f"a tag group is empty ({_kind(group)})",
                             "give each group at least one tag, e.g. ['cmake']")
        out.append(tags)
    return out


def detect(names: str | Sequence[str], **kwargs: Any) -> list[Entry]:
    """Detect and record softs (one name or a list) in the default home; returns the
    entries found."""
    names = _names(names, "names")
    with Envmgr() as em:
        return em.detect(names, **kwargs).entries


def query(tags: str | Sequence[str] | None = (), version: str | None = None) -> list[Entry]:
    """Recorded entries with all ``tags`` (a list, or one string) and a version in
    ``version``, newest first."""
    tags, spec = _tags(tags), _version(version)
    with Envmgr() as em:
        return em.find(tags, spec)


def shell_env(groups: str | Sequence[str | Sequence[str]], version: str | None = None
              ) -> dict[str, str]:
    """The environment in which one entry per tag group is active (``"cmake"`` alone is one
    group of one tag)."""
    tag_groups, spec = _groups(groups), _version(version)
    with Envmgr() as em:
        return em.shell_env(tag_groups, spec if not isinstance(spec, VersionSpec) else spec.text)
