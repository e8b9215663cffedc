"""The ``direnv`` exporter: an ``.envrc``.

direnv evaluates it in bash with its standard library and undoes it on leaving the
folder. ``prepend`` on ``PATH`` is ``PATH_add``, on another list ``path_add VAR``, with
the dirs in the planned order; unlike ``envmgr shell``, these do not remove a dir's
earlier place on the list (it stays second, and changes nothing). direnv 2.32's
``path_add`` expands glob characters in a dir (and can hang on them), so dirs holding
``* ? [ ] { } \\`` or control characters are edited by envmgr's own POSIX function
instead (:mod:`envmgr.export.posix`), which does exactly what the plan says. ``append``
uses that function too; ``set`` is ``export``, ``unset`` is ``unset``.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from envmgr.activate.envops import APPEND, PREPEND, SET
from envmgr.export.exporter import Exporter, ExportRequest
from envmgr.export.posix import CLEANUP, PATH_FUNCTION, path_call
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["DirenvExporter", "envmgr_register_exporters"]


class DirenvExporter(Exporter):
    """direnv's ``.envrc``."""

    name = "direnv"
    summary = "a direnv .envrc (then run 'direnv allow')"
    filename = ".envrc"
    label = "an .envrc"
    # direnv's path_add reads the list with `read`, which stops at a line break
    line_breaks = False

    def render(self, request: ExportRequest) -> str:
        q = shlex.quote
        ops = request.ops
        lines = [f"# {request.name}: written by envmgr export; run 'direnv allow' to use it"]
        own = [op for op in ops if op.dirs and not (op.kind == PREPEND and _plain(op.dirs))]
        if own:
            lines += PATH_FUNCTION.splitlines()
        for op in ops:
            dirs = [d for d in op.dirs if d]
            if op in own:
                lines.append(path_call(op))
            elif op.kind in (PREPEND, APPEND):
                if dirs:  # a plain prepend (an append of no dirs does nothing)
                    words = " ".join(q(d) for d in dict.fromkeys(dirs))
                    lines.append(f"PATH_add {words}" if op.var == "PATH"
                                 else f"path_add {op.var} {words}")
            elif op.kind == SET:
                lines.append(f"export {op.var}={q(str(op.value))}")
            else:
                lines.append(f"unset {op.var}")
        if own:
            lines.append(CLEANUP)
        return "\n".join(lines) + "\n"


def _plain(dirs: tuple[str, ...]) -> bool:
    return not any(c in "*?[]{}\\" or not c.isprintable() for d in dirs for c in d)


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the direnv exporter."""
    exporters.add("direnv", DirenvExporter())
