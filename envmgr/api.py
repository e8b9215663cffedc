"""The Python API: everything the CLI does, as calls.

    from envmgr import Envmgr
    em = Envmgr()                       # ENVMGR_HOME, or the user data dir
    em.detect(["cmake"])                # -> list[Entry]
    em.select(["python", "v3.11"])      # -> Selection (newest match)
    env = em.shell_env([["python", "v3.11"]])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from envmgr.catalog import builtin as catalog
from envmgr.config import Config, load_config
from envmgr.errors import EnvmgrError, NotFoundError, UsageError
from envmgr.store.entry import Entry, make_uid
from envmgr.store.query import Selection, find, select
from envmgr.store.registry import Registry
from envmgr.versions import Version

TYPE_CHECKING = False  # typing, detect.py (subprocess, threads): not at start-up
if TYPE_CHECKING:
    from typing import Any

    from envmgr.detect.engine import DetectResult
    from envmgr.detect.soft import Found, Soft

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
        self._host: Any = None
        self._registry: Registry | None = None

    # -- plumbing ------------------------------------------------------------------
    @property
    def host(self) -> Any:
        if self._host is None:
            from envmgr.plugin.host import Host

            self._host = Host(self.config, debug=self.debug)
        return self._host

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry(self.config.registry_path).open()
        return self._registry

    def close(self) -> None:
        if self._registry is not None:
            self._registry.close()
            self._registry = None

    def __enter__(self) -> Envmgr:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- softs -----------------------------------------------------------------------
    def soft_names(self) -> dict[str, str]:
        """Every known soft name and alias → its canonical name."""
        names: dict[str, str] = {}
        for meta in catalog.load_index()["modules"].values():
            for s in meta["softs"]:
                for n in [s["name"], *s["aliases"]]:
                    names.setdefault(n, s["name"])
        for n, (cls, _) in self.host.external_softs().items():
            names[n] = cls.name
        return names

    def resolve_soft(self, name: str) -> type[Soft]:
        """The soft class for a name or alias; later plugins override builtins."""
        key = name.strip().lower()
        external = self.host.external_softs()
        if key in external:
            return external[key][0]
        index = catalog.load_index()
        plugin = index["softs"].get(key)
        if plugin:
            info = self.host.load_builtin(plugin)
            if info is not None:
                for cls in info.softs:
                    if key in cls.all_names():
                        return cls
            if self.host.blocked(plugin):
                raise NotFoundError(f"soft '{key}' comes from plugin '{plugin}', which is disabled")
            raise NotFoundError(f"soft '{key}' could not be loaded from plugin '{plugin}'")
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

    def all_softs(self) -> list[type[Soft]]:
        """Every soft, builtin ones overridden by external ones of the same name."""
        self.host.load_all_builtins()
        by_name: dict[str, type[Soft]] = {}
        for info in self.host.plugins.values():
            if info.origin == "builtin":
                for cls in info.softs:
                    by_name.setdefault(cls.name, cls)
        for cls, _ in self.host.external_softs().values():
            by_name[cls.name] = cls
        return list(by_name.values())

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
        from envmgr.detect.engine import SearchContext, default_dirs

        dirs += [(d, "config search_paths") for d in self.config.search_paths]
        dirs += default_dirs()
        if self.host.load_for_hook("envmgr_search_dirs"):
            ctx = SearchContext(softs=[s.name for s in softs], home=self.config.home)
            for plugin, result in self.host.call("envmgr_search_dirs", context=ctx):
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

        ``refresh=True`` probes every candidate again instead of trusting the probe cache
        (where a timeout is remembered until then)."""
        if all_softs:
            softs = self.all_softs()
        else:
            softs = list(dict.fromkeys(self.resolve_soft(n) for n in names))
        self.host.load_external()
        dirs = self.search_dirs(softs, search_paths, default_paths)
        from envmgr.detect.engine import Explain, ProbeCache
        from envmgr.detect.engine import detect as run_detect

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
    def find(self, tags: Sequence[str] = (), version: str | None = None,
             include_stale: bool = False) -> list[Entry]:
        return find(self.registry, tags, version, include_stale=include_stale)

    def select(self, tags: Sequence[str], version: str | None = None) -> Selection:
        """The newest entry with all ``tags`` (or the entry whose uid, or a unique start of
        it, is the single tag)."""
        if len(tags) == 1 and "-" in tags[0]:
            entry = self.registry.get(tags[0])
            starts = [entry] if entry else self.registry.find_uid_prefix(tags[0])
            if len(starts) == 1:
                return Selection(entry=starts[0], candidates=starts)
        try:
            return select(self.registry, tags, version)
        except NotFoundError as exc:
            head = tags[0] if tags else ""
            if head and not self.registry.find([head], include_stale=True):
                if head not in self.soft_names():
                    exc.suggestion = (
                        f"'{head}' is not a soft either: see 'envmgr search' for what envmgr "
                        "can find, 'envmgr list' for what is recorded"
                    )
            raise

    def get(self, uid: str) -> Entry:
        entry = self.registry.get(uid)
        if entry is not None:
            return entry
        matches = self.registry.find_uid_prefix(uid)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise NotFoundError(
                f"'{uid}' is the start of {len(matches)} uids",
                "give more of the uid (see 'envmgr list')",
            )
        raise NotFoundError(f"no entry with uid '{uid}'", "see 'envmgr list' for recorded uids")

    def with_deps(self, entries: Sequence[Entry]) -> list[Entry]:
        """The entries, then their dependencies (depth first, each once)."""
        out: dict[str, Entry] = {}

        def visit(e: Entry) -> None:
            if e.uid in out:
                return
            out[e.uid] = e
            for dep in e.deps:
                d = self.registry.get(dep)
                if d is not None:
                    visit(d)

        for e in entries:
            visit(e)
        return list(out.values())

    # -- shells --------------------------------------------------------------------
    def shell_env(
        self,
        groups: Sequence[Sequence[str]],
        version: str | None = None,
        base: Mapping[str, str] | None = None,
        notes: list[str] | None = None,
    ) -> dict[str, str]:
        """The environment with one entry per tag group active (deps included)."""
        from envmgr.activate.shell import build_env, original_env

        selected = []
        for tags in groups:
            sel = self.select(tags, version)
            if sel.note and notes is not None:
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

        return build_env(entries, original_env(base if base is not None else os.environ),
                         self.config.links_dir, hook)

    def _shell_hooks_present(self) -> bool:
        # decided without creating a Host (pluggy) when nothing can adjust shells
        from envmgr.plugin.entrypoints import external_plugins_possible

        possible = bool(catalog.load_index()["hooks"].get("envmgr_shell_env")) or (
            external_plugins_possible(self.config, "envmgr_shell_env"))
        return possible and bool(self.host.load_for_hook("envmgr_shell_env"))

    # -- maintenance ---------------------------------------------------------------
    def remove(self, uids: Sequence[str]) -> int:
        from envmgr.activate.shell import remove_link_dir

        n = self.registry.remove(uids)
        for uid in uids:
            remove_link_dir(self.config.links_dir, uid)
        return n

    def gc(self, dry_run: bool = False) -> list[Entry]:
        """Remove stale entries and detected ones whose files vanished (see what would go
        with ``dry_run``)."""
        entries = self.registry.find(include_stale=True)
        doomed = [e for e in entries if e.stale or (e.source == "detected" and e.vanished())]
        if not dry_run and doomed:
            self.remove([e.uid for e in doomed])
        return doomed


def detect(names: Sequence[str], **kwargs: Any) -> list[Entry]:
    """Detect and record softs in the default home; returns the entries found."""
    with Envmgr() as em:
        return em.detect(names, **kwargs).entries


def query(tags: Sequence[str] = (), version: str | None = None) -> list[Entry]:
    """Recorded entries with all ``tags`` and a version in ``version``, newest first."""
    with Envmgr() as em:
        return em.find(tags, version)


def shell_env(groups: Sequence[Sequence[str]], version: str | None = None) -> dict[str, str]:
    """The environment in which one entry per tag group is active."""
    with Envmgr() as em:
        return em.shell_env(groups, version)
