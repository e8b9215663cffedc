"""The install transaction: carry out a plan so that an entry exists only for a whole install.

For each install step of a :class:`~envmgr.install.resolver.Plan`, dependencies first:

1. take the file lock of the target (``<home>/install/.locks/<folder>.lock``); a second
   process installing the same thing waits here, then finds the entry and reuses it;
2. remove what dead installs left: ``.staging-*`` folders whose process is gone, and a
   target folder that has no entry (a process killed between its rename and its record);
3. build into ``<home>/install/.staging-<hash>-<pid>`` with the step's front-end;
4. move staging into place in one rename;
5. run the recipe's smoke test (its files must exist, its commands must exit 0) in the
   new prefix's environment;
6. only then record the entries, in one registry transaction.

Any failure, Ctrl-C or SIGTERM removes staging and the target and records nothing. A
``kill -9`` cannot be caught: what it leaves (a staging folder, an unrecorded target) is
removed by the next install of that target, or by :func:`clean` (``envmgr gc``).

Uninstall renames the prefix aside in one rename, removes its entries in one transaction,
then deletes the folder; it refuses while other entries depend on it, unless forced.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envmgr.config import Limits
from envmgr.errors import EnvmgrError, NotFoundError, UsageError
from envmgr.install.errors import InstallError
from envmgr.install.frontend import BuildContext, Companion, Frontend, Provided
from envmgr.install.recipe import Build
from envmgr.install.resolver import Plan, Step
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


class SmokeTestError(InstallError):
    """The recipe's smoke test failed after the files were in place: nothing is recorded."""


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
    recorded = {e.prefix for e in registry.find(include_stale=True) if e.source == "installed"}
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


def _fill_prefix(text: str, prefix: Path) -> str:
    from envmgr.install.recipe import _PLACEHOLDER

    return _PLACEHOLDER.sub(lambda m: str(prefix) if m.group(1) == "prefix" else m.group(0),
                            text)


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
    ) -> None:
        self.registry = registry
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

    # -- the context a front-end gets ---------------------------------------------------
    def context(self, prefix: Path, deps: Sequence[Entry] = ()) -> BuildContext:
        from envmgr.install.fetch.cache import DownloadCache

        return BuildContext(
            prefix=prefix, home=self.home, cache=DownloadCache(self.home / "cache" / "downloads"),
            deps=list(deps), mirrors=self.mirrors, allow_unchecked=self.allow_unchecked,
            offline=self.offline, which=shutil.which, progress=self.progress, note=self.note,
            limits=self.limits,
        )

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
            reason = fe.available(self.context(Path(step.target or "")))
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
        fe = self.frontend(step.frontend or build.frontend)
        staging = target.parent / f"{STAGING}{step.hash}-{os.getpid()}"
        placed = False
        try:
            _rmtree(staging)
            staging.mkdir()
            self.note(f"installing {step.soft}@{step.version} with {fe.name} into {target}")
            provided = fe.install(build, staging, self.context(target, deps))
            os.rename(staging, target)
            placed = True
            entries = self._entries(step, build, target, provided, deps)
            self._smoke_test(build, target, entries[0], [*entries[1:], *deps])
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
    def _entries(self, step: Step, build: Build, prefix: Path, provided: Provided,
                 deps: Sequence[Entry]) -> list[Entry]:
        """The install's entry first, then its companions and extra entries."""
        recipe = build.recipe
        version = provided.version or step.version
        prov = build.provides
        if provided.paths is not None:
            paths = {k: [_abs(prefix, p) for p in v] for k, v in provided.paths.items()}
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
                "frontend": step.frontend, "hash": step.hash,
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
        attrs.update(provided.attrs)
        companions = [self._companion(c, prefix, "companion") for c in provided.companions]
        main = Entry(
            uid=make_uid(step.soft, str(prefix), step.version),
            soft=step.soft, category=recipe.category, version=version,
            tags=_tags(step.soft, recipe.category, version,
                       [*recipe.tags, *build.variants.values()]),
            source="installed", prefix=str(prefix), paths=paths, env=env, attrs=attrs,
            deps=list(dict.fromkeys([*(c.uid for c in companions), *(d.uid for d in deps)])),
            recipe=f"{recipe.name}@{step.version}",
        )
        extras = [self._companion(c, prefix, "part", main.recipe) for c in provided.extra]
        for extra in extras:
            extra.deps = list(dict.fromkeys([*extra.deps, *(c.uid for c in companions)]))
            extra.attrs.setdefault("part_of", main.uid)
        for comp in companions:
            comp.attrs.setdefault("part_of", main.uid)
        return [main, *companions, *extras]

    def _companion(self, c: Companion, prefix: Path, role: str,
                   recipe: str | None = None) -> Entry:
        paths = {k: [_abs(prefix, p) for p in v] for k, v in c.paths.items()}
        for key in ("bin", "lib", "include"):
            paths.setdefault(key, [])
        attrs = {k: (_abs(prefix, v) if k in ("executable", "path") and isinstance(v, str)
                     else v) for k, v in c.attrs.items()}
        attrs["role"] = role
        return Entry(
            uid=make_uid(c.soft, str(prefix), c.version),
            soft=c.soft, category=c.category, version=c.version,
            tags=_tags(c.soft, c.category, c.version, c.tags), source="installed",
            prefix=str(prefix), paths=paths, env=dict(c.env), attrs=attrs,
            deps=list(c.deps), recipe=recipe,
        )

    # -- the smoke test -------------------------------------------------------------
    def _smoke_test(self, build: Build, prefix: Path, entry: Entry,
                    others: Sequence[Entry]) -> None:
        for rel in build.test_files:
            path = prefix / _fill_prefix(rel, prefix)
            if not path.exists():
                raise SmokeTestError(f"the smoke test of {build.name}@{build.version} failed: "
                                     f"{rel} is not in {prefix}")
        if not build.test_commands:
            return
        env = smoke_env([entry, *others], os.environ)
        for argv in build.test_commands:
            cmd = [_fill_prefix(a, prefix) for a in argv]
            exe = cmd[0]
            if "/" in exe and not os.path.isabs(exe):
                cmd[0] = str(prefix / exe)
            else:
                found = shutil.which(exe, path=env.get("PATH"))
                if found:
                    cmd[0] = found
            shown = " ".join(argv)
            try:
                proc = subprocess.run(cmd, cwd=prefix, env=env, capture_output=True,
                                      text=True, timeout=build.test_timeout,
                                      stdin=subprocess.DEVNULL)
            except FileNotFoundError:
                raise SmokeTestError(f"the smoke test of {build.name}@{build.version} failed: "
                                     f"'{exe}' was not found") from None
            except subprocess.TimeoutExpired:
                raise SmokeTestError(f"the smoke test of {build.name}@{build.version} failed: "
                                     f"'{shown}' ran past {build.test_timeout:g} s") from None
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
                raise SmokeTestError(
                    f"the smoke test of {build.name}@{build.version} failed: '{shown}' "
                    f"exited {proc.returncode}" + (f": {tail[0][:200]}" if tail[0] else ""),
                    "nothing was recorded and the prefix was removed")


