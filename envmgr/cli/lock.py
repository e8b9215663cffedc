"""``envmgr lock``, ``restore``, ``diff`` and ``verify``: write a home down, bring it back."""

from __future__ import annotations

import os

from envmgr.cli._format import printable
from envmgr.errors import UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register"]

EXAMPLES = {
    "lock": """examples:
  envmgr lock --tags=gcc,v12 --tags=cmake -o envmgr.lock
  envmgr lock --all -o site.lock
  envmgr lock --tags=python > envmgr.lock""",
    "restore": """examples:
  envmgr restore envmgr.lock
  envmgr restore envmgr.lock --check
  envmgr restore envmgr.lock --mirror /srv/mirror --json""",
    "diff": """examples:
  envmgr diff envmgr.lock              # the lock against this home
  envmgr diff old.lock new.lock""",
    "verify": """examples:
  envmgr verify
  envmgr verify --tags=compiler
  envmgr verify --tags=gcc,v12 --json""",
}


def register(commands: CommandCollector) -> None:
    commands.add("lock", "write entries, their dependencies and the host to a lock file",
                 _lock_setup, cmd_lock, examples=EXAMPLES["lock"])
    commands.add("restore", "bring the entries of a lock file back in this home",
                 _restore_setup, cmd_restore, examples=EXAMPLES["restore"])
    commands.add("diff", "compare two lock files, or a lock file with this home",
                 _diff_setup, cmd_diff, examples=EXAMPLES["diff"])
    commands.add("verify", "run the smoke test of entries and record the result",
                 _verify_setup, cmd_verify, examples=EXAMPLES["verify"])


def _lock_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tags", action="append", default=[],
                   help="comma-separated tags selecting one entry (repeatable: one entry each)")
    p.add_argument("--all", action="store_true", help="lock every entry that is not stale")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the lock here (default: standard output)")


def _restore_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("lockfile", metavar="LOCK", help="a file written by 'envmgr lock'")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 and print the differences when this home "
                        "does not match the lock")
    p.add_argument("--mirror", action="append", default=[], metavar="URL|DIR",
                   help="a mirror tried before upstream for installs (repeatable)")


def _diff_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("locks", nargs="+", metavar="LOCK",
                   help="two lock files, or one to compare with this home")


def _verify_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tags", action="append", default=[],
                   help="comma-separated tags, all required (repeatable: any group)")


def cmd_lock(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.restore import make_lock
    from envmgr.store.lock import dumps
    from envmgr.store.query import parse_tags

    if not args.tags and not args.all:
        raise UsageError("name what to lock with --tags (or --all)",
                         "for example envmgr lock --tags=gcc --tags=cmake -o envmgr.lock")
    groups = [parse_tags(t) for t in args.tags]
    doc = make_lock(app.em, groups, every=args.all)
    text = dumps(doc)
    if not args.output:
        app.write(text)
        return 0
    from envmgr._atomic import write_text

    try:
        write_text(args.output, text)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    n = doc["entry_count"]
    if args.json:
        app.json({"written": os.path.abspath(args.output), "entries": sorted(doc["entry"])})
        return 0
    app.note(f"wrote {args.output} ({n} entr{'y' if n == 1 else 'ies'})")
    return 0


def cmd_restore(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.restore import check, restore
    from envmgr.store.lock import load

    lock = load(args.lockfile)
    if args.check:
        lines = check(app.em, lock)
        if args.json:
            app.json({"matches": not lines, "differences": lines})
        else:
            for line in lines:
                app.out(printable(line))
            if not lines:
                n = len(lock.entries)
                app.out(f"this home matches {args.lockfile} ({n} entr{'y' if n == 1 else 'ies'})")
        return 1 if lines else 0
    report = restore(app.em, lock, note=app.note, mirrors=args.mirror)
    if args.json:
        app.json(report.to_json())
    else:
        for what, items in (("reused", report.reused), ("detected", report.detected),
                            ("installed", report.installed)):
            for _uid, e in items:
                app.out(printable(f"{what} {e.soft} {e.version}: entry {e.uid} "
                                  f"({e.prefix or e.executable or ''})"))
        for line in report.unmatched:
            app.out(printable(f"cannot match: {line}"))
    return 1 if report.unmatched else 0


def cmd_diff(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.restore import home_host
    from envmgr.store.lock import diff, load, lock_of_entries

    if len(args.locks) > 2:
        raise UsageError("diff compares two locks, or one lock with this home",
                         "give one or two lock files")
    a = load(args.locks[0])
    if len(args.locks) == 2:
        b = load(args.locks[1])
        names = (args.locks[0], args.locks[1])
    else:
        live = [e for e in app.em.find(include_stale=False) if e.present()]
        b = lock_of_entries(live, home_host(), app.em.config.home)
        names = ("in the lock", "here")
    lines = diff(a, b, names)
    if args.json:
        app.json({"same": not lines, "differences": lines})
    else:
        for line in lines:
            app.out(printable(line))
    return 1 if lines else 0


def _entries(app: App, groups: list[str]) -> list[Any]:
    from envmgr.store.query import parse_tags

    if not groups:
        return list(app.em.find(include_stale=False))
    seen: dict[str, Any] = {}
    for g in groups:
        for e in app.em.find(parse_tags(g), include_stale=False):
            seen.setdefault(e.uid, e)
    return list(seen.values())


def cmd_verify(args: argparse.Namespace, app: App) -> int:
    from envmgr.install.verify import verify

    entries = _entries(app, args.tags)
    if not entries:
        raise UsageError("no entry to verify" + (f" with --tags={args.tags[0]}"
                                                 if args.tags else ""), "see 'envmgr list'")
    results = verify(app.em, entries)
    if args.json:
        app.json([r.to_json() for r in results])
    else:
        for r in results:
            e = r.entry
            head = f"{e.uid}  {e.soft} {e.version}"
            app.out(printable(f"ok      {head}: {r.test}" if r.ok
                              else f"FAILED  {head}: {r.error}"))
    return 0 if all(r.ok for r in results) else 1
