"""`run -- CMD` with a fresh lock is served from a cache (as `shell -- CMD` is), and only
while the manifest, the lock and the registry are as they were. A probe wrapper reports, when
the command is exec'd, whether sqlite3 or tomllib was imported: "FULL 0" means served."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from authoring_helpers import ROOT
from conftest import write_tool

PROBE = """
import os, sys
real = os.execvpe
def execvpe(file, args, env):
    heavy = any(m in sys.modules for m in ("sqlite3", "tomllib", "tomli", "argparse"))
    sys.stderr.write("FULL %d\\n" % heavy)
    sys.stderr.flush()
    real(file, args, env)
os.execvpe = execvpe
from envmgr.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


class Project:
    def __init__(self, tmp_path, home):
        self.home = home
        self.folder = tmp_path / "proj"
        self.folder.mkdir()

    def run(self, *args):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                              text=True, env=env, cwd=self.folder, timeout=120)

    def settle(self):
        """Age what the last writes touched, as if written a minute ago."""
        past = time.time() - 60
        for p in [self.home / "registry.db", self.home / "registry.db-wal", self.folder,
                  self.folder / "envmgr.toml", self.folder / "envmgr.lock",
                  self.home.parent / "config"]:
            if os.path.exists(p):
                os.utime(p, (past, past))


def served(proc) -> bool:
    assert "FULL " in proc.stderr, proc.stderr
    return "FULL 0" in proc.stderr


@pytest.fixture
def proj(tmp_path, home):
    p = Project(tmp_path, home)
    write_tool(tmp_path / "cmake-3.30/bin/cmake", 'echo "cmake version 3.30.0"\n')
    r = p.run("detect", "cmake", "--no-default-paths", "--search-path",
              str(tmp_path / "cmake-3.30"))
    assert r.returncode == 0, r.stderr
    (p.folder / "envmgr.toml").write_text(
        '[needs]\ncmake = "3.30"\n[env]\nWHERE = "${{ needs.cmake.prefix }}"\n')
    r = p.run("sync")
    assert r.returncode == 0, r.stderr
    p.settle()
    first = p.run("run", "--", "true")
    assert first.returncode == 0 and not served(first), first.stderr
    return p


def test_a_fresh_lock_is_served_with_the_projects_environment(proj, tmp_path):
    r = proj.run("run", "--", "sh", "-c", 'cmake; echo "$WHERE"; exit 3')
    assert r.returncode == 3 and served(r), r.stderr
    assert r.stdout.splitlines() == ["cmake version 3.30.0", str(tmp_path / "cmake-3.30")]


def test_an_edited_manifest_is_not_served(proj):
    manifest = proj.folder / "envmgr.toml"
    manifest.write_text(manifest.read_text().replace('WHERE = "', 'WHERE = "at:'))
    r = proj.run("run", "--", "sh", "-c", 'echo "$WHERE"')
    assert r.returncode == 0 and not served(r) and r.stdout.startswith("at:"), r.stderr


def test_a_stale_lock_is_not_served_and_syncs(proj):
    manifest = proj.folder / "envmgr.toml"
    manifest.write_text(manifest.read_text().replace('"3.30"', '">=3"'))
    r = proj.run("run", "--", "true")
    assert r.returncode == 0 and not served(r) and "the lock is stale" in r.stderr


def test_a_removed_entry_is_not_served(proj):
    r = proj.run("rm", "--tags=cmake")
    assert r.returncode == 0, r.stderr
    r = proj.run("run", "--", "cmake")
    # the lock names an entry no longer recorded: stale, so sync runs, and no cmake 3.30
    # is anywhere else: nothing is exec'd
    assert r.returncode == 1 and "FULL" not in r.stderr, r.stderr
    assert "need 'cmake' (cmake 3.30) cannot be satisfied" in r.stderr


def test_a_task_is_served_too_with_its_depends_and_arguments(proj, tmp_path):
    manifest = proj.folder / "envmgr.toml"
    manifest.write_text(manifest.read_text() + (
        '[tasks.pre]\nrun = "echo pre:$WHERE"\n'
        '[tasks.main]\nrun = ["echo one", "echo args:"]\ndepends = ["pre"]\n'
        '[tasks.bad]\nrun = "exit 4"\n[tasks.after]\nrun = "echo never"\ndepends = ["bad"]\n'
        '[tasks.own]\nrun = "echo $MINE"\nenv = { MINE = "x" }\n'))
    proj.settle()
    expected = [f"pre:{tmp_path / 'cmake-3.30'}", "one", "args: a b c"]
    first = proj.run("run", "main", "a", "b c")
    assert first.returncode == 0 and first.stdout.splitlines() == expected, first.stderr
    again = proj.run("run", "main", "a", "b c")
    assert again.returncode == 0 and again.stdout.splitlines() == expected, again.stderr
    # the full path runs commands with subprocess (no exec, no probe line); the served
    # path execs them, with neither sqlite3 nor tomllib imported
    assert "FULL" not in first.stderr and served(again), again.stderr
    assert "envmgr: [pre] echo pre:$WHERE" in again.stderr
    for i in range(2):
        r = proj.run("run", "after")
        assert r.returncode == 4 and "never" not in r.stdout
        assert "task 'bad' failed (exit status 4); 'after' not run" in r.stderr
        assert ("FULL 0" in r.stderr) == (i == 1), r.stderr  # the second is served
    for _ in range(2):  # a task with its own env is never kept, and still right
        r = proj.run("run", "own")
        assert r.returncode == 0 and r.stdout.strip() == "x"
