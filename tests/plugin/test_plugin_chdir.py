"""A plugin that changes directory does not change where envmgr reads relative paths:
real plugin files, a real tool, ``python -m envmgr`` run from the test's folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import child_env, write_tool

SOFT = '''
import os
from envmgr.detect.soft import Soft

os.chdir("/")  # at import


class Walker(Soft):
    name = "walkertool"
    summary = "a tool whose plugin wanders off"
    executables = [r"walkertool"]
    version_regex = r"^walkertool (?P<version>\\S+)"


def envmgr_search_dirs():
    os.chdir("/tmp")  # in a hook call
    return []
'''


@pytest.mark.parametrize("where", ["import", "hook"])
def test_relative_search_paths_survive_a_plugin_chdir(home, tmp_path, where):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    source = SOFT if where == "import" else SOFT.replace('os.chdir("/")  # at import', "")
    (plugins / "walker.py").write_text(source)
    write_tool(tmp_path / "work" / "rel" / "bin" / "walkertool", 'echo "walkertool 1.2.3"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "envmgr", "detect", "walkertool", "--search-path", "rel/bin",
         "--no-default-paths", "--json"],
        capture_output=True, text=True, cwd=tmp_path / "work", timeout=120,
        env=child_env(ENVMGR_PLUGIN_PATH=str(plugins)))
    assert proc.returncode == 0, proc.stderr
    [entry] = json.loads(proc.stdout)
    assert entry["attrs"]["executable"] == str(tmp_path / "work" / "rel" / "bin" / "walkertool")
    assert "Traceback" not in proc.stderr


def test_the_working_directory_is_restored_after_each_plugin_call(tmp_path, monkeypatch):
    import os

    from envmgr.plugin.guard import run_guarded

    monkeypatch.chdir(tmp_path)
    out = run_guarded("wanderer", lambda: os.chdir("/"))
    assert out.ok and os.getcwd() == str(tmp_path)
