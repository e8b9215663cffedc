"""Operations as POSIX shell statements, for scripts that run in an unknown environment.

Unlike the activation scripts (:mod:`envmgr.activate.scripts`, which run where envmgr
planned them and set final values), an exported script runs later and elsewhere, so path
lists are edited where it runs, by one small function that does what
:func:`envmgr.activate.envops.apply` does: dirs (once each, empty ones dropped) go first
(``prepend``, their earlier places removed) or last (``append``, unless there already),
and the empty items of the old value go. Words are quoted with :func:`shlex.quote`.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from envmgr.activate.envops import APPEND, PREPEND, SET, EnvOp

__all__ = ["statements", "path_call", "PATH_FUNCTION", "CLEANUP"]

PATH_FUNCTION = r"""_envmgr_path() {
    # _envmgr_path prepend|append VAR DIR...: edit the path list VAR as envmgr plans it
    _envmgr_how=$1 _envmgr_var=$2
    shift 2
    _envmgr_dirs=
    for _envmgr_d in "$@"; do
        [ -n "$_envmgr_d" ] || continue
        case ":$_envmgr_dirs:" in
            *":$_envmgr_d:"*) ;;
            *) _envmgr_dirs=${_envmgr_dirs:+$_envmgr_dirs:}$_envmgr_d ;;
        esac
    done
    [ -n "$_envmgr_dirs" ] || return 0
    eval "_envmgr_rest=\${$_envmgr_var-}"
    _envmgr_old=
    while [ -n "$_envmgr_rest" ]; do
        _envmgr_d=${_envmgr_rest%%:*}
        case $_envmgr_rest in
            *:*) _envmgr_rest=${_envmgr_rest#*:} ;;
            *) _envmgr_rest= ;;
        esac
        [ -n "$_envmgr_d" ] || continue
        if [ "$_envmgr_how" = prepend ]; then
            case ":$_envmgr_dirs:" in *":$_envmgr_d:"*) continue ;; esac
        fi
        _envmgr_old=${_envmgr_old:+$_envmgr_old:}$_envmgr_d
    done
    if [ "$_envmgr_how" = prepend ]; then
        _envmgr_new=$_envmgr_dirs${_envmgr_old:+:$_envmgr_old}
    else
        _envmgr_new=$_envmgr_old
        for _envmgr_d in "$@"; do
            [ -n "$_envmgr_d" ] || continue
            case ":$_envmgr_new:" in
                *":$_envmgr_d:"*) ;;
                *) _envmgr_new=${_envmgr_new:+$_envmgr_new:}$_envmgr_d ;;
            esac
        done
    fi
    eval "export $_envmgr_var=\$_envmgr_new"
}"""

CLEANUP = ("unset -f _envmgr_path; unset _envmgr_how _envmgr_var _envmgr_dirs _envmgr_d "
            "_envmgr_rest _envmgr_old _envmgr_new")


def statements(ops: Sequence[EnvOp], indent: str = "") -> list[str]:
    """The lines of a POSIX script doing ``ops`` (names checked by the caller)."""
    paths = any(op.kind in (PREPEND, APPEND) for op in ops)
    lines = PATH_FUNCTION.splitlines() if paths else []
    for op in ops:
        if op.kind in (PREPEND, APPEND):
            lines.append(path_call(op))
        elif op.kind == SET:
            lines.append(f"export {op.var}={shlex.quote(str(op.value))}")
        else:
            lines.append(f"unset {op.var}")
    if paths:
        lines.append(CLEANUP)
    return [indent + line if line else line for line in lines]


def path_call(op: EnvOp) -> str:
    """The call of :data:`PATH_FUNCTION` that does a ``prepend`` or ``append``."""
    words = " ".join(shlex.quote(d) for d in op.dirs)
    return f"_envmgr_path {op.kind} {op.var} {words}".rstrip()
