"""``envmgr init``, ``add``, ``remove``, ``sync``, ``run`` and ``status``: projects."""

from __future__ import annotations

import os

from envmgr.errors import EnvmgrError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector
    from envmgr.project.manifest import Manifest

__all__ = ["register", "project_env"]

EXAMPLES = {
    "init": """examples:
  envmgr init                       # writes ./envmgr.toml
  envmgr init --name image-classification""",
    "add": """examples:
  envmgr add python@'>=3.11'
  envmgr add --tags=compiler,lang-c --as cc
  envmgr add cuda --version '>=12' --optional --no-sync
  envmgr add py-numpy --install never""",
    "remove": """examples:
  envmgr remove cmake""",
    "sync": """examples:
  envmgr sync                       # resolve every need, write envmgr.lock
  envmgr sync --dry-run             # the plan: reuse, detect or install
  envmgr sync --locked              # in CI: fail if the lock is not what sync would write
  envmgr sync --frozen              # bring back what the lock names, never resolve
  envmgr sync --update              # choose again (the newest entry that fits)""",
    "run": """examples:
  envmgr run build
  envmgr run bench --repeat 5       # arguments go to the task's last command
  envmgr run -- python -c 'import numpy'
  envmgr run --each cc bench        # once per C compiler here
  envmgr run --each cc --json --keep-going -- cc --version""",
    "status": """examples:
  envmgr status
  envmgr status --json""",
}


def register(commands: CommandCollector) -> None:
    commands.add("init", "start a project: write a minimal envmgr.toml here", _setup_init,
                 cmd_init, examples=EXAMPLES["init"])
    commands.add("add", "add a need to envmgr.toml (and sync)", _setup_add, cmd_add,
                 examples=EXAMPLES["add"])
    commands.add("remove", "remove a need from envmgr.toml (and sync)", _setup_remove,
                 cmd_remove, examples=EXAMPLES["remove"])
    commands.add("sync", "resolve the project's needs and write envmgr.lock", _setup_sync,
                 cmd_sync, examples=EXAMPLES["sync"])
    commands.add("run", "run a task or a command in the project's environment", _setup_run,
                 cmd_run, examples=EXAMPLES["run"])
    commands.add("status", "the project, its lock, and each need's entry", _setup_status,
                 cmd_status, examples=EXAMPLES["status"])


# -- parsers --------------------------------------------------------------------------

def _setup_init(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="the project's name (default: the folder's)")


def _setup_add(p: argparse.ArgumentParser) -> None:
    p.add_argument("spec", nargs="?", metavar="NAME[@SPEC]",
                   help="a soft or recipe, with a version spec: python@'>=3.11'")
    p.add_argument("--tags", metavar="TAGS", help="the need by tags: --tags=compiler,lang-c")
    p.add_argument("--as", dest="key", metavar="NAME", help="the need's name in [needs]")
    p.add_argument("--version", help="version spec (or NAME@SPEC)")
    p.add_argument("--optional", action="store_true", help="sync goes on without it")
    p.add_argument("--install", choices=("auto", "never"),
                   help="never: reuse or detect only")
    p.add_argument("--no-sync", action="store_true", help="only edit envmgr.toml")


