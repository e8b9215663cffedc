"""The ``direnv`` exporter: an ``.envrc``.

direnv evaluates it in bash with its standard library and undoes it on leaving the
folder. ``prepend`` on ``PATH`` is ``PATH_add``, on another list ``path_add VAR``, with
the dirs in the planned order; unlike ``envmgr shell``, these do not remove a dir's
earlier place on the list (it stays second, and changes nothing). ``append`` adds the
dirs not there yet; ``set`` is ``export``, ``unset`` is ``unset``.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from envmgr.activate.envops import APPEND, PREPEND, SET
from envmgr.export.exporter import Exporter, ExportRequest, checked_ops
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["DirenvExporter", "envmgr_register_exporters"]


class DirenvExporter(Exporter):
    """direnv's ``.envrc``."""

    name = "direnv"
    summary = "a direnv .envrc (then run 'direnv allow')"
    filename = ".envrc"

    def render(self, request: ExportRequest) -> str:
        q = shlex.quote
        # direnv's path_add reads the list with `read`, which stops at a line break
        ops = checked_ops(request.ops, "an .envrc", newlines=False)
        lines = [f"# {request.name}: written by envmgr export; run 'direnv allow' to use it"]
        for op in ops:
            dirs = [d for d in op.dirs if d]
            if op.kind == PREPEND and dirs:
                words = " ".join(q(d) for d in dict.fromkeys(dirs))
                lines.append(f"PATH_add {words}" if op.var == "PATH"
                             else f"path_add {op.var} {words}")
            elif op.kind == APPEND:
                for d in dict.fromkeys(dirs):
                    lines.append(f'case ":${{{op.var}-}}:" in *:{q(d)}:*) ;; '
                                 f'*) export {op.var}="${{{op.var}:+${op.var}:}}"{q(d)} ;; esac')
            elif op.kind == SET:
                lines.append(f"export {op.var}={q(str(op.value))}")
            elif op.kind not in (PREPEND, APPEND):
                lines.append(f"unset {op.var}")
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the direnv exporter."""
    exporters.add("direnv", DirenvExporter())
