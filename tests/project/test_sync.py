"""envmgr sync, run, status against the machine's real tools and a recipe on loopback."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from project_fixture import project_fixture, server_fixture  # noqa: F401 - the fixtures
from test_install_transaction import HELLO_TGZ, write_recipe

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

PY = f"{sys.version_info.major}.{sys.version_info.minor}"
needs_cc = pytest.mark.skipif(not (shutil.which("gcc") or shutil.which("clang")),
                              reason="no C compiler on this machine")


@pytest.fixture
def hello(project, server, tmp_path, monkeypatch):
    """The project, with a recipe ``hello`` whose source a loopback server serves."""
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    return project, server.routes["/dl/hello-1.0.tar.gz"]


def entries(run):
    return run("list", "--json").json()


@needs_cc
def test_sync_detects_then_reuses_and_the_lock_is_stable(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=3.8"  # the interpreter\n'
        'cc = { tags = ["compiler", "lang-c"] }\n'
        '[env]\nCC_HOME = "${{ needs.cc.prefix }}"\nCC_VERSION = "${{ needs.cc.version }}"\n')
    r = run("sync")
    assert r.rc == 0, r.err
    lines = r.out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("python → python ")
    assert lines[0].endswith("→ detected") and lines[1].startswith("cc → ")
    lock = (folder / "envmgr.lock").read_bytes()
    doc = tomllib.loads(lock.decode())
    assert set(doc["needs"]) == {"python", "cc"} and doc["lock_version"] == 1
    assert doc["needs"]["cc"]["soft"] in ("gcc", "llvm")
    assert doc["needs"]["cc"]["entry"] in doc["entry"]
    r = run("sync")
    assert r.rc == 0 and r.out.count("→ reused") == 2, r.out
    assert (folder / "envmgr.lock").read_bytes() == lock  # same machine, same bytes
    st = run("status", "--json").json()
    assert st["fresh"] and [n["state"] for n in st["needs"]] == ["ok", "ok"]
    out = run("run", "--", "sh", "-c", 'echo "$CC_HOME|$CC_VERSION|$ENVMGR_PROJECT"')
    assert out.rc == 0, out.err
    cc = doc["entry"][doc["needs"]["cc"]["entry"]]
    assert out.out.strip() == f"{cc['prefix']}|{cc['version']}|{folder}"


def test_a_need_that_cannot_be_satisfied_changes_nothing(hello):
    (folder, run), _route = hello
    (folder / "envmgr.toml").write_text(
        '[needs]\npython = ">=99"\nhello = { version = "1.0", install = "never" }\n')
    r = run("sync")
    assert r.rc == 1, r.err
    [line] = r.err.strip().splitlines()
    assert "need 'python' (python >=99) cannot be satisfied" in line
    assert "versions here: " in line and PY in line.split("versions here: ")[1]
    assert "need 'hello' (hello 1.0) cannot be satisfied" in line
    assert "recipes that could provide it: hello (but install = \"never\")" in line
    assert "nothing was changed" in line
    assert not (folder / "envmgr.lock").exists() and entries(run) == []


def test_install_auto_installs_through_the_recipe_and_run_uses_it(hello):
    (folder, run), route = hello
    (folder / "envmgr.toml").write_text(
        '[needs]\nhello = "1.0"\n[env]\nWHERE = "${{ needs.hello.prefix }}"\n'
        '[tasks.greet]\nrun = "hello from-task"\n')
    dry = run("sync", "--dry-run")
    assert dry.rc == 0 and "hello → hello 1.0 → would be installed" in dry.out, dry.err
    assert not (folder / "envmgr.lock").exists() and route.hits == 0
    r = run("sync")
    assert r.rc == 0, r.err
    assert "hello → hello 1.0" in r.out and r.out.strip().endswith("→ installed")
    [e] = entries(run)
    r = run("run", "greet", "and", "args")
    assert r.rc == 0 and r.out.strip() == "hello world from-task and args", r.err
    r = run("run", "--", "sh", "-c", "echo $WHERE")
    assert r.out.strip() == e["prefix"]
    assert route.hits == 1


def test_optional_and_when(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[needs]\nnothing = { name = "no-such-soft-x", optional = true }\n'
        'plan9 = { name = "cmake", when = { os = "plan9" } }\n'
        'nv = { name = "cuda", when = { gpu = "nvidia", cuda_driver = ">=999" } }\n')
    r = run("sync")
    assert r.rc == 0, r.err
    assert "nothing → - → missing (optional:" in r.out
    assert "plan9 → - → skipped (when os = 'plan9' does not hold here)" in r.out
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    assert set(doc["project"]["facts"]) == {"os", "gpu", "cuda_driver"}
    assert doc["project"]["facts"]["os"] == "linux"
    assert "skipped" in doc["needs"]["plan9"]
    assert run("status", "--json").json()["fresh"]


def test_locked_and_frozen(project):
    folder, run = project
    manifest = folder / "envmgr.toml"
    manifest.write_text(f'[needs]\npython = "{PY}"\n')
    r = run("sync", "--locked")
    assert r.rc == 1 and "there is no envmgr.lock" in r.err
    assert run("sync").rc == 0
    lock = (folder / "envmgr.lock").read_bytes()
    assert run("sync", "--locked").rc == 0
    manifest.write_text(f'[needs]\npython = "{PY}"\ncmake = "*"\n')
    r = run("sync", "--locked")
    assert r.rc == 1, r.err
    assert "the needs changed since the lock was written" in r.err
    assert "cmake: the lock has nothing" in r.err or shutil.which("cmake") is None
    assert (folder / "envmgr.lock").read_bytes() == lock
    st = run("status", "--json").json()
    assert not st["fresh"] and st["needs"][1]["state"] == "unlocked"
    # --frozen takes the lock as it is: no resolution, cmake not looked for
    manifest.write_text(f'[needs]\npython = "{PY}"\n')
    r = run("sync", "--frozen")
    assert r.rc == 0 and "python → python" in r.out and "→ locked" in r.out, r.err
    assert (folder / "envmgr.lock").read_bytes() == lock


def test_a_stale_lock_syncs_first_but_not_frozen(project):
    folder, run = project
    manifest = folder / "envmgr.toml"
    manifest.write_text('[needs]\npython = ">=3.8"\n')
    assert run("sync").rc == 0
    manifest.write_text(f'[needs]\npython = "{PY}"\n')
    r = run("run", "--frozen", "--", "true")
    assert r.rc == 0 and "stale" not in r.err
    r = run("run", "--", "python", "-c", "import sys; print(sys.version_info[:2])")
    assert r.rc == 0 and "the lock is stale (the needs changed" in r.err, r.err
    assert run("status", "--json").json()["fresh"]


def test_tasks_run_their_depends_first_once_each(project):
    folder, run = project
    (folder / "envmgr.toml").write_text(
        '[tasks.d]\nrun = "echo d >> log"\n'
        '[tasks.b]\nrun = "echo b >> log"\ndepends = ["d"]\n'
        '[tasks.c]\nrun = "echo c >> log"\ndepends = ["d"]\n'
        '[tasks.a]\nrun = ["echo a >> log", "cat log"]\ndepends = ["b", "c"]\n'
        '[tasks.fail]\nrun = "exit 7"\n[tasks.after]\nrun = "echo never"\ndepends = ["fail"]\n')
    r = run("run", "a")
    assert r.rc == 0, r.err
    assert r.out.split() == ["d", "b", "c", "a"]
    r = run("run", "after")
    assert r.rc == 7 and "never" not in r.out and "task 'fail' failed" in r.err
    r = run("run", "nope")
    assert r.rc == 2 and "has no task 'nope'" in r.err


def test_two_syncs_at_once_leave_one_whole_lock(hello):
    (folder, run), route = hello
    (folder / "envmgr.toml").write_text('[needs]\nhello = "1.0"\npython = ">=3.8"\n')
    import os

    from authoring_helpers import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "envmgr", "sync"], cwd=folder, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert all(rc == 0 for _, _, rc in results), results
    doc = tomllib.loads((folder / "envmgr.lock").read_text())
    assert set(doc["needs"]) == {"hello", "python"}
    assert route.hits == 1 and len([e for e in entries(run) if e["soft"] == "hello"]) == 1
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("garbage", ["garbage [[[", "needs = [1, 2]\nproject = 3\nentry = 'x'\n",
                                     "lock_version = 1\n[needs.python]\nentry = 'gone-1'\n"])
def test_a_broken_lock_is_stale_for_status_refused_by_frozen_and_rewritten_by_sync(project,
                                                                                  garbage):
    folder, run = project
    (folder / "envmgr.toml").write_text('[needs]\npython = ">=3.8"\n')
    (folder / "envmgr.lock").write_text(garbage)
    st = run("status", "--json")
    assert st.rc == 0 and not st.json()["fresh"], st.err
    r = run("run", "--frozen", "--", "true")
    assert r.rc in (1, 2) and len(r.err.strip().splitlines()) == 1, r.err
    assert "internal error" not in r.err
    assert (folder / "envmgr.lock").read_text() == garbage
    r = run("sync")
    assert r.rc == 0, r.err
    assert run("status", "--json").json()["fresh"]
    assert run("run", "--frozen", "--", "true").rc == 0
