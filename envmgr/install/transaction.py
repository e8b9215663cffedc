"""The install transaction: carry out a plan so that an entry exists only for a whole install.

For each install step of a :class:`~envmgr.install.resolver.Plan`, dependencies first:

1. take the file lock of the target (``<home>/install/.locks/<folder>.lock``); a second
   process installing the same thing waits here, then finds the entry and reuses it;
2. remove what dead installs left: ``.staging-*`` folders whose process is gone, and a
   target folder that has no entry (a process killed between its rename and its record);
3. build into ``<home>/install/.staging-<hash>-<pid>`` with the step's front-end;
4. move staging into place in one rename;
5. run the recipe's smoke test (its files must exist, its commands must exit 0) against
   the build's real prefix (``Provided.prefix``: Spack's install prefix; else the new
   folder) in the environment ``envmgr shell`` would give the entries
   (:mod:`envmgr.install.smoke`);
6. only then record the entries, in one registry transaction.

Every tool runs through :mod:`envmgr.install.runner`; its logs are kept under
``<home>/logs/<folder>`` (``Installer.logs`` lists those of this run).

Any failure, Ctrl-C or SIGTERM removes staging and the target and records nothing. A
``kill -9`` cannot be caught: what it leaves (a staging folder, an unrecorded target) is
removed by the next install of that target, or by :func:`clean` (``envmgr gc``).

Uninstall renames the install folder aside in one rename, removes its entries in one
transaction, then deletes the folder; it refuses while other entries depend on it, unless
forced. A build in a tool's own store is removed by its front-end
(:meth:`~envmgr.install.frontend.Frontend.uninstall`) unless ``keep_build``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envmgr._signals import Interrupted, deferred, handled
from envmgr.config import Limits
from envmgr.errors import EnvmgrError, NotFoundError, UsageError
from envmgr.install.errors import InstallError
from envmgr.install.frontend import BuildContext, Companion, Frontend, Provided
from envmgr.install.recipe import Build
from envmgr.install.resolver import Plan, Step
from envmgr.install.smoke import SmokeTestError, fill_prefix
from envmgr.store.entry import Entry, make_uid

__all__ = [
    "Installer",
    "Outcome",
    "SmokeTestError",
    "Interrupted",
    "install_root",
    "target_lock",
    "staging_name",
    "clean",
    "collect_installed",
    "uninstall",
    "dependents",
]

STAGING = ".staging-"
TRASH = ".trash-"




@dataclass
class Outcome:
    """What happened to one step of the plan."""

    step: Step
    action: str  # "reused", "detected", "installed", "already" (another process did it)
    entry: Entry
    others: list[Entry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.step.key, "action": self.action, "uid": self.entry.uid,
                "soft": self.entry.soft, "version": self.entry.version,
                "prefix": self.entry.prefix, "entries": [e.uid for e in self.others]}


def install_root(home: str | Path) -> Path:
    """``<home>/install``: every prefix envmgr installs, and their staging folders."""
    return Path(home) / "install"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _host() -> str:
    """This machine's name as it appears in staging and trash names (one path component)."""
    import re
    import socket

    return re.sub(r"[^A-Za-z0-9._]", "_", socket.gethostname()) or "localhost"


def staging_name(folder: str, kind: str = STAGING) -> str:
    """``.staging-<folder>-<host>-<pid>``: whose it is, so that only this host removes it,
    only once that process is gone, and only under ``folder``'s lock."""
    return f"{kind}{folder}-{_host()}-{os.getpid()}"


def _leftover_of(name: str) -> tuple[str, int] | None:
    """(target folder, pid) of a staging or trash folder this host made; None for another
    host's (or an older envmgr's, whose host is unknown: never guessed)."""
    for kind in (STAGING, TRASH):
        if name.startswith(kind):
            rest, sep, pid = name[len(kind):].rpartition("-")
            folder, sep2, host = rest.rpartition("-")
            if sep and sep2 and pid.isdigit() and folder and host == _host():
                return folder, int(pid)
    return None


