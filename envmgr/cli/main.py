"""The ``envmgr`` command line: ``main``, the parser, and what every command gets (``App``).

Thin: each command group is a module of this package (``detect``, ``entries``, ``shell``
...) that registers its commands through a :class:`CommandCollector`, the same collector
plugins get in ``envmgr_commands``; the work is in :mod:`envmgr.api`.
"""

from __future__ import annotations

import sys

from envmgr import __version__
from envmgr.errors import EnvmgrError, UsageError

TYPE_CHECKING = False  # not `from typing`: importing typing costs start-up time
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence  # collections: ~2 ms at start-up
    from typing import Any

__all__ = ["main", "build_parser", "App", "CommandCollector", "BUILTIN_COMMANDS"]

class App:
    """What a command's ``run(args, app)`` gets: the API object and printing helpers.

    A command's output goes to the stdout the command started with (``self.stdout``). While
    a builtin command runs, ``sys.stdout`` points at stderr, so that whatever plugin code
    prints, from any thread, never mixes into that output (``--json`` stays clean JSON).
    """

    def __init__(self, args: argparse.Namespace, em: Any = None) -> None:
        self.args = args
        self._em: Any = em
        self.stdout = sys.stdout

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

    def write(self, text: str) -> None:
        self.stdout.write(text)

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def json(self, data: Any) -> None:
        import json

        self.stdout.write(json.dumps(data, indent=2, sort_keys=False) + "\n")

    def flush(self) -> None:
        self.stdout.flush()
        sys.stderr.flush()

    def note(self, text: str) -> None:
        print(f"envmgr: {text}", file=sys.stderr)


# -- parser ---------------------------------------------------------------------------

# Builtin commands: name → the module whose ``register(commands)`` adds it. Only the
# module of the command being run is imported (all of them for ``envmgr --help``).
BUILTIN_COMMANDS = {
    "platform": "envmgr.cli.platform",
    "detect": "envmgr.cli.detect",
    "list": "envmgr.cli.entries",
    "show": "envmgr.cli.entries",
    "rm": "envmgr.cli.entries",
    "gc": "envmgr.cli.entries",
    "shell": "envmgr.cli.shell",
    "activate": "envmgr.cli.shell",
    "deactivate": "envmgr.cli.shell",
    "search": "envmgr.cli.search",
    "install": "envmgr.cli.install",
    "uninstall": "envmgr.cli.install",
    "lock": "envmgr.cli.lock",
    "restore": "envmgr.cli.lock",
    "diff": "envmgr.cli.lock",
    "verify": "envmgr.cli.lock",
    "fetch": "envmgr.cli.fetch",
    "mirror": "envmgr.cli.fetch",
    "recipe": "envmgr.cli.recipe",
    "plugin": "envmgr.cli.plugin",
    "export": "envmgr.cli.export",
    "dev": "envmgr.cli.dev",
    "init": "envmgr.cli.project",
    "add": "envmgr.cli.project",
    "remove": "envmgr.cli.project",
    "sync": "envmgr.cli.project",
    "run": "envmgr.cli.project",
    "status": "envmgr.cli.project",
}
COMMANDS = tuple(BUILTIN_COMMANDS)


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
    """What ``envmgr_commands`` implementations get: ``add(name, help, setup, run)``.

    ``setup(parser)`` adds arguments to the command's argparse parser; ``run(args, app)``
    does the work and returns the exit code. ``common`` is the parent parser with the
    options every command takes (``--json``, ``--home`` ...), for commands that have
    sub-commands of their own. The builtin commands are added through it too.
    """

    def __init__(self, common: argparse.ArgumentParser | None = None,
                 builtin: bool = False) -> None:
        self.commands: dict[str, tuple[str, Callable[..., Any], Callable[..., Any],
                                       str | None]] = {}
        if common is None:
            import argparse

            common = argparse.ArgumentParser(add_help=False)
        self.common = common
        self._builtin = builtin

    def add(self, name: str, help: str, setup: Callable[..., Any],
            run: Callable[..., Any], examples: str | None = None) -> None:
        if name in BUILTIN_COMMANDS and not self._builtin:
            raise ValueError(f"'{name}' is a builtin command")
        self.commands[name] = (help, setup, run, examples)


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


