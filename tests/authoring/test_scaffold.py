"""``envmgr plugin new``: a plugin that detects its tool and passes its own test, unedited."""

from __future__ import annotations

import json
import subprocess

import pytest
from authoring_helpers import child_env, pytest_argv


@pytest.mark.slow
@pytest.mark.parametrize("tool, module", [("mytool", "mytool"), ("my-tool.x", "my_tool_x")])
def test_the_generated_test_passes_at_once(tool, module, tmp_path, envmgr_run):
    folder = tmp_path / "plugin"
    r = envmgr_run("plugin", "new", tool, "--dir", folder).assert_success()
    files = sorted(p.name for p in folder.iterdir())
    assert files == [f"{module}.cases.json", f"{module}.py", f"test_{module}.py"]
    assert f"export ENVMGR_PLUGIN_PATH={folder}" in r.out
    env = child_env()
    proc = subprocess.run([*pytest_argv(env=env), str(folder)], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout


def test_the_generated_plugin_detects_its_tool(tmp_path, envmgr_home, envmgr_run, fake_tool):
    # the default folder is the config dir's plugins/, so the plugin is active at once
    r = envmgr_run("plugin", "new", "frob").assert_success()
    assert f"wrote {envmgr_home.plugins_dir / 'frob.py'}" in r.out
    assert "the plugin is active now" in r.out
    fake_tool("frob", "frob, the frobnicator, version 2.7.1 (built 2024)\n")
    [entry] = envmgr_run("detect", "frob", "--json").assert_success().json()
    assert entry["version"] == "2.7.1" and entry["soft"] == "frob"
    r = envmgr_run.subprocess("shell", "--tags=frob,v2.7", "--", "frob", "--version")
    assert r.assert_success().out.startswith("frob, the frobnicator, version 2.7.1")


def test_check_passes_and_points_at_the_template(tmp_path, envmgr_run):
    envmgr_run("plugin", "new", "frob", "--dir", tmp_path).assert_success()
    r = envmgr_run("plugin", "check", tmp_path / "frob.py").assert_success()
    notes = [ln for ln in r.out.splitlines() if ": note: frob: case 1 is the scaffold's" in ln]
    assert len(notes) == 1 and "'envmgr dev capture frob /path/to/tool --append'" in notes[0]


def test_capture_replaces_the_template(tmp_path, envmgr_run, fake_tool, register_plugin):
    envmgr_run("plugin", "new", "frob", "--dir", tmp_path / "p").assert_success()
    register_plugin(tmp_path / "p")
    tool = fake_tool("frob", "frob 0.9.12\n")
    envmgr_run("dev", "capture", "frob", tool, "--append").assert_success()
    cases = json.loads((tmp_path / "p" / "frob.cases.json").read_text())["cases"]
    assert [(c["captured"].split(" on ")[0], c["expect"]) for c in cases] == [
        (str(tool), [{"version": "0.9.12", "prefix": "", "executable": "bin/frob"}])]
    r = envmgr_run("plugin", "check", tmp_path / "p").assert_success()
    assert "template" not in r.out


def test_existing_files_are_kept(tmp_path, envmgr_run):
    envmgr_run("plugin", "new", "frob", "--dir", tmp_path).assert_success()
    (tmp_path / "frob.py").write_text("# edited\n")
    r = envmgr_run("plugin", "new", "frob", "--dir", tmp_path).assert_failure(2)
    assert r.err == (f"envmgr: error: {tmp_path / 'frob.py'} exists; nothing written; "
                     "add --force to overwrite it, or choose another --dir\n")
    assert (tmp_path / "frob.py").read_text() == "# edited\n"
    envmgr_run("plugin", "new", "frob", "--dir", tmp_path, "--force").assert_success()
    assert "class Frob(Soft)" in (tmp_path / "frob.py").read_text()


@pytest.mark.parametrize("name", ["my tool", "../evil", "", "x;rm"])
def test_bad_names(name, tmp_path, envmgr_run):
    r = envmgr_run("plugin", "new", name, "--dir", tmp_path).assert_failure(2)
    assert "is not a command name" in r.err and "Traceback" not in r.err
    assert list(tmp_path.iterdir()) == []
