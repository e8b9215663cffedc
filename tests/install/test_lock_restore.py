"""lock, restore, diff and verify end to end: two homes on one machine, the real CLI.

Home A detects a fake tool the test writes and installs a recipe served by a loopback
server; its lock is restored into home B (and into B after files vanished, a version
changed, or with other entries already there).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import write_tool
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO_SHA, HELLO_TGZ, write_recipe


@pytest.fixture
def two(cli, home, tmp_path, server, monkeypatch):
    """Home A with a detected cmake and an installed hello; returns helpers."""
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    url = server.add("/dl/hello-1.0.tar.gz", HELLO_TGZ)
    write_recipe(recipes, "hello", url)
    tool = write_tool(tmp_path / "tools" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    home_b = tmp_path / "home-b"

    def a(*args):
        return cli(*args)

    def b(*args):
        return cli(*args, env={"ENVMGR_HOME": str(home_b)})

    assert a("detect", "cmake", "--search-path", str(tmp_path / "tools"),
             "--no-default-paths").rc == 0
    r = a("install", "hello")
    assert r.rc == 0, r.err
    lock = tmp_path / "envmgr.lock"
    r = a("lock", "--tags=cmake", "--tags=hello", "-o", str(lock))
    assert r.rc == 0, r.err
    return {"a": a, "b": b, "lock": lock, "tool": tool, "home_b": home_b, "server": server,
            "recipes": recipes, "url": url}


def test_a_lock_restores_in_another_home_and_then_matches(two):
    a, b, lock = two["a"], two["b"], two["lock"]
    text = lock.read_text()
    assert f"sha256:{HELLO_SHA}" in text and 'recipe = "hello"' in text
    assert 'by = "executable"' in text and str(two["tool"]) in text
    again = lock.with_name("again.lock")
    assert a("lock", "--tags=hello", "--tags=cmake", "-o", str(again)).rc == 0
    assert again.read_bytes() == lock.read_bytes()  # deterministic, whatever the order

    check = b("restore", str(lock), "--check")
    assert check.rc == 1 and "cmake 3.27.4 was detected there" in check.out
    assert "hello 1.0 was installed there" in check.out
    assert not (two["home_b"] / "install").exists()  # --check changed nothing

    r = b("restore", str(lock))
    assert r.rc == 0, r.out + r.err
    assert "detected cmake 3.27.4" in r.out and "installed hello 1.0" in r.out
    [hello] = [e for e in b("list", "--json").json() if e["soft"] == "hello"]
    assert hello["attrs"]["fetched"][0]["sha256"] == HELLO_SHA
    assert str(two["home_b"]) in hello["prefix"]
    assert b("restore", str(lock), "--check").rc == 0
    assert b("diff", str(lock)).rc == 0
    hits = two["server"].routes["/dl/hello-1.0.tar.gz"].hits
    r = b("restore", str(lock))
    assert r.rc == 0 and "reused hello 1.0" in r.out and "reused cmake" in r.out
    assert two["server"].routes["/dl/hello-1.0.tar.gz"].hits == hits


def test_restore_after_files_removed_and_a_version_changed(two):
    b, lock = two["b"], two["lock"]
    assert b("restore", str(lock)).rc == 0
    [hello] = [e for e in b("list", "--json").json() if e["soft"] == "hello"]
    import shutil

    shutil.rmtree(hello["prefix"])
    check = b("restore", str(lock), "--check")
    assert check.rc == 1 and "hello 1.0 was installed there" in check.out
    r = b("restore", str(lock))
    assert r.rc == 0 and "installed hello 1.0" in r.out, r.out + r.err
    assert Path(hello["prefix"], "bin", "hello").is_file()

    write_tool(two["tool"], 'echo "cmake version 3.28.1"\n')
    r = b("restore", str(lock))
    assert r.rc == 1
    head = f"cannot match: cmake 3.27.4 was detected there ({two['tool']}); here there is only "
    assert head in r.out and "3.28.1" in r.out.split(head, 1)[1].splitlines()[0]
    assert b("restore", str(lock), "--check").rc == 1


def test_restore_into_a_home_with_other_entries_keeps_them(two, tmp_path):
    b, lock = two["b"], two["lock"]
    write_tool(tmp_path / "other" / "bin" / "ninja", 'echo "1.11.1"\n')
    assert b("detect", "ninja", "--search-path", str(tmp_path / "other"),
             "--no-default-paths").rc == 0
    before = {e["uid"] for e in b("list", "--json").json()}
    assert b("restore", str(lock)).rc == 0
    after = {e["uid"] for e in b("list", "--json").json()}
    assert before < after and len(after) == len(before) + 2
    assert b("restore", str(lock), "--check").rc == 0  # extra entries are no difference
    d = b("diff", str(lock))
    assert d.rc == 1 and "+ ninja 1.11.1" in d.out


def test_a_hand_edited_checksum_or_a_truncated_lock_installs_nothing(two, tmp_path):
    b, lock = two["b"], two["lock"]
    text = lock.read_text()
    bad = tmp_path / "bad.lock"
    bad.write_text(text.replace(f"sha256:{HELLO_SHA}", "sha256:" + "0" * 64))
    r = b("restore", str(bad))
    assert r.rc != 0 and "the lock says sha256:000" in r.err and "nothing was installed" in r.err
    assert "Traceback" not in r.err and not (two["home_b"] / "install").exists()
    bad.write_text(text.replace(f"sha256:{HELLO_SHA}", "sha256:xyz"))
    r = b("restore", str(bad))
    assert r.rc != 0 and "which is not sha256:" in r.err and "Traceback" not in r.err
    bad.write_text(text[: len(text) // 2])
    r = b("restore", str(bad))
    assert r.rc != 0 and "bad.lock" in r.err and "Traceback" not in r.err
    assert not (two["home_b"] / "install").exists()
    assert b("list", "--json").json() == []


def test_verify_records_results_and_list_shows_failures(two):
    a = two["a"]
    r = a("verify")
    assert r.rc == 0, r.out + r.err
    assert "the smoke test of hello@1.0" in r.out and "cmake probe gives 3.27.4" in r.out
    assert a("list", "--unverified", "--json").json() == []
    write_tool(two["tool"], "exit 1\n")
    r = a("verify", "--tags=cmake")
    assert r.rc == 1 and "FAILED" in r.out
    [e] = a("list", "--tags=cmake", "--json").json()
    assert e["attrs"]["verified"]["ok"] is False and e["attrs"]["verified"]["at"]
    assert "(failed verify)" in a("list").out
    assert [x["soft"] for x in a("list", "--unverified", "--json").json()] == ["cmake"]


def test_upstream_entries_are_listed_locked_and_never_written(cli, home, tmp_path):
    site = tmp_path / "site"
    write_tool(tmp_path / "t" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    r = cli("detect", "cmake", "--search-path", str(tmp_path / "t"), "--no-default-paths",
            env={"ENVMGR_HOME": str(site)})
    assert r.rc == 0
    db = site / "registry.db"
    for p in site.iterdir():  # one file, nothing waiting in -wal
        assert p.name in ("registry.db", "links", "cache"), p
    before = db.read_bytes()
    os.chmod(db, 0o444)
    os.chmod(site, 0o555)
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(f'upstreams = ["{site}"]\n')
    try:
        listed = cli("list")
        assert listed.rc == 0 and "(upstream)" in listed.out
        assert cli("shell", "--tags=cmake", "--", "cmake").out == "cmake version 3.27.4\n"
        out = cli("lock", "--tags=cmake")
        assert out.rc == 0 and f'upstream = "{site}"' in out.out
        assert cli("verify").rc == 0
        # rm and uninstall never claim to remove an upstream entry
        [up] = cli("list", "--tags=cmake", "--json").json()
        for args in (("rm", up["uid"]), ("rm", "--tags=cmake"), ("uninstall", up["uid"])):
            r = cli(*args)
            assert r.rc != 0 and "upstream home" in r.err and "removed " not in r.out, args
        write_tool(tmp_path / "mine" / "bin" / "cmake", 'echo "cmake version 3.28.1"\n')
        assert cli("detect", "cmake", "--search-path", str(tmp_path / "mine"),
                   "--no-default-paths").rc == 0
        r = cli("rm", "--tags=cmake", "--yes")
        assert r.rc == 0 and "3.28.1" in r.out and "3.27.4" not in r.out
        assert "left 1 upstream entry" in r.err
        assert [e["version"] for e in cli("list", "--tags=cmake", "--json").json()] == ["3.27.4"]
        assert db.read_bytes() == before and sorted(p.name for p in site.iterdir()) == \
            sorted(["registry.db", "links", "cache"])
    finally:
        os.chmod(site, 0o755)
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    (config / "config.toml").write_text("upstreams = [1]\n")
    r = cli("list")
    assert r.rc != 0 and "'upstreams' must be a list of strings" in r.err


def test_lock_and_check_of_20_entries(cli, home, tmp_path):
    for i in range(20):
        write_tool(tmp_path / f"t{i}" / "bin" / "cmake", f'echo "cmake version 3.{i}.0"\n')
    args = [a for i in range(20) for a in ("--search-path", str(tmp_path / f"t{i}"))]
    assert cli("detect", "cmake", *args, "--no-default-paths").rc == 0
    groups = [f"--tags=cmake,v3.{i}" for i in range(20)]
    lock = tmp_path / "x.lock"
    assert cli("lock", *groups, "-o", str(lock)).rc == 0
    assert cli("restore", str(lock), "--check").rc == 0  # speed: benchmarks/, not here
    assert lock.read_text().count("[entry.") >= 20