def _rmtree(path: Path) -> None:
    def onerror(func: Any, p: str, exc: Any) -> None:
        # a read-only folder inside (a wheel's data, a tarball's modes): make it writable
        try:
            os.chmod(os.path.dirname(p), 0o700)
            os.chmod(p, 0o700)
            func(p)
        except OSError:
            pass

    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, onerror=onerror)




def _lock_path(root: Path, folder: str) -> Path:
    locks = root / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    return locks / f"{folder}.lock"


class LockBusy(InstallError):
    """Another envmgr held a target's lock for longer than the timeout."""


@contextmanager
def target_lock(root: Path, folder: str, timeout: float) -> Iterator[None]:
    """Hold ``<root>/.locks/<folder>.lock``: the one lock under which ``folder`` is
    installed, recorded, uninstalled or collected. Raises :class:`LockBusy` (one line)
    after ``timeout`` seconds (0: at once), InstallError when the lock cannot be made."""
    from filelock import FileLock, Timeout

    try:
        lock = FileLock(str(_lock_path(root, folder)), timeout=timeout)
        lock.acquire()
    except Timeout:
        raise LockBusy(f"another envmgr has held {folder} for {timeout:.0f} s",
                       f"try again once it is done, or remove {root / '.locks' / folder}.lock "
                       "if no envmgr is running") from None
    except OSError as exc:
        raise InstallError(f"cannot write under {root}: {exc.strerror or exc}",
                           "check that ENVMGR_HOME is writable and has space") from None
    try:
        yield
    finally:
        lock.release()


def _folder_of(entry: Entry) -> str | None:
    """envmgr's own folder of an installed entry (``Entry.install_folder`` once every
    entry has it; until then ``attrs.install.folder``, else the prefix)."""
    folder = getattr(entry, "install_folder", None)
    if folder is None and entry.source == "installed":
        install = entry.attrs.get("install")
        folder = install.get("folder") if isinstance(install, dict) else None
        folder = folder if isinstance(folder, str) else entry.prefix
    return folder if isinstance(folder, str) else None


def _recorded(registry: Any, path: Path) -> bool:
    """Whether an entry (of any source, stale or not) names ``path`` as its folder."""
    where = str(path)
    return any(_folder_of(e) == where or e.prefix == where
               for e in registry.find(include_stale=True, warn_bad=False))


def clean(home: str | Path, registry: Any, dry_run: bool = False) -> list[str]:
    """Remove what interrupted installs and uninstalls left under ``<home>/install``:
    this host's staging and trash folders whose process is gone, and folders no entry
    records. Each is decided under its target's lock (skipped while an install or
    uninstall holds it), after reading the registry again. Returns the paths removed
    (or that would be)."""
    root = install_root(home)
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    removed: list[str] = []
    for name in names:
        path = root / name
        if name.startswith((STAGING, TRASH)):
            mine = _leftover_of(name)
            if mine is None or _pid_alive(mine[1]):
                continue  # another host's, or its process still runs
            folder = mine[0]
        elif name.startswith(".") or not path.is_dir() or path.is_symlink():
            continue
        else:
            folder = name
        try:
            with target_lock(root, folder, timeout=0):
                if not os.path.lexists(path):
                    continue
                if not name.startswith(".") and _recorded(registry, path):
                    continue  # recorded meanwhile: an install has just finished
                if not dry_run:
                    _rmtree(path)
                removed.append(str(path))
        except LockBusy:  # an install or uninstall of it is running
            continue
    return removed + _clean_logs(home, registry, dry_run)


def _clean_logs(home: str | Path, registry: Any, dry_run: bool) -> list[str]:
    """The tool logs of installs no entry records (kept after a failure until now), each
    decided under its folder's lock (skipped while an install holds it)."""
    from envmgr.install.runner import logs_root

    logs, root = logs_root(home), install_root(home)
    try:
        names = sorted(os.listdir(logs))
    except OSError:
        return []
    removed = []
    for name in names:
        if not (logs / name).is_dir():
            continue
        try:
            with target_lock(root, name, timeout=0):
                if _recorded(registry, root / name):
                    continue
                if not dry_run:
                    _rmtree(logs / name)
                removed.append(str(logs / name))
        except LockBusy:  # an install of it is running and writing there
            continue
    return removed


