"""What loading an environment module does, asked of Lmod itself.

:func:`module_ops` loads a module with Lmod (``eval "$($LMOD_CMD bash load NAME)"``) in a
clean environment (``env -i`` with ``HOME``, ``PATH=/usr/bin:/bin`` and ``MODULEPATH``)
and compares the environment before and after. A second load, with every variable the
first one changed (or that ``module show`` names) given a value beforehand, tells a path
prepended or appended to a variable from a value set outright, and shows what the module
unsets. The result is the ordered list of Lmod-style
operations the module performs, dependencies it loads included::

    [("prepend-path", "PATH", "/x/software/bzip2/1.0.8/bin"),
     ("setenv", "EBROOTBZIP2", "/x/software/bzip2/1.0.8"), ...]

Lmod's own bookkeeping (``LOADEDMODULES``, ``_LMFILES_``, ``MODULEPATH``,
``__LMOD_*``, ``_ModuleTable*``) is left out. :func:`to_envops` turns the list into the
planner's :class:`~envmgr.activate.envops.EnvOp`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence

from envmgr.activate.envops import APPEND, PREPEND, SET, UNSET, EnvOp, valid_name
from envmgr.errors import EnvmgrError, ProbeError

__all__ = ["module_ops", "to_envops", "OP_KINDS", "ModuleLoadError"]

#: the operations recorded, named as Lmod names them
OP_KINDS = ("prepend-path", "append-path", "setenv", "unsetenv")

_CLEAN_PATH = "/usr/bin:/bin"
# given to every variable the first load changed, so the second one shows where its
# own dirs went (before it, after it) or that it was replaced
_SENTINEL = "/envmgr-module-probe"
_MARK = "\x00envmgr-env\x00"
_OWN = ("LOADEDMODULES", "_LMFILES_", "MODULEPATH", "MODULESHOME", "LMOD_CMD", "PWD",
        "OLDPWD", "SHLVL", "_")
_DUMP = ("import json,os,sys; sys.stdout.write("
         f"{_MARK!r} + json.dumps(dict(os.environ)))")
# $1 lmod, $2 module, $3 python; "load" empty: the environment before
_SCRIPT = ('if [ -n "$2" ]; then out="$("$1" bash load "$2")" || exit 3; eval "$out" || '
           'exit 3; case ":$LOADEDMODULES:" in *":$2"*) ;; *) exit 4;; esac; fi; '
           'exec "$3" -c "$4"')


class ModuleLoadError(EnvmgrError):
    """Lmod could not load the module (its own message in the text)."""


def _own(var: str) -> bool:
    return var in _OWN or var.startswith(("__LMOD_", "_ModuleTable", "__Init_"))


def _environment(lmod: str, module: str, modulepath: str, extra: Mapping[str, str],
                 timeout: float) -> dict[str, str]:
    import sys

    from envmgr import _proc

    base = {"HOME": os.environ.get("HOME", "/"), "PATH": _CLEAN_PATH,
            "MODULEPATH": modulepath, "LMOD_CMD": lmod, **extra}
    argv = ["/usr/bin/env", "-i", *(f"{k}={v}" for k, v in base.items()),
            "/bin/bash", "--norc", "--noprofile", "-c", _SCRIPT, "envmgr-module-probe",
            lmod, module, sys.executable, _DUMP]
    try:
        res = _proc.run(argv, timeout=timeout)
    except ProbeError as exc:
        raise ModuleLoadError(f"cannot ask Lmod what module {module} does: {exc}") from None
    text, _, dump = res.output.partition(_MARK)
    if res.returncode != 0 or not dump:
        said = " ".join(ln.strip() for ln in text.splitlines() if ln.strip())[-600:]
        raise ModuleLoadError(
            f"Lmod ({lmod}) cannot load module {module or '(none)'} from {modulepath}"
            + (f": {said}" if said else f" (exit status {res.returncode})"))
    env = json.loads(dump)
    return {str(k): str(v) for k, v in env.items()}


_SHOWN = re.compile(r'\b(?:setenv|unsetenv|pushenv|prepend_path|append_path|remove_path)'
                    r'\(\s*"([A-Za-z_][A-Za-z0-9_]*)"')


def _shown(lmod: str, module: str, modulepath: str, timeout: float) -> set[str]:
    """The variables ``module show`` names (a module's own commands, not its deps')."""
    from envmgr import _proc

    argv = ["/usr/bin/env", "-i", f"HOME={os.environ.get('HOME', '/')}", f"PATH={_CLEAN_PATH}",
            f"MODULEPATH={modulepath}", lmod, "bash", "show", module]
    try:
        return set(_SHOWN.findall(_proc.run(argv, timeout=timeout).output))
    except ProbeError:
        return set()


def _split(value: str) -> list[str]:
    return [p for p in value.split(os.pathsep) if p]


def module_ops(lmod: str, modulepath: str, module: str, timeout: float = 120
               ) -> list[tuple[str, str, str]]:
    """The operations loading ``module`` (``bzip2/1.0.8``) from ``modulepath`` performs,
    in order; raises :class:`ModuleLoadError` when Lmod cannot load it."""
    before = _environment(lmod, "", modulepath, {}, timeout)
    after = _environment(lmod, module, modulepath, {}, timeout)
    touched = sorted(v for v in {*before, *after, *_shown(lmod, module, modulepath, timeout)}
                     if not _own(v) and valid_name(v))
    given = {v: before.get(v) or _SENTINEL for v in touched}
    before = _environment(lmod, "", modulepath, given, timeout)
    after = _environment(lmod, module, modulepath, given, timeout)
    ops: list[tuple[str, str, str]] = []
    for var in touched:
        old, new = before.get(var), after.get(var)
        if old == new:
            continue
        if new is None:
            ops.append(("unsetenv", var, ""))
            continue
        parts, olds = _split(new), _split(old or "")
        at = next((i for i in range(len(parts) - len(olds) + 1)
                   if olds and parts[i:i + len(olds)] == olds), None)
        if at is None:
            ops.append(("setenv", var, new))
            continue
        # "a:b:OLD:c": prepend b, then a (each goes first); then append c
        ops += [("prepend-path", var, d) for d in reversed(parts[:at])]
        ops += [("append-path", var, d) for d in parts[at + len(olds):]]
    return ops


def to_envops(ops: Sequence[Sequence[str]]) -> list[EnvOp]:
    """Recorded operations (:data:`OP_KINDS`) → the planner's operations, in order;
    ``ValueError`` for one that is not such an operation."""
    out: list[EnvOp] = []
    for op in ops:
        if not (isinstance(op, (list, tuple)) and len(op) == 3
                and all(isinstance(x, str) for x in op) and valid_name(op[1])):
            raise ValueError(f"not an environment operation: {op!r}")
        kind, var, value = op
        if kind == "prepend-path":
            out.append(EnvOp(PREPEND, var, _split(value)))
        elif kind == "append-path":
            out.append(EnvOp(APPEND, var, _split(value)))
        elif kind == "setenv":
            out.append(EnvOp(SET, var, value))
        elif kind == "unsetenv":
            out.append(EnvOp(UNSET, var))
        else:
            raise ValueError(f"not an environment operation: {kind!r} (one of "
                             f"{', '.join(OP_KINDS)})")
    return out
