"""What vanished is repaired, what is left is collected under the lock, and a hand-edited
lock is refused: the real CLI, a real registry and real file locks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO_TGZ, write_recipe


@pytest.fixture
def hello(cli, home, tmp_path, server, monkeypatch):
    """A hello recipe on a loopback server, installed once; returns its entry."""
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ))
    r = cli("install", "hello")
    assert r.rc == 0, r.err
    [entry] = cli("list", "--json").json()
    return entry


# ---------------------------------------------------------------- vanished files


def test_an_install_whose_files_vanished_is_installed_again(cli, home, hello):
    prefix = Path(hello["prefix"])
    shutil.rmtree(prefix)
    assert cli("shell", "--tags=hello", "--", "hello").rc != 0
    plan = cli("install", "hello", "--dry-run", "--json").json()
    assert [s["action"] for s in plan["steps"]] == ["install"]
    r = cli("install", "hello")
    assert r.rc == 0, r.err
    assert "already installed" not in r.out and f"installed hello 1.0: entry {hello['uid']}" \
        in r.out
    assert f"reinstalling hello@1.0: the files of entry {hello['uid']} were missing" in r.err
    assert (prefix / "bin" / "hello").is_file()
    [again] = cli("list", "--json").json()
    assert again["uid"] == hello["uid"] and again["created"] == hello["created"]
    r = cli("shell", "--tags=hello", "--", "hello")
    assert r.rc == 0 and r.out.strip() == "hello world", r.err


def test_gc_forgets_an_install_whose_files_vanished(cli, home, hello):
    shutil.rmtree(hello["prefix"])
    r = cli("gc", "--json")
    assert r.rc == 0, r.err
    assert [e["uid"] for e in r.json()] == [hello["uid"]]
    assert cli("list", "--json").json() == []
    r = cli("shell", "--tags=hello", "--", "hello")
    assert r.rc != 0 and "Traceback" not in r.err


def test_export_and_shell_name_the_missing_prefix(cli, home, hello):
    shutil.rmtree(hello["prefix"])
    r = cli("shell", "--tags=hello", "--", "true")
    assert r.rc != 0 and f"{hello['prefix']} no longer exists" in r.err


# ---------------------------------------------------------------- leftovers and the lock


def _host() -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._]", "_", socket.gethostname())


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_gc_removes_only_this_hosts_dead_staging_and_only_under_its_lock(cli, home, hello):
    root = home / "install"
    folder = Path(hello["prefix"]).name
    dead = _dead_pid()
    other_host = root / f".staging-{folder}-another-node-{dead}"
    mine = root / f".staging-{folder}-{_host()}-{dead}"
    busy = root / f".staging-other-1.0-0123456789ab-{_host()}-{dead}"
    running = root / f".staging-{folder}-{_host()}-{os.getpid()}"
    unrecorded = root / "other-1.0-0123456789ab"
    for path in (other_host, mine, busy, running, unrecorded):
        (path / "bin").mkdir(parents=True)
    lock = FileLock(str(root / ".locks" / "other-1.0-0123456789ab.lock"))
    with lock:  # an install of other-1.0 holds its lock: its staging and folder stay
        r = cli("gc")
        assert r.rc == 0, r.err
        assert f"removed leftover {mine}" in r.err
        assert not mine.exists()
        assert other_host.exists() and busy.exists() and running.exists()
        assert unrecorded.exists()
    r = cli("gc")
    assert r.rc == 0, r.err
    assert not busy.exists() and not unrecorded.exists()
    assert other_host.exists() and running.exists()  # another node's; a live process's
    assert Path(hello["prefix"], "bin", "hello").is_file()  # recorded: never a leftover
    assert [e["uid"] for e in cli("list", "--json").json()] == [hello["uid"]]


def test_gc_through_the_api_removes_leftover_files_too(home, hello):
    from envmgr.api import Envmgr

    left = home / "install" / "gone-1.0-0123456789ab"
    left.mkdir()
    with Envmgr(home=str(home)) as em:
        paths: list[str] = []
        assert em.gc(dry_run=True, leftovers=paths) == [] and paths == [str(left)]
        assert left.exists()
        assert em.gc(leftovers=paths) == [] and not left.exists()


def test_uninstall_waiting_past_the_lock_timeout_is_one_line(home, hello):
    from envmgr.api import Envmgr
    from envmgr.install.errors import InstallError
    from envmgr.install.transaction import uninstall

    folder = Path(hello["prefix"]).name
    with Envmgr(home=str(home)) as em:
        entry = em.get(hello["uid"])
        with FileLock(str(home / "install" / ".locks" / f"{folder}.lock")):
            with pytest.raises(InstallError) as caught:
                uninstall(em.registry, home, [entry], lock_timeout=0.2)
        assert "\n" not in str(caught.value) and "nothing removed" in str(caught.value)
        assert em.get(hello["uid"]) is not None and Path(hello["prefix"]).is_dir()


def test_the_dependents_check_and_the_removal_are_one_transaction(home, hello):
    from envmgr.api import Envmgr
    from envmgr.store.entry import Entry

    with Envmgr(home=str(home)) as em:
        user = Entry(uid="user-1", soft="user", category="tools", version="1", tags=["user"],
                     deps=[hello["uid"]])
        em.registry.upsert([user])
        assert [e.uid for e in em.registry.remove_unreferenced([hello["uid"]])] == ["user-1"]
        assert em.get(hello["uid"]) is not None  # refused: nothing removed
        assert em.registry.remove_unreferenced([hello["uid"], "user-1"]) == []
        assert em.registry.count() == 0


# ---------------------------------------------------------------- hand-edited locks


def _lock_text(tmp_path: Path) -> str:
    from envmgr.store.entry import Entry
    from envmgr.store.lock import build_lock, dumps

    tool = tmp_path / "bin" / "tool"
    a = Entry(uid="a-1", soft="a", category="tools", version="1", tags=["a"],
              prefix=str(tmp_path), attrs={"executable": str(tool)}, deps=["b-1"])
    b = Entry(uid="b-1", soft="b", category="tools", version="2", tags=["b"],
              prefix=str(tmp_path), attrs={"executable": str(tool)})
    return dumps(build_lock([(["a"], a)], [a, b], {"os": "linux"}))


@pytest.mark.parametrize("old, new, key", [
    ('prefix = "{tmp}"', "prefix = 5", "entry a-1: prefix is not a string"),
    ("deps = []", 'deps = ["a-1"]', "entry a-1: deps form a cycle (a-1 -> b-1 -> a-1)"),
    ("selected = true", 'selected = "yes"', "entry a-1: selected is not true or false"),
    ('category = "tools"', "category = []", "entry a-1: category is not a string"),
], ids=["prefix-number", "cycle", "selected-string", "category-list"])
def test_a_hand_edited_lock_is_refused_naming_the_file_and_key(cli, home, tmp_path, old, new,
                                                               key):
    from envmgr.store.lock import loads

    text = _lock_text(tmp_path)
    loads(text)  # the lock as written is fine
    old = old.replace("{tmp}", str(tmp_path))
    assert old in text
    bad = text.replace(old, new, 1)
    path = tmp_path / "bad.lock"
    path.write_text(bad)
    for args in (["restore", str(path)], ["diff", str(path)]):
        r = cli(*args)
        assert r.rc != 0 and "Traceback" not in r.err
        [line] = [x for x in r.err.splitlines() if "error" in x]
        assert str(path) in line and key in line, line
    assert cli("list", "--json").json() == []


# ---------------------------------------------------------------- a read-only home


@pytest.fixture
def read_only(tmp_path):
    """Makes a folder a read-only bind mount of itself (root can then write nothing
    there either); skipped where mounting is not allowed."""
    mounted: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("needs root and mount for a read-only bind mount")
        ok = subprocess.run(["mount", "--bind", str(path), str(path)],
                            capture_output=True).returncode == 0
        if not ok:
            pytest.skip("mount --bind is not allowed here")
        mounted.append(path)
        assert subprocess.run(["mount", "-o", "remount,ro,bind", str(path)],
                              capture_output=True).returncode == 0
        with pytest.raises(OSError):
            (path / "probe").write_text("")

    yield make
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_read_only_home_skips_its_caches_and_says_what_cannot_be_written(
        cli, home, tmp_path, server, monkeypatch, read_only):
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    write_recipe(recipes, "hello", server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ))
    assert cli("install", "hello", "--dry-run").rc == 0  # the home, its registry, caches
    caches = sorted(p for p in home.rglob("*") if p.is_file() and "cache" in p.parts
                    and p.suffix in (".marshal", ".json"))
    assert caches
    for path in caches:  # what a newer envmgr (or other recipes) would write again
        path.unlink()
    before = sorted(str(p) for p in home.rglob("*"))
    read_only(home)
    r = cli("install", "hello", "--dry-run")
    assert r.rc == 0, r.err
    assert "hello" in r.out and "install" in r.out and "Traceback" not in r.err
    for args in (["install", "hello"], ["fetch", "hello"]):
        r = cli(*args)
        assert r.rc == 1, (args, r.err)
        [line] = [x for x in r.err.splitlines() if x.strip()]
        assert line.startswith("envmgr: error: ") and "internal error" not in line, line
        assert "Read-only file system" in line or "read-only" in line, line
    assert cli("list", "--json").json() == []
    assert sorted(str(p) for p in home.rglob("*")) == before


def test_install_verify_reinstalls_what_fails_its_smoke_test(cli, home, hello):
    tool = Path(hello["prefix"], "bin", "hello")
    tool.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    r = cli("install", "hello")
    assert r.rc == 0 and "already installed" in r.out  # without --verify: not looked at
    plan = cli("install", "hello", "--verify", "--dry-run", "--json").json()
    assert [s["action"] for s in plan["steps"]] == ["install"]
    r = cli("install", "hello", "--verify")
    assert r.rc == 0, r.err
    assert (f"reinstalling hello@1.0: the smoke test of entry {hello['uid']} failed: "
            "'bin/hello --version' exited 3: broken") in r.err
    assert f"installed hello 1.0: entry {hello['uid']}" in r.out
    assert subprocess.run([str(tool), "x"], capture_output=True, text=True).stdout == \
        "hello world x\n"
    r = cli("install", "hello", "--verify")
    assert r.rc == 0 and "already installed" in r.out and "reinstalling" not in r.err
