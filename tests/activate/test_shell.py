"""Shells, commands and activation scripts with exactly the selected entries active."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, write_tool

PLUGIN = '''
from envmgr.detect.soft import Soft


class Gizmo(Soft):
    name = "gizmo"
    category = "tool"
    executables = [r"gizmo"]
    version_regex = r"gizmo (\\S+)"
    env = {"GIZMO_ROOT": "{prefix}"}


class Widget(Soft):
    name = "widget"
    executables = [r"widget"]
    version_regex = r"widget (\\S+)"
    env = {"WIDGET_ONLY": "{prefix}"}
'''


@pytest.fixture
def gizmos(cli, tmp_path, monkeypatch):
    """Two gizmo installations (1.0 and 2.0), each a prefix with bin, lib, include."""
    d = tmp_path / "plugins"
    d.mkdir()
    (d / "gizmo.py").write_text(PLUGIN)
    monkeypatch.setenv("ENVMGR_PLUGIN_PATH", str(d))
    prefixes = {}
    for v in ("1.0", "2.0"):
        p = tmp_path / f"odd dir 'q' $x/gizmo-{v}"
        write_tool(p / "bin/gizmo", f'echo "gizmo {v}"\n')
        (p / "lib/pkgconfig").mkdir(parents=True)
        (p / "include").mkdir()
        prefixes[v] = p
    write_tool(tmp_path / "widget-3/bin/widget", 'echo "widget 3.0"\n')
    prefixes["widget"] = tmp_path / "widget-3"
    args = [a for p in prefixes.values() for a in ("--search-path", str(p))]
    r = cli("detect", "gizmo", "widget", "--no-default-paths", *args)
    assert r.rc == 0, r.err
    return prefixes


def test_command_runs_with_the_newest_and_its_exit_code(cli, gizmos):
    r = cli("shell", "--tags=gizmo", "--", "gizmo")
    assert r.rc == 0 and r.out == "gizmo 2.0\n"
    r = cli("shell", "--tags=gizmo,v1", "--", "sh", "-c", "gizmo; exit 7")
    assert r.rc == 7 and r.out == "gizmo 1.0\n"
    r = cli("shell", "--tags=gizmo", "--version", "<2", "--", "gizmo")
    assert r.out == "gizmo 1.0\n"


def test_dirs_are_prepended_and_vars_set(cli, gizmos):
    p = gizmos["1.0"]
    r = cli("shell", "--tags=gizmo,v1", "--", sys.executable, "-c",
            "import os, json; print(json.dumps(dict(os.environ)))",
            env={"LD_LIBRARY_PATH": "/old/lib", "CPATH": ""})
    env = __import__("json").loads(r.out)
    path = env["PATH"].split(os.pathsep)
    assert path[0] == str(p / "bin")
    assert path[1].endswith("/links/" + env["ENVMGR_ACTIVE"])
    assert env["LD_LIBRARY_PATH"].split(os.pathsep) == [str(p / "lib"), "/old/lib"]
    assert env["CPATH"] == str(p / "include")
    assert env["PKG_CONFIG_PATH"].split(os.pathsep)[0] == str(p / "lib/pkgconfig")
    assert env["CMAKE_PREFIX_PATH"].split(os.pathsep)[0] == str(p)
    assert env["GIZMO_ROOT"] == str(p)


def test_system_python_runs_as_python_through_a_link_dir(cli):
    real = shutil.which("python3", path="/usr/bin")
    if not real:
        pytest.skip("no /usr/bin/python3 on this machine")
    version = subprocess.run([real, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True).stdout.strip()
    r = cli("detect", "python", "--no-default-paths", "--search-path", "/usr/bin", "--json")
    assert version in [e["version"] for e in r.json()]
    r = cli("shell", f"--tags=python,v{version}", "--", "sh", "-c",
            'python --version; echo "$PATH"; echo "LD=${LD_LIBRARY_PATH:-}"')
    lines = r.out.splitlines()
    assert lines[0] == f"Python {version}"
    assert "/usr/bin" not in lines[1].split(os.pathsep)[0]  # not all of /usr/bin dragged first
    assert "/usr/lib" not in lines[2]


def test_two_groups_each_pick_one_entry(cli, gizmos, tmp_path):
    r = cli("shell", "--tags=gizmo,v1", "--tags=gizmo,v2", "--", "gizmo")
    assert r.out == "gizmo 1.0\n"  # the first group comes first on PATH


def test_no_match_says_what_is_recorded(cli, gizmos):
    r = cli("shell", "--tags=gizmo,v7", "--", "true")
    assert r.rc == 3
    assert "recorded with tag 'gizmo': gizmo 1.0, gizmo 2.0" in r.err
    assert "envmgr detect gizmo" in r.err and "Traceback" not in r.err
    r = cli("shell", "--", "true")
    assert r.rc == 2 and "needs --tags" in r.err
    r = cli("shell", "--tags=gizmo", "--", "no-such-command-xyz")
    assert r.rc == 127 and "command 'no-such-command-xyz' not found" in r.err


def _bash(script, env):
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)


def test_activate_then_deactivate_restores_exactly(cli, gizmos, home):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["WEIRD"] = "a 'b' \"c\" $d `e` \\ f"
    env.pop("CPATH", None)
    em = f"{sys.executable} -m envmgr"
    script = f"""
    before="$(env | grep -v '^_=' | sort)"
    eval "$({em} activate --tags=gizmo,v1 --tags=widget --shell bash)" || exit 10
    gizmo
    echo "GIZMO_ROOT=$GIZMO_ROOT"
    eval "$({em} activate --tags=gizmo,v2 --shell bash)" || exit 11
    gizmo
    echo "WIDGET_ONLY=${{WIDGET_ONLY-unset}}"
    eval "$({em} deactivate --shell bash)" || exit 12
    after="$(env | grep -v '^_=' | sort)"
    [ "$before" = "$after" ] && echo RESTORED || diff <(echo "$before") <(echo "$after")
    """
    r = _bash(script, env)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "gizmo 1.0"
    assert lines[1] == f"GIZMO_ROOT={gizmos['1.0']}"
    assert lines[2] == "gizmo 2.0"
    assert lines[3] == "WIDGET_ONLY=unset"  # the second activation replaced the first
    assert lines[-1] == "RESTORED", r.stdout


@pytest.mark.parametrize("shell", ["zsh", "fish", "sh"])
def test_activate_scripts_for_other_shells(cli, gizmos, shell):
    exe = shutil.which(shell)
    if not exe:
        pytest.skip(f"{shell} is not installed")
    r = cli("activate", "--tags=gizmo,v1", "--shell", shell)
    assert r.rc == 0
    probe = "gizmo; echo $GIZMO_ROOT" if shell != "fish" else "gizmo; echo $GIZMO_ROOT"
    proc = subprocess.run([exe, "-c", r.out + "\n" + probe], capture_output=True, text=True)
    assert proc.stdout.splitlines() == ["gizmo 1.0", str(gizmos["1.0"])], proc.stderr


def test_interactive_shell_wins_over_the_users_rc_file(cli, gizmos, tmp_path):
    home = tmp_path / "userhome"
    write_tool(home / "impostor/gizmo", 'echo "impostor"\n')
    (home / ".bashrc").write_text(f'export PATH="{home}/impostor:$PATH"\n')
    r = cli("shell", "--tags=gizmo,v1", env={"SHELL": "/bin/bash", "HOME": str(home)},
            input="gizmo; exit\n")
    assert r.out.splitlines()[-1] == "gizmo 1.0", r.out + r.err


def test_interactive_shell_has_a_prompt_marker(cli, gizmos):
    r = cli("shell", "--tags=gizmo,v2", env={"SHELL": "/bin/bash", "HOME": "/nonexistent"},
            input='echo "ACTIVE=$ENVMGR_ACTIVE"; echo "PS1=$PS1"; gizmo; exit 3\n')
    assert r.rc == 3
    assert "ACTIVE=gizmo-" in r.out and "PS1=(envmgr) " in r.out and "gizmo 2.0" in r.out
