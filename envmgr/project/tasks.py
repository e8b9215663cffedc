"""Tasks: ``envmgr run TASK`` (its ``depends`` first, each once) and ``run --each NEED``.

A task's ``run`` is one command line or an array of them, each run by ``sh -c`` in the
project's folder, in the project's environment (plus the task's own ``env``); arguments
after the task's name are appended to its last command, quoted. A command that fails
stops the task, and its exit status is the run's.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from envmgr.errors import UsageError
from envmgr.project.manifest import Manifest, Task

TYPE_CHECKING = False
if TYPE_CHECKING:
    from envmgr.store.entry import Entry

__all__ = ["order", "commands", "run_task", "EachResult", "candidates"]


def order(manifest: Manifest, name: str) -> list[Task]:
    """``name`` and what it depends on, dependencies first, each once."""
    if name not in manifest.tasks:
        import difflib

        close = difflib.get_close_matches(name, list(manifest.tasks), n=1)
        raise UsageError(f"{os.path.basename(manifest.path)} has no task '{name}'",
                         f"did you mean '{close[0]}'?" if close else
                         ("the tasks are: " + ", ".join(manifest.tasks)) if manifest.tasks
                         else "add one under [tasks], or run a command: envmgr run -- CMD")
    out: list[Task] = []

    def visit(task: Task) -> None:
        if task in out:
            return
        for dep in task.depends:
            visit(manifest.tasks[dep])
        out.append(task)

    visit(manifest.tasks[name])
    return out


def commands(task: Task, args: Sequence[str], entries: Mapping[str, Entry]) -> list[str]:
    """The task's command lines, ``${{ }}`` replaced, ``args`` appended to the last."""
    from envmgr.project.environment import interpolate

    cmds = [interpolate(c, entries) for c in task.run]
    if args:
        cmds[-1] = cmds[-1] + " " + shlex.join(args)
    return cmds


def task_env(manifest: Manifest, task: Task, env: Mapping[str, str],
             entries: Mapping[str, Entry]) -> dict[str, str]:
    from envmgr.activate.envops import apply
    from envmgr.project.environment import env_ops

    if not task.env:
        return dict(env)
    return apply(env_ops(manifest, entries, task.env), env)


def run_task(manifest: Manifest, name: str, args: Sequence[str], env: Mapping[str, str],
             entries: Mapping[str, Entry], say: Callable[[str], None] = lambda t: None,
             stdout: int | None = None) -> int:
    """Run ``name`` after its dependencies; the first non-zero exit status, or 0.
    ``stdout``: a file descriptor for the commands' output (default: envmgr's)."""
    tasks = order(manifest, name)
    for task in tasks:
        mine = args if task.name == name else ()
        task_environ = task_env(manifest, task, env, entries)
        for cmd in commands(task, mine, entries):
            say(f"[{task.name}] {cmd}")
            rc = subprocess.call(["sh", "-c", cmd], env=task_environ, cwd=manifest.root,
                                 stdout=stdout)
            if rc != 0:
                if task.name != name:
                    say(f"task '{task.name}' failed (exit status {rc}); '{name}' not run")
                return rc
    return 0


class EachResult:
    """One run of ``run --each``."""

    __slots__ = ("entry", "status", "seconds")

    def __init__(self, entry: Entry, status: int, seconds: float) -> None:
        self.entry = entry
        self.status = status
        self.seconds = seconds

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry.uid, "soft": self.entry.soft,
                "version": self.entry.version, "prefix": self.entry.prefix,
                "executable": self.entry.executable, "status": self.status,
                "seconds": round(self.seconds, 3)}


def candidates(em: Any, manifest: Manifest, key: str) -> list[Entry]:
    """Every entry here that satisfies need ``key``: what is recorded, and what detection
    finds of the softs that need names (recorded on the way), one per installation."""
    from envmgr.errors import EnvmgrError

    if key not in manifest.needs:
        raise UsageError(f"{os.path.basename(manifest.path)} has no need '{key}'",
                         "the needs are: " + (", ".join(manifest.needs) or "none"))
    need = manifest.needs[key]
    if need.name:
        softs = [need.name]
    else:
        from envmgr.install.session import _softs_tagged

        names = {k: v[1] for k, v in em.catalog.table().items()}
        softs = [names[t] for t in need.tags if t in names] or _softs_tagged(need.tags)
    known = {k: v[1] for k, v in em.catalog.table().items()}
    softs = sorted({known[s] for s in softs if s in known})
    if softs:
        try:
            em.detect(softs)
        except EnvmgrError:
            pass
    tags = list(need.tags) if need.tags else [need.name or key]
    found = [e for e in em.find(tags, need.version, include_stale=False)
             if not e.vanished() and e.attrs.get("role") not in ("companion", "part")]
    if need.variants:
        found = [e for e in found if all(
            (e.attrs.get("variants") or {}).get(k) == v for k, v in need.variants.items())]
    seen: set[str] = set()
    out = []
    for e in sorted(found, key=lambda e: (e.soft, _version_key(e.version), e.uid)):
        real = os.path.realpath(e.anchor or e.prefix)
        if real in seen:
            continue
        seen.add(real)
        out.append(e)
    return out


def _version_key(version: str) -> Any:
    from envmgr.versions import Version

    return Version(version)


def run_each(manifest: Manifest, name: str, args: Sequence[str],
             runs: Sequence[tuple[Entry, dict[str, str], Mapping[str, Entry]]],
             keep_going: bool, say: Callable[[str], None], stdout: int | None = None,
             ) -> list[EachResult]:
    """Run ``name`` once per (entry, environment, needs' entries); stop at the first
    failure unless ``keep_going``."""
    results = []
    for entry, env, entries in runs:
        say(f"== {entry.soft} {entry.version} ({entry.anchor or entry.prefix})")
        start = time.monotonic()
        rc = run_task(manifest, name, args, env, entries, say, stdout)
        results.append(EachResult(entry, rc, time.monotonic() - start))
        if rc != 0 and not keep_going:
            break
    return results