def smoke_env(entries: Sequence[Entry], base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with the entries' bin, lib and include dirs first and their variables set
    (what a shell of them would have, without link dirs)."""
    env = dict(base)
    for var, key in (("PATH", "bin"), ("LD_LIBRARY_PATH", "lib"), ("CPATH", "include")):
        dirs = [d for e in entries for d in e.paths.get(key, [])]
        if dirs:
            old = [p for p in env.get(var, "").split(os.pathsep) if p]
            env[var] = os.pathsep.join(list(dict.fromkeys(dirs)) + old)
    for e in reversed(entries):
        env.update(e.env)
    return env


# ---------------------------------------------------------------- uninstall


def dependents(registry: Any, uids: Sequence[str]) -> list[Entry]:
    """Entries outside ``uids`` that depend on one of them."""
    wanted = set(uids)
    return [e for e in registry.find(include_stale=True)
            if e.uid not in wanted and wanted & set(e.deps)]


def uninstall(registry: Any, home: str | Path, entries: Sequence[Entry],
              force: bool = False) -> list[Entry]:
    """Remove installed entries, their companions and their prefixes; returns the entries
    removed. Refuses entries envmgr did not install, and while others depend on them."""
    from filelock import FileLock

    root = install_root(home)
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.source != "installed":
            raise UsageError(f"{entry.uid} was {entry.source}, not installed by envmgr; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        where = Path(entry.prefix)
        if where.parent != root:
            raise UsageError(f"{entry.uid}'s prefix {where} is not under {root}; "
                             "nothing removed", f"'envmgr rm {entry.uid}' forgets the entry")
        groups.setdefault(entry.prefix, [])
    for prefix in groups:
        groups[prefix] = [e for e in registry.find(include_stale=True)
                          if e.source == "installed" and e.prefix == prefix]
    every = [e.uid for group in groups.values() for e in group]
    users = dependents(registry, every)
    if users and not force:
        names = ", ".join(f"{e.uid} ({e.soft} {e.version})" for e in users)
        raise EnvmgrError(f"{', '.join(e.uid for e in entries)} is needed by {names}; "
                          "nothing removed", "uninstall those first, or pass --force")
    removed: list[Entry] = []
    for prefix, group in groups.items():
        path = Path(prefix)
        lock = FileLock(str(_lock_path(root, path.name)), timeout=600)
        with lock:
            trash = root / f"{TRASH}{path.name}-{os.getpid()}"
            if path.exists():
                os.rename(path, trash)  # one rename: the prefix is there or gone
            registry.remove([e.uid for e in group])
            _rmtree(trash)
        removed.extend(group)
    return removed