def collect_installed(registry: Any, home: str | Path, entries: Sequence[Entry],
                      dry_run: bool = False) -> list[Entry]:
    """Remove the rows of installed entries that are stale or whose files are missing,
    each decided again under its folder's lock (skipped while an install holds it: it is
    repairing them). Returns the entries removed (or that would be)."""
    root = install_root(home)
    out: list[Entry] = []
    for entry in entries:
        folder = _folder_of(entry)
        if folder is None:
            continue
        try:
            with target_lock(root, Path(folder).name, timeout=0):
                now = registry.get(entry.uid, skip_unreadable=True)
                if now is None or not (now.stale or not now.present()):
                    continue
                if not dry_run:
                    registry.remove([now.uid])
                out.append(now)
        except LockBusy:
            continue
    return out


def _abs(prefix: Path, rel: str) -> str:
    return rel if os.path.isabs(rel) else str(prefix / rel) if rel not in ("", ".") \
        else str(prefix)


_fill_prefix = fill_prefix


def standard_layout(prefix: Path) -> dict[str, list[str]]:
    """``bin``, ``lib``/``lib64`` and ``include`` of ``prefix``, those that exist: the
    paths of a build in a tool's own store whose recipe names none."""
    return {key: [str(prefix / d) for d in dirs if (prefix / d).is_dir()]
            for key, dirs in (("bin", ["bin"]), ("lib", ["lib", "lib64"]),
                              ("include", ["include"]))}


def _tags(soft: str, category: str, version: str, tags: Sequence[str]) -> list[str]:
    """An installed entry's tags: its soft, category, recipe tags and chosen variants'
    values (so ``--tags=model,mobilenet,onnx`` tells builds apart), version tags, host."""
    from envmgr.platform import host_tags
    from envmgr.versions import version_tags

    all_tags = [soft, category, *tags, *version_tags(version), "installed", *host_tags()]
    return list(dict.fromkeys(t.lower() for t in all_tags if t))


