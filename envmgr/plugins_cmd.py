"""``envmgr plugin``: list and inspect plugins (authoring commands come with issue 3)."""

from __future__ import annotations

import argparse
from typing import Any

from . import catalog
from .errors import NotFoundError, UsageError

__all__ = ["add_arguments", "run", "plugin_rows"]


def add_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="plugin_command", metavar="PLUGIN_COMMAND")
    sub.add_parser("list", help="every plugin: origin, softs, search dirs, overrides",
                   parents=[common])
    info = sub.add_parser("info", help="one plugin in full", parents=[common])
    info.add_argument("name")


def plugin_rows(em: Any) -> list[dict[str, Any]]:
    """Every plugin, builtins from the index (not imported) then loaded external ones."""
    rows: list[dict[str, Any]] = []
    builtin_softs: dict[str, str] = {}
    for name, meta in catalog.load_index()["modules"].items():
        softs = [s["name"] for s in meta["softs"]]
        for s in softs:
            builtin_softs[s] = name
        rows.append({
            "name": name,
            "origin": "builtin",
            "module": meta["module"],
            "distribution": "",
            "location": "",
            "softs": softs,
            "search_dirs": sorted({d for s in meta["softs"] for d in s["search_dirs"]}),
            "hooks": meta["hooks"],
            "overrides": [],
            "disabled": em.host.blocked(name),
            "error": "",
        })
    em.host.load_external()
    winners: dict[str, str] = {}
    for info in em.host.plugins.values():
        if info.origin == "builtin":
            continue
        row = info.to_json()
        row["overrides"] = [
            f"{builtin_softs[s]}:{s}" for s in row["softs"] if s in builtin_softs
        ] + [f"{winners[s]}:{s}" for s in row["softs"] if s in winners]
        for s in row["softs"]:
            winners[s] = info.name
        row["disabled"] = False
        rows.append(row)
    for name in sorted(em.config.blocked):
        if not any(r["name"] == name for r in rows):
            rows.append({"name": name, "origin": "unknown", "softs": [], "search_dirs": [],
                         "hooks": [], "overrides": [], "disabled": True, "error": "",
                         "module": "", "distribution": "", "location": ""})
    return rows


def run(args: argparse.Namespace, app: Any) -> int:
    cmd = getattr(args, "plugin_command", None)
    if cmd == "list":
        rows = plugin_rows(app.em)
        if args.json:
            app.json(rows)
            return 0
        from .cli import _table

        table = []
        for r in rows:
            origin = r["origin"] + (f" ({r['distribution']})" if r.get("distribution") else "")
            state = "disabled" if r["disabled"] else ("error" if r["error"] else "")
            extra = f"overrides {', '.join(r['overrides'])}" if r["overrides"] else ""
            table.append([r["name"], origin, ",".join(r["softs"]) or "-",
                          " ".join(x for x in (state, extra) if x)])
        app.out(_table(table, ["plugin", "origin", "softs", "notes"]))
        return 0
    if cmd == "info":
        rows = {r["name"]: r for r in plugin_rows(app.em)}
        row = rows.get(args.name)
        if row is None:
            import difflib

            close = difflib.get_close_matches(args.name, list(rows), n=3)
            raise NotFoundError(
                f"no plugin '{args.name}'",
                ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close
                else "see 'envmgr plugin list'",
            )
        if args.json:
            app.json(row)
            return 0
        for k, v in row.items():
            if isinstance(v, list):
                v = ", ".join(v) or "-"
            app.out(f"{k:<13} {v if v not in ('', None) else '-'}")
        return 0
    raise UsageError("name a plugin command: list or info", "see 'envmgr plugin --help'")
