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

from ._paths import SYSTEM_PREFIXES
from .entry import Entry

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
    """``<links_dir>/<uid>`` holding a symlink per command of the entry; None if it has none."""
    commands = entry.commands
    if not commands:
        return None
    target = os.path.join(links_dir, entry.uid)
    stamp = json.dumps(commands, sort_keys=True)
    marker = os.path.join(target, ".commands.json")
    try:
        with open(marker) as f:
            if f.read() == stamp:
                return target
    except OSError:
        pass
    tmp = f"{target}.{os.getpid()}.tmp"
    os.makedirs(tmp, exist_ok=True)
    for name, path in commands.items():
        if "/" in name or name in ("", ".", ".."):
            continue
        os.symlink(path, os.path.join(tmp, name))
    with open(os.path.join(tmp, ".commands.json"), "w") as f:
        f.write(stamp)
    old = f"{target}.{os.getpid()}.old"
    if os.path.isdir(target):
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except OSError:  # another process made it first
        _rmtree(tmp)
    if os.path.isdir(old):
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
        link = ensure_link_dir(links_dir, entry)
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


def activate_script(shell: str, base: Mapping[str, str], env: Mapping[str, str]) -> str:
    """A script that turns ``base`` into ``env`` and remembers ``base`` for deactivate."""
    changes = _changes(base, env)
    saved = {k: base.get(k) for k in changes if k != SAVED_VAR}
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
    _rmtree(os.path.join(links_dir, uid))


def interactive_shell(env: dict[str, str]) -> int:
    """Replace envmgr with the user's shell, its prompt marked ``(envmgr)``."""
    import tempfile

    shell = env.get("SHELL") or "/bin/sh"
    name = os.path.basename(shell)
    marker = "(envmgr) "
    if name == "bash":
        rc = tempfile.NamedTemporaryFile("w", prefix="envmgr-", suffix=".bashrc", delete=False)
        rc.write('[ -f ~/.bashrc ] && . ~/.bashrc\n'
                 f'PS1={shlex.quote(marker)}"${{PS1:-\\$ }}"\n'
                 f'rm -f {shlex.quote(rc.name)}\n')
        rc.close()
        argv = [shell, "--rcfile", rc.name, "-i"]
    elif name == "fish":
        argv = [shell, "-C",
                "functions -c fish_prompt _envmgr_prompt; "
                f"function fish_prompt; echo -n {shlex.quote(marker)}; _envmgr_prompt; end"]
    else:
        env["PS1"] = marker + env.get("PS1", "$ ")
        argv = [shell, "-i"]
    os.execvpe(argv[0], argv, env)
    return 127  # not reached
