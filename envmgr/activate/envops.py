"""Environment operations: what activating entries does, as data.

Activation is planned once (:mod:`envmgr.activate.plan`: entries → operations) and then
rendered, so that every target gets the same plan:

- ``prepend`` *var* *dirs*: put ``dirs`` (a tuple, in order) first on the path list
  ``var`` (``os.pathsep``-separated), removing their earlier occurrences; empty items of the
  old value are dropped.
- ``append`` *var* *dirs*: put those of ``dirs`` not already on ``var`` last.
- ``set`` *var* *value*: ``var=value``.
- ``unset`` *var*: remove ``var`` (value ``None``).

Renderers take the list of :class:`EnvOp` (and whatever their target needs) and never
reorder it; an op's ``kind`` tells them what it does, so that an exporter can write it in
its own terms (``prepend_path``, ``setenv``, ``ENV``, ``PATH_add``)::

    def render(ops: Sequence[EnvOp], ...) -> str: ...

The renderers so far: :func:`apply` (the process environment of ``envmgr shell``) and
:mod:`envmgr.activate.scripts` (bash, zsh, sh and fish activation scripts, which resolve the
ops against the shell's environment, since they run in it). Exporters (Lmod, Tcl modules,
Dockerfile, direnv) go in ``envmgr/export/``, one renderer each.

This module imports nothing but ``os`` (and ``json`` to read ``ENVMGR_SAVED``): the cached
``shell`` path uses it.
"""

from __future__ import annotations

import os

from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "EnvOp", "KINDS", "PREPEND", "APPEND", "SET", "UNSET", "SAVED_VAR", "ACTIVE_VAR",
    "apply", "ops_to_json", "ops_from_json", "read_saved", "original_env", "valid_name",
    "control_char",
]

PREPEND, APPEND, SET, UNSET = "prepend", "append", "set", "unset"
KINDS = (PREPEND, APPEND, SET, UNSET)
SAVED_VAR = "ENVMGR_SAVED"
"""What ``activate`` changed, as JSON ``{var: value before, or null}``: deactivate restores it."""
ACTIVE_VAR = "ENVMGR_ACTIVE"


class EnvOp:
    """One operation on one variable; frozen. ``value``: a tuple of dirs for ``prepend``
    and ``append``, a string for ``set``, ``None`` for ``unset``."""

    __slots__ = ("kind", "var", "value")
    kind: str
    var: str
    value: tuple[str, ...] | str | None

    def __init__(self, kind: str, var: str, value: Iterable[str] | str | None = None) -> None:
        if kind in (PREPEND, APPEND):
            if isinstance(value, str) or value is None:
                raise TypeError(f"{kind} takes a sequence of dirs, not {value!r}")
            value = tuple(value)
        elif kind == SET:
            if not isinstance(value, str):
                raise TypeError(f"set takes a string, not {value!r}")
        elif kind == UNSET:
            value = None
        else:
            raise ValueError(f"no operation '{kind}' (one of {', '.join(KINDS)})")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "var", var)
        object.__setattr__(self, "value", value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EnvOp is frozen")

    @property
    def dirs(self) -> tuple[str, ...]:
        """The dirs of a ``prepend`` or ``append``; ``()`` for the others."""
        return self.value if isinstance(self.value, tuple) else ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EnvOp) and (self.kind, self.var, self.value) == (
            other.kind, other.var, other.value)

    def __hash__(self) -> int:
        return hash((self.kind, self.var, self.value))

    def __repr__(self) -> str:
        return f"EnvOp({self.kind!r}, {self.var!r}, {self.value!r})"


def valid_name(var: str) -> bool:
    """A variable name every shell can set: letters, digits and ``_``, not starting with a
    digit."""
    return bool(var) and var.isascii() and (var[0].isalpha() or var[0] == "_") and (
        var.replace("_", "a").isalnum())