class Installer:
    """Carries out plans in one envmgr home.

    :param registry: the open :class:`~envmgr.store.registry.Registry`.
    :param frontends: front-ends by name (the ``envmgr_register_frontends`` collector).
    :param record_detected: records the soft a ``detect`` step found and returns its entry.
    :param settings: a front-end's ``[frontends.<name>]`` table (checked by the session).
    :param externals: what the session offers front-ends as externals.
    :param status: gets a tool's last output line while it runs (the CLI's status line).
    :param view: where dependencies of entries are read (default: ``registry``).
    """

    def __init__(
        self,
        registry: Any,
        home: str | Path,
        frontends: Mapping[str, Frontend],
        *,
        record_detected: Callable[[Step], Entry] | None = None,
        mirrors: Sequence[str] = (),
        allow_unchecked: bool = False,
        offline: bool | None = None,
        note: Callable[[str], None] = lambda text: None,
        progress: Callable[[int, int | None], None] | None = None,
        lock_timeout: float = 3600.0,
        limits: Limits | None = None,
        settings: Callable[[Frontend], Mapping[str, Any]] = lambda fe: {},
        externals: Callable[[], Sequence[Entry]] = lambda: (),
        status: Callable[[str], None] | None = None,
        view: Any = None,
    ) -> None:
        self.registry = registry
        #: what dependencies are read from (this home and its upstreams)
        self.view = view if view is not None else registry
        self.home = Path(home)
        self.frontends = frontends
        self.record_detected = record_detected
        self.mirrors = list(mirrors)
        self.allow_unchecked = allow_unchecked
        self.offline = offline
        self.note = note
        self.progress = progress
        self.lock_timeout = lock_timeout
        self.limits = limits or Limits()
        self.rebuild: set[str] = set()  # uids installed again even when present
        self.settings = settings
        self.externals = externals
        self.status = status
        #: the tool logs this installer wrote (kept; ``install --json`` lists them)
        self.logs: list[str] = []

    # -- the context a front-end gets ---------------------------------------------------
    def context(self, prefix: Path, deps: Sequence[Entry] = (), fe: Frontend | None = None,
                label: str = "") -> BuildContext:
        from envmgr.install.fetch.cache import DownloadCache
        from envmgr.install.runner import Runner, logs_root

        log_dir = logs_root(self.home) / prefix.name if prefix.name else None
        return BuildContext(
            prefix=prefix, home=self.home, cache=DownloadCache(self.home / "cache" / "downloads"),
            deps=list(deps), mirrors=self.mirrors, allow_unchecked=self.allow_unchecked,
            offline=self.offline, which=shutil.which, progress=self.progress, note=self.note,
            limits=self.limits,
            settings=self.settings(fe) if fe is not None else {},
            externals=self.externals() if fe is not None else (),
            log_dir=log_dir,
            runner=Runner(log_dir, label=label, status=self.status,
                          how_to_get=fe.how_to_get if fe is not None else None,
                          logs=self.logs),
            env_of=self.env_of,
        )

    def env_of(self, entries: Sequence[Entry]) -> dict[str, str]:
        """``os.environ`` (an activation undone) with ``entries`` and their recorded
        dependencies active, as ``envmgr shell`` plans it (no plugin hooks)."""
        from envmgr.activate.envops import original_env
        from envmgr.activate.plan import plan

        out: dict[str, Entry] = {}

        def visit(e: Entry) -> None:
            if e.uid in out:
                return
            out[e.uid] = e
            for uid in e.deps:
                dep = self.view.get(uid, skip_unreadable=True)
                if dep is not None:
                    visit(dep)

        given = {e.uid for e in entries}
        for e in entries:
            visit(e)
        links = str(self.home / "links")

        def link(links_dir: str, entry: Entry) -> str | None:
            if entry.uid in given and self.registry.get(entry.uid) is None:
                return None  # not recorded yet (the entry under test): nothing in links/
            from envmgr.activate.shell import ensure_link_dir

            return ensure_link_dir(links_dir, entry)

        base = original_env(os.environ)
        return plan(list(out.values()), links, None, base, make_link=link).apply(base)

    def frontend(self, name: str) -> Frontend:
        """The front-end called ``name``, or an error naming those there are."""
        fe = self.frontends.get(name)
        if fe is None:
            known = ", ".join(sorted(self.frontends)) or "none"
            raise InstallError(f"no front-end '{name}' is registered (there are: {known})",
                               "a plugin adds front-ends through envmgr_register_frontends")
        return fe

    def check(self, plan: Plan) -> None:
        """Refuse before anything is done when a front-end of the plan is missing."""
        for step in plan.installs():
            fe = self.frontend(step.frontend or "")
            reason = fe.available(self.context(Path(step.target or ""), fe=fe))
            if reason:
                raise InstallError(f"cannot install {step.soft}@{step.version}: {reason}",
                                   fe.how_to_get or None)

    # -- executing a plan ---------------------------------------------------------------
    def execute(self, plan: Plan) -> list[Outcome]:
        """Carry out every step, dependencies first; see the module docstring."""
        self.check(plan)
        done: dict[str, Entry] = {}
        outcomes: list[Outcome] = []
        with handled():
            for step in plan:
                deps = [done[k] for k in step.deps if k in done]
                outcome = self._step(step, deps)
                done[step.key] = outcome.entry
                outcomes.append(outcome)
        return outcomes

    def _step(self, step: Step, deps: Sequence[Entry]) -> Outcome:
        if step.action == "reuse":
            entry = self.registry.get(step.uid)
            if entry is None:
                raise NotFoundError(f"entry {step.uid} vanished while installing",
                                    "run the install again")
            return Outcome(step, "reused", entry)
        if step.action == "detect":
            if self.record_detected is None:
                raise InstallError(f"cannot record the detected {step.soft}@{step.version}")
            return Outcome(step, "detected", self.record_detected(step))
        return self.install_step(step, deps)

    def install_step(self, step: Step, deps: Sequence[Entry]) -> Outcome:
        """One install step under its lock (see the module docstring)."""
        assert step.build is not None and step.target is not None
        target = Path(step.target)
        root = target.parent
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InstallError(f"cannot write under {root}: {exc.strerror or exc}",
                               "check that ENVMGR_HOME is writable and has space") from None
        try:
            with target_lock(root, target.name, self.lock_timeout):
                uid = make_uid(step.soft, str(target), step.version)
                have = self.registry.get(uid)
                if have is not None and have.present() and uid not in self.rebuild:
                    self.note(f"{step.soft}@{step.version} is already installed: entry {uid} "
                              f"({target})")
                    return Outcome(step, "already", have)
                if have is not None and uid not in self.rebuild:
                    self.note(f"reinstalling {step.soft}@{step.version}: the files of entry "
                              f"{uid} were missing ({have.prefix})")
                self._clean_leftovers(root, target, reinstall=have is not None)
                return self._build(step, step.build, target, deps)
        except LockBusy:
            raise InstallError(f"another envmgr has been installing {target.name} for "
                               f"{self.lock_timeout:.0f} s", "remove "
                               f"{_lock_path(root, target.name)} if no envmgr is running"
                               ) from None

    def _clean_leftovers(self, root: Path, target: Path, reinstall: bool = False) -> None:
        """Under ``target``'s lock: this host's dead staging and trash of ``target``, and
        ``target`` itself when no entry records it (or its entry's files were missing)."""
        for name in os.listdir(root):
            mine = _leftover_of(name)
            if mine is not None and mine[0] == target.name and not _pid_alive(mine[1]):
                _rmtree(root / name)
        if os.path.lexists(target):  # renamed into place but never recorded: not trusted
            if not reinstall:
                self.note(f"removing {target}: an earlier install of it did not finish")
            _rmtree(target)

    def _build(self, step: Step, build: Build, target: Path, deps: Sequence[Entry]
               ) -> Outcome:
        from envmgr.install.smoke import smoke_test

        fe = self.frontend(step.frontend or build.frontend)
        staging = target.parent / staging_name(target.name)
        placed = recorded = False
        context = self.context(target, deps, fe, build.name)
        if context.log_dir is not None:
            _rmtree(context.log_dir)  # the logs of an earlier attempt
        try:
            _rmtree(staging)
            staging.mkdir()
            self.note(f"installing {step.soft}@{step.version} with {fe.name} into {target}")
            provided = fe.install(build, staging, context)
            os.rename(staging, target)
            placed = True
            entries = self._entries(step, build, target, provided, deps,
                                    {t.soft for t in fe.tools})
            env = self.env_of([*entries, *deps])
            smoke_test(build, Path(entries[0].prefix), env, context.runner)
            with deferred():  # recorded whole, and then never undone
                self.registry.upsert(entries)
                recorded = True
        except OSError as exc:
            self._undo(staging, target if placed else None, None)
            raise InstallError(f"installing {step.soft}@{step.version} failed: "
                               f"{exc.strerror or exc}"
                               + (f" ({exc.filename})" if exc.filename else ""),
                               "check that ENVMGR_HOME is writable and has space") from None
        except BaseException as exc:
            if recorded:
                if isinstance(exc, Interrupted):
                    exc.cleanup.append(f"{step.soft} {step.version} had been installed and "
                                       "recorded")
                raise
            self._undo(staging, target if placed else None, exc)
            raise
        return Outcome(step, "installed", entries[0], entries[1:])

    def _undo(self, staging: Path, target: Path | None, exc: BaseException | None) -> None:
        """Remove staging and the target, signals deferred (cleanup is never cut short);
        an interruption is told what was removed, or what was left for ``envmgr gc``."""
        from envmgr.install.fetch.stream import cancel_all

        left = []
        with deferred():
            cancel_all()  # no extractor thread still writing into staging
            for path in (staging, target):
                if path is not None:
                    try:
                        _rmtree(path)
                    except OSError:
                        pass
                    if os.path.lexists(path):
                        left.append(str(path))
        if isinstance(exc, Interrupted):
            exc.cleanup.append(
                f"left {', '.join(left)}; `envmgr gc` removes it" if left else
                "the unfinished install was removed and nothing was recorded")

    # -- entries --------------------------------------------------------------------
    def _entries(self, step: Step, build: Build, target: Path, provided: Provided,
                 deps: Sequence[Entry], tools: Set[str] = frozenset()) -> list[Entry]:
        """The install's entry first, then its companions and extra entries; their prefix
        is the build's real one (``provided.prefix``, else ``target``). The tools the
        front-end drove (``tools``: eb, spack) built it but are not among its
        dependencies, so a shell of it has none of them; they are named in
        ``attrs.install.tools``."""
        recipe = build.recipe
        prefix = Path(provided.prefix) if provided.prefix else target
        if len(step.deps) == len(deps):  # build-only dependencies are not the entry's
            deps = [d for k, d in zip(step.deps, deps, strict=True)
                    if k not in step.build_deps]
        version = provided.version or step.version
        prov = build.provides
        if provided.paths is not None:
            paths = {k: [_abs(prefix, p) for p in v] for k, v in provided.paths.items()}
        elif provided.prefix and not (prov.bin or prov.lib or prov.include):
            paths = standard_layout(prefix)  # a tool's store: what its prefix holds
        else:
            paths = {"bin": [_abs(prefix, p) for p in prov.bin],
                     "lib": [_abs(prefix, p) for p in prov.lib],
                     "include": [_abs(prefix, p) for p in prov.include]}
        for key in ("bin", "lib", "include"):
            paths.setdefault(key, [])
        env = {k: _fill_prefix(v, prefix) for k, v in prov.env.items()}
        env.update({k: _fill_prefix(v, prefix) for k, v in provided.env.items()})
        attrs: dict[str, Any] = {
            "path": str(prefix),
            "install": {
                "frontend": step.frontend, "hash": step.hash, "folder": str(target),
                **({"tools": [d.uid for d in deps if d.soft in tools]}
                   if any(d.soft in tools for d in deps) else {}),
                "variants": dict(build.variants),
                "sources": [{"url": s.url, "checksum": (f"{s.checksum[0]}:{s.checksum[1]}"
                                                        if s.checksum else None),
                             "size": s.size} for s in build.sources],
            },
        }
        if prov.files:
            attrs["files"] = {k: _abs(prefix, _fill_prefix(v, prefix))
                              for k, v in prov.files.items()}
        if build.variants:
            attrs["variants"] = dict(build.variants)
        if provided.env_ops:
            attrs["env_ops"] = [[str(op), str(var), str(value)]
                                for op, var, value in provided.env_ops]
        attrs.update(provided.attrs)
        companions = [self._companion(c, prefix, target, "companion")
                      for c in provided.companions]
        main = Entry(
            uid=make_uid(step.soft, str(target), step.version),
            soft=step.soft, category=recipe.category, version=version,
            tags=_tags(step.soft, recipe.category, version,
                       [*recipe.tags, *build.variants.values()]),
            source="installed", prefix=str(prefix), paths=paths, env=env, attrs=attrs,
            deps=list(dict.fromkeys([*(c.uid for c in companions),
                                     *(d.uid for d in deps if d.soft not in tools)])),
            recipe=f"{recipe.name}@{step.version}",
        )
        extras = [self._companion(c, prefix, target, "part", main.recipe)
                  for c in provided.extra]
        for extra in extras:
            extra.deps = list(dict.fromkeys([*extra.deps, *(c.uid for c in companions)]))
            extra.attrs.setdefault("part_of", main.uid)
        for comp in companions:
            comp.attrs.setdefault("part_of", main.uid)
        return [main, *companions, *extras]

    def _companion(self, c: Companion, prefix: Path, target: Path, role: str,
                   recipe: str | None = None) -> Entry:
        paths = {k: [_abs(prefix, p) for p in v] for k, v in c.paths.items()}
        for key in ("bin", "lib", "include"):
            paths.setdefault(key, [])
        attrs = {k: (_abs(prefix, v) if k in ("executable", "path") and isinstance(v, str)
                     else v) for k, v in c.attrs.items()}
        attrs["role"] = role
        if target != prefix:
            attrs.setdefault("install", {"folder": str(target)})
        return Entry(
            uid=make_uid(c.soft, str(target), c.version),
            soft=c.soft, category=c.category, version=c.version,
            tags=_tags(c.soft, c.category, c.version, c.tags), source="installed",
            prefix=str(prefix), paths=paths, env=dict(c.env), attrs=attrs,
            deps=list(c.deps), recipe=recipe,
        )


