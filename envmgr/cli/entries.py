"""``envmgr list``, ``show``, ``rm`` and ``gc``: the recorded entries."""

from __future__ import annotations

from envmgr.cli._format import entry_rows, printable, show_entry, table
from envmgr.errors import NotFoundError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = {
    "list": """examples:
  envmgr list
  envmgr list --tags=compiler
  envmgr list --tags=python --version '>=3.9,<3.12' --json""",
    "show": """examples:
  envmgr show llvm-3f2a9c
  envmgr show --tags=llvm,v16 --json""",
    "rm": """examples:
  envmgr rm llvm-3f2a9c1b2d4e
  envmgr rm --tags=python,venv --yes""",
    "gc": """examples:
  envmgr gc --dry-run
  envmgr gc""",
}


def register(commands: CommandCollector) -> None:
    for name, help, run in (
        ("list", "list recorded entries", cmd_list),
        ("show", "show entries in full", cmd_show),
        ("rm", "remove entries from the registry", cmd_rm),
    ):
        commands.add(name, help, _selection_setup(name), run, examples=EXAMPLES[name])
    commands.add("gc", "remove stale entries (their files vanished)", _gc_setup, cmd_gc,
                 examples=EXAMPLES["gc"])


def _selection_setup(name: str) -> Any:
    def setup(p: argparse.ArgumentParser) -> None:
        if name != "list":
            p.add_argument("uid", nargs="*", help="entry uids (or unique starts of uids)")
        p.add_argument("--tags", help="comma-separated tags, all required (e.g. llvm,v16)")
        p.add_argument("--version", help="version spec, e.g. '>=3.9,<3.12'")
        if name == "list":
            p.add_argument("--stale", action="store_true", help="include stale entries")
            p.add_argument("--unverified", action="store_true",
                           help="only entries never verified or whose last verify failed")
        if name == "rm":
            p.add_argument("--yes", action="store_true", help="remove every entry --tags matches")
    return setup


def _gc_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="say what would be removed")


def cmd_list(args: argparse.Namespace, app: App) -> int:
    from envmgr.store.query import parse_tags

    tags = parse_tags(args.tags)
    entries = app.em.find(tags, args.version, include_stale=True if args.stale else False)
    if args.unverified:
        entries = [e for e in entries if not (e.attrs.get("verified") or {}).get("ok")]
    if args.json:
        app.json([e.to_json() for e in entries])
        return 0
    if not entries:
        app.out("no entries" + (f" with --tags={','.join(tags)}" if tags else "")
                + "; record some with 'envmgr detect NAME' or 'envmgr detect --all'")
        return 0
    rows = entry_rows(entries)
    for row, e in zip(rows, entries, strict=True):
        # a failed verify and an upstream home are said where the eye is: the version
        checked = e.attrs.get("verified")
        if isinstance(checked, dict) and not checked.get("ok"):
            row[2] += " (failed verify)"
        if e.attrs.get("upstream"):
            row[2] += " (upstream)"
    app.out(table(rows, ["uid", "soft", "version", "prefix"]))
    return 0


def _selected(args: argparse.Namespace, app: App) -> list[Any]:
    from envmgr.store.query import parse_tags

    if args.uid:
        return [app.em.get(u) for u in args.uid]
    if args.tags:
        return list(app.em.find(parse_tags(args.tags), args.version, include_stale=True))
    raise UsageError("give a uid or --tags", "see 'envmgr list'")


def cmd_show(args: argparse.Namespace, app: App) -> int:
    from envmgr.store.query import parse_tags

    if args.tags and not args.uid:
        sel = app.em.select(parse_tags(args.tags), args.version)
        if sel.note:
            app.note(sel.note)
        entries = [sel.entry]
    else:
        entries = _selected(args, app)
    if args.json:
        app.json(entries[0].to_json() if len(entries) == 1 else [e.to_json() for e in entries])
        return 0
    app.out("\n\n".join(show_entry(e) for e in entries))
    return 0


def local_only(entries: list[Any], by_uid: bool, app: App) -> list[Any]:
    """The entries of this home: an upstream one named by uid, or the only ones matched,
    are refused (envmgr never writes an upstream home); others matched by tags are left
    with a note."""
    upstream = [e for e in entries if e.attrs.get("upstream")]
    if not upstream:
        return entries
    local = [e for e in entries if not e.attrs.get("upstream")]
    if by_uid or not local:
        e = upstream[0]
        raise UsageError(
            f"{e.uid} belongs to the upstream home {e.attrs['upstream']}, which envmgr "
            "never changes; nothing removed",
            "ask whoever keeps that home, or drop it from `upstreams` in config.toml")
    app.note(f"left {len(upstream)} upstream entr{'y' if len(upstream) == 1 else 'ies'} "
             f"({', '.join(e.uid for e in upstream)}): upstream homes are read-only")
    return local


def cmd_rm(args: argparse.Namespace, app: App) -> int:
    entries = _selected(args, app)
    if not entries:
        what = f"--tags={args.tags}" + (f" --version '{args.version}'" if args.version else "")
        raise NotFoundError(f"no entry matches {what}; nothing removed", "see 'envmgr list'")
    entries = local_only(entries, bool(args.uid), app)
    if args.tags and not args.uid and len(entries) > 1 and not args.yes:
        raise UsageError(
            f"--tags matches {len(entries)} entries; nothing removed",
            "add --yes to remove them all, or name uids",
        )
    app.em.remove([e.uid for e in entries])
    if args.json:
        app.json([e.to_json() for e in entries])
    else:
        for e in entries:
            app.out(printable(f"removed {e.uid}  {e.label()}"))
    return 0


def cmd_gc(args: argparse.Namespace, app: App) -> int:
    leftovers: list[str] = []
    doomed = app.em.gc(dry_run=args.dry_run, leftovers=leftovers)
    # what interrupted installs left (staging, unrecorded prefixes): said on stderr, so
    # that --json stays the list of entries
    for path in leftovers:
        app.note(f"{'would remove' if args.dry_run else 'removed'} leftover {path}")
    if args.json:
        app.json([e.to_json() for e in doomed])
        return 0
    verb = "would remove" if args.dry_run else "removed"
    for e in doomed:
        app.out(printable(f"{verb} {e.uid}  {e.label()}"))
    noun = f"{len(doomed)} stale entr{'y' if len(doomed) == 1 else 'ies'}"
    app.out(f"{noun} would be removed (--dry-run)" if args.dry_run else f"{noun} removed")
    return 0
