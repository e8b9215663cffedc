"""Hostile values through every exporter, loaded by the real tool that reads each format.

Each value of the audit class (quotes, ``$(...)``, backticks, ``]]``, ``[exec ...]``, ``%``,
braces, line feed, carriage return, NUL) is both a variable's value and part of the name of
the folder the entry lives in (a dir on PATH). A format either refuses it in one line
(exit 2, the variable named) because the tool reading it cannot carry it, or the real tool
loads exactly that value, and nothing in it ever runs: every payload would create a file
in the folder the tool runs in, and that folder stays empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_tool
from export_helpers import LMOD_OWN

LMOD_INIT = "/usr/share/lmod/lmod/init/bash"

VALUES = [
    "it's \"double\" and 'single'",
    "$(touch pwned-dollar)",
    "`touch pwned-backtick`",
    "a ]] b ]==] c ]=]",
    "[exec touch pwned-tcl]",
    "100% %s %d %% %(x)s",
    "{a,b} ${HOME} {x} }{ {0} {} {",
    "one\ntouch pwned-lf",
    "one\rtouch pwned-cr",
    "one\0touch pwned-nul",
    "\\\"; touch pwned-quote; echo \"",
    "';touch pwned-single;'",
    "\\[exec touch pwned-esc-tcl]\\",
]

# what each format is read by, and what that reader cannot carry (so the export refuses it)
CANNOT_CARRY = {"lmod": "\n\r\0", "tcl": "\n\r\0\"\\", "sh": "\0", "direnv": "\n\r\0"}


def _plugin() -> str:
    lines = ["from envmgr.detect.soft import Soft", ""]
    for i, value in enumerate(VALUES):
        lines += [f"class Hostile{i}(Soft):", f"    name = 'hostile{i}'",
                  "    category = 'tool'", f"    executables = [r'hostile{i}']",
                  f"    version_regex = r'hostile{i} (\\S+)'",
                  f"    env = {{'HOSTILE': {value!r}}}", ""]
    return "\n".join(lines)


def _folder(value: str) -> str:
    # a folder name may hold anything but '/' and NUL
    return value.replace("/", "|").replace("\0", "0")


@pytest.fixture
def hostile(cli, tmp_path, monkeypatch):
    """One detected entry per value, each in a folder named after its value."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "hostile.py").write_text(_plugin())
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(plugins))
    args = []
    for i, value in enumerate(VALUES):
        prefix = tmp_path / "opt" / f"h{i} {_folder(value)}"
        write_tool(prefix / f"bin/hostile{i}", f'echo "hostile{i} 1.0"\n')
        args += ["--search-path", str(prefix)]
    r = cli("detect", *(f"hostile{i}" for i in range(len(VALUES))), "--no-default-paths",
            *args)
    assert r.rc == 0, r.err
    assert r.out.count("hostile") >= len(VALUES), r.out
    return tmp_path


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(LMOD_OWN)
           and not k.startswith(("LMOD", "MODULE", "HOSTILE", "ENVMGR_SAVED", "DIRENV"))}
    env.update(PATH="/usr/local/bin:/usr/bin:/bin", HOME=str(home))
    return env


def _env0(out: bytes) -> dict[str, str]:
    return dict(os.fsdecode(i).split("=", 1) for i in out.split(b"\0") if b"=" in i)


def _load(fmt: str, path: Path, i: int, cwd: Path, home: Path) -> dict[str, str]:
    """The environment after the real tool loaded ``path``, run in ``cwd``."""
    env = _clean_env(home)
    if fmt in ("lmod", "tcl"):
        tree = path.parent.parent
        script = (f"source {LMOD_INIT}; module use '{tree}'; module load hostile{i}/1.0 "
                  "|| exit 9; env -0")
        cmd = ["bash", "-c", script]
    elif fmt == "sh":
        cmd = ["bash", "-c", f". '{path}' && env -0"]
    else:  # direnv: allowed, then the .envrc evaluated around a command
        subprocess.run(["direnv", "allow", str(path.parent)], env=env, cwd=cwd, check=True,
                       capture_output=True, timeout=60)
        cmd = ["direnv", "exec", str(path.parent), "env", "-0"]
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return _env0(proc.stdout)


def _tool_missing(fmt: str) -> str | None:
    if fmt in ("lmod", "tcl") and not os.path.exists(LMOD_INIT):
        return "Lmod is not installed (apt-get install lmod)"
    if fmt == "direnv" and not shutil.which("direnv"):
        return "direnv is not installed (apt-get install direnv)"
    return None


@pytest.mark.parametrize("fmt", sorted(CANNOT_CARRY))
def test_each_format_refuses_or_loads_hostile_values_exactly(cli, hostile, fmt):
    if _tool_missing(fmt):
        pytest.skip(_tool_missing(fmt))
    canary = hostile / "canary"
    canary.mkdir()
    home = hostile / "user"
    home.mkdir()
    loaded = refused = 0
    for i, value in enumerate(VALUES):
        if fmt in ("lmod", "tcl"):
            out = hostile / f"tree-{fmt}-{i}" / f"hostile{i}"
            out.mkdir(parents=True)
        else:
            out = hostile / f"{fmt}-{i}"
            out.mkdir()
        target = out / ({"lmod": "1.0.lua", "tcl": "1.0", "sh": "env.sh"}.get(fmt, ".envrc"))
        r = cli("export", f"--tags=hostile{i}", "--format", fmt, "-o", str(target))
        folder = _folder(value)
        cannot = any(c in CANNOT_CARRY[fmt] for c in value + folder)
        if r.rc != 0:
            assert cannot, f"{fmt} refused {value!r}: {r.err}"
            assert r.rc == 2 and len(r.err.strip().splitlines()) == 1, r.err
            assert "Traceback" not in r.err and ("HOSTILE" in r.err or "PATH" in r.err), r.err
            assert not target.exists()
            refused += 1
            continue
        # what the reader cannot carry is never written; what it can, loads exactly
        assert not cannot, f"{fmt} wrote {value!r}, which its reader cannot carry"
        env = _load(fmt, target, i, canary, home)
        assert env.get("HOSTILE") == value, (fmt, value, env.get("HOSTILE"))
        assert any(os.path.exists(os.path.join(d, f"hostile{i}"))
                   for d in env["PATH"].split(":")), (fmt, value, env["PATH"])
        loaded += 1
        assert sorted(os.listdir(canary)) == [], f"{fmt} ran a payload of {value!r}"
    assert sorted(os.listdir(canary)) == []
    assert loaded + refused == len(VALUES) and loaded >= 7, (loaded, refused)
