"""The ``envmgr`` command line. Thin: parsing and printing; the work is in api.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from envmgr import __version__
from envmgr.errors import EnvmgrError, NotFoundError, UsageError

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

__all__ = ["main", "build_parser"]

EXAMPLES = {
    "platform": """examples:
  envmgr platform
  envmgr platform --json | jq .gpus""",
    "detect": """examples:
  envmgr detect llvm                 # every LLVM/clang on this machine
  envmgr detect python --search-path ~/venvs/ml
  envmgr detect --all --json
  envmgr detect cuda --explain --dry-run""",
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
    "shell": """examples:
  envmgr shell --tags=llvm,v16                     # a shell where clang 16 comes first
  envmgr shell --tags=python,v3.11 -- python run.py
  envmgr shell --tags=gcc,v12 --tags=cmake -- cmake -B build""",
    "activate": """examples:
  eval "$(envmgr activate --tags=cmake,v3)"
  envmgr activate --tags=python,v3.12 --shell fish | source""",
    "deactivate": """examples:
  eval "$(envmgr deactivate)\"""",
    "search": """examples:
  envmgr search
  envmgr search clang
  envmgr search --tags=compiler --json""",
    "dev": """examples:
  envmgr dev reindex
  envmgr dev capture cmake /usr/bin/cmake --append""",
}


class App:
    """What a command's ``run(args, app)`` gets: the API object and printing helpers."""

    def __init__(self, args: argparse.Namespace, em: Any = None) -> None:
        self.args = args
        self._em: Any = em

    @property
    def em(self) -> Any:
        if self._em is None:
            from envmgr.api import Envmgr

            self._em = Envmgr(
                home=self.args.home,
                disabled_plugins=[p[3:] for p in self.args.plugin_opts if p.startswith("no:")],
                debug=self.args.debug,
            )
        return self._em

    def close(self) -> None:
        if self._em is not None:
            self._em.close()

    def out(self, text: str = "") -> None:
        print(text)

    def json(self, data: Any) -> None:
        import json

        print(json.dumps(data, indent=2, sort_keys=False))

    def note(self, text: str) -> None:
        print(f"envmgr: {text}", file=sys.stderr)


# -- formatting -------------------------------------------------------------------


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [len(h) for h in header]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _entry_rows(entries: Sequence[Any]) -> list[list[str]]:
    return [
        [e.uid, e.soft, e.version + (" (stale)" if e.stale else ""), e.prefix or "-"]
        for e in entries
    ]


def _show_entry(e: Any) -> str:
    rows: list[tuple[str, object]] = [("uid", e.uid),
                                      ("source", e.source + ("  (stale)" if e.stale else "")),
                                      ("prefix", e.prefix)]
    rows += [(kind, os.pathsep.join(dirs)) for kind, dirs in e.paths.items() if dirs]
    rows += [("env", f"{k}={v}") for k, v in e.env.items()]
    for k, v in e.attrs.items():
        rows.append((k, " ".join(sorted(v)) if k == "commands" and isinstance(v, dict) else v))
    rows.append(("tags", ",".join(e.tags)))
    if e.deps:
        rows.append(("deps", " ".join(e.deps)))
    rows.append(("updated", e.updated))
    width = max(len(k) for k, _ in rows)
    return "\n".join([f"{e.soft} {e.version}"] + [f"  {k:<{width}}  {v}" for k, v in rows])


# -- commands ---------------------------------------------------------------------


def cmd_platform(args: argparse.Namespace, app: App) -> int:
    from envmgr.platform import platform_info

    info = platform_info()
    if app.em.host.load_for_hook("envmgr_platform"):
        app.em.host.call("envmgr_platform", info=info)
    if args.json:
        app.json(info)
        return 0
    d = info["distro"]
    cpu = info["cpu"]
    mem = info.get("memory", {}).get("total_bytes", 0)
    app.out(f"os        {info['os']} ({d['name']} {d['version']} {d['codename']})".rstrip())
    app.out(f"kernel    {info['kernel']}")
    app.out(f"arch      {info['arch']}")
    app.out(f"libc      {info['libc']['name']} {info['libc']['version']}")
    app.out(f"cpu       {cpu['model']}, {cpu['logical_cores']} logical cores "
            f"({cpu['available_cores']} available), {len(cpu['flags'])} flags")
    app.out(f"memory    {mem / 2**30:.1f} GiB")
    if info["gpus"]:
        for g in info["gpus"]:
            app.out(f"gpu       {g.get('name') or 'NVIDIA GPU'} (driver {g.get('driver_version')})")
    else:
        app.out("gpu       none found (no nvidia-smi, no /proc/driver/nvidia)")
    return 0


