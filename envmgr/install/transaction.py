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
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    "clean",
    "uninstall",
    "dependents",
]

STAGING = ".staging-"
TRASH = ".trash-"


class Interrupted(BaseException):
    """SIGTERM during an install (a BaseException, like KeyboardInterrupt)."""


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


def _staging_pid(name: str) -> int | None:
    tail = name.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else None


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


def clean(home: str | Path, registry: Any, dry_run: bool = False) -> list[str]:
    """Remove what interrupted installs and uninstalls left under ``<home>/install``:
    staging and trash folders of dead processes, and prefixes no entry records (unless
    an install holds their lock). Returns the paths removed (or that would be)."""
    root = install_root(home)
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    recorded = {e.install_folder for e in registry.find(include_stale=True)
                if e.source == "installed"}
    removed: list[str] = []
    for name in names:
        path = root / name
        if name.startswith((STAGING, TRASH)):
            pid = _staging_pid(name)
            if pid is not None and _pid_alive(pid):
                continue
        elif name.startswith(".") or str(path) in recorded or not path.is_dir():
            continue
        else:
            from filelock import FileLock, Timeout

            lock = FileLock(str(_lock_path(root, name)), timeout=0)
            try:
                with lock:
                    if not dry_run:
                        _rmtree(path)
                    removed.append(str(path))
            except Timeout:  # an install of it is running
                pass
            continue
        if not dry_run:
            _rmtree(path)
        removed.append(str(path))
    return removed + _clean_logs(home, recorded, dry_run)


def _clean_logs(home: str | Path, recorded: set[str | None], dry_run: bool) -> list[str]:
    """The tool logs of installs no entry records (kept after a failure until now),
    unless an install of that folder holds its lock."""
    from filelock import FileLock, Timeout

    from envmgr.install.runner import logs_root

    logs, root = logs_root(home), install_root(home)
    try:
        names = sorted(os.listdir(logs))
    except OSError:
        return []
    removed = []
    for name in names:
        if str(root / name) in recorded or not (logs / name).is_dir():
            continue
        try:
            with FileLock(str(_lock_path(root, name)), timeout=0):
                if not dry_run:
                    _rmtree(logs / name)
                removed.append(str(logs / name))
        except Timeout:  # an install of it is running and writing there
            pass
    return removed


