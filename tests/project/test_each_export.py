"""run --each over the machine's compilers; shell and export inside a project; direnv."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from project_fixture import project_fixture  # noqa: F401 - the `project` fixture

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib


def compilers() -> list[str]:
    """The C compilers on PATH, each once (what `run --each cc` must reach)."""
    names = [n for d in os.environ.get("PATH", "").split(os.pathsep) if os.path.isdir(d)
             for n in os.listdir(d)]
    return sorted({n for n in names if n in ("gcc", "clang") or n.startswith(("gcc-", "clang-"))
                   and n.split("-", 1)[1].replace(".", "").isdigit()})


MANIFEST = """\
[project]
name = "each"

[needs]
cc = { tags = ["compiler", "lang-c"] }

[env]
COMPILER = "${{ needs.cc.executable }}"

[tasks.hello]
run = [
  'printf "int main(void){return 0;}" > t.c && "$COMPILER" t.c -o t && ./t',
  '"$COMPILER" --version | head -1',
]
"""


@pytest.mark.skipif(not compilers(), reason="no C compiler here")
def test_each_runs_the_task_once_per_compiler_in_its_own_environment(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(MANIFEST)
    r = run("run", "--each", "cc", "--json", "hello")
    assert r.rc == 0, r.err
    data = r.json()
    runs = data["runs"]
    assert data["need"] == "cc" and data["task"] == "hello"
    assert all(x["status"] == 0 and x["seconds"] >= 0 for x in runs)
    # one run per installation, whatever its names (gcc and gcc-12 are one); every gcc
    # and clang on PATH among them (a machine may have more: icx, nvc ...)
    reals = {os.path.realpath(shutil.which(c)) for c in compilers()}
    ran = [os.path.realpath(x["executable"]) for x in runs]
    assert reals <= set(ran) and len(ran) == len(set(ran))
    # each run's own compiler answered: its version line is in the output
    listed = run("list", "--tags=compiler,lang-c", "--json").json()
    versions = {e["version"] for e in listed}
    assert {x["version"] for x in runs} <= versions
    for x in runs:  # with --json the runs' output is on stderr
        assert x["version"] in r.err
    table = run("run", "--each", "cc", "hello")
    lines = table.out.strip().splitlines()
    head = lines.index(next(ln for ln in lines if ln.startswith("entry ")))
    assert lines[head].split() == ["entry", "version", "status", "seconds"]
    assert len(lines) == head + 1 + len(runs)


@pytest.mark.skipif(len(compilers()) < 2, reason="needs two C compilers")
def test_each_stops_at_the_first_failure_unless_keep_going(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(MANIFEST.replace(
        "[tasks.hello]", '[tasks.fails]\nrun = "exit 5"\n[tasks.hello]'))
    r = run("run", "--each", "cc", "--json", "fails")
    assert r.rc == 5 and len(r.json()["runs"]) == 1
    r = run("run", "--each", "cc", "--keep-going", "--json", "--", "sh", "-c", "exit 4")
    assert r.rc == 4 and len(r.json()["runs"]) >= 2
    assert {x["status"] for x in r.json()["runs"]} == {4}
    r = run("run", "--each", "nope", "fails")
    assert r.rc == 2 and "has no need 'nope'" in r.err


def test_shell_with_no_tags_opens_the_projects_environment(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=3.8"\n[env]\nPY_AT = "${{ needs.python.prefix }}"\n')
    r = run("shell", "--", "sh", "-c", 'echo "$PY_AT|$ENVMGR_PROJECT"')
    assert r.rc == 0, r.err
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    py = doc["entry"][doc["needs"]["python"]["entry"]]
    assert r.out.strip() == f"{py['prefix']}|{folder}"


@pytest.mark.parametrize("fmt,words", [
    ("sh", ["export PY_AT="]), ("lmod", ['pushenv("PY_AT"', "prepend_path"]),
    ("tcl", ['setenv "PY_AT"']), ("direnv", ["export PY_AT="]),
    ("dockerfile", ['ENV PY_AT="', "envmgr restore"]), ("apptainer", ["export PY_AT="]),
])
def test_export_inside_a_project_exports_its_environment(project, fmt, words):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[project]\nname = "exp"\n[needs]\npython = ">=3.8"\n'
        '[env]\nPY_AT = "${{ needs.python.prefix }}"\n')
    r = run("export", "--format", fmt)
    assert r.rc == 0, r.err
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    py = doc["entry"][doc["needs"]["python"]["entry"]]
    assert py["prefix"] in r.out
    for w in words:
        assert w in r.out, (w, r.out)
    assert "ENVMGR_PROJECT" not in r.out


@pytest.mark.skipif(shutil.which("direnv") is None, reason="direnv is not installed")
def test_the_direnv_export_activates_the_project_on_cd(project, tmp_path):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=3.8"\n[env]\nPY_AT = "${{ needs.python.prefix }}"\n')
    r = run("export", "--format", "direnv", "-o", ".")
    assert r.rc == 0 and r.out.strip() == str(folder / ".envrc"), r.err
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    prefix = doc["entry"][doc["needs"]["python"]["entry"]]["prefix"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRENV")}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "cfg"),
               XDG_DATA_HOME=str(tmp_path / "data"), PY_AT="")
    subprocess.run(["direnv", "allow", str(folder)], env=env, check=True, cwd=folder)
    # an interactive bash with direnv's hook, as a user has it: cd in, run the hook
    script = (f'eval "$(direnv hook bash)"; cd {folder}; _direnv_hook 2>/dev/null; '
              'echo "in:$PY_AT"; cd /; _direnv_hook 2>/dev/null; echo "out:$PY_AT"')
    out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True,
                         timeout=60)
    assert f"in:{prefix}" in out.stdout.splitlines(), out.stdout + out.stderr
    assert "out:" in out.stdout.splitlines(), out.stdout + out.stderr


def test_activate_with_no_tags_activates_the_project(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=3.8"\n[env]\nPY_AT = "${{ needs.python.prefix }}"\n')
    r = run("activate", "--shell", "sh")
    assert r.rc == 0, r.err
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    prefix = doc["entry"][doc["needs"]["python"]["entry"]]["prefix"]
    out = subprocess.run(["sh", "-c", r.out + '\necho "$PY_AT"'], capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == prefix, out.stdout + out.stderr
