"""The ``tcl`` exporter: a Tcl modulefile (``#%Module1.0``), as Environment Modules and
Lmod read it.

``prepend`` is ``prepend-path``, last dir first (the dirs end up in the planned order);
``append`` is ``append-path``; ``set`` is ``setenv`` and ``unset`` ``unsetenv``.
Unloading takes the dirs out again and unsets what was set: unlike the Lua ``pushenv``,
the Tcl ``pushenv`` of Lmod 8.6 does not bring the earlier value back, so it is not used.
Compilers and MPI libraries get a ``family``; a module of a tree has ``depends-on``
its dependencies' modules. Every word is double-quoted with nothing left to substitute.

Lmod reads a Tcl modulefile by turning it into Lua (``tcl2lua.tcl``), which writes the
dirs of ``prepend-path`` into Lua strings unescaped and trims the end of every value: a
dir holding ``"``, ``\\`` or a control character, or a value ending in a space or line
break, would load wrong or not at all, so it is refused (``--format lmod`` carries it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from envmgr.activate.envops import APPEND, PREPEND, SET, EnvOp
from envmgr.errors import UsageError
from envmgr.export import quote
from envmgr.export.exporter import ExportRequest, ModuleExporter, families
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["TclExporter", "envmgr_register_exporters"]


class TclExporter(ModuleExporter):
    """The Tcl modulefile language."""

    name = "tcl"
    summary = "a Tcl modulefile (Environment Modules, Lmod); with --all, a module tree"
    filename = "modulefile"
    label = "a Tcl modulefile"
    line_breaks = False  # Lmod turns it into Lua: the same shell code as lmod's

    def render(self, request: ExportRequest) -> str:
        q = quote.tcl
        what = ", ".join(f"{e.soft} {e.version}" for e in request.selected)
        lines = ["#%Module1.0", f"# {request.name}: written by envmgr export; do not edit",
                 f"module-whatis {q('envmgr: ' + what)}"]
        lines += [f"family {q(f)}" for f in families(request.selected)]
        lines += [f"depends-on {q(d)}" for d in request.depends]
        for op in _lmod_readable(request.ops):
            if op.kind == PREPEND:
                lines += [f"prepend-path {q(op.var)} {q(d)}" for d in reversed(op.dirs) if d]
            elif op.kind == APPEND:
                lines += [f"append-path {q(op.var)} {q(d)}" for d in op.dirs if d]
            elif op.kind == SET:
                lines.append(f"setenv {q(op.var)} {q(str(op.value))}")
            else:
                lines.append(f"unsetenv {q(op.var)}")
        return "\n".join(lines) + "\n"


def _lmod_readable(ops: list[EnvOp]) -> list[EnvOp]:
    for op in ops:
        bad = [d for d in op.dirs if any(c in '"\\' or ord(c) < 0x20 for c in d)]
        if isinstance(op.value, str) and op.value != op.value.rstrip("\r\n "):
            bad.append(op.value)
        if bad:
            raise UsageError(f"cannot export {op.var} as a Tcl modulefile: Lmod's Tcl reader "
                             f"would change {bad[0][:80]!r} (a quote, backslash, control "
                             "character or trailing space)", "use --format lmod (Lua)")
    return ops


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the tcl exporter."""
    exporters.add("tcl", TclExporter())
