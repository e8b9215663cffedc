"""The ``lmod`` exporter: a Lua modulefile.

``prepend`` becomes ``prepend_path`` calls, last dir first, so that the dirs end up in the
planned order (Lmod moves a dir already on the path to the front, as the plan does, and
counts references, so ``module unload`` takes out only what the load put in); ``append``
is ``append_path``; ``set`` is ``pushenv``, which ``module unload`` undoes by restoring the
value from before (``setenv`` would unset it); ``unset`` is ``pushenv(var, false)``, undone
the same way. Compilers and MPI libraries get a ``family``, so that Lmod swaps one for
another; a module of a tree ``depends_on`` its dependencies' modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from envmgr.activate.envops import APPEND, PREPEND, SET
from envmgr.export import quote
from envmgr.export.exporter import ExportRequest, ModuleExporter, families
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["LmodExporter", "envmgr_register_exporters"]


class LmodExporter(ModuleExporter):
    """Lmod's own modulefile language, Lua."""

    name = "lmod"
    summary = "an Lmod modulefile (Lua); with --all, a module tree"
    filename = "module.lua"
    suffix = ".lua"
    label = "an Lmod modulefile"
    # Lmod 8.6 writes a line break into the shell code `module` evals without quoting it
    line_breaks = False

    def render(self, request: ExportRequest) -> str:
        q = quote.lua
        lines = [f"-- {request.name}: written by envmgr export; do not edit"]
        what = ", ".join(f"{e.soft} {e.version}" for e in request.selected)
        lines.append(f"whatis({q('envmgr: ' + what)})")
        lines += [f"family({q(f)})" for f in families(request.selected)]
        lines += [f"depends_on({q(d)})" for d in request.depends]
        for op in request.ops:
            if op.kind == PREPEND:
                lines += [f"prepend_path({q(op.var)}, {q(d)})" for d in reversed(op.dirs) if d]
            elif op.kind == APPEND:
                lines += [f"append_path({q(op.var)}, {q(d)})" for d in op.dirs if d]
            elif op.kind == SET:
                lines.append(f"pushenv({q(op.var)}, {q(str(op.value))})")
            else:
                lines.append(f"pushenv({q(op.var)}, false)")
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the lmod exporter."""
    exporters.add("lmod", LmodExporter())
