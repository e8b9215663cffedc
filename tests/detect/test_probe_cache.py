"""The probe cache through the real CLI: a timeout is remembered by the file's stat until
``--refresh``; a changed parent class invalidates its children's cached results."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

from conftest import write_tool

HANG_PLUGIN = '''
from envmgr.detect.soft import Soft


class SlowTool(Soft):
    name = "slowtool"
    executables = [r"slowtool\\d"]
    version_regex = r"^slowtool (\\S+)"
    timeout = 1
'''


def test_a_timeout_is_remembered_until_refresh(cli, tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "slow.py").write_text(HANG_PLUGIN)
    log = tmp_path / "runs.log"
    bindir = tmp_path / "bin"
    for i in range(3):
        write_tool(bindir / f"slowtool{i}", f'echo run >> "{log}"\nsleep 30\necho slowtool 1\n')
    env = {"ENVMGR_PLUGIN_PATH": str(plugins)}
    args = ("detect", "slowtool", "--no-default-paths", "--search-path", str(bindir))
    r = cli(*args, env=env)
    assert r.rc == 0 and r.err.count("did not finish within 1s") == 3, r.err
    assert log.read_text().count("run") == 3

    start = time.monotonic()
    r = cli(*args, "--explain", env=env)
    assert time.monotonic() - start < 5
    assert r.rc == 0, r.err
    assert log.read_text().count("run") == 3, "a remembered timeout was probed again"
    assert "3 candidate(s) skipped: their probes timed out before" in r.err, r.err
    assert "--refresh" in r.err
    assert r.err.count("(cached; --refresh tries again)") == 3, r.err

    r = cli(*args, "--refresh", env=env)
    assert log.read_text().count("run") == 6
    assert r.err.count("did not finish within 1s") == 3, r.err


PARENT = '''
from envmgr.detect.soft import Soft


class ParentTool(Soft):
    name = "parenttool"
    executables = [r"parenttool"]

    @classmethod
    def determine_version(cls, output):
        return output.split()[{field}]
'''

CHILD = '''
import importlib.util
import os
import sys

# the parent plugin beside this one, loaded once (as a plugin sharing a base class does)
_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parent.py")
_mod = sys.modules.get("test_parent_plugin")
if _mod is None:
    _spec = importlib.util.spec_from_file_location("test_parent_plugin", _path)
    _mod = importlib.util.module_from_spec(_spec)
    sys.modules["test_parent_plugin"] = _mod
    _spec.loader.exec_module(_mod)


class ChildTool(_mod.ParentTool):
    name = "childtool"
    executables = [r"childtool"]
'''


def test_a_changed_parent_class_invalidates_its_childrens_results(cli, tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    parent = plugins / "parent.py"
    parent.write_text(PARENT.format(field=1))
    (plugins / "child.py").write_text(CHILD)
    log = tmp_path / "runs.log"
    bindir = tmp_path / "bin"
    write_tool(bindir / "childtool", f'echo run >> "{log}"\necho "childtool 1.0 build 7"\n')
    env = {"ENVMGR_PLUGIN_PATH": str(plugins)}
    args = ("detect", "childtool", "--no-default-paths", "--search-path", str(bindir),
            "--json", "--dry-run")
    r = cli(*args, env=env)
    assert r.rc == 0, r.err
    assert [e["version"] for e in r.json()] == ["1.0"]
    assert [e["version"] for e in cli(*args, env=env).json()] == ["1.0"]
    assert log.read_text().count("run") == 1  # cached while nothing changed

    parent.write_text(textwrap.dedent(PARENT.format(field=3)))  # a method, not data
    r = cli(*args, env=env)
    assert r.rc == 0, r.err
    assert [e["version"] for e in r.json()] == ["7"], r.err
    assert log.read_text().count("run") == 2
