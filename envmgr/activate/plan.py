"""The planner: selected entries (dependencies included) → environment operations.

Dirs are prepended in the order the entries come (the first ``--tags`` group first):

- ``PATH``: an entry's own bin dir (a venv's python must run from it), then its link dir,
  ``<home>/links/<uid>``: the only way in for a shared bin dir (:func:`shared_bin_dir`),
  and canonical names for the others (``python`` → ``/usr/bin/python3.11``);
- ``LD_LIBRARY_PATH``: its lib dirs, never the loader's own or a system prefix's
  (:func:`is_system_lib_dir`); ``PKG_CONFIG_PATH``: their ``pkgconfig`` dirs and the entry's
  own pkg-config dirs; ``CPATH``: include dirs, never a system one;
  ``CMAKE_PREFIX_PATH``: the prefix, unless it is a system prefix;
- then each entry's variables (the first entry's win), then the environment operations
  the tool that built an entry recorded (``attrs["env_ops"]``: what loading the module
  EasyBuild wrote does, :mod:`envmgr.activate.modules`), last entry first so that the
  first entry's dirs come first, then what ``envmgr_shell_env`` hooks change (recorded
  as operations by comparing the environment around each call), and ``ENVMGR_ACTIVE``.

The plan also lists the file-system facts it was made from (``checks``), so that a cache
of it (:mod:`envmgr.activate.fast`) can tell when it no longer holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from envmgr.activate.envops import (
    ACTIVE_VAR,
    PREPEND,
    SET,
    UNSET,
    EnvOp,
    apply,
)
from envmgr.detect.syspaths import (
    SYSTEM_PREFIXES,
    is_system_include_dir,
    is_system_lib_dir,
    shared_bin_dir,
)
from envmgr.store.entry import Entry

__all__ = ["Plan", "plan", "PATH_VARS", "Hook"]

PATH_VARS = ("PATH", "LD_LIBRARY_PATH", "CPATH", "PKG_CONFIG_PATH", "CMAKE_PREFIX_PATH")

Hook = Callable[[Entry, dict[str, str]], None]
LinkMaker = Callable[[str, Entry], "str | None"]


class Plan:
    """The operations that activate ``uids``, and what they depend on.

    ``checks``: ``(kind, path, expected)`` with kind ``"d"`` (is a dir: a bool), ``"e"``
    (exists: a bool) or ``"r"`` (resolves to: a path); ``cacheable``: False when the
    operations depend on more than the entries and those checks (a hook saw the whole
    environment, a link dir could not be made).
    """

    def __init__(self, uids: list[str], ops: list[EnvOp], checks: list[tuple[str, str, object]],
                 cacheable: bool, warnings: list[str]) -> None:
        self.uids = uids
        self.ops = ops
        self.checks = checks
        self.cacheable = cacheable
        self.warnings = warnings
        self.notes: list[str] = []
        """Messages of the selection (ties), shown on every run."""

    def apply(self, base: Mapping[str, str]) -> dict[str, str]:
        """The process environment: ``base`` with the operations applied."""
        return apply(self.ops, base)


def plan(
    entries: Sequence[Entry],
    links_dir: str,
    hook: Hook | None = None,
    base: Mapping[str, str] | None = None,
    make_link: LinkMaker | None = None,
) -> Plan:
    """Plan the activation of ``entries``; ``hook`` (``envmgr_shell_env``) sees the
    environment built on ``base`` (default: ``os.environ``)."""
    if make_link is None:
        from envmgr.activate.shell import ensure_link_dir

        make_link = ensure_link_dir
    add: dict[str, list[str]] = {v: [] for v in PATH_VARS}
    checks: list[tuple[str, str, object]] = []
    warnings: list[str] = []
    cacheable = True

    def push(var: str, d: str) -> None:
        if d and d not in add[var]:
            add[var].append(d)

    def isdir(d: str) -> bool:
        result = os.path.isdir(d)
        checks.append(("d", d, result))
        return result

    def resolves(d: str) -> None:  # whether a dir is the system's depends on where it leads
        if d:
            checks.append(("r", d, os.path.realpath(d)))

    for entry in entries:
        anchor = entry.anchor
        if anchor:
            checks.append(("e", anchor, True))
        for d in entry.paths.get("bin", []):
            if not shared_bin_dir(d):
                push("PATH", d)
        try:
            link = make_link(links_dir, entry)
        except OSError as exc:  # a read-only home: the entry's own dirs still apply
            warnings.append(f"cannot make the link dir of {entry.uid}: {exc}")
            cacheable = False
            link = None
        if link:
            checks.append(("d", link, True))
            push("PATH", link)
        for d in entry.paths.get("lib", []):
            resolves(d)
            if not is_system_lib_dir(d):
                push("LD_LIBRARY_PATH", d)
                pc = os.path.join(d, "pkgconfig")
                if isdir(pc):
                    push("PKG_CONFIG_PATH", pc)
        for d in entry.paths.get("include", []):
            resolves(d)
            if not is_system_include_dir(d):
                push("CPATH", d)
        for d in entry.paths.get("pkgconfig", []):
            push("PKG_CONFIG_PATH", d)
        if entry.prefix and os.path.normpath(entry.prefix) not in SYSTEM_PREFIXES:
            push("CMAKE_PREFIX_PATH", entry.prefix)

    ops = [EnvOp(PREPEND, var, dirs) for var, dirs in add.items() if dirs]
    # the first selected entry's own variables win
    merged: dict[str, str] = {}
    for entry in reversed(entries):
        merged.update({str(k): str(v) for k, v in entry.env.items()})
    ops += [EnvOp(SET, k, v) for k, v in merged.items()]
    for entry in reversed(entries):
        ops += _recorded_ops(entry, warnings)
    if hook is not None:
        env = apply(ops, os.environ if base is None else base)
        for entry in entries:
            before = dict(env)
            hook(entry, env)
            ops += diff_ops(before, env)
        cacheable = False  # what a hook did may depend on anything in the environment
    ops.append(EnvOp(SET, ACTIVE_VAR, ":".join(e.uid for e in entries)))
    return Plan([e.uid for e in entries], ops, checks, cacheable, warnings)


def _recorded_ops(entry: Entry, warnings: list[str]) -> list[EnvOp]:
    """The entry's ``attrs["env_ops"]`` as operations; a malformed list is a warning."""
    recorded = entry.attrs.get("env_ops")
    if not recorded:
        return []
    from envmgr.activate.modules import to_envops

    try:
        return to_envops(recorded)
    except ValueError as exc:
        warnings.append(f"the recorded environment of {entry.uid} is ignored: {exc}")
        return []


def diff_ops(before: Mapping[str, str], after: Mapping[str, str]) -> list[EnvOp]:
    """Operations that turn ``before`` into ``after``: a path list that only gained dirs
    in front is a ``prepend`` (so exporters keep it one), anything else a set or unset."""
    ops: list[EnvOp] = []
    for var in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(var), after.get(var)
        if old == new:
            continue
        if new is None:
            ops.append(EnvOp(UNSET, var))
            continue
        if old and new.endswith(os.pathsep + old):
            op = EnvOp(PREPEND, var, new[: -len(old) - 1].split(os.pathsep))
            if apply([op], {var: old}).get(var) == new:  # only where it gives the same value
                ops.append(op)
                continue
        ops.append(EnvOp(SET, var, new))
    return ops
