"""Renderers of environment operations as activation scripts: bash, zsh, sh and fish.

``eval "$(envmgr activate ...)"`` runs the script in the very environment envmgr was
started from, so the script resolves the operations against it and sets final values
(no shell-side list editing to get wrong in four dialects). It also sets ``ENVMGR_SAVED``
to the values the activation replaced, from before any earlier activation: a second
activation replaces the first instead of stacking on it, and ``deactivate`` restores
exactly what was there.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Mapping, Sequence

from envmgr.activate.envops import (
    ACTIVE_VAR,
    SAVED_VAR,
    EnvOp,
    apply,
    original_env,
    read_saved,
    valid_name,
)
from envmgr.errors import UsageError

__all__ = ["SHELLS", "activate_script", "deactivate_script", "render"]

SHELLS = ("bash", "zsh", "sh", "fish")


def _changes(base: Mapping[str, str], env: Mapping[str, str]) -> dict[str, str | None]:
    keys = set(base) | set(env)
    return {k: env.get(k) for k in sorted(keys) if base.get(k) != env.get(k)}


def activate_script(shell: str, current: Mapping[str, str], ops: Sequence[EnvOp]) -> str:
    """A script that turns the shell's ``current`` environment into the one ``ops`` give
    (applied to ``current`` with an earlier activation undone), and remembers what it
    replaced in ``ENVMGR_SAVED``."""
    base = original_env(current)
    env = apply(ops, base)
    saved = {k: base.get(k) for k in _changes(base, env) if k != SAVED_VAR}
    changes = {k: v for k, v in _changes(current, env).items() if k != SAVED_VAR}
    changes[SAVED_VAR] = json.dumps(saved, sort_keys=True)
    return render(shell, changes)


def deactivate_script(shell: str, environ: Mapping[str, str]) -> str:
    """A script restoring exactly the values saved by the last activate ("" if none)."""
    saved = read_saved(environ)
    if saved is None:
        return ""
    saved[SAVED_VAR] = None
    saved.setdefault(ACTIVE_VAR, None)
    return render(shell, saved)


def render(shell: str, changes: Mapping[str, str | None]) -> str:
    """Statements that set each variable to its value, or unset it (``None``)."""
    if shell not in SHELLS:
        raise UsageError(f"no shell dialect '{shell}'", f"use one of {', '.join(SHELLS)}")
    lines = []
    for var, value in changes.items():
        if not valid_name(var):  # would be code, not a name, once the shell reads it
            raise UsageError(f"cannot write a {shell} script that sets {var[:40]!r}: it is "
                             "not a variable name", "see which plugin or entry sets it")
        if shell == "fish":
            if value is None:
                lines.append(f"set -e {var};")
            elif var.endswith("PATH"):  # fish keeps path variables as lists
                parts = " ".join(_fish_quote(p) for p in value.split(os.pathsep))
                lines.append(f"set -gx {var} {parts};")
            else:
                lines.append(f"set -gx {var} {_fish_quote(value)};")
        elif value is None:
            lines.append(f"unset {var};")
        else:
            lines.append(f"export {var}={shlex.quote(value)};")
    if shell != "fish":
        lines.append("hash -r 2>/dev/null || true;")
    return "\n".join(lines) + "\n"


def _fish_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
