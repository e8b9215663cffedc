"""``envmgr detect``: find installed software and record it."""

from __future__ import annotations

import sys

from envmgr.cli._format import entry_rows, printable, table
from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = """examples:
  envmgr detect llvm                 # every LLVM/clang on this machine
  envmgr detect python --search-path ~/venvs/ml
  envmgr detect --all --json
  envmgr detect cuda --explain --dry-run"""


def register(commands: CommandCollector) -> None:
    commands.add("detect", "find installed software and record it", setup, run,
                 examples=EXAMPLES)


def setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="*", metavar="NAME", help="softs to detect (names or aliases)")
    p.add_argument("--all", action="store_true", help="run every detection plugin")
    p.add_argument("--search-path", action="append", default=[], metavar="DIR",
                   help="also look in DIR and DIR/bin (repeatable)")
    p.add_argument("--no-default-paths", action="store_true",
                   help="look only in --search-path dirs: not PATH, the standard prefixes, "
                   "the softs' own search dirs or plugins' dirs")
    p.add_argument("--dry-run", action="store_true", help="find and print; record nothing")
    p.add_argument("--explain", action="store_true",
                   help="say where it looked and why each candidate was kept or rejected")
    p.add_argument("--refresh", action="store_true",
                   help="probe every candidate again, trusting no cached result (nor timeout)")


def run(args: argparse.Namespace, app: App) -> int:
    if not args.names and not args.all:
        raise UsageError("name what to detect, or give --all", "for example: envmgr detect llvm")
    progress = None
    if sys.stderr.isatty() and not args.json and not args.explain:
        def progress(msg: str) -> None:
            print(f"\r\033[Kenvmgr: found {msg}", end="", file=sys.stderr, flush=True)

    report = app.em.detect(
        args.names,
        all_softs=args.all,
        search_paths=args.search_path,
        default_paths=not args.no_default_paths,
        dry_run=args.dry_run,
        explain=args.explain,
        refresh=args.refresh,
        progress=progress,
    )
    if progress is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    for warning in report.warnings:
        app.note(f"warning: {warning}")
    if args.explain:
        for line in report.explain:
            print(f"explain: {line}", file=sys.stderr)
    if args.json:
        app.json([e.to_json() for e in report.entries])
        return 0
    if report.entries:
        app.out(table(entry_rows(report.entries), ["uid", "soft", "version", "prefix"]) + "\n")
    else:
        what = "anything" if args.all else ", ".join(args.names)
        hint = "" if args.explain else " (see --explain)"
        app.out(f"found no installation of {what}{hint}")
        if not report.stale:
            return 0
    if report.dry_run:
        app.out(f"{len(report.entries)} found; nothing recorded (--dry-run)")
    else:
        summary = f"{len(report.new)} new, {len(report.updated)} updated"
        if report.dependencies:
            summary += "; recorded as dependencies: " + ", ".join(
                printable(f"{e.soft} {e.version} ({e.uid})") for e in report.dependencies)
        if report.stale:
            summary += f", {len(report.stale)} marked stale (remove with 'envmgr gc')"
        app.out(summary)
    return 0
