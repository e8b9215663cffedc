"""``envmgr search``: everything envmgr knows how to find (softs) or install (recipes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from envmgr.catalog import builtin as catalog

__all__ = ["search", "known_softs"]


def known_softs(em: Any) -> list[dict[str, Any]]:
    """The description of every soft that wins its name (the catalogue's rule): builtin
    ones from the index, external ones from their classes."""
    by_name: dict[str, dict[str, Any]] = {}
    for ref, canonical in em.host.winners():
        info = em.host.plugins.get(ref.name)
        cls = next((c for c in info.softs if c.name == canonical), None) if info else None
        if cls is not None:
            by_name[canonical] = {**catalog.soft_info(cls), "plugin": ref.name}
            continue
        meta = catalog.load_index()["modules"].get(ref.name, {})
        for s in meta.get("softs", []):
            if s["name"] == canonical:
                by_name[canonical] = {**s, "plugin": ref.name}
    return [by_name[n] for n in sorted(by_name)]


def search(em: Any, term: str | None = None, tags: Sequence[str] = ()) -> list[dict[str, Any]]:
    items = []
    for s in known_softs(em):
        all_tags = [s["name"], *s["aliases"], s["category"], *s["tags"]]
        item = {
            "name": s["name"],
            "kind": "soft",
            "category": s["category"],
            "aliases": s["aliases"],
            "tags": list(dict.fromkeys(t.lower() for t in all_tags)),
            "summary": s["summary"],
            "plugin": s["plugin"],
        }
        if term:
            t = term.lower()
            hay = [item["name"], *item["aliases"], item["summary"].lower()]
            if not any(t in h for h in hay):
                continue
        if tags and not set(tags) <= set(item["tags"]):
            continue
        items.append(item)
    return items


# -- the command ------------------------------------------------------------------------

SEARCH_EXAMPLES = """examples:
  envmgr search
  envmgr search clang
  envmgr search --tags=compiler --json"""


def register(commands: Any) -> None:
    commands.add("search", "what envmgr knows how to find", _setup, _run,
                 examples=SEARCH_EXAMPLES)


def _setup(p: Any) -> None:
    p.add_argument("term", nargs="?", help="part of a name, alias or summary")
    p.add_argument("--tags", help="comma-separated tags, all required")


def _run(args: Any, app: Any) -> int:
    from envmgr.cli._format import table
    from envmgr.store.query import parse_tags

    items = search(app.em, args.term, parse_tags(args.tags))
    if args.json:
        app.json(items)
        return 0
    if not items:
        app.out("nothing known matches" + (f" '{args.term}'" if args.term else ""))
        return 0
    app.out(table([[i["name"], i["kind"], i["category"], i["summary"]] for i in items],
                  ["name", "kind", "category", "summary"]))
    return 0
