"""The ``entries`` fixture (real detected entries in hostile folders) and helpers that
read environments out of real shells."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import write_tool

PLUGIN = r'''
from envmgr.detect.soft import Soft


class Gizmo(Soft):
    name = "gizmo"
    category = "tool"
    executables = [r"gizmo"]
    version_regex = r"gizmo (\S+)"
    env = {"GIZMO_ROOT": "{prefix}", "GIZMO_OPTS": "a  b 'c' \"d\" $HOME `x` \\ ; & | *"}


class Toycc(Soft):
    name = "toycc"
    category = "compiler"
    executables = [r"toycc"]
    version_regex = r"toycc (\S+)"
    env = {"CC": "{executable}"}
'''

# a folder name with every character a quoting bug trips on
ODD = "odd dir 'q' \"dq\" $x [b] {c} \\back ;&|*"
# what Lmod's Tcl reader can carry (it writes dirs into Lua unescaped: no " nor \)
TCL_ODD = "odd dir 'q' $x [b] {c} ;&|*"

#: variables Lmod keeps for itself (its module table, reference counts, saved values)
LMOD_OWN = ("__LMOD_", "_ModuleTable", "LOADEDMODULES", "_LMFILES_", "LMOD_FAMILY_", "__MODULES_")


@pytest.fixture
def entries(cli, tmp_path, monkeypatch, request):
    """gizmo 1.0 and 2.0 and toycc 3.1, detected for real from prefixes with odd names
    (the folder :data:`ODD`, or the fixture's parameter)."""
    odd = getattr(request, "param", ODD)
    d = tmp_path / "plugins"
    d.mkdir()
    (d / "gizmo.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(d))
    prefixes = {}
    for soft, v in (("gizmo", "1.0"), ("gizmo", "2.0"), ("toycc", "3.1")):
        p = tmp_path / odd / f"{soft}-{v}"
        write_tool(p / f"bin/{soft}", f'echo "{soft} {v}"\n')
        (p / "lib/pkgconfig").mkdir(parents=True)
        (p / "include").mkdir()
        prefixes[f"{soft}-{v}"] = p
    args = [a for p in prefixes.values() for a in ("--search-path", str(p))]
    r = cli("detect", "gizmo", "toycc", "--no-default-paths", *args)
    assert r.rc == 0, r.err
    return prefixes


def bash_envs(script: str, env: dict[str, str] | None = None, shell: str = "bash",
              cwd: str | None = None) -> list[dict[str, str]]:
    """Run ``script`` in ``shell``; each ``@ENV@`` in it is replaced by a dump of the
    environment at that point, and the dumps come back in order."""
    marker = "printf '\\001'; env -0; printf '\\002';"
    proc = subprocess.run([shell, "-c", script.replace("@ENV@", marker)], capture_output=True,
                          env=env if env is not None else dict(os.environ), cwd=cwd,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    dumps = []
    out = proc.stdout
    while b"\001" in out:
        start = out.index(b"\001") + 1
        end = out.index(b"\002", start)
        items = [i for i in out[start:end].split(b"\0") if i]
        dumps.append(dict(os.fsdecode(i).split("=", 1) for i in items))
        out = out[end + 1:]
    return dumps


def without(env: dict[str, str], prefixes: tuple[str, ...]) -> dict[str, str]:
    """``env`` without the variables whose names start with one of ``prefixes`` (``X=``:
    the variable ``X`` alone)."""
    exact = {p[:-1] for p in prefixes if p.endswith("=")}
    return {k: v for k, v in env.items() if not k.startswith(prefixes) and k not in exact}
