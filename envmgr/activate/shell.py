"""Activating entries: the environment, link dirs, shells and activation scripts.

Dirs are prepended in the order the entries were selected (the first ``--tags`` group
first). An entry whose bin dir is shared with unrelated software (``/usr/bin``) is
exposed through a link dir, ``<home>/links/<uid>``, that holds only its own commands,
under their canonical names too (``python`` → ``/usr/bin/python3.11``). System library
dirs are never put on LD_LIBRARY_PATH.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable, Mapping, Sequence

from envmgr.detect.syspaths import SYSTEM_PREFIXES
from envmgr.store.entry import Entry

__all__ = ["build_env", "ensure_link_dir", "activate_script", "deactivate_script", "SHELLS"]

SHELLS = ("bash", "zsh", "sh", "fish")
SAVED_VAR = "ENVMGR_SAVED"
ACTIVE_VAR = "ENVMGR_ACTIVE"

SYSTEM_LIB_DIRS = frozenset(
    {
        "/lib", "/lib32", "/lib64", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/local/lib",
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
    }
)
SYSTEM_INCLUDE_DIRS = frozenset({"/usr/include", "/usr/local/include"})

PATH_VARS = ("PATH", "LD_LIBRARY_PATH", "CPATH", "PKG_CONFIG_PATH", "CMAKE_PREFIX_PATH")


def shared_bin_dir(d: str) -> bool:
    """A bin dir that holds unrelated software too (``/usr/bin``, ``~/.local/bin``)."""
    parent = os.path.dirname(os.path.normpath(d))
    return parent in SYSTEM_PREFIXES or d in (os.path.expanduser("~/.local/bin"),)


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
    """The environment in which ``entries`` are active, built on ``base``."""
    add: dict[str, list[str]] = {v: [] for v in PATH_VARS}

    def push(var: str, d: str) -> None:
        if d and d not in add[var]:
            add[var].append(d)

    for entry in entries:
        # an entry's own bin dir first (a venv's python must run from it), then the link
        # dir: the only way in for a shared dir, and canonical names for the others
        for d in entry.paths.get("bin", []):
            if not shared_bin_dir(d):
                push("PATH", d)
        try:
            link = ensure_link_dir(links_dir, entry)
        except OSError as exc:  # a read-only home: the entry's own dirs still apply
            import sys

            print(f"envmgr: warning: cannot make the link dir of {entry.uid}: {exc}",
                  file=sys.stderr)
            link = None
        if link:
            push("PATH", link)
        for d in entry.paths.get("lib", []):
            if d not in SYSTEM_LIB_DIRS:
                push("LD_LIBRARY_PATH", d)
                for sub in ("pkgconfig",):
                    pc = os.path.join(d, sub)
                    if os.path.isdir(pc):
                        push("PKG_CONFIG_PATH", pc)
        for d in entry.paths.get("include", []):
            if d not in SYSTEM_INCLUDE_DIRS:
                push("CPATH", d)
        for d in entry.paths.get("pkgconfig", []):
            push("PKG_CONFIG_PATH", d)
        if entry.prefix and entry.prefix not in SYSTEM_PREFIXES:
            push("CMAKE_PREFIX_PATH", entry.prefix)

    env = dict(base)
    for var, dirs in add.items():
        if dirs:
            old = [p for p in env.get(var, "").split(os.pathsep) if p]
            env[var] = os.pathsep.join(dirs + [p for p in old if p not in dirs])
    # the first selected entry's own variables win
    for entry in reversed(entries):
        env.update(entry.env)
    if hook:
        for entry in entries:
            hook(entry, env)
    env[ACTIVE_VAR] = ":".join(e.uid for e in entries)
    return env


def _changes(base: Mapping[str, str], env: Mapping[str, str]) -> dict[str, str | None]:
    keys = set(base) | set(env)
    return {k: env.get(k) for k in sorted(keys) if base.get(k) != env.get(k)}


def activate_script(shell: str, current: Mapping[str, str], env: Mapping[str, str]) -> str:
    """A script that turns the shell's ``current`` environment into ``env`` and remembers
    what ``env`` changed from the pre-activation values, for deactivate.

    ``env`` is built on ``original_env(current)``: a second activation replaces the first
    (variables only the first one set are unset) instead of stacking on it.
    """
    base = original_env(current)
    saved = {k: base.get(k) for k in _changes(base, env) if k != SAVED_VAR}
    changes = {k: v for k, v in _changes(current, env).items() if k != SAVED_VAR}
    changes[SAVED_VAR] = json.dumps(saved, sort_keys=True)
    return _script(shell, changes)


def deactivate_script(shell: str, environ: Mapping[str, str]) -> str:
    """A script restoring exactly the values saved by the last activate."""
    raw = environ.get(SAVED_VAR)
    if not raw:
        return ""
    saved: dict[str, str | None] = json.loads(raw)
    saved[SAVED_VAR] = None
    saved.setdefault(ACTIVE_VAR, None)
    return _script(shell, saved)


def _script(shell: str, changes: Mapping[str, str | None]) -> str:
    lines = []
    for var, value in changes.items():
        if shell == "fish":
            if value is None:
                lines.append(f"set -e {var};")
            elif var in PATH_VARS:  # fish keeps path variables as lists
                parts = " ".join(_fish_quote(p) for p in value.split(os.pathsep) if p)
                lines.append(f"set -gx {var} {parts};")
            else:
                lines.append(f"set -gx {var} {_fish_quote(value)};")
        else:
            if value is None:
                lines.append(f"unset {var};")
            else:
                lines.append(f"export {var}={shlex.quote(value)};")
    if shell != "fish":
        lines.append("hash -r 2>/dev/null || true;")
    return "\n".join(lines) + "\n"


def _fish_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def original_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with an earlier activation undone, so activations never stack."""
    env = dict(environ)
    raw = env.get(SAVED_VAR)
    if raw:
        try:
            saved = json.loads(raw)
        except ValueError:
            saved = {}
        for var, value in saved.items():
            if value is None:
                env.pop(var, None)
            else:
                env[var] = value
        env.pop(SAVED_VAR, None)
    return env


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
    reapply = {k: v for k, v in _changes(base, env).items() if v is not None}
    if name in ("bash", "zsh"):
        rcdir = tempfile.mkdtemp(prefix="envmgr-shell-")
        user_rc = "~/.bashrc" if name == "bash" else '"${ZDOTDIR:-$HOME}/.zshrc"'
        prompt = "PS1" if name == "bash" else "PROMPT"
        rc = os.path.join(rcdir, ".bashrc" if name == "bash" else ".zshrc")
        with open(rc, "w") as f:
            if name == "zsh":  # from now on zsh is the user's own again
                f.write('ZDOTDIR="$ENVMGR_USER_ZDOTDIR"; unset ENVMGR_USER_ZDOTDIR\n')
            f.write(f"[ -f {user_rc} ] && . {user_rc}\n")
            f.write(_script("bash", reapply))
            f.write(f'{prompt}={shlex.quote(marker)}"${{{prompt}:-$ }}"\n')
            f.write(f"rm -rf {shlex.quote(rcdir)}\n")
        if name == "bash":
            argv = [shell, "--rcfile", rc, "-i"]
        else:
            env["ENVMGR_USER_ZDOTDIR"] = env.get("ZDOTDIR", env.get("HOME", ""))
            env["ZDOTDIR"] = rcdir
            argv = [shell, "-i"]
    elif name == "fish":
        argv = [shell, "-C", _script("fish", reapply)
                + "functions -c fish_prompt _envmgr_prompt; "
                f"function fish_prompt; echo -n {shlex.quote(marker)}; _envmgr_prompt; end"]
    else:
        env["PS1"] = marker + env.get("PS1", "$ ")
        argv = [shell, "-i"]
    os.execvpe(argv[0], argv, env)
    return 127  # not reached
