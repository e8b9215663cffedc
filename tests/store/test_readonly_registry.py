"""A valid registry that this process may not write: reading works, writing says why.

Tests run as root here, and root writes through any mode bits. So the CLI runs under
``setpriv`` with the capabilities that override file permissions dropped from its bounding
set: still uid 0 (it can run this interpreter and read the checkout), but held to the
mode bits like any user, so a ``chmod a-w`` home is really read-only to it (as it would
be on a read-only mount). As a non-root user the mode bits apply already.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, Result, write_tool

from envmgr.errors import RegistryError
from envmgr.store.entry import Entry, make_uid
from envmgr.store.registry import Registry

DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]


def _restricted_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root, and no setpriv to give up root's permission override")
    return DROP


@pytest.fixture
def restricted(tmp_path):
    """Run the CLI (or python) as a process that file permissions apply to."""
    prefix = _restricted_prefix()
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    r = subprocess.run([*prefix, "sh", "-c", f"touch {probe}/x"], capture_output=True)
    probe.chmod(0o755)
    if r.returncode == 0:
        pytest.skip("cannot run a process that file permissions apply to here")

    def run(*args, python=False):
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                            os.environ.get("PYTHONPATH")])))
        cmd = [sys.executable, *args] if python else [sys.executable, "-m", "envmgr", *args]
        proc = subprocess.run([*prefix, *cmd], capture_output=True, text=True, env=env,
                              timeout=120)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def recorded(cli, home, tmp_path):
    """A home with a cmake entry recorded by a real detection (and its link dir)."""
    write_tool(tmp_path / "p" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    r = cli("detect", "cmake", "--search-path", str(tmp_path / "p"), "--no-default-paths")
    assert r.rc == 0, r.err
    return home


def _snapshot(home):
    """The registry's files: what is there, and its bytes (caches may come and go)."""
    return {name: hashlib.sha256((home / name).read_bytes()).hexdigest()
            for name in os.listdir(home) if name.startswith("registry.db")}


READS = [
    ["list"],
    ["list", "--tags=cmake", "--json"],
    ["show", "--tags=cmake"],
    ["search", "cmake"],
    ["shell", "--tags=cmake", "--", "cmake", "--version"],
    ["activate", "--tags=cmake", "--shell", "sh"],
    ["gc", "--dry-run"],
]
WRITES = [
    ["rm", "--tags=cmake"],
    ["detect", "cmake"],
]


@pytest.mark.parametrize("what", ["home", "file", "both"])
def test_reading_works_and_writing_says_why(restricted, recorded, what, tmp_path):
    reg = recorded / "registry.db"
    if what in ("home", "both"):
        recorded.chmod(0o555)
    if what in ("file", "both"):
        reg.chmod(0o444)
    before = _snapshot(recorded)
    try:
        for args in READS:
            r = restricted(*args)
            assert r.rc == 0, (args, r.err)
            assert r.err == "", (args, r.err)
        assert "cmake version 3.27.4" in restricted(*READS[4]).out
        assert "cmake" in restricted("list").out
        for args in WRITES:
            args = [*args, "--search-path", str(tmp_path / "p")] if args[0] == "detect" else args
            r = restricted(*args)
            assert r.rc == 4, (args, r.out, r.err)
            assert r.err.count("\n") == 1 and "Traceback" not in r.err, r.err
            assert "cannot change the registry" in r.err and "not writable" in r.err
        after = _snapshot(recorded)
    finally:
        recorded.chmod(0o755)
        reg.chmod(0o644)
    assert after == before  # nothing written, no -wal or -shm left behind


def test_a_missing_registry_in_a_read_only_home_reads_as_empty(restricted, home):
    home.mkdir(parents=True)
    home.chmod(0o555)
    try:
        r = restricted("list")
        assert r.rc == 0 and "no entries" in r.out, r.err
        r = restricted("rm", "--tags=cmake")
        assert r.rc != 0 and r.err.count("\n") == 1 and "internal error" not in r.err
        assert os.listdir(home) == []
    finally:
        home.chmod(0o755)


WAL_WRITER = """
import sqlite3, shutil, sys
from envmgr.store.entry import Entry
from envmgr.store.registry import Registry
src, dst = sys.argv[1], sys.argv[2]
reg = Registry(src + "/registry.db").open()
reg.db.execute("PRAGMA wal_autocheckpoint = 0")
reg.upsert([Entry(uid="cmake-inwal0000000", soft="cmake", category="tool", version="3.28.1",
                  tags=["cmake"], prefix="/wal")])
# copied while the change is only in -wal, as a crash or a copy of a live home leaves it
shutil.copy(src + "/registry.db", dst + "/registry.db")
shutil.copy(src + "/registry.db-wal", dst + "/registry.db-wal")
"""


def test_changes_waiting_in_wal(restricted, tmp_path):
    """A -wal with changes in it: read through it where -shm can be made; where it cannot,
    one clear line rather than an answer that misses the changes."""
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    dst.mkdir()
    script = tmp_path / "w.py"
    script.write_text(WAL_WRITER)
    subprocess.run([sys.executable, str(script), str(src), str(dst)], check=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert (dst / "registry.db-wal").stat().st_size > 0
    (dst / "registry.db").chmod(0o444)
    code = ("import sys; from envmgr.store.registry import Registry; "
            "print([e.uid for e in Registry(sys.argv[1]).open().find()])")
    r = restricted("-c", code, str(dst / "registry.db"), python=True)
    assert r.rc == 0 and "cmake-inwal0000000" in r.out, r.err
    os.remove(dst / "registry.db-shm")
    dst.chmod(0o555)
    try:
        r = restricted("-c", code, str(dst / "registry.db"), python=True)
    finally:
        dst.chmod(0o755)
    assert r.rc != 0 and "recent changes wait in" in r.err and "Traceback" in r.err


def test_readonly_true_opens_read_only_even_where_writable(tmp_path):
    path = tmp_path / "registry.db"
    e = Entry(uid=make_uid("cmake", "/x"), soft="cmake", category="tool", version="3.1",
              tags=["cmake"], prefix="/x")
    with Registry(str(path)) as reg:
        reg.upsert([e])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with Registry(str(path), readonly=True) as reg:
        assert [x.uid for x in reg.find(["cmake"])] == [e.uid]
        with pytest.raises(RegistryError, match="cannot change the registry"):
            reg.remove([e.uid])
        with pytest.raises(RegistryError, match="cannot change the registry"):
            reg.upsert([e])
        # and SQLite itself refuses, should anything go round the check
        with pytest.raises(sqlite3.OperationalError):
            reg.db.execute("DELETE FROM entries")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(os.listdir(tmp_path)) == ["registry.db"]
