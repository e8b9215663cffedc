"""``envmgr search``: everything envmgr knows how to find (softs) or install (recipes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from envmgr.catalog import builtin as catalog

__all__ = ["search", "known_softs", "recipe_items", "default_version"]


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


def default_version(versions: Sequence[str], deprecated: Sequence[str] = ()) -> str | None:
    """The version ``envmgr install NAME`` takes: the newest that is not deprecated (the
    resolver's rule), else the newest."""
    from envmgr.versions import Version

    def key(v: str) -> tuple[bool, bool, Version]:
        parsed = Version(v)
        return (v not in deprecated, not parsed.is_prerelease, parsed)

    return max(versions, key=key) if versions else None


def recipe_items(em: Any) -> list[dict[str, Any]]:
    """One search item per recipe of the catalogue (``kind: "recipe"``), with its
    versions, the default one, and its variants with their defaults."""
    from envmgr.install.resolver import _tagset

    out = []
    for r in em.catalog.recipes.items():
        if r.get("error"):
            continue
        versions = list(r.get("versions", []))
        tags: set[str] = set()
        for v in versions or [""]:
            tags |= _tagset(r["name"], v, r.get("tags", []))
        if r.get("category"):
            tags.add(r["category"])
        out.append({
            "name": r["name"],
            "kind": "recipe",
            "category": r.get("category", ""),
            "aliases": [],
            "tags": sorted(t.lower() for t in tags),
            "summary": r.get("summary", ""),
            "versions": versions,
            "default_version": default_version(versions, r.get("deprecated", [])),
            "variants": dict(r.get("variants", {})),
            "frontend": r.get("frontend", ""),
            "origin": r.get("origin", ""),
        })
    return out


def _matches(item: dict[str, Any], term: str | None, tags: Sequence[str]) -> bool:
    if term:
        t = term.lower()
        hay = [item["name"], *item["aliases"], item["summary"].lower()]
        if item["kind"] == "recipe":
            hay += item["tags"]
        if not any(t in h for h in hay):
            return False
    return not tags or set(tags) <= set(item["tags"])


def search(em: Any, term: str | None = None, tags: Sequence[str] = (),
           recipes: bool = True) -> list[dict[str, Any]]:
    """Softs (``kind: "soft"``) and, with ``recipes``, recipes (``kind: "recipe"``) whose
    name, alias, summary (or, for a recipe, tag) contains ``term`` and that carry all
    ``tags``; softs first, each kind by name."""
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
        if _matches(item, term, tags):
            items.append(item)
    if recipes:
        items += [r for r in recipe_items(em) if _matches(r, term, tags)]
    return items


def _choices(item: dict[str, Any]) -> str:
    """``versions 2.0 (default), 1.0; variants flavour: plain (default), fancy``."""
    versions = [v + (" (default)" if v == item["default_version"] else "")
                for v in item["versions"]]
    text = "versions " + ", ".join(versions) if versions else "no versions"
    if item["variants"]:
        parts = []
        for name, v in sorted(item["variants"].items()):
            vals = [x + (" (default)" if x == v["default"] else "") for x in v["values"]]
            parts.append(f"{name}: {', '.join(vals)}")
        text += "; variants " + "; ".join(parts)
    return text


# -- the command ------------------------------------------------------------------------

SEARCH_EXAMPLES = """examples:
  envmgr search
  envmgr search clang
  envmgr search mobilenet                # softs and recipes, with versions and variants
  envmgr search --tags=compiler --json"""


def register(commands: Any) -> None:
    commands.add("search", "what envmgr knows how to find or install", _setup, _run,
                 examples=SEARCH_EXAMPLES)


def _setup(p: Any) -> None:
    p.add_argument("term", nargs="?", help="part of a name, alias or summary")
    p.add_argument("--tags", help="comma-separated tags, all required")
    p.add_argument("--kind", choices=("soft", "recipe"),
                   help="only softs (what detect finds) or only recipes (what install makes)")


def _run(args: Any, app: Any) -> int:
    from envmgr.cli._format import table
    from envmgr.store.query import parse_tags

    items = search(app.em, args.term, parse_tags(args.tags), recipes=args.kind != "soft")
    if args.kind:
        items = [i for i in items if i["kind"] == args.kind]
    if args.json:
        app.json(items)
        return 0
    if not items:
        app.out("nothing known matches" + (f" '{args.term}'" if args.term else ""))
        return 0
    app.out(table([[i["name"], i["kind"], i["category"], i["summary"]] for i in items],
                  ["name", "kind", "category", "summary"]))
    recipes = [i for i in items if i["kind"] == "recipe"]
    if recipes:
        app.out("")
        for r in recipes:
            app.out(f"{r['name']}: {_choices(r)}")
        app.out("install one with 'envmgr install NAME[@VERSION] [--variant K=V]'")
    return 0