def cmd_detect(args: argparse.Namespace, app: App) -> int:
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
        progress=progress,
        refresh=args.refresh,
    )
    if progress is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    for warning in report.warnings:
        print(f"envmgr: warning: {warning}", file=sys.stderr)
    if args.explain:
        for line in report.explain:
            print(f"explain: {line}", file=sys.stderr)
    if args.json:
        app.json([e.to_json() for e in report.entries])
        return 0
    if report.entries:
        app.out(_table(_entry_rows(report.entries), ["uid", "soft", "version", "prefix"]) + "\n")
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
                f"{e.soft} {e.version} ({e.uid})" for e in report.dependencies)
        if report.stale:
            summary += f", {len(report.stale)} marked stale (remove with 'envmgr gc')"
        app.out(summary)
    return 0


def cmd_list(args: argparse.Namespace, app: App) -> int:
    from envmgr.store.query import parse_tags

    tags = parse_tags(args.tags)
    entries = app.em.find(tags, args.version, include_stale=True if args.stale else False)
    if args.json:
        app.json([e.to_json() for e in entries])
        return 0
    if not entries:
        app.out("no entries" + (f" with --tags={','.join(tags)}" if tags else "")
                + "; record some with 'envmgr detect NAME' or 'envmgr detect --all'")
        return 0
    app.out(_table(_entry_rows(entries), ["uid", "soft", "version", "prefix"]))
    return 0


def _selected(args: argparse.Namespace, app: App) -> list[Any]:
    from envmgr.store.query import parse_tags

    if args.uid:
        return [app.em.get(u) for u in args.uid]
    if args.tags:
        return app.em.find(parse_tags(args.tags), args.version, include_stale=True)
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
    app.out("\n\n".join(_show_entry(e) for e in entries))
    return 0


def cmd_rm(args: argparse.Namespace, app: App) -> int:
    entries = _selected(args, app)
    if not entries:
        what = f"--tags={args.tags}" + (f" --version '{args.version}'" if args.version else "")
        raise NotFoundError(f"no entry matches {what}; nothing removed", "see 'envmgr list'")
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
            app.out(f"removed {e.uid}  {e.label()}")
    return 0


def cmd_gc(args: argparse.Namespace, app: App) -> int:
    doomed = app.em.gc(dry_run=args.dry_run)
    if args.json:
        app.json([e.to_json() for e in doomed])
        return 0
    verb = "would remove" if args.dry_run else "removed"
    for e in doomed:
        app.out(f"{verb} {e.uid}  {e.label()}")
    noun = f"{len(doomed)} stale entr{'y' if len(doomed) == 1 else 'ies'}"
    app.out(f"{noun} would be removed (--dry-run)" if args.dry_run else f"{noun} removed")
    return 0


def _groups(args: argparse.Namespace) -> list[list[str]]:
    from envmgr.store.query import parse_tags

    groups = [parse_tags(t) for t in args.tags or []]
    groups = [g for g in groups if g]
    if not groups:
        raise UsageError(f"'envmgr {args.command}' needs --tags", "for example --tags=python,v3.11")
    return groups


def cmd_shell(args: argparse.Namespace, app: App) -> int:
    notes: list[str] = []
    env = app.em.shell_env(_groups(args), args.version, notes=notes)
    for n in notes:
        app.note(n)
    command = list(args.cmd or [])
    if command and command[0] == "--":
        command = command[1:]
    app.close()
    sys.stdout.flush()
    if command:
        try:
            os.execvpe(command[0], command, env)
        except FileNotFoundError:
            err = EnvmgrError(
                f"command '{command[0]}' not found in the activated environment",
                "check the name, or see what the entry provides with 'envmgr show'",
            )
            err.exit_code = 127  # as env(1) and shells say it
            raise err from None
        except OSError as exc:
            err = EnvmgrError(f"cannot run '{command[0]}': {exc.strerror}")
            err.exit_code = 126
            raise err from None
    from envmgr.activate.shell import interactive_shell, original_env

    return interactive_shell(env, original_env(os.environ))