# ---------------------------------------------------------------- uninstall


def dependents(registry: Any, uids: Sequence[str]) -> list[Entry]:
    """Entries outside ``uids`` that depend on one of them."""
    wanted = set(uids)
    return [e for e in registry.find(include_stale=True)
            if e.uid not in wanted and wanted & set(e.deps)]


def uninstall(registry: Any, home: str | Path, entries: Sequence[Entry],
              force: bool = False, lock_timeout: float = 600.0, *,
              keep_build: bool = False,
              builds: Callable[[Entry], Callable[[], list[str]] | None] | None = None
              ) -> list[Entry]:
    """Remove installed entries, their companions and their folders; returns the entries
    removed. Refuses entries envmgr did not install, and while others depend on them.
    ``builds(entry)`` gives, for an entry whose build lies in a tool's own store, the call
    that removes that build (its front-end's ``uninstall``); it runs under the folder's
    lock once the rows are gone, unless ``keep_build`` or another entry records the same
    prefix, and what it removed is listed in the entry's ``attrs["removed_build"]``.

    Under the lock of every folder concerned (taken in one order, so two uninstalls never
    wait on each other): the entries that name the folder are read again, the dependents
    check and the removal of their rows are one registry transaction (an install that
    reuses one of them either records its dependent first, and the uninstall refuses, or
    finds it gone), and then each folder is renamed aside and deleted. A process killed
    after the rows went leaves a folder no entry records, which ``envmgr gc`` removes."""
    root = install_root(home)
    folders: list[str] = []
    for entry in entries:
        folder = entry.install_folder
        if entry.source != "installed" or folder is None:
            raise UsageError(f"{entry.uid} was {entry.source}, not installed by envmgr; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        where = Path(folder)
        if where.parent != root:
            raise UsageError(f"{entry.uid}'s install folder {where} is not under {root}; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        folders.append(str(where))
    from contextlib import ExitStack

    with ExitStack() as locks:
        for folder in sorted(set(folders)):
            try:
                locks.enter_context(target_lock(root, Path(folder).name, lock_timeout))
            except LockBusy:
                raise InstallError(
                    f"{Path(folder).name} is being installed or uninstalled by another "
                    f"envmgr (waited {lock_timeout:.0f} s); nothing removed",
                    "try again once it is done") from None
        wanted = set(folders)
        group = [e for e in registry.find(include_stale=True)
                 if e.source == "installed" and _folder_of(e) in wanted]
        if not group:
            return []  # another uninstall removed them meanwhile
        if force:
            registry.remove([e.uid for e in group])
        else:
            users = registry.remove_unreferenced([e.uid for e in group])
            if users:
                names = ", ".join(f"{e.uid} ({e.soft} {e.version})" for e in users)
                raise EnvmgrError(f"{', '.join(e.uid for e in entries)} is needed by "
                                  f"{names}; nothing removed",
                                  "uninstall those first, or pass --force")
        if not keep_build and builds is not None:
            _remove_builds(registry, group, {e.uid for e in group}, builds)
        from envmgr.install.runner import logs_root

        with deferred():  # the rows are gone: the folders go too, whatever arrives
            for folder in sorted(wanted):
                path = Path(folder)
                trash = root / staging_name(path.name, TRASH)
                if os.path.lexists(path):
                    try:
                        os.rename(path, trash)  # one rename: the folder is there or gone
                    except OSError:
                        trash = path
                _rmtree(trash)
                _rmtree(logs_root(home) / path.name)
    return group


def _remove_builds(registry: Any, group: Sequence[Entry], leaving: set[str],
                   builds: Callable[[Entry], Callable[[], list[str]] | None]) -> None:
    """Have the front-end remove each entry's build in a tool's store, unless an entry
    that stays records the same prefix (read again under the lock)."""
    for entry in group:
        if entry.attrs.get("role") or entry.prefix == entry.install_folder:
            continue  # a companion, or a build that lived in envmgr's folder
        shared = [e for e in registry.find(include_stale=True)
                  if e.uid not in leaving and e.prefix == entry.prefix]
        if shared:
            continue
        remove = builds(entry)
        if remove is not None:
            entry.attrs["removed_build"] = list(remove())