def _builtin_commands(common: argparse.ArgumentParser, only: str | None) -> CommandCollector:
    import importlib

    collector = CommandCollector(common, builtin=True)
    modules = [BUILTIN_COMMANDS[only]] if only in BUILTIN_COMMANDS else BUILTIN_COMMANDS.values()
    for module in dict.fromkeys(modules):
        importlib.import_module(module).register(collector)
    return collector


def build_parser(
    only: str | None = None, extra: CommandCollector | None = None
) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that sub-command's (building all of them costs
    ~8 ms, a third of what ``envmgr shell -- CMD`` may take)."""
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

    builtin = _builtin_commands(common, only)
    commands = dict(builtin.commands)
    for name, spec in (extra.commands if extra else {}).items():
        commands.setdefault(name, spec)
    if extra is not None:
        extra.common = common
    for name, (help_text, setup, run, examples) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common],
                           epilog=examples,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=run, builtin=name in BUILTIN_COMMANDS)
        setup(p)
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
    _absolute_paths(args)


# Arguments that name files or folders, made absolute before any plugin loads: plugin code
# may change directory (it is changed back after each call, but a relative path must not
# depend on that). "maybe": a NAME or URL too, made absolute only when it exists here.
_PATH_ARGS = {"search_path": "path", "home": "path", "lockfile": "path", "locks": "path",
              "root": "path", "dir": "path", "path": "path", "mirror": "maybe"}


def _absolute_paths(args: argparse.Namespace) -> None:
    import os

    def absolute(value: Any, how: str) -> Any:
        if not isinstance(value, str) or not value.strip() or os.path.isabs(value) \
                or "://" in value:  # a blank one stays as given: the command refuses it
            return value
        if how == "maybe" and not os.path.exists(value):
            return value
        return os.path.abspath(value)

    for name, how in _PATH_ARGS.items():
        value = getattr(args, name, None)
        if isinstance(value, list):
            setattr(args, name, [absolute(v, how) for v in value])
        elif value is not None:
            setattr(args, name, absolute(value, how))


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

    from envmgr.cli.shell import cmd_shell

    return SimpleNamespace(
        command="shell", func=cmd_shell, builtin=True, tags=values["--tags"],
        version=values["--version"][0] if values["--version"] else None, cmd=cmd,
        json=False, home=None, debug=False, plugin_opts=[],
    )


def _warn_unknown_blocks(app: App) -> None:
    """``-p no:NAME`` naming no plugin is most likely a typo: say so, with the names."""
    wanted = [opt[3:] for opt in app.args.plugin_opts if opt.startswith("no:")]
    if not wanted:
        return
    known = app.em.catalog.names()
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
    from envmgr.activate import fast

    done = fast.main(argv)  # `shell --tags=... -- CMD` from its cache: exec, or None
    if done is None and argv[:1] == ["run"]:
        from envmgr.project import fast as project_fast

        done = project_fast.main(argv)  # `run -- CMD` with a fresh lock, from its cache
    if done is not None:
        return done
    from envmgr._signals import Interrupted, handled

    with handled():  # SIGINT, SIGTERM and SIGHUP: one exception, cleanup runs, one line
        try:
            return _main(argv)
        except Interrupted as exc:
            print(f"envmgr: {exc.message()}", file=sys.stderr)
            return exc.exit_code


def _main(argv: list[str]) -> int:
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
        if not getattr(args, "builtin", False):
            return int(args.func(args, app) or 0)  # a plugin's command owns its stdout
        sys.stdout = sys.stderr
        try:
            return int(args.func(args, app) or 0)
        finally:
            sys.stdout = app.stdout
            app.stdout.flush()
    except EnvmgrError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        print(f"envmgr: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        from envmgr._signals import Interrupted

        if isinstance(exc, Interrupted):
            raise
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
