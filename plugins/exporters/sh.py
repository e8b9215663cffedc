"""The ``sh`` exporter: a POSIX script to source (``. ./env.sh``) in sh, dash, bash or zsh.

Path lists are edited where the script runs, exactly as envmgr plans it
(:mod:`envmgr.export.posix`); values are single-quoted, so any byte but NUL survives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from envmgr.export.exporter import Exporter, ExportRequest
from envmgr.export.posix import statements
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["ShExporter", "envmgr_register_exporters"]


class ShExporter(Exporter):
    """A plain POSIX shell script."""

    name = "sh"
    summary = "a POSIX shell script to source"
    filename = "env.sh"
    label = "a shell script"
    line_breaks = True  # single-quoted: any byte but NUL

    def render(self, request: ExportRequest) -> str:
        lines = [f"# {request.name}: written by envmgr export; source it: . ./{self.filename}",
                 *statements(request.ops), "hash -r 2>/dev/null || true"]
        return "\n".join(lines) + "\n"


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the sh exporter."""
    exporters.add("sh", ShExporter())
