"""``envmgr run -- CMD`` with a fresh lock, from a cache: find, check, exec.

``run -- CMD`` sits in the same loops ``shell -- CMD`` does, so it takes the same road
(:mod:`envmgr.activate.fast`): the full path (manifest, lock, registry, planner) keeps the
project's environment operations in a record; this module serves the next identical
command with ``os`` and envmgr's tiny modules only. The record is keyed by the manifest's
path and the interpreter, and holds only while the manifest and the lock are unchanged (their
stat is part of the key) and everything :mod:`envmgr.activate.fast` watches holds. The
full path keeps no record while the lock is stale, nor for a manifest whose ``when``
conditions read facts that change without a file changing (a GPU, a container, a job).
"""

from __future__ import annotations

import os
import sys

__all__ = ["main", "selection", "find_manifest"]

MANIFEST = "envmgr.toml"
LOCK = "envmgr.lock"


def find_manifest(start: str) -> str | None:
    """The nearest ``envmgr.toml`` in ``start`` or above (as
    :func:`envmgr.project.manifest.find`, without its imports)."""
    here = start
    while True:
        candidate = os.path.join(here, MANIFEST)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def selection(manifest: str) -> list[str]:
    return ["run", sys.prefix, sys.path[0] if sys.path else "", manifest]


def files(manifest: str) -> tuple[str, ...]:
    return (manifest, os.path.join(os.path.dirname(manifest), LOCK))


def main(argv: list[str]) -> int | None:
    """Exec ``run -- CMD`` from its record; None when the full CLI must answer."""
    if len(argv) < 3 or argv[0] != "run" or argv[1] != "--":
        return None
    cmd = argv[2:]
    try:
        manifest = find_manifest(os.path.abspath(os.getcwd()))
    except OSError:
        return None
    if manifest is None:
        return None
    from envmgr.activate.fast import cached

    found = cached(selection(manifest), files(manifest))
    if found is None:
        return None
    env, notes = found
    for note in notes:
        print(f"envmgr: {note}", file=sys.stderr)
    sys.stdout.flush()
    try:
        os.execvpe(cmd[0], cmd, env)
    except OSError:  # not found, not executable: the full CLI says so
        return None
    return 0  # not reached
