"""``envmgr run -- CMD`` and ``run TASK`` with a fresh lock, from a cache: find, check, run.

``run -- CMD`` sits in the same loops ``shell -- CMD`` does, so it takes the same road
(:mod:`envmgr.activate.fast`): the full path (manifest, lock, registry, planner) keeps the
project's environment operations in a record; this module serves the next identical
command with ``os`` and envmgr's tiny modules only. The record is keyed by the manifest's
path and the interpreter, and holds only while the manifest and the lock are unchanged (their
stat is part of the key) and everything :mod:`envmgr.activate.fast` watches holds. The
full path keeps no record while the lock is stale, nor for a manifest whose ``when``
conditions read facts that change without a file changing (a GPU, a container, a job).

``run TASK [ARGS]`` is kept the same way, keyed by the task's name and arguments too, with
the task's command lines (its ``depends`` first, ``${{ }}`` replaced) as the record's
``extra``: each runs by ``sh -c`` in the project's folder, the last one exec'd, the first
failure stopping the rest, as the full path runs them. Tasks with their own ``env`` are
not kept.
"""

from __future__ import annotations

import os
import sys

__all__ = ["main", "selection", "find_manifest"]

MANIFEST = "envmgr.toml"
LOCK = "envmgr.lock"


def find_manifest(start: str) -> str | None:
    """The nearest ``envmgr.toml`` in the absolute folder ``start`` or above (the one
    search, imported by the cached ``run`` path without the manifest's checks)."""
    here = start
    while True:
        candidate = os.path.join(here, MANIFEST)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def selection(manifest: str, task: list[str] | None = None) -> list[str]:
    """The record's key: the manifest and the interpreter (and ``[TASK, *ARGS]``)."""
    head = ["run-task"] if task is not None else ["run"]
    return [*head, sys.prefix, sys.path[0] if sys.path else "", manifest, *(task or [])]


def files(manifest: str) -> tuple[str, ...]:
    return (manifest, os.path.join(os.path.dirname(manifest), LOCK))


def main(argv: list[str]) -> int | None:
    """Run ``run -- CMD`` or ``run TASK [ARGS]`` from its record; None when the full CLI
    must answer."""
    if len(argv) < 2 or argv[0] != "run":
        return None
    if argv[1] == "--":
        task = None
        cmd = argv[2:]
        if not cmd:
            return None
    elif argv[1].startswith("-"):
        return None  # an option of run: the full parser's
    else:
        task, cmd = argv[1:], []
    try:
        manifest = find_manifest(os.path.abspath(os.getcwd()))
    except OSError:
        return None
    if manifest is None:
        return None
    from envmgr.activate.fast import cached

    found = cached(selection(manifest, task), files(manifest))
    if found is None:
        return None
    env, notes, extra = found
    if task is not None and not _commands_ok(extra):
        return None
    for note in notes:
        print(f"envmgr: {note}", file=sys.stderr)
    sys.stdout.flush()
    if task is not None:
        return _run_commands(os.path.dirname(manifest), task[0], extra, env)
    try:
        os.execvpe(cmd[0], cmd, env)
    except OSError:  # not found, not executable: the full CLI says so
        return None
    return 0  # not reached


def _commands_ok(extra: object) -> bool:
    return isinstance(extra, list) and bool(extra) and all(
        isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c)
        for c in extra)


def _run_commands(root: str, name: str, commands: list[list[str]],
                  env: dict[str, str]) -> int:
    """Each ``[task, command line]`` by ``sh -c`` in ``root``; the last is exec'd."""
    os.chdir(root)
    for i, (task, line) in enumerate(commands):
        print(f"envmgr: [{task}] {line}", file=sys.stderr)
        sys.stderr.flush()
        argv = ["sh", "-c", line]
        if i == len(commands) - 1:
            os.execvpe("sh", argv, env)
        pid = os.fork()
        if pid == 0:  # the child: sh, or exit 127 as a shell would
            try:
                os.execvpe("sh", argv, env)
            finally:
                os._exit(127)
        rc = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        if rc != 0:
            if task != name:
                print(f"envmgr: task '{task}' failed (exit status {rc}); '{name}' not run",
                      file=sys.stderr)
            return rc if rc > 0 else 128 - rc
    return 0  # not reached: the last command is exec'd