_CONTROL_NAMES = {"\n": "a line feed", "\r": "a carriage return", "\0": "a NUL",
                  "\t": "a tab", "\x1b": "an escape"}


def control_char(value: str, allow: str = "") -> str | None:
    """What the first control character of ``value`` is ("a line feed", "U+0007"), unless
    it is in ``allow``; None when there is none. A value that reaches a shell, a module
    file or a container definition holds none of them."""
    for ch in value:
        if (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0) and ch not in allow:
            return _CONTROL_NAMES.get(ch, f"U+{ord(ch):04X}")
    return None


def _split(value: str | None) -> list[str]:
    return [p for p in (value or "").split(os.pathsep) if p]


def apply(ops: Iterable[EnvOp], environ: Mapping[str, str]) -> dict[str, str]:
    """The environment ``environ`` becomes under ``ops`` (a new dict)."""
    env = dict(environ)
    for op in ops:
        if op.kind == SET:
            env[op.var] = str(op.value)
        elif op.kind == UNSET:
            env.pop(op.var, None)
        else:
            dirs = list(dict.fromkeys(d for d in op.dirs if d))
            if not dirs:
                continue
            old = _split(env.get(op.var))
            if op.kind == PREPEND:
                new = dirs + [p for p in old if p not in dirs]
            else:
                new = old + [d for d in dirs if d not in old]
            env[op.var] = os.pathsep.join(new)
    return env


def ops_to_json(ops: Iterable[EnvOp]) -> list[list[object]]:
    """``[[kind, var, value], ...]``, dirs as a list."""
    return [[op.kind, op.var, list(op.value) if isinstance(op.value, tuple) else op.value]
            for op in ops]


def ops_from_json(data: object) -> list[EnvOp]:
    """The inverse of :func:`ops_to_json`; ``ValueError`` for anything else."""
    if not isinstance(data, list):
        raise ValueError("not a list of operations")
    ops = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)
                and isinstance(item[1], str)):
            raise ValueError(f"not an operation: {item!r}")
        kind, var, value = item
        if kind in (PREPEND, APPEND) and not (
                isinstance(value, list) and all(isinstance(d, str) for d in value)):
            raise ValueError(f"not a list of dirs: {value!r}")
        try:
            ops.append(EnvOp(kind, var, value))
        except (TypeError, ValueError) as exc:
            raise ValueError(str(exc)) from None
    return ops


def read_saved(environ: Mapping[str, str]) -> dict[str, str | None] | None:
    """The values ``ENVMGR_SAVED`` says the last activation replaced; None when it is not
    set. A value that is not what activate writes is a UsageError naming the variable."""
    raw = environ.get(SAVED_VAR)
    if raw is None:
        return None
    import json

    try:
        saved = json.loads(raw)
    except ValueError as exc:
        raise _bad_saved(f"it is not valid JSON ({exc})") from None
    if not isinstance(saved, dict):
        raise _bad_saved(f"it is JSON {type(saved).__name__}, not an object of saved values")
    for var, value in saved.items():
        if not valid_name(var):
            raise _bad_saved(f"{var[:40]!r} is not a variable name")
        if value is not None and not isinstance(value, str):
            raise _bad_saved(f"the saved value of {var} is {type(value).__name__}, "
                             "not a string or null")
    return saved


def _bad_saved(reason: str) -> UsageError:
    return UsageError(
        f"the variable {SAVED_VAR} (what 'envmgr deactivate' restores) is malformed: {reason}",
        f"unset it ('unset {SAVED_VAR}', in fish 'set -e {SAVED_VAR}'); if the environment "
        "looks wrong, open a new shell",
    )


def original_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with an earlier activation undone, so that activations never stack."""
    env = dict(environ)
    saved = read_saved(environ)
    if saved is None:
        return env
    for var, value in saved.items():
        if value is None:
            env.pop(var, None)
        else:
            env[var] = value
    env.pop(SAVED_VAR, None)
    return env
