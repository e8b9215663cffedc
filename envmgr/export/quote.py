"""String literals of the languages exporters write, each safe for any value."""

from __future__ import annotations

import json

__all__ = ["lua", "tcl", "docker", "yaml"]

_TCL_SPECIAL = frozenset('\\"$[]{}')


def lua(value: str) -> str:
    """A Lua string literal: ``\\`` and ``"`` escaped, control bytes as ``\\ddd``."""
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03d}")  # three digits: a digit after it stays a digit
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def tcl(value: str) -> str:
    """A Tcl word in double quotes, with no substitution left in it: ``\\ " $ [ ] { }``
    escaped, control characters as ``\\ooo``."""
    out = []
    for ch in value:
        if ch in _TCL_SPECIAL:
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def docker(value: str) -> str:
    """A double-quoted Dockerfile word (``ENV K=...``): ``\\``, ``"`` and ``$`` escaped.
    Line breaks cannot be written; callers reject them first."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value)
