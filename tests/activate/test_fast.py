"""The cached `shell -- CMD`: served only while nothing it was made from changed.

Every test drives real envmgr processes on a real registry. A probe wrapper reports, when
the command is exec'd, whether sqlite3 was imported: 0 means the cache served the run.
"""

import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT, write_tool

PROBE = """
import os, sys
real = os.execvpe
def execvpe(file, args, env):
    sys.stderr.write("FULL %d\\n" % ("sqlite3" in sys.modules))
    sys.stderr.flush()
    real(file, args, env)
os.execvpe = execvpe
from envmgr.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


class Envmgr:
    def __init__(self, tmp_path, home):
        self.home = home
        self.quiet = tmp_path / "cwd"  # sys.path[0] of `python -c`: a dir nothing writes to
        self.quiet.mkdir()
        self.extra_path = tmp_path / "site"  # a sys.path dir, for entry-point plugins
        self.extra_path.mkdir()

    def run(self, *args, env=None):
        full = dict(os.environ)
        full.update(env or {})
        full["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(self.extra_path)])
        proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                              text=True, env=full, cwd=self.quiet, timeout=120)
        return proc

    def shell(self, *cmd, tags="cmake", env=None):
        return self.run("shell", f"--tags={tags}", "--", *cmd, env=env)

    def settle(self):
        """Age what the last write touched, as if it had been written a minute ago."""
        past = time.time() - 60
        for p in [self.home / "registry.db", self.home / "registry.db-wal", self.quiet,
                  self.extra_path, self.home.parent / "config",
                  self.home.parent / "config" / "plugins"]:
            if os.path.exists(p):
                os.utime(p, (past, past))


def served(proc):
    assert "FULL " in proc.stderr, proc.stderr
    return "FULL 0" in proc.stderr


@pytest.fixture
def em(tmp_path, home):
    e = Envmgr(tmp_path, home)
    write_tool(tmp_path / "cmake-3.30/bin/cmake", 'echo "cmake version 3.30.0"\n')
    r = e.run("detect", "cmake", "--no-default-paths", "--search-path",
              str(tmp_path / "cmake-3.30"))
    assert r.returncode == 0, r.stderr
    e.settle()
    first = e.shell("cmake")
    assert first.returncode == 0 and not served(first), first.stderr
    return e


def test_second_run_is_served_and_composes_with_the_current_path(em, tmp_path):
    r = em.shell("sh", "-c", 'cmake; echo "$PATH"; echo "$ENVMGR_ACTIVE"')
    assert r.returncode == 0 and served(r), r.stderr
    out = r.stdout.splitlines()
    assert out[0] == "cmake version 3.30.0"
    assert out[1].split(os.pathsep)[0] == str(tmp_path / "cmake-3.30/bin")
    assert out[2].startswith("cmake-")
    # another PATH: the cached operations are applied to it, not a PATH from before
    custom = f"/custom/bin{os.pathsep}/usr/bin{os.pathsep}/bin"
    r = em.shell("sh", "-c", 'echo "$PATH"', env={"PATH": custom})
    assert served(r)
    path = r.stdout.strip().split(os.pathsep)
    assert path[0] == str(tmp_path / "cmake-3.30/bin")
    assert path[-3:] == custom.split(os.pathsep)
    # exit codes pass through, as on the full path
    r = em.shell("sh", "-c", "exit 7")
    assert r.returncode == 7 and served(r)


def test_a_removed_entry_is_not_served(em):
    uid = em.shell("sh", "-c", 'echo "$ENVMGR_ACTIVE"').stdout.strip()
    assert em.run("rm", uid).returncode == 0
    r = em.shell("cmake")
    # not served: the full path says nothing is recorded (and what would provide it)
    assert r.returncode == 3 and "no cmake is recorded" in r.stderr


def test_a_newer_version_recorded_is_used_at_once(em, tmp_path):
    assert served(em.shell("cmake"))
    write_tool(tmp_path / "cmake-3.31/bin/cmake", 'echo "cmake version 3.31.0"\n')
    r = em.run("detect", "cmake", "--no-default-paths", "--search-path",
               str(tmp_path / "cmake-3.30"), "--search-path", str(tmp_path / "cmake-3.31"))
    assert r.returncode == 0, r.stderr
    r = em.shell("cmake")  # no settling: the write was just now
    assert r.stdout == "cmake version 3.31.0\n" and not served(r)


def test_a_redetected_entry_is_not_served_stale(em, tmp_path):
    """The same prefix now holds another version: a new uid, the old one marked stale."""
    old = em.shell("sh", "-c", 'echo "$ENVMGR_ACTIVE"').stdout.strip()
    write_tool(tmp_path / "cmake-3.30/bin/cmake", 'echo "cmake version 3.30.9"\n')
    r = em.run("detect", "cmake", "--no-default-paths", "--search-path",
               str(tmp_path / "cmake-3.30"))
    assert r.returncode == 0, r.stderr
    new = em.shell("sh", "-c", 'echo "$ENVMGR_ACTIVE"').stdout.strip()
    assert new and new != old


def test_a_vanished_tool_is_reported_not_served(em, tmp_path):
    os.unlink(tmp_path / "cmake-3.30/bin/cmake")
    r = em.shell("true")
    assert r.returncode == 3 and "no longer exists" in r.stderr


def test_a_user_plugin_with_a_shell_hook_takes_effect(em, home):
    plugins = home.parent / "config" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "adjust.py").write_text(
        "def envmgr_shell_env(entry, env):\n    env['ADJUSTED'] = entry.soft\n")
    r = em.shell("sh", "-c", 'echo "${ADJUSTED-unset}"')
    assert r.stdout == "cmake\n", r.stderr
    em.settle()
    r = em.shell("sh", "-c", 'echo "${ADJUSTED-unset}"')
    assert r.stdout == "cmake\n" and not served(r)  # a hooked plan is never kept


def test_an_installed_entry_point_plugin_with_a_shell_hook_takes_effect(em):
    assert served(em.shell("true"))
    site = em.extra_path
    (site / "adjustmod.py").write_text(
        "def envmgr_shell_env(entry, env):\n    env['ADJUSTED'] = 'by-entry-point'\n")
    dist = site / "envmgr_adjust-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: envmgr-adjust\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[envmgr]\nadjust = adjustmod\n")
    r = em.shell("sh", "-c", 'echo "${ADJUSTED-unset}"')
    assert r.stdout == "by-entry-point\n", r.stderr


def test_another_home_never_gets_this_homes_record(em, home, tmp_path):
    assert served(em.shell("true"))
    other = tmp_path / "other-home"
    shutil.copytree(home, other, symlinks=True)
    r = em.shell("sh", "-c", 'echo "$PATH"', env={"ENVMGR_HOME": str(other)})
    assert r.returncode == 0 and not served(r), r.stderr
    assert str(other / "links") in r.stdout and str(home / "links") not in r.stdout


def test_a_corrupt_record_is_ignored_and_replaced(em, home):
    folder = home / "cache" / "shell"
    records = list(folder.iterdir())
    assert records
    for junk in (b"\x00\x00garbage", b"l9\x00s", "l8\x00i2\x00s\udcff".encode(
            "utf-8", "surrogateescape"), b""):
        for rec in records:
            rec.write_bytes(junk)
        r = em.shell("cmake")
        assert r.returncode == 0 and r.stdout == "cmake version 3.30.0\n" and not served(r)
    assert served(em.shell("cmake"))


def test_a_write_just_before_is_not_trusted(tmp_path, home):
    """A registry written within the last moments may change again unseen (coarse file
    times): no record is kept until it has settled."""
    e = Envmgr(tmp_path, home)
    write_tool(tmp_path / "c/bin/cmake", 'echo "cmake version 3.30.0"\n')
    e.run("detect", "cmake", "--no-default-paths", "--search-path", str(tmp_path / "c"))
    assert not served(e.shell("true"))
    assert not served(e.shell("true"))
    e.settle()
    assert not served(e.shell("true"))
    assert served(e.shell("true"))


def test_an_earlier_activation_is_undone_as_on_the_full_path(em):
    saved = '{"PATH": "/before/bin", "ENVMGR_ACTIVE": null}'
    env = {"ENVMGR_SAVED": saved, "PATH": "/activated/bin:/before/bin", "ENVMGR_ACTIVE": "x"}
    r = em.shell("/bin/sh", "-c", 'echo "$PATH"; echo "${ENVMGR_SAVED-unset}"', env=env)
    assert served(r), r.stderr
    path, saved_after = r.stdout.splitlines()
    dirs = path.split(os.pathsep)
    assert dirs[-1] == "/before/bin" and "/activated/bin" not in dirs
    assert saved_after == "unset"
