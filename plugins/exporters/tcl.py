"""The ``tcl`` exporter: a Tcl modulefile (``#%Module1.0``), as Environment Modules and
Lmod read it.

``prepend`` is ``prepend-path``, last dir first (the dirs end up in the planned order);
``append`` is ``append-path``; ``set`` is ``setenv`` and ``unset`` ``unsetenv``.
Unloading takes the dirs out again and unsets what was set: unlike the Lua ``pushenv``,
the Tcl ``pushenv`` of Lmod 8.6 does not bring the earlier value back, so it is not used.
Compilers and MPI libraries get a ``family``; a module of a tree has ``depends-on``
its dependencies' modules. Every word is double-quoted with nothing left to substitute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from envmgr.activate.envops import APPEND, PREPEND, SET
from envmgr.export import quote
from envmgr.export.exporter import ExportRequest, ModuleExporter, checked_ops, families
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["TclExporter", "envmgr_register_exporters"]


class TclExporter(ModuleExporter):
    """The Tcl modulefile language."""

    name = "tcl"
    summary = "a Tcl modulefile (Environment Modules, Lmod); with --all, a module tree"
    filename = "modulefile"

    def render(self, request: ExportRequest) -> str:
        q = quote.tcl
        what = ", ".join(f"{e.soft} {e.version}" for e in request.selected)
        lines = ["#%Module1.0", f"# {request.name}: written by envmgr export; do not edit",
                 f"module-whatis {q('envmgr: ' + what)}"]
        lines += [f"family {q(f)}" for f in families(request.selected)]
        lines += [f"depends-on {q(d)}" for d in request.depends]
        for op in checked_ops(request.ops, "a Tcl modulefile"):
            if op.kind == PREPEND:
                lines += [f"prepend-path {q(op.var)} {q(d)}" for d in reversed(op.dirs) if d]
            elif op.kind == APPEND:
                lines += [f"append-path {q(op.var)} {q(d)}" for d in op.dirs if d]
            elif op.kind == SET:
                lines.append(f"setenv {q(op.var)} {q(str(op.value))}")
            else:
                lines.append(f"unsetenv {q(op.var)}")
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the tcl exporter."""
    exporters.add("tcl", TclExporter())
