"""The detection engine end to end: real executables, real processes, a real registry."""

import os
import time

import pytest
from conftest import write_tool

PLUGIN = '''
from envmgr.detect.soft import Soft


class DemoTool(Soft):
    name = "demotool"
    aliases = ["demo"]
    category = "tool"
    summary = "a tool made by the tests"
    executables = [r"demotool(-\\d+)?"]
    companions = ["demotool-helper"]
    version_regex = r"^demotool (\\S+)"
    env = {"DEMO_HOME": "{prefix}", "DEMO_HELPER": "{cmd[demotool-helper]}"}


class SlowTool(Soft):
    name = "slowtool"
    executables = [r"slowtool"]
    version_regex = r"slowtool (\\S+)"
    timeout = 1
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    d = tmp_path / "plugins"
    d.mkdir()
    (d / "demo.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(d))
    return d


def demotool(path, version, counter=None):
    log = f'echo run >> "{counter}"\n' if counter else ""
    return write_tool(path, f'{log}echo "demotool {version}"\necho "extra line" >&2\n')


def detect(cli, *dirs, args=()):
    sp = [a for d in dirs for a in ("--search-path", str(d))]
    return cli("detect", "demotool", "--no-default-paths", *sp, *args)


def test_detects_versions_prefixes_and_env(cli, plugin, tmp_path):
    demotool(tmp_path / "a/bin/demotool", "1.2.3")
    write_tool(tmp_path / "a/bin/demotool-helper", "exit 0\n")
    demotool(tmp_path / "b/bin/demotool-2", "2.0.1")
    r = detect(cli, tmp_path / "a", tmp_path / "b", args=["--json"])
    assert r.rc == 0, r.err
    entries = {e["version"]: e for e in r.json()}
    assert set(entries) == {"1.2.3", "2.0.1"}
    one = entries["1.2.3"]
    assert one["prefix"] == str(tmp_path / "a")
    assert one["env"] == {"DEMO_HOME": str(tmp_path / "a"),
                          "DEMO_HELPER": str(tmp_path / "a/bin/demotool-helper")}
    assert {"demotool", "demo", "tool", "v1", "v1.2", "v1.2.3", "detected"} <= set(one["tags"])
    assert any(t.startswith("os-") for t in one["tags"])
    assert any(t.startswith("arch-") for t in one["tags"])
    # a template naming a missing companion is skipped, not an error
    assert entries["2.0.1"]["env"] == {"DEMO_HOME": str(tmp_path / "b")}
    assert entries["2.0.1"]["attrs"]["commands"]["demotool"].endswith("demotool-2")


def test_symlinks_and_wrapper_scripts_are_one_installation(cli, plugin, tmp_path):
    real = demotool(tmp_path / "opt/demo-1.0/bin/demotool", "1.0")
    links = tmp_path / "links"
    links.mkdir()
    os.symlink(real, links / "demotool")
    write_tool(tmp_path / "wrap/demotool", f'exec {real} "$@"\n')
    r = detect(cli, links, tmp_path / "wrap", tmp_path / "opt/demo-1.0",
               args=["--json", "--explain"])
    assert r.rc == 0, r.err
    [e] = r.json()
    assert e["prefix"] == str(tmp_path / "opt/demo-1.0")
    assert e["attrs"]["realpath"] == str(real)
    assert "resolve to" in r.err


def test_shims_are_skipped(cli, plugin, tmp_path):
    demotool(tmp_path / "pyenv/shims/demotool", "9.9")
    r = detect(cli, tmp_path / "pyenv/shims", args=["--json", "--explain"])
    assert r.rc == 0
    assert r.json() == []
    assert "shims are dispatchers" in r.err


def test_rustup_proxies_are_skipped(cli, plugin, tmp_path):
    rustup = demotool(tmp_path / "cargo/bin/rustup", "1.0")
    os.link(rustup, tmp_path / "cargo/bin/demotool")
    r = detect(cli, tmp_path / "cargo/bin", args=["--json", "--explain"])
    assert r.json() == [] and "rustup proxy" in r.err


@pytest.mark.slow
def test_hanging_probe_is_killed_and_the_rest_works(cli, plugin, tmp_path):
    write_tool(tmp_path / "bin/slowtool", "sleep 60\necho slowtool 1.0\n")
    demotool(tmp_path / "bin/demotool", "3.0")
    start = time.monotonic()
    r = cli("detect", "demotool", "slowtool", "--no-default-paths",
            "--search-path", str(tmp_path / "bin"), "--json")
    assert time.monotonic() - start < 20
    assert r.rc == 0
    assert [e["version"] for e in r.json()] == ["3.0"]
    assert "slowtool" in r.err and "did not finish within 1s" in r.err


@pytest.mark.slow
def test_probe_cache_skips_rerun_until_the_file_changes(cli, plugin, tmp_path):
    counter = tmp_path / "runs.log"
    tool = demotool(tmp_path / "bin/demotool", "1.0", counter)
    assert detect(cli, tmp_path / "bin").rc == 0
    assert detect(cli, tmp_path / "bin").rc == 0
    assert counter.read_text().count("run") == 1
    demotool(tool, "1.1", counter)
    os.utime(tool, ns=(time.time_ns(), time.time_ns() + 10**9))
    r = detect(cli, tmp_path / "bin", args=["--json"])
    assert [e["version"] for e in r.json()] == ["1.1"]
    assert counter.read_text().count("run") == 2


@pytest.mark.slow
def test_recording_is_idempotent_and_stale_entries_are_collected(cli, plugin, tmp_path):
    tool = demotool(tmp_path / "bin/demotool", "1.0")
    first = detect(cli, tmp_path / "bin", args=["--json"]).json()
    second = detect(cli, tmp_path / "bin", args=["--json"]).json()
    assert [e["uid"] for e in first] == [e["uid"] for e in second]
    listed = cli("list", "--json").json()
    assert len(listed) == 1 and listed[0]["created"] == first[0]["created"]
    tool.unlink()
    r = detect(cli, tmp_path / "bin")
    assert "1 marked stale" in r.out
    assert cli("list", "--json").json() == []
    assert cli("list", "--stale", "--json").json()[0]["stale"] is True
    r = cli("gc")
    assert "1 stale entry removed" in r.out
    assert cli("list", "--stale", "--json").json() == []


def test_dry_run_records_nothing(cli, plugin, tmp_path):
    demotool(tmp_path / "bin/demotool", "1.0")
    r = detect(cli, tmp_path / "bin", args=["--dry-run"])
    assert "nothing recorded" in r.out
    assert cli("list", "--json").json() == []


def test_explain_says_where_and_why(cli, plugin, tmp_path):
    write_tool(tmp_path / "bin/demotool", "echo something else\n")
    r = detect(cli, tmp_path / "bin", args=["--explain"])
    assert r.rc == 0
    assert f"search {tmp_path / 'bin'}" in r.err
    assert "reject" in r.err and "no version found" in r.err


def test_alias_and_unknown_soft(cli, plugin):
    assert cli("detect", "demo", "--no-default-paths").rc == 0
    r = cli("detect", "demotol")
    assert r.rc != 0
    assert r.err.startswith("envmgr: error: no soft 'demotol'; did you mean 'demotool'")
    assert len(r.err.strip().splitlines()) == 1


def test_env_templates_fill_known_names_and_keep_other_braces():
    from envmgr.detect.engine import fill_template

    values = {"prefix": "/opt/x", "version": "1.2", "cmd": {"g++": "/opt/x/bin/g++-9"}}
    assert fill_template("{prefix}/lib:${LD_LIBRARY_PATH}", values) == \
        "/opt/x/lib:${LD_LIBRARY_PATH}"
    assert fill_template("{a,b} }{ {0} {} {{prefix}}", values) == "{a,b} }{ {0} {} {prefix}"
    assert fill_template("{cmd[g++]} -std={version}", values) == "/opt/x/bin/g++-9 -std=1.2"
    assert fill_template("{libdir}/x", values) is None  # names a value this entry lacks
    assert fill_template("{cmd[gfortran]}", values) is None
