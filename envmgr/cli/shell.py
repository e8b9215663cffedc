"""``envmgr shell``, ``activate`` and ``deactivate``: entries active in a shell or a command."""

from __future__ import annotations

import os

from envmgr.errors import EnvmgrError, UsageError

TYPE_CHECKING = False  # not `from typing`: start-up time
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from envmgr.cli.main import App, CommandCollector

__all__ = ["register", "cmd_shell"]

SHELLS = ("bash", "zsh", "sh", "fish")

EXAMPLES = {
    "shell": """examples:
  envmgr shell --tags=llvm,v16                     # a shell where clang 16 comes first
  envmgr shell --tags=python,v3.11 -- python run.py
  envmgr shell --tags=gcc,v12 --tags=cmake -- cmake -B build
  envmgr shell --install --tags=llvm,v7 -- clang --version   # install llvm 7 first if need be""",
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

    p.add_argument("--install", action="store_true",
                   help="install what no entry provides yet (from the recipes), then run")
    p.add_argument("--no-checksum", action="store_true",
                   help="with --install: allow sources whose upstream publishes no checksum")

    p.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- CMD",
                   help="command to run instead of an interactive shell")


def _setup_dialect(p: argparse.ArgumentParser) -> None:
    p.add_argument("--shell", choices=SHELLS, help="script dialect (default: from $SHELL)")


def _setup_activate(p: argparse.ArgumentParser) -> None:
    _setup_selection(p)
    _setup_dialect(p)


def _groups(args: argparse.Namespace) -> list[list[str]]:
    from envmgr.store.query import parse_tags

    groups = [parse_tags(t) for t in args.tags or []]  # a blank group is parse_tags' error
    if not groups:
        raise UsageError(f"'envmgr {args.command}' needs --tags", "for example --tags=python,v3.11")
    return groups


def cmd_shell(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate import fast
    from envmgr.activate.envops import original_env

    base = original_env(os.environ)
    planned = _project_plan(args, app, base)
    if planned is None:
        groups = _groups(args)
        if getattr(args, "install", False):  # the fast parse of `shell -- CMD` has none
            _install_missing(app, groups, args.version, getattr(args, "no_checksum", False))
        planned = _plan_or_hint(app, groups, args.version, base)
        fast.remember(planned, app.em)  # the next identical `shell -- CMD` skips all this
    for n in planned.warnings:
        app.note(f"warning: {n}")
    for n in planned.notes:
        app.note(n)
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


def _project_plan(args: argparse.Namespace, app: App, base: dict[str, str]) -> Any:
    """With no ``--tags`` inside a project (an ``envmgr.toml`` here or above): the
    project's environment, as ``envmgr run`` gives it; else None."""
    if args.tags or args.version:
        return None
    from envmgr.project.manifest import find, load

    path = find()
    if path is None:
        return None
    from envmgr.cli.project import project_env

    planned, _entries = project_env(app, load(path), base=base)
    return planned


def cmd_activate(args: argparse.Namespace, app: App) -> int:
    from envmgr.activate.envops import original_env
    from envmgr.activate.scripts import activate_script

    base = original_env(os.environ)
    planned = _project_plan(args, app, base)
    if planned is None:
        planned = _plan_or_hint(app, _groups(args), args.version, base)
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


# -- from "not here" to "here" ----------------------------------------------------------

def _missing(app: App, groups: list[list[str]], version: str | None) -> list[list[str]]:
    """The groups no live entry matches (the ones ``shell_plan`` would refuse)."""
    return [g for g in groups if not app.em.find(g, version, include_stale=False)]


def _install_plan(app: App, group: list[str], version: str | None,
                  allow_unchecked: bool = False) -> tuple[Any, Any] | None:
    """(session, plan) that would provide ``group`` from the recipes, or None when no
    recipe's tags match it (or the plan cannot be made)."""
    from envmgr.install.resolver import Request
    from envmgr.install.session import InstallSession

    session = InstallSession(app.em, allow_unchecked=allow_unchecked, note=app.note)
    if not session._matching(group):
        return None
    try:
        plan = session.plan([Request(tags=tuple(group), version=version)])
    except EnvmgrError:
        return None
    return session, plan


def _describe(step: Any) -> str:
    """``envmgr install llvm@7.0.0 would install llvm 7.0.0 (summary, 250 MB)``."""
    build = step.build
    if step.action == "detect":
        return (f"`envmgr detect {step.soft}` would record the {step.soft} {step.version} "
                "found on this machine")
    if step.action != "install" or build is None:
        return f"`envmgr install {step.soft}@{step.version}` would provide it"
    sizes = [s.size for s in build.sources if s.size]
    size = f", {_megabytes(sum(sizes))}" if sizes and len(sizes) == len(build.sources) else ""
    summary = build.recipe.summary.rstrip(".")
    return (f"`envmgr install {step.soft}@{step.version}` would install {step.soft} "
            f"{step.version} ({summary}{size})")


def _megabytes(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def _plan_or_hint(app: App, groups: list[list[str]], version: str | None,
                  base: dict[str, str]) -> Any:
    """``shell_plan``, whose "nothing recorded" error names the recipe that would
    provide the missing group, and how to install it."""
    from envmgr.errors import NotFoundError

    try:
        return app.em.shell_plan(groups, version, base)
    except NotFoundError as exc:
        for group in _missing(app, groups, version):
            found = _install_plan(app, group, version)
            if found is None:
                continue
            _session, plan = found
            step = plan.steps[plan.roots[0]]
            what = " ".join(group) + (f" {version}" if version else "")
            exc.message = f"no {what} is recorded; {_describe(step)}"
            exc.args = (exc.message,)
            exc.suggestion = ("or run this with 'envmgr shell --install' to install it "
                              "first")
            break
        raise


def _install_missing(app: App, groups: list[list[str]], version: str | None,
                     allow_unchecked: bool) -> None:
    """Install, from the recipes, what each group without an entry needs."""
    from envmgr.errors import NotFoundError

    for group in _missing(app, groups, version):
        found = _install_plan(app, group, version, allow_unchecked)
        if found is None:
            raise NotFoundError(
                f"no {' '.join(group)} is recorded, and no recipe provides it",
                "see 'envmgr search' for what envmgr can install")
        session, plan = found
        for step in plan.installs():
            app.note(f"installing {step.soft} {step.version} for --tags={','.join(group)}")
        session.execute(plan)


def _default_shell() -> str:
    name = os.path.basename(os.environ.get("SHELL", "sh"))
    return name if name in SHELLS else "sh"