def cmd_activate(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.shell import activate_script

    env = app.em.shell_env(_groups(args), args.version)
    shell = args.shell or _default_shell()
    sys.stdout.write(activate_script(shell, os.environ, env))
    return 0


def cmd_deactivate(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.shell import SAVED_VAR, deactivate_script

    if SAVED_VAR not in os.environ:
        raise EnvmgrError("no envmgr activation is in effect in this shell")
    sys.stdout.write(deactivate_script(args.shell or _default_shell(), os.environ))
    return 0


def _default_shell() -> str:
    name = os.path.basename(os.environ.get("SHELL", "sh"))
    return name if name in ("bash", "zsh", "fish", "sh") else "sh"


def cmd_search(args: argparse.Namespace, app: App) -> int:
    from envmgr.cli.search import search
    from envmgr.store.query import parse_tags

    items = search(app.em, args.term, parse_tags(args.tags))
    if args.json:
        app.json(items)
        return 0
    if not items:
        app.out("nothing known matches" + (f" '{args.term}'" if args.term else ""))
        return 0
    app.out(_table([[i["name"], i["kind"], i["category"], i["summary"]] for i in items],
                   ["name", "kind", "category", "summary"]))
    return 0


def cmd_plugin(args: argparse.Namespace, app: App) -> int:
    from envmgr.cli import plugin as plugins_cmd

    return plugins_cmd.run(args, app)


def cmd_dev(args: argparse.Namespace, app: App) -> int:
    from envmgr.catalog import builtin as catalog

    if args.dev_command == "reindex":
        path = catalog.write_index()
        n = sum(len(m["softs"]) for m in catalog.load_index()["modules"].values())
        app.out(f"wrote {path} ({n} softs)")
        return 0
    if args.dev_command == "capture":
        from envmgr.authoring.cases import append_case, capture
        from envmgr.detect.soft import Reject

        soft = app.em.resolve_soft(args.soft)
        try:
            case = capture(soft, args.path, rel=args.rel)
        except Reject as exc:
            raise UsageError(f"{args.path} is not an installation of {soft.name}: {exc}",
                             "check the soft and the path") from None
        if args.append:
            module = sys.modules[soft.__module__]
            app.out(f"appended to {append_case(str(module.__file__), case)}")
        else:
            app.json(case)
        return 0
    raise UsageError("name a dev command: reindex or capture")


# -- parser ---------------------------------------------------------------------------


COMMANDS = ("platform", "detect", "list", "show", "rm", "gc", "shell", "activate",
            "deactivate", "search", "plugin", "dev")


def _command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (known or not), skipping global options."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--home", "-p"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


class CommandCollector:
    """What ``envmgr_commands`` implementations get: ``add(name, help, setup, run)``."""

    def __init__(self) -> None:
        self.commands: dict[str, tuple[str, Callable[..., Any], Callable[..., Any]]] = {}

    def add(self, name: str, help: str, setup: Callable[..., Any],
            run: Callable[..., Any]) -> None:
        if name in COMMANDS:
            raise ValueError(f"'{name}' is a builtin command")
        self.commands[name] = (help, setup, run)


def _plugin_commands(argv: Sequence[str]) -> tuple[CommandCollector, Any]:
    """Sub-commands that plugins add; asked only when argv names an unknown command."""
    from envmgr.api import Envmgr

    home = argv[argv.index("--home") + 1] if "--home" in argv[:-1] else None
    em = Envmgr(home=home, disabled_plugins=[a[3:] for a in argv if a.startswith("no:")],
                debug="--debug" in argv)
    collector = CommandCollector()
    if em.host.load_for_hook("envmgr_commands"):
        em.host.call("envmgr_commands", commands=collector)
    return collector, em


def build_parser(
    only: str | None = None, extra: CommandCollector | None = None
) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that sub-command's (building all 12 costs ~8 ms,
    a third of what ``envmgr shell -- CMD`` may take)."""
    import argparse

    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("common options")
    g.add_argument("--json", action="store_true", help="print JSON for scripts")
    g.add_argument("--home", default=argparse.SUPPRESS,
                   help="the envmgr home (default: $ENVMGR_HOME)")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks of errors and plugin failures")
    g.add_argument("-p", dest="plugin_opts_sub", action="append", default=argparse.SUPPRESS,
                   metavar="no:NAME", help="disable plugin NAME on this run")

    parser = argparse.ArgumentParser(
        prog="envmgr",
        description="Detect, install and use software environments.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'envmgr COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"envmgr {__version__}")
    parser.add_argument("--home", default=None, help="the envmgr home (default: $ENVMGR_HOME)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("-p", dest="plugin_opts", action="append", default=[], metavar="no:NAME",
                        help="disable plugin NAME (repeatable)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, fn: Callable[..., int]) -> argparse.ArgumentParser:
        if only and name != only:
            return argparse.ArgumentParser(add_help=False)  # not used on this run
        p = sub.add_parser(
            name, help=help, description=help, parents=[common],
            epilog=EXAMPLES.get(name), formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=fn)
        return p

    add("platform", "describe this machine: os, cpu, memory, GPUs", cmd_platform)

    p = add("detect", "find installed software and record it", cmd_detect)
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

    for name, help, fn in (
        ("list", "list recorded entries", cmd_list),
        ("show", "show entries in full", cmd_show),
        ("rm", "remove entries from the registry", cmd_rm),
    ):
        p = add(name, help, fn)
        if name != "list":
            p.add_argument("uid", nargs="*", help="entry uids (or unique starts of uids)")
        p.add_argument("--tags", help="comma-separated tags, all required (e.g. llvm,v16)")
        p.add_argument("--version", help="version spec, e.g. '>=3.9,<3.12'")
        if name == "list":
            p.add_argument("--stale", action="store_true", help="include stale entries")
        if name == "rm":
            p.add_argument("--yes", action="store_true", help="remove every entry --tags matches")

    p = add("gc", "remove stale entries (their files vanished)", cmd_gc)
    p.add_argument("--dry-run", action="store_true", help="say what would be removed")

    for name, help, fn in (
        ("shell", "start a shell, or run a command, with entries active", cmd_shell),
        ("activate", "print a script that activates entries in this shell", cmd_activate),
    ):
        p = add(name, help, fn)
        p.add_argument("--tags", action="append", metavar="TAGS",
                       help="one entry per --tags group (repeatable), e.g. --tags=llvm,v16")
        p.add_argument("--version", help="version spec applied to each group")
        if name == "shell":
            p.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- CMD",
                           help="command to run instead of an interactive shell")
        else:
            p.add_argument("--shell", choices=("bash", "zsh", "sh", "fish"),
                           help="script dialect (default: from $SHELL)")

    p = add("deactivate", "print a script that undoes 'envmgr activate'", cmd_deactivate)
    p.add_argument("--shell", choices=("bash", "zsh", "sh", "fish"),
                   help="script dialect (default: from $SHELL)")

    p = add("search", "what envmgr knows how to find", cmd_search)
    p.add_argument("term", nargs="?", help="part of a name, alias or summary")
    p.add_argument("--tags", help="comma-separated tags, all required")

    p = add("plugin", "list, inspect, create and check plugins", cmd_plugin)
    if only in (None, "plugin"):
        from envmgr.cli import plugin as plugins_cmd

        plugins_cmd.add_arguments(p, common)

    for name, (help_text, setup, run) in (extra.commands if extra else {}).items():
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(func=run)
        setup(p)

    p = add("dev", "developer tools: reindex builtins, capture tool outputs", cmd_dev)
    if only not in (None, "dev"):
        return parser
    dsub = p.add_subparsers(dest="dev_command", metavar="DEV_COMMAND")
    dsub.add_parser("reindex", help="regenerate plugins/_index.json", parents=[common])
    c = dsub.add_parser("capture", help="run a soft's real probe on a real file (executable, "
                        "library, header, .pc, dist-info, data dir) and print the case",
                        parents=[common])
    c.add_argument("soft", help="the soft whose probe runs (name or alias)")
    c.add_argument("path", help="the real file or dir to probe")
    c.add_argument("--rel", help="where the captured file sits in the case's layout")
    c.add_argument("--append", action="store_true", help="append to the plugin's cases file")
    return parser


def _normalise(args: argparse.Namespace) -> None:
    for name, default in (("json", False), ("home", None), ("debug", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if not hasattr(args, "plugin_opts"):
        args.plugin_opts = []
    args.plugin_opts = list(args.plugin_opts) + list(getattr(args, "plugin_opts_sub", []))
    for opt in args.plugin_opts:
        if not opt.startswith("no:") or len(opt) <= 3:
            raise UsageError(f"cannot read '-p {opt}'", "write -p no:NAME to disable plugin NAME")


def _fast_shell_args(argv: Sequence[str]) -> Any:
    """``shell --tags=A [--tags=B] [--version V] -- CMD...`` parsed without argparse.

    ``envmgr shell -- CMD`` runs inside other tools' loops, so its start-up matters:
    argparse and what it pulls in cost ~4 ms. Anything unusual returns None and goes
    through the full parser (and its error messages).
    """
    if len(argv) < 3 or argv[0] != "shell" or "--" not in argv:
        return None
    split = argv.index("--")
    opts, cmd = argv[1:split], argv[split + 1:]
    if not cmd:
        return None
    values: dict[str, list[str]] = {"--tags": [], "--version": []}
    i = 0
    while i < len(opts):
        name, eq, value = opts[i].partition("=")
        if name not in values:
            return None
        if not eq:
            i += 1
            if i >= len(opts):
                return None
            value = opts[i]
        values[name].append(value)
        i += 1
    if not values["--tags"] or len(values["--version"]) > 1:
        return None
    from types import SimpleNamespace

    return SimpleNamespace(
        command="shell", func=cmd_shell, tags=values["--tags"],
        version=values["--version"][0] if values["--version"] else None, cmd=cmd,
        json=False, home=None, debug=False, plugin_opts=[],
    )


def _warn_unknown_blocks(app: App) -> None:
    """``-p no:NAME`` naming no plugin is most likely a typo: say so, with the names."""
    wanted = [opt[3:] for opt in app.args.plugin_opts if opt.startswith("no:")]
    if not wanted:
        return
    from envmgr.catalog import builtin as catalog
    from envmgr.plugin.entrypoints import entry_point_hooks
    from envmgr.plugin.host import plugin_files

    config = app.em.config
    known = set(catalog.load_index()["modules"])
    known |= set(entry_point_hooks(config.cache_dir))
    known |= {os.path.basename(f)[:-3] for d in config.plugin_dirs for f in plugin_files(d)}
    known |= set(os.environ.get("ENVMGR_PLUGINS", "").replace(",", " ").split())
    for name in wanted:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; see 'envmgr plugin list'"
            print(f"envmgr: warning: -p no:{name} names no plugin{hint}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # the fast path: no argparse, no plugins
        print(f"envmgr {__version__}")
        return 0
    debug = "--debug" in argv
    app: App | None = None
    em: Any = None
    try:
        args = _fast_shell_args(argv)
        if args is None:
            command = _command_of(argv)
            known = command in COMMANDS
            extra, em = _plugin_commands(argv) if command and not known else (None, None)
            parser = build_parser(command if known else None, extra)
            args = parser.parse_args(argv)
            _normalise(args)
            if not getattr(args, "command", None):
                parser.print_help()
                return 2
        app = App(args, em)
        _warn_unknown_blocks(app)
        return int(args.func(args, app) or 0)
    except EnvmgrError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        print(f"envmgr: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("envmgr: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            raise
        print(f"envmgr: internal error: {type(exc).__name__}: {exc} (run with --debug for the "
              "traceback, and please report it)", file=sys.stderr)
        return 70
    finally:
        if app is not None:
            app.close()