def _setup_remove(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", metavar="NEED", help="the need's name in [needs]")
    p.add_argument("--no-sync", action="store_true", help="only edit envmgr.toml")


def _setup_sync(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    g.add_argument("--locked", action="store_true",
                   help="fail, showing the difference, when the lock does not match")
    g.add_argument("--frozen", action="store_true",
                   help="use the lock as it is (as restore does); never resolve")
    p.add_argument("--update", action="store_true",
                   help="resolve every need again, even those the lock still answers")
    p.add_argument("--no-checksum", action="store_true",
                   help="allow sources whose upstream publishes no checksum")


def _setup_run(p: argparse.ArgumentParser) -> None:
    import argparse

    p.add_argument("--frozen", action="store_true",
                   help="use the lock as it is, even when it is stale")
    p.add_argument("--each", metavar="NEED",
                   help="run once per entry here that satisfies NEED, each in its own "
                        "environment")
    p.add_argument("--keep-going", action="store_true",
                   help="with --each: run them all even when one fails")
    p.add_argument("argv", nargs=argparse.REMAINDER, metavar="TASK",
                   help="a task of envmgr.toml and its arguments, or -- and a command")


def _setup_status(p: argparse.ArgumentParser) -> None:
    pass


# -- helpers --------------------------------------------------------------------------

def _manifest() -> Manifest:
    from envmgr.project.manifest import find_or_fail, load

    return load(find_or_fail())


def _print_rows(app: App, report: Any) -> None:
    for row in report.rows:
        app.out(row.line())


def _sync(app: App, manifest: Manifest, **kw: Any) -> Any:
    return app.em.sync(manifest.path, note=app.note, **kw)


def project_env(app: App, manifest: Manifest, *, frozen: bool = False,
                base: dict[str, str] | None = None) -> tuple[Any, dict[str, Any]]:
    """The project's plan and its needs' entries; syncs first when the lock is stale
    (not when ``frozen``)."""
    from envmgr.project import sync as project_sync
    from envmgr.project.environment import project_plan

    doc = project_sync.read_lock(manifest.lock_path, strict=frozen)
    if frozen:
        if doc is None:
            raise UsageError(f"--frozen: there is no {os.path.basename(manifest.lock_path)}",
                             "run 'envmgr sync' to write it")
    else:
        stale = project_sync.staleness(app.em, manifest, doc)
        if stale:
            app.note(f"the lock is stale ({stale[0]}): syncing")
            report = _sync(app, manifest)
            for row in report.rows:
                app.note(row.line())
            doc = project_sync.read_lock(manifest.lock_path)
    entries = project_sync.locked_entries(app.em, manifest, doc or {})
    locked = project_sync.table((doc or {}).get("needs"))
    for key in manifest.needs:
        if key not in entries and "skipped" not in project_sync.table(locked.get(key)):
            raise project_sync.SyncError(
                f"{os.path.basename(manifest.lock_path)} does not answer need '{key}'",
                "run 'envmgr sync' (without --frozen)")
    return project_plan(app.em, manifest, entries, base), entries


# -- commands -------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace, app: App) -> int:
    from envmgr.project.edit import init

    path = init(os.getcwd(), args.name)
    if args.json:
        app.json({"manifest": path})
    else:
        app.out(f"wrote {path}")
    return 0


def _edit_and_sync(app: App, manifest: Manifest, text: str, no_sync: bool,
                   json_out: bool, done: str) -> int:
    from envmgr.project.edit import write

    old = manifest.text
    new = write(manifest, text)
    if not json_out:
        app.note(done)
    if no_sync:
        if json_out:
            app.json({"manifest": new.path, "synced": False})
        return 0
    try:
        report = _sync(app, new)
    except BaseException:
        write(new, old)  # the need could not be satisfied: the manifest is as it was
        raise
    if json_out:
        app.json({**report.to_json(), "synced": True})
    else:
        _print_rows(app, report)
    return 0


def cmd_add(args: argparse.Namespace, app: App) -> int:
    from envmgr.project.edit import add
    from envmgr.store.query import parse_tags

    manifest = _manifest()
    tags = parse_tags(args.tags) if args.tags else []
    text, key = add(manifest, args.spec, tags=tags, key=args.key, version=args.version,
                    optional=args.optional, install=args.install)
    done = f"{'changed' if key in manifest.needs else 'added'} need '{key}'"
    return _edit_and_sync(app, manifest, text, args.no_sync, args.json, done)


def cmd_remove(args: argparse.Namespace, app: App) -> int:
    from envmgr.project.edit import remove

    manifest = _manifest()
    text = remove(manifest, args.key)
    return _edit_and_sync(app, manifest, text, args.no_sync, args.json,
                          f"removed need '{args.key}'")


def cmd_sync(args: argparse.Namespace, app: App) -> int:
    manifest = _manifest()
    report = _sync(app, manifest, dry_run=args.dry_run, locked=args.locked,
                   frozen=args.frozen, update=args.update,
                   allow_unchecked=args.no_checksum)
    if args.json:
        app.json(report.to_json())
        return 0
    for row in report.rows:
        app.out(row.line())
        if args.dry_run and row.plan is not None and row.plan.installs():
            for line in row.plan.tree().splitlines():
                app.out("    " + line)
    if report.written:
        app.note(f"wrote {report.lock_path}")
    return 0


def cmd_run(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.envops import original_env

    argv = list(args.argv or [])
    command = None
    if argv and argv[0] == "--":
        command = argv[1:]
        if not command:
            raise UsageError("'envmgr run --' needs a command", "e.g. envmgr run -- make")
    elif not argv:
        raise UsageError("'envmgr run' needs a task or -- CMD",
                         "e.g. envmgr run build, envmgr run -- make; 'envmgr status' lists "
                         "the tasks")
    manifest = _manifest()
    if args.each:
        return _run_each(args, app, manifest, argv[0] if command is None else None,
                         argv[1:] if command is None else command, command is not None)
    if args.keep_going:
        raise UsageError("--keep-going goes with --each")
    base = original_env(os.environ)
    planned, entries = project_env(app, manifest, frozen=args.frozen, base=base)
    for w in planned.warnings:
        app.note(f"warning: {w}")
    env = planned.apply(base)
    if command is not None:
        _remember(app, manifest, planned)
        app.close()
        app.flush()
        return _exec(command, env)
    from envmgr.project.tasks import commands, order, run_task

    tasks = order(manifest, argv[0])
    if not any(t.env for t in tasks):
        lines = [[t.name, line] for t in tasks
                 for line in commands(t, argv[1:] if t.name == argv[0] else (), entries)]
        _remember(app, manifest, planned, lines)
    app.flush()
    return run_task(manifest, argv[0], argv[1:], env, entries, app.note)


def _remember(app: App, manifest: Manifest, planned: Any, task_lines: Any = None) -> None:
    """Keep the plan (and a task's command lines) for :mod:`envmgr.project.fast`, unless
    the ``when`` facts could change unseen."""
    from envmgr.activate import fast

    volatile = {"gpu", "cuda_driver", "container", "scheduler"}
    if any(set(n.when) & volatile for n in manifest.needs.values()):
        return
    fast.remember(planned, app.em, task_lines)


def _exec(command: list[str], env: dict[str, str]) -> int:
    try:
        os.execvpe(command[0], command, env)
    except FileNotFoundError:
        err = EnvmgrError(f"command '{command[0]}' not found in the project's environment",
                          "check the name, or see the needs' entries with 'envmgr status'")
        err.exit_code = 127
        raise err from None
    except OSError as exc:
        err = EnvmgrError(f"cannot run '{command[0]}': {exc.strerror}")
        err.exit_code = 126
        raise err from None
    return 0  # not reached


def _run_each(args: argparse.Namespace, app: App, manifest: Manifest, task: str | None,
              rest: list[str], is_command: bool) -> int:
    from envmgr.activate.envops import original_env
    from envmgr.project.environment import project_plan
    from envmgr.project.manifest import Task
    from envmgr.project.tasks import candidates, order, run_each

    if task is not None:
        order(manifest, task)  # an unknown task: said before anything runs
    else:
        import shlex

        task = "--"
        manifest = manifest.with_task(Task(task, (shlex.join(rest),)))
        rest = []
    base = original_env(os.environ)
    _planned, entries = project_env(app, manifest, frozen=args.frozen, base=base)
    found = candidates(app.em, manifest, args.each)
    if not found:
        need = manifest.needs[args.each]
        raise EnvmgrError(f"no entry here satisfies need '{args.each}' ({need.describe()})",
                          "see 'envmgr detect' and 'envmgr list'")
    runs = []
    for entry in found:
        mine = {**entries, args.each: entry}
        planned = project_plan(app.em, manifest, mine, base)
        runs.append((entry, planned.apply(base), mine))
    app.flush()
    import sys

    # with --json the table is stdout's: the runs' own output goes to stderr
    results = run_each(manifest, task, rest, runs, args.keep_going, app.note,
                       sys.stderr.fileno() if args.json else None)
    if args.json:
        app.json({"need": args.each, "task": None if is_command else task,
                  "runs": [r.to_json() for r in results]})
    else:
        _each_table(app, results)
    failed = [r for r in results if r.status != 0]
    return failed[0].status if failed else 0


def _each_table(app: App, results: list[Any]) -> None:
    rows = [("entry", "version", "status", "seconds")]
    for r in results:
        what = f"{r.entry.soft} ({r.entry.anchor or r.entry.prefix})"
        rows.append((what, r.entry.version, str(r.status), f"{r.seconds:.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        app.out("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def cmd_status(args: argparse.Namespace, app: App) -> int:
    from envmgr.project import sync as project_sync

    manifest = _manifest()
    doc = project_sync.read_lock(manifest.lock_path)
    stale = project_sync.staleness(app.em, manifest, doc)
    needs_doc = project_sync.table((doc or {}).get("needs"))
    rows = []
    for key, need in manifest.needs.items():
        locked = needs_doc.get(key) if isinstance(needs_doc.get(key), dict) else None
        row: dict[str, Any] = {"need": key, "asks": need.describe()}
        if locked and locked.get("entry"):
            entry = app.em.view.get(locked["entry"])
            row.update(entry=locked["entry"], soft=locked.get("soft"),
                       version=locked.get("version"))
            if entry is None:
                row["state"] = "missing"
            elif entry.stale or entry.vanished():
                row["state"] = "stale"
            else:
                row.update(state="ok", prefix=entry.prefix)
        elif locked and locked.get("skipped"):
            row.update(state="skipped", note=locked["skipped"])
        else:
            row["state"] = "unlocked"
        rows.append(row)
    data = {"project": manifest.name, "manifest": manifest.path, "lock": manifest.lock_path,
            "fresh": not stale, "stale": stale, "needs": rows,
            "tasks": {k: list(t.depends) for k, t in manifest.tasks.items()}}
    if args.json:
        app.json(data)
        return 0
    app.out(f"project {manifest.name} ({manifest.path})")
    state = "fresh" if not stale else "stale: " + "; ".join(stale)
    app.out(f"lock    {manifest.lock_path} ({state})")
    for r in rows:
        what = f"{r['soft']} {r['version']} ({r['entry']})" if r.get("entry") else "-"
        extra = f" {r['note']}" if r.get("note") else ""
        app.out(f"  {r['need']:<12} {r['asks']:<28} {what}  [{r['state']}]{extra}")
    if manifest.tasks:
        app.out("tasks   " + ", ".join(manifest.tasks))
    return 0
