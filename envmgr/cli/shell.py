"""``envmgr shell``, ``activate`` and ``deactivate``: entries active in a shell or a command."""

from __future__ import annotations

import os

from envmgr.errors import EnvmgrError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register", "cmd_shell"]

SHELLS = ("bash", "zsh", "sh", "fish")

EXAMPLES = {
    "shell": """examples:
  envmgr shell --tags=llvm,v16                     # a shell where clang 16 comes first
  envmgr shell --tags=python,v3.11 -- python run.py
  envmgr shell --tags=gcc,v12 --tags=cmake -- cmake -B build""",
    "activate": """examples:
  eval "$(envmgr activate --tags=cmake,v3)"
  envmgr activate --tags=python,v3.12 --shell fish | source""",
    "deactivate": """examples:
  eval "$(envmgr deactivate)\"""",
}


def register(commands: CommandCollector) -> None:
    commands.add("shell", "start a shell, or run a command, with entries active",
                 _setup_shell, cmd_shell, examples=EXAMPLES["shell"])
    commands.add("activate", "print a script that activates entries in this shell",
                 _setup_activate, cmd_activate, examples=EXAMPLES["activate"])
    commands.add("deactivate", "print a script that undoes 'envmgr activate'",
                 _setup_dialect, cmd_deactivate, examples=EXAMPLES["deactivate"])


def _setup_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tags", action="append", metavar="TAGS",
                   help="one entry per --tags group (repeatable), e.g. --tags=llvm,v16")
    p.add_argument("--version", help="version spec applied to each group")


def _setup_shell(p: argparse.ArgumentParser) -> None:
    _setup_selection(p)
    import argparse

    p.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- CMD",
                   help="command to run instead of an interactive shell")


def _setup_dialect(p: argparse.ArgumentParser) -> None:
    p.add_argument("--shell", choices=SHELLS, help="script dialect (default: from $SHELL)")


def _setup_activate(p: argparse.ArgumentParser) -> None:
    _setup_selection(p)
    _setup_dialect(p)


def _groups(args: argparse.Namespace) -> list[list[str]]:
    from envmgr.store.query import parse_tags

    groups = [parse_tags(t) for t in args.tags or []]
    groups = [g for g in groups if g]
    if not groups:
        raise UsageError(f"'envmgr {args.command}' needs --tags", "for example --tags=python,v3.11")
    return groups


def cmd_shell(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate import fast
    from envmgr.activate.envops import original_env

    base = original_env(os.environ)
    planned = app.em.shell_plan(_groups(args), args.version, base)
    for n in planned.warnings:
        app.note(f"warning: {n}")
    for n in planned.notes:
        app.note(n)
    fast.remember(planned, app.em)  # the next identical `shell -- CMD` skips all this
    env = planned.apply(base)
    command = list(args.cmd or [])
    if command and command[0] == "--":
        command = command[1:]
    app.close()
    app.flush()
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
    from envmgr.activate.shell import interactive_shell

    return interactive_shell(env, base)


def cmd_activate(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.envops import original_env
    from envmgr.activate.scripts import activate_script

    planned = app.em.shell_plan(_groups(args), args.version, original_env(os.environ))
    for n in planned.warnings:
        app.note(f"warning: {n}")
    app.write(activate_script(args.shell or _default_shell(), os.environ, planned.ops))
    return 0


def cmd_deactivate(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.envops import SAVED_VAR
    from envmgr.activate.scripts import deactivate_script

    if SAVED_VAR not in os.environ:
        raise EnvmgrError("no envmgr activation is in effect in this shell")
    app.write(deactivate_script(args.shell or _default_shell(), os.environ))
    return 0


def _default_shell() -> str:
    name = os.path.basename(os.environ.get("SHELL", "sh"))
    return name if name in SHELLS else "sh"

