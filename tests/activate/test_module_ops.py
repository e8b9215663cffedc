"""What a module file does, asked of real Lmod (envmgr.activate.modules), and the planner
applying those operations (an entry's ``attrs["env_ops"]``) the way ``module load`` does.

The module files are inputs written here; what they do is what Lmod (apt's lmod) says.
Skipped where Lmod is not installed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from envmgr.activate.modules import ModuleLoadError, module_ops, to_envops
from envmgr.activate.plan import plan
from envmgr.store.entry import Entry

LMOD = next((p for p in ("/usr/share/lmod/lmod/libexec/lmod",
                         "/opt/apps/lmod/lmod/libexec/lmod") if os.access(p, os.X_OK)), None)
pytestmark = pytest.mark.skipif(LMOD is None, reason="Lmod is not here (apt-get install lmod)")


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    """Two Lua modules: ``dep/1`` and ``app/2.0``, which loads ``dep/1``."""
    root = tmp_path / "modules"
    (root / "dep").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "dep" / "1.lua").write_text(
        'prepend_path("PATH", "/opt/dep/1/bin")\n'
        'setenv("EBROOTDEP", "/opt/dep/1")\n')
    (root / "app" / "2.0.lua").write_text(
        'depends_on("dep/1")\n'
        'local root = "/opt/app/2.0"\n'
        'prepend_path("PATH", pathJoin(root, "bin"))\n'
        'prepend_path("PATH", pathJoin(root, "sbin"))\n'
        'append_path("MANPATH", pathJoin(root, "share/man"))\n'
        'prepend_path("LIBRARY_PATH", pathJoin(root, "lib"))\n'
        'setenv("EBROOTAPP", root)\n'
        'setenv("APP_SPACED", "a value with spaces; and \\"quotes\\"")\n'
        'unsetenv("APP_GONE")\n')
    return root


def _lmod_load(modulepath: Path, module: str, base: dict[str, str]) -> dict[str, str]:
    script = 'eval "$("$LMOD_CMD" bash load "$1")" && exec env -0'
    env = {**base, "LMOD_CMD": str(LMOD), "MODULEPATH": str(modulepath)}
    out = subprocess.run(["bash", "--norc", "-c", script, "-", module], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def test_lmod_says_what_the_module_does_in_order(modules):
    ops = module_ops(str(LMOD), str(modules), "app/2.0")
    assert ops == [
        ("unsetenv", "APP_GONE", ""),
        ("setenv", "APP_SPACED", 'a value with spaces; and "quotes"'),
        ("setenv", "EBROOTAPP", "/opt/app/2.0"),
        ("setenv", "EBROOTDEP", "/opt/dep/1"),
        ("prepend-path", "LIBRARY_PATH", "/opt/app/2.0/lib"),
        ("append-path", "MANPATH", "/opt/app/2.0/share/man"),
        ("prepend-path", "PATH", "/opt/dep/1/bin"),
        ("prepend-path", "PATH", "/opt/app/2.0/bin"),
        ("prepend-path", "PATH", "/opt/app/2.0/sbin"),
    ]


def test_the_planner_applies_recorded_ops_as_module_load_does(modules, tmp_path):
    ops = module_ops(str(LMOD), str(modules), "app/2.0")
    entry = Entry(uid="app-1", soft="app", category="", version="2.0", tags=[],
                  source="installed", prefix="/opt/app/2.0",
                  attrs={"env_ops": [list(op) for op in ops]})
    base = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "MANPATH": "/usr/share/man",
            "LIBRARY_PATH": "/usr/lib/extra", "APP_GONE": "here"}
    planned = plan([entry], str(tmp_path / "links"), base=base,
                   make_link=lambda _d, _e: None)
    got = planned.apply(base)
    want = _lmod_load(modules, "app/2.0", base)
    for var in ("PATH", "MANPATH", "LIBRARY_PATH", "EBROOTAPP", "EBROOTDEP", "APP_SPACED",
                "APP_GONE"):
        assert got.get(var) == want.get(var), var
    assert "APP_GONE" not in got


def test_a_module_lmod_cannot_load_is_one_error_with_lmods_words(modules):
    with pytest.raises(ModuleLoadError, match=r"cannot load module nope/1 .*unknown"):
        module_ops(str(LMOD), str(modules), "nope/1")


def test_malformed_recorded_ops_are_a_warning_not_a_crash(tmp_path):
    entry = Entry(uid="x-1", soft="x", category="", version="1", tags=[], source="installed",
                  prefix="/opt/x",
                  attrs={"env_ops": [["prepend-path", "PATH"], ["chmod", "PATH", "/"]]})
    planned = plan([entry], str(tmp_path / "links"), base={}, make_link=lambda _d, _e: None)
    assert any("recorded environment of x-1 is ignored" in w for w in planned.warnings)
    with pytest.raises(ValueError, match="not an environment operation"):
        to_envops([["chmod", "PATH", "/"]])
