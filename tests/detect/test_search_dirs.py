"""Search dirs that cannot be searched: an empty --search-path is a usage error; an
unreadable dir named explicitly is a warning; --explain lists every skipped dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_tool

PLUGIN = '''
from envmgr.detect.soft import Soft


class DirTool(Soft):
    name = "dirtool"
    executables = [r"dirtool"]
    version_regex = r"^dirtool (\\S+)"
'''


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    d = tmp_path / "plugins"
    d.mkdir()
    (d / "dirtool.py").write_text(PLUGIN)
    return d


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_search_path_is_a_usage_error(cli, tmp_path: Path, plugins: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               empty: str) -> None:
    write_tool(tmp_path / "dirtool", 'echo "dirtool 1.0"\n')
    monkeypatch.chdir(tmp_path)  # what '' used to search
    r = cli("detect", "dirtool", "--no-default-paths", "--search-path", empty,
            env={"ENVMGR_PLUGIN_PATH": str(plugins)})
    assert r.rc == 2, (r.out, r.err)
    assert "empty --search-path" in r.err and "'.' for the current one" in r.err
    assert "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_explain_lists_every_skipped_dir_with_its_reason(cli, tmp_path: Path,
                                                         plugins: Path) -> None:
    good = tmp_path / "good"
    write_tool(good / "dirtool", 'echo "dirtool 1.0"\n')
    afile = tmp_path / "afile"
    afile.write_text("")
    missing = tmp_path / "missing"
    path = os.pathsep.join([str(afile / "bin"), str(missing), str(afile), str(good)])
    r = cli("detect", "dirtool", "--explain", "--json", "--dry-run",
            env={"ENVMGR_PLUGIN_PATH": str(plugins), "PATH": path + os.pathsep
                 + os.environ.get("PATH", "")})
    assert r.rc == 0, r.err
    assert [e["version"] for e in r.json()] == ["1.0"]
    assert f"explain: skip dir {afile / 'bin'} (PATH): not a directory" in r.err, r.err
    assert f"explain: skip dir {afile} (PATH): not a directory" in r.err, r.err
    assert f"explain: skip dir {missing} (PATH): not found" in r.err, r.err


def _without_dac() -> list[str] | None:
    """A prefix that runs a command as root without the capabilities that let root read
    any dir: then a dir of mode 000 is unreadable to it, as to anyone."""
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    if os.geteuid() != 0:
        return []
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def test_an_unreadable_search_path_is_a_warning_and_explained(tmp_path: Path, plugins: Path,
                                                              home: Path) -> None:
    prefix = _without_dac()
    if prefix is None:
        pytest.skip("needs setpriv to drop root's capability to read any dir")
    locked = tmp_path / "locked"
    write_tool(locked / "dirtool", 'echo "dirtool 1.0"\n')
    good = tmp_path / "good"
    write_tool(good / "dirtool", 'echo "dirtool 2.0"\n')
    locked.chmod(0)
    try:
        env = dict(os.environ, ENVMGR_PLUGIN_PATH=str(plugins))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "envmgr", "detect", "dirtool", "--no-default-paths",
             "--search-path", str(locked), "--search-path", str(good), "--explain", "--json"],
            env=env, capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    if "Permission denied" in proc.stderr and "setpriv" in proc.stderr:
        pytest.skip(f"setpriv cannot drop capabilities here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    import json

    assert [e["version"] for e in json.loads(proc.stdout)] == ["2.0"]
    assert (f"envmgr: warning: cannot search {locked} (--search-path): permission denied; "
            "skipped") in proc.stderr, proc.stderr
    assert f"explain: skip dir {locked} (--search-path): permission denied" in proc.stderr