def _lock_path(root: Path, folder: str) -> Path:
    locks = root / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    return locks / f"{folder}.lock"


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """SIGTERM raises :class:`Interrupted` in the main thread, so cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(f"signal {signum}")

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


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
        with _terminate_as_exception():
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
        from filelock import FileLock, Timeout

        assert step.build is not None and step.target is not None
        target = Path(step.target)
        root = target.parent
        try:
            root.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(_lock_path(root, target.name)), timeout=self.lock_timeout)
        except OSError as exc:
            raise InstallError(f"cannot write under {root}: {exc.strerror or exc}",
                               "check that ENVMGR_HOME is writable and has space") from None
        try:
            lock.acquire()
        except Timeout:
            raise InstallError(f"another envmgr has been installing {target.name} for "
                               f"{self.lock_timeout:.0f} s", f"remove {lock.lock_file} if no "
                               "envmgr is running") from None
        try:
            uid = make_uid(step.soft, str(target), step.version)
            have = self.registry.get(uid)
            if have is not None and target.is_dir():
                self.note(f"{step.soft}@{step.version} is already installed: entry {uid} "
                          f"({target})")
                return Outcome(step, "already", have)
            self._clean_leftovers(root, target)
            return self._build(step, step.build, target, deps)
        finally:
            lock.release()

    def _clean_leftovers(self, root: Path, target: Path) -> None:
        for name in os.listdir(root):
            if name.startswith((STAGING, TRASH)):
                pid = _staging_pid(name)
                if pid is None or not _pid_alive(pid):
                    _rmtree(root / name)
        if target.exists():  # renamed into place but never recorded: not trusted
            self.note(f"removing {target}: an earlier install of it did not finish")
            _rmtree(target)

    def _build(self, step: Step, build: Build, target: Path, deps: Sequence[Entry]
               ) -> Outcome:
        from envmgr.install.smoke import smoke_test

        fe = self.frontend(step.frontend or build.frontend)
        staging = target.parent / f"{STAGING}{step.hash}-{os.getpid()}"
        placed = False
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
            entries = self._entries(step, build, target, provided, deps)
            env = self.env_of([*entries, *deps])
            smoke_test(build, Path(entries[0].prefix), env, context.runner)
            self.registry.upsert(entries)
        except OSError as exc:
            self._undo(staging, target if placed else None)
            raise InstallError(f"installing {step.soft}@{step.version} failed: "
                               f"{exc.strerror or exc}"
                               + (f" ({exc.filename})" if exc.filename else ""),
                               "check that ENVMGR_HOME is writable and has space") from None
        except BaseException:
            self._undo(staging, target if placed else None)
            raise
        return Outcome(step, "installed", entries[0], entries[1:])

    def _undo(self, staging: Path, target: Path | None) -> None:
        for path in (staging, target):
            if path is not None:
                try:
                    _rmtree(path)
                except OSError:
                    pass

    # -- entries --------------------------------------------------------------------
    def _entries(self, step: Step, build: Build, target: Path, provided: Provided,
                 deps: Sequence[Entry]) -> list[Entry]:
        """The install's entry first, then its companions and extra entries; their prefix
        is the build's real one (``provided.prefix``, else ``target``)."""
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
            deps=list(dict.fromkeys([*(c.uid for c in companions), *(d.uid for d in deps)])),
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
              force: bool = False, *, keep_build: bool = False,
              builds: Callable[[Entry], Callable[[], list[str]] | None] | None = None
              ) -> list[Entry]:
    """Remove installed entries, their companions and their install folders; returns the
    entries removed. Refuses entries envmgr did not install, and while others depend on
    them.

    ``builds(entry)`` gives, for an entry whose build lies in a tool's own store, the call
    that removes that build (its front-end's ``uninstall``); it runs under the folder's
    lock, unless ``keep_build`` or another entry records the same prefix, and what it
    removed is listed in the returned entry's ``attrs["removed_build"]``."""
    from filelock import FileLock, Timeout

    root = install_root(home)
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        folder = entry.install_folder
        if entry.source != "installed" or folder is None:
            raise UsageError(f"{entry.uid} was {entry.source}, not installed by envmgr; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        where = Path(folder)
        if where.parent != root:
            raise UsageError(f"{entry.uid}'s install folder {where} is not under {root}; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        groups.setdefault(folder, [])
    every_entry = list(registry.find(include_stale=True))
    for folder in groups:
        groups[folder] = [e for e in every_entry
                          if e.source == "installed" and e.install_folder == folder]
    every = [e.uid for group in groups.values() for e in group]
    users = dependents(registry, every)
    if users and not force:
        names = ", ".join(f"{e.uid} ({e.soft} {e.version})" for e in users)
        raise EnvmgrError(f"{', '.join(e.uid for e in entries)} is needed by {names}; "
                          "nothing removed", "uninstall those first, or pass --force")
    removed: list[Entry] = []
    for folder, group in groups.items():
        path = Path(folder)
        lock = FileLock(str(_lock_path(root, path.name)), timeout=600)
        try:
            lock.acquire()
        except Timeout:
            raise InstallError(f"another envmgr has held the lock of {path.name} for 600 s; "
                               "nothing removed", f"remove {lock.lock_file} if no envmgr "
                               "is running") from None
        try:
            if not keep_build and builds is not None:
                _remove_builds(registry, group, set(every), builds)
            trash = root / f"{TRASH}{path.name}-{os.getpid()}"
            if path.exists():
                os.rename(path, trash)  # one rename: the folder is there or gone
            registry.remove([e.uid for e in group])
            _rmtree(trash)
            from envmgr.install.runner import logs_root

            _rmtree(logs_root(home) / path.name)
        finally:
            lock.release()
        removed.extend(group)
    return removed


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
