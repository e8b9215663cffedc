"""sh, direnv and container definitions: rendered for real and run in real shells."""

from __future__ import annotations

import os
import re
import shutil

import export_helpers
import pytest
from export_helpers import ODD, bash_envs, without

from envmgr import __version__
from envmgr.activate.envops import APPEND, PREPEND, SET, UNSET, EnvOp, apply, ops_from_json
from envmgr.export.exporter import ExportRequest, rehome
from envmgr.export.posix import statements

entries = export_helpers.entries  # the fixture, where pytest looks for it
SHELLS = [s for s in ("sh", "dash", "bash", "zsh") if shutil.which(s)]


def _ops(cli, *args):
    r = cli("export", *args, "--format", "json")
    assert r.rc == 0, r.err
    return ops_from_json(r.json()["ops"])


def _hostile_base(link_dirs):
    """PATH with empty items, a duplicate, and one of the dirs the export puts first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIZMO", "ENVMGR_SAVED"))}
    env.update(PATH=f"/usr/bin::/bin:{link_dirs[0]}:/bin:", CPATH="", CC="cc-before")
    env.pop("LD_LIBRARY_PATH", None)
    return env


@pytest.mark.parametrize("shell", SHELLS)
def test_sh_script_sourced_gives_exactly_the_plan(cli, entries, tmp_path, shell):
    script = tmp_path / "out/env.sh"
    r = cli("export", "--tags=gizmo,v1", "--tags=toycc", "--format", "sh",
            "-o", f"{script.parent}/")
    assert r.rc == 0, r.err
    assert script.exists()
    ops = _ops(cli, "--tags=gizmo,v1", "--tags=toycc")
    base = _hostile_base(ops[0].dirs[1:])
    # -eu: a script sourced by a strict shell must not trip on an unset list
    flags = "set -eu; " if shell != "zsh" else "setopt nounset; "
    before, after = bash_envs(f"{flags}@ENV@ . '{script}'; @ENV@", base, shell=shell)
    assert after == apply(ops, before)
    assert after["GIZMO_OPTS"] == "a  b 'c' \"d\" $HOME `x` \\ ; & | *"


@pytest.mark.parametrize("shell", SHELLS[:2])
def test_sh_append_prepend_unset_follow_apply(tmp_path, shell):
    ops = [EnvOp(PREPEND, "P1", ["/a", "", "/b", "/a"]), EnvOp(APPEND, "P2", ["/x", "/y*", "/x"]),
           EnvOp(APPEND, "P3", ["/new"]), EnvOp(PREPEND, "P4", [""]), EnvOp(UNSET, "GONE"),
           EnvOp(SET, "NL", "line one\nline 'two'\n")]
    script = tmp_path / "s.sh"
    script.write_text("\n".join(statements(ops)) + "\n")
    base = {"PATH": os.environ["PATH"], "P1": "/b::/c:/a:/c", "P2": "/y*:/z::", "P4": "::",
            "GONE": "x"}
    before, after = bash_envs(f"@ENV@ . '{script}'; @ENV@", base, shell=shell)
    assert after == apply(ops, before)
    assert after["P1"] == "/a:/b:/c:/c" and after["P2"] == "/y*:/z:/x" and "GONE" not in after


@pytest.mark.skipif(not shutil.which("direnv"), reason="direnv is not installed")
@pytest.mark.parametrize("entries", ["plain dir 'q' \"dq\" $x ;&|", ODD], indirect=True)
def test_direnv_exec_gives_the_plan(cli, entries, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    r = cli("export", "--tags=gizmo,v2", "--format", "direnv", "-o", str(project))
    assert r.rc == 0, r.err
    assert r.out.strip() == str(project / ".envrc")
    text = (project / ".envrc").read_text()
    if "*" in str(entries["gizmo-2.0"]):  # direnv's path_add would expand the glob
        assert "\n_envmgr_path prepend LD_LIBRARY_PATH " in text and "path_add" not in text
    else:
        assert "\nPATH_add " in text and "\npath_add LD_LIBRARY_PATH " in text
    ops = _ops(cli, "--tags=gizmo,v2")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIZMO", "DIRENV"))}
    env.update(PATH="/usr/local/bin:/usr/bin:/bin", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg"), HOME=str(tmp_path))
    before, after = bash_envs(f"@ENV@ timeout 60 direnv allow '{project}' && timeout 60 "
                              f"direnv exec '{project}' sh -c \"$(cat <<'EOF'\n@ENV@\nEOF\n)\"",
                              env)
    # what the shells themselves change on the way in (SHLVL, OLDPWD, $_) is not ours
    noise = ("DIRENV_", "SHLVL", "OLDPWD", "_=")
    expected = apply(ops, without(before, noise))
    assert without(after, noise) == expected


def test_direnv_refuses_a_line_break(cli, entries, tmp_path, monkeypatch):
    from envmgr.errors import UsageError
    from envmgr.export.build import render
    from plugins.exporters.direnv import DirenvExporter

    request = ExportRequest(ops=[EnvOp(PREPEND, "PATH", ["/a\nb"])], selected=[], entries=[],
                            name="x/1", home=str(tmp_path))
    with pytest.raises(UsageError, match="a line feed"):
        render(DirenvExporter(), request)


def test_dockerfile_restores_the_lock_then_sets_the_rehomed_environment(cli, entries, home):
    r = cli("export", "--tags=gizmo,v1", "--format", "dockerfile", "--base", "debian:12")
    assert r.rc == 0, r.err
    lines = r.out.splitlines()
    body = [ln for ln in lines if not ln.startswith("#")]
    assert body[:5] == ["FROM debian:12", "ENV ENVMGR_HOME=/opt/envmgr",
                        f"RUN python3 -m pip install --no-cache-dir envmgr-ck=={__version__}",
                        'COPY ["envmgr.lock", "/opt/envmgr/envmgr.lock"]',
                        "RUN envmgr restore /opt/envmgr/envmgr.lock"]
    assert "# beside it: envmgr lock --tags=gizmo,v1 -o envmgr.lock" in lines
    path = next(ln for ln in body if ln.startswith("ENV PATH="))
    assert "/opt/envmgr/links/gizmo-" in path and str(home) not in r.out
    assert path.endswith('${PATH:+:${PATH}}"')
    opts = next(ln for ln in body if ln.startswith("ENV GIZMO_OPTS="))
    assert opts == 'ENV GIZMO_OPTS="a  b \'c\' \\"d\\" \\$HOME `x` \\\\ ; & | *"'
    if shutil.which("docker") and os.environ.get("ENVMGR_TEST_DOCKER"):
        pytest.skip("building needs the network (ENVMGR_TEST_DOCKER is for a machine with it)")


@pytest.mark.parametrize("shell", SHELLS[:2])
def test_apptainer_environment_section_is_the_rehomed_plan(cli, entries, home, tmp_path, shell):
    r = cli("export", "--tags=gizmo,v1", "--tags=toycc", "--format", "apptainer",
            "--lock", "locks/site.lock")
    assert r.rc == 0, r.err
    sections = dict(re.findall(r"^%(\w+)\n((?:    .*\n|\n)*)", r.out, re.M))
    assert sections["files"].split() == ["locks/site.lock", "/opt/envmgr/envmgr.lock"]
    assert "envmgr restore /opt/envmgr/envmgr.lock" in sections["post"]
    assert r.out.startswith("# ") and "\nBootstrap: docker\nFrom: python:3.12-slim\n" in r.out
    envsh = tmp_path / "environment.sh"
    envsh.write_text(sections["environment"])
    ops = rehome(_ops(cli, "--tags=gizmo,v1", "--tags=toycc"), str(home), "/opt/envmgr")
    base = {"PATH": "/usr/bin:/bin"}
    before, after = bash_envs(f"@ENV@ . '{envsh}'; @ENV@", base, shell=shell)
    assert after == apply([*ops, EnvOp(SET, "ENVMGR_HOME", "/opt/envmgr")], before)


def test_container_lock_path_must_stay_in_the_build_folder(cli, entries):
    for bad in ("/etc/passwd", "../up.lock", "with space.lock"):
        r = cli("export", "--tags=gizmo", "--format", "dockerfile", "--lock", bad)
        assert r.rc == 2 and "--lock" in r.err and "Traceback" not in r.err, bad


def test_rehome_moves_only_paths_under_the_home():
    ops = [EnvOp(PREPEND, "PATH", ["/h/links/x", "/home2/bin", "/h"]),
           EnvOp(SET, "A", "/h/install/a:/hx:/h"), EnvOp(UNSET, "B")]
    assert rehome(ops, "/h/", "/opt/envmgr") == [
        EnvOp(PREPEND, "PATH", ["/opt/envmgr/links/x", "/home2/bin", "/opt/envmgr"]),
        EnvOp(SET, "A", "/opt/envmgr/install/a:/hx:/opt/envmgr"), EnvOp(UNSET, "B")]
