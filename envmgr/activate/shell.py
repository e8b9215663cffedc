"""Starting a shell, or a command, with entries active; and the link dirs.

An entry whose bin dir is shared with unrelated software (``/usr/bin``) is exposed through
a link dir, ``<home>/links/<uid>``, that holds only its own commands, under their
canonical names too (``python`` → ``/usr/bin/python3.11``). What is put where is planned
in :mod:`envmgr.activate.plan`; scripts are in :mod:`envmgr.activate.scripts`.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable, Mapping, Sequence

from envmgr.activate.envops import ACTIVE_VAR, SAVED_VAR
from envmgr.store.entry import Entry

__all__ = ["build_env", "ensure_link_dir", "remove_link_dir", "interactive_shell",
           "SAVED_VAR", "ACTIVE_VAR"]


def ensure_link_dir(links_dir: str, entry: Entry) -> str | None:
    """``<links_dir>/<uid>``: a symlink per command of the entry; None if it has none.

    ``<uid>`` is itself a symlink to a hidden dir made whole first, then swapped in with
    one ``os.replace``: a concurrent ``shell`` sees the old set or the new one, never a
    half-made or missing dir.
    """
    commands = entry.commands
    if not commands:
        return None
    target = os.path.join(links_dir, entry.uid)
    stamp = json.dumps(commands, sort_keys=True)
    try:
        with open(os.path.join(target, ".commands.json")) as f:
            if f.read() == stamp:
                return target
    except OSError:
        pass
    import tempfile

    os.makedirs(links_dir, exist_ok=True)
    made = tempfile.mkdtemp(prefix=f".{entry.uid}.", dir=links_dir)
    for name, path in commands.items():
        if "/" not in name and name not in ("", ".", ".."):
            os.symlink(path, os.path.join(made, name))
    with open(os.path.join(made, ".commands.json"), "w") as f:
        f.write(stamp)
    link = f"{made}.link"
    os.symlink(os.path.basename(made), link)
    old = os.path.realpath(target) if os.path.islink(target) else None
    if os.path.isdir(target) and not os.path.islink(target):  # a plain dir from an old envmgr
        _rmtree(target)
    os.replace(link, target)
    if old and os.path.dirname(old) == os.path.realpath(links_dir):
        _rmtree(old)
    return target


def _rmtree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def build_env(
    entries: Sequence[Entry],
    base: Mapping[str, str],
    links_dir: str,
    hook: Callable[[Entry, dict[str, str]], None] | None = None,
) -> dict[str, str]:
    """The environment in which ``entries`` are active, built on ``base`` (the plan of
    :func:`envmgr.activate.plan.plan`, applied)."""
    import sys

    from envmgr.activate.plan import plan

    planned = plan(entries, links_dir, hook, base)
    for warning in planned.warnings:
        print(f"envmgr: warning: {warning}", file=sys.stderr)
    return planned.apply(base)


def remove_link_dir(links_dir: str, uid: str) -> None:
    target = os.path.join(links_dir, uid)
    real = os.path.realpath(target)
    if os.path.islink(target):
        os.unlink(target)
    if os.path.dirname(real) == os.path.realpath(links_dir):
        _rmtree(real)


def interactive_shell(env: dict[str, str], base: Mapping[str, str]) -> int:
    """Replace envmgr with the user's shell, its prompt marked ``(envmgr)``.

    The user's rc file runs first (it may prepend pyenv, conda ...), then what envmgr set is
    applied again, so that the selected tools win.
    """
    import tempfile

    shell = env.get("SHELL") or "/bin/sh"
    name = os.path.basename(shell)
    marker = "(envmgr) "
    from envmgr.activate.scripts import render

    reapply = {k: v for k, v in env.items() if base.get(k) != v}
    if name in ("bash", "zsh"):
        rcdir = tempfile.mkdtemp(prefix="envmgr-shell-")
        user_rc = "~/.bashrc" if name == "bash" else '"${ZDOTDIR:-$HOME}/.zshrc"'
        prompt = "PS1" if name == "bash" else "PROMPT"
        rc = os.path.join(rcdir, ".bashrc" if name == "bash" else ".zshrc")
        with open(rc, "w") as f:
            if name == "zsh":  # from now on zsh is the user's own again
                f.write('ZDOTDIR="$ENVMGR_USER_ZDOTDIR"; unset ENVMGR_USER_ZDOTDIR\n')
            f.write(f"[ -f {user_rc} ] && . {user_rc}\n")
            f.write(render("bash", reapply))
            f.write(f'{prompt}={shlex.quote(marker)}"${{{prompt}:-$ }}"\n')
            f.write(f"rm -rf {shlex.quote(rcdir)}\n")
        if name == "bash":
            argv = [shell, "--rcfile", rc, "-i"]
        else:
            env["ENVMGR_USER_ZDOTDIR"] = env.get("ZDOTDIR", env.get("HOME", ""))
            env["ZDOTDIR"] = rcdir
            argv = [shell, "-i"]
    elif name == "fish":
        argv = [shell, "-C", render("fish", reapply)
                + "functions -c fish_prompt _envmgr_prompt; "
                f"function fish_prompt; echo -n {shlex.quote(marker)}; _envmgr_prompt; end"]
    else:
        env["PS1"] = marker + env.get("PS1", "$ ")
        argv = [shell, "-i"]
    os.execvpe(argv[0], argv, env)
    return 127  # not reached
