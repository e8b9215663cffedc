"""The ``json`` exporter: the operations and the entries they come from, as data.

``{"format": "envmgr-export", "version": 1, "name", "selection", "depends", "ops",
"entries"}``: ``ops`` as ``[kind, var, value]`` (:func:`envmgr.activate.envops.ops_to_json`),
``entries`` in their documented JSON form. With ``--all``: ``{"format", "version",
"modules": [...]}``, one object per entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from envmgr.activate.envops import ops_to_json
from envmgr.export.exporter import Exporter, ExportRequest
from envmgr.plugin.hookspecs import hookimpl

if TYPE_CHECKING:
    from envmgr.plugin.collectors import Exporters

__all__ = ["JsonExporter", "envmgr_register_exporters"]

_HEAD = {"format": "envmgr-export", "version": 1}


def _one(request: ExportRequest) -> dict[str, Any]:
    return {"name": request.name, "selection": request.selection, "depends": request.depends,
            "ops": ops_to_json(request.ops), "entries": [e.to_json() for e in request.entries]}


class JsonExporter(Exporter):
    """The plan, as JSON."""

    name = "json"
    summary = "the operations and the entries, as JSON"
    filename = "env.json"
    line_breaks = True  # JSON strings carry any character

    def render(self, request: ExportRequest) -> str:
        return json.dumps({**_HEAD, **_one(request)}, indent=2) + "\n"

    def render_home(self, requests: Sequence[ExportRequest]) -> dict[str, str] | None:
        data = {**_HEAD, "modules": [_one(r) for r in requests]}
        return {self.filename: json.dumps(data, indent=2) + "\n"}


@hookimpl
def envmgr_register_exporters(exporters: Exporters) -> None:
    """Add the json exporter."""
    exporters.add("json", JsonExporter())
