"""envmgr.testing, the pytest plugin for plugin authors: its fixtures do what they say."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import plugins.tools.cmake
from envmgr.authoring.testing import CliResult, plugin_cases


def test_envmgr_home_is_isolated(envmgr_home, envmgr_run, fake_tool):
    assert os.environ["ENVMGR_HOME"] == str(envmgr_home.path)
    assert os.environ["ENVMGR_CONFIG_DIR"] == str(envmgr_home.config_dir)
    assert os.environ["ENVMGR_DISABLE_PLUGIN_AUTOLOAD"] == "1"
    assert "ENVMGR_PLUGIN_PATH" not in os.environ and "ENVMGR_PLUGINS" not in os.environ
    fake_tool("cmake", "cmake version 3.99.1\n")
    envmgr_run("detect", "cmake").assert_success()
    assert (envmgr_home.path / "registry.db").exists()


def test_fake_tool_prints_what_it_was_given(fake_tool):
    path = fake_tool("frob", "frob 1.2.3\n", exit_code=3)
    assert shutil.which("frob") == str(path)
    proc = subprocess.run(["frob", "--version"], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (3, "frob 1.2.3\n")
    proc = subprocess.run(["frob", "--help"], capture_output=True, text=True)
    assert proc.returncode == 97 and "no captured output for: --help" in proc.stderr


def test_fake_path_writes_a_cases_layout(fake_path):
    root = fake_path({"opt/frob/bin/frob": {"outputs": {"-V": "frob 2\n"}},
                      "opt/frob/lib/libfrob.so": {"text": ""}})
    out = subprocess.run([str(root / "opt/frob/bin/frob"), "-V"], capture_output=True, text=True)
    assert out.stdout == "frob 2\n" and (root / "opt/frob/lib/libfrob.so").is_file()


def test_envmgr_run_in_process(envmgr_run):
    ok = envmgr_run("search", "cmake", "--kind", "soft", "--json").assert_success()
    assert [s["name"] for s in ok.json()] == ["cmake"]
    bad = envmgr_run("detect", "lvm").assert_failure(3)
    # 'vim' is as close to 'lvm' as 'llvm' is: the suggestions may name both
    assert bad.err.startswith("envmgr: error: no soft 'lvm'; did you mean 'llvm'") and bad.out == ""
    assert envmgr_run("detect", "--no-such-option").rc == 2  # argparse exits: caught
    assert "usage: envmgr" in envmgr_run("--help").assert_success().out


def test_shell_command_runs_and_returns_its_status(envmgr_run, fake_tool):
    fake_tool("cmake", "cmake version 3.99.1\n")
    envmgr_run("detect", "cmake").assert_success()
    r = envmgr_run("shell", "--tags=cmake,v3.99", "--", "cmake", "--version")
    assert r.assert_success().out == "cmake version 3.99.1\n"
    r = envmgr_run("shell", "--tags=cmake", "--", "sh", "-c", "echo $CMAKE_PREFIX_PATH; exit 7")
    assert r.rc == 7 and r.out.strip()


def test_envmgr_run_subprocess(envmgr_run):
    r = envmgr_run.subprocess("search", "--kind", "soft", "--json", "gcc")
    assert [s["name"] for s in r.assert_success().json()] == ["gcc"]


def test_assert_success_shows_the_output():
    failed = CliResult(["detect", "x"], 3, "", "envmgr: error: no soft 'x'\n")
    with pytest.raises(AssertionError, match="no soft 'x'"):
        failed.assert_success()


def test_register_plugin_module_and_file(tmp_path, envmgr_run, register_plugin, monkeypatch):
    pkg = tmp_path / "pkgs"
    pkg.mkdir()
    (pkg / "lab_softs.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class Lab(Soft):
            name = "labtool"
            executables = [r"labtool"]
            version_regex = r"(\\d+\\.\\d+)"
    '''))
    monkeypatch.syspath_prepend(pkg)
    monkeypatch.setenv("PYTHONPATH", str(pkg))
    import lab_softs

    register_plugin(lab_softs)
    (tmp_path / "other.py").write_text("from envmgr.soft import Soft\n")
    register_plugin(tmp_path / "other.py")
    assert os.environ["ENVMGR_PLUGINS"] == "lab_softs"
    assert os.environ["ENVMGR_PLUGIN_PATH"] == str(tmp_path / "other.py")
    names = {r["name"] for r in envmgr_run("plugin", "list", "--json").json()}
    assert {"lab_softs", "other"} <= names
    r = envmgr_run.subprocess("plugin", "info", "lab_softs", "--json")
    assert r.assert_success().json()["softs"] == ["labtool"]


@pytest.mark.parametrize("case", plugin_cases(plugins.tools.cmake))
def test_plugin_cases_replay(case, tmp_path):
    assert case.soft.name == "cmake"
    assert case.check(tmp_path) == []


def test_plugin_cases_without_a_cases_file(tmp_path):
    (tmp_path / "lonely.py").write_text(textwrap.dedent('''
        from envmgr.detect.soft import Soft

        class Lonely(Soft):
            name = "lonely"
            executables = [r"lonely"]
            version_regex = r"(\\d+)"
    '''))
    [param] = plugin_cases(tmp_path / "lonely.py")
    [problem] = param.values[0].check(tmp_path)
    assert problem.startswith("no recorded cases (lonely.cases.json)")


def test_fixtures_come_with_envmgr(pytestconfig):
    # through the pytest11 entry point once envmgr is installed, else tests/conftest.py
    plugin = pytestconfig.pluginmanager.get_plugin("envmgr") or \
        pytestconfig.pluginmanager.get_plugin("envmgr.testing")
    assert plugin is sys.modules["envmgr.testing"]
