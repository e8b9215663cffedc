"""Blank tags, uids and version specs through the real CLI: a usage error in every command,
and nothing removed. (`rm --tags=,` used to remove every entry.)"""

from __future__ import annotations

import sqlite3

import pytest

from envmgr.store.entry import Entry
from envmgr.store.registry import Registry


def _record(home, n):
    home.mkdir(parents=True, exist_ok=True)
    with Registry(str(home / "registry.db")) as reg:
        reg.upsert([Entry(uid=f"cmake-{i:012x}", soft="cmake", category="tool",
                          version=f"3.{i}", tags=["cmake", "tool"], prefix=f"/opt/c{i}",
                          source="installed") for i in range(n)])


def _count(home):
    db = sqlite3.connect(home / "registry.db")
    try:
        return db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        db.close()


BLANK_TAGS = ["--tags=,", "--tags= ", "--tags=  ,  ", "--tags=cmake,", "--tags=,cmake",
              "--tags=cmake,,tool"]
BLANK_UIDS = ["", " ", "\t"]


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("args", [
    *[["rm", t] for t in BLANK_TAGS],
    *[["rm", t, "--yes"] for t in BLANK_TAGS],
    *[["rm", u] for u in BLANK_UIDS],
    *[["rm", u, "--yes"] for u in BLANK_UIDS],
    ["rm", "cmake-000000000000", ""],
    ["rm", "--tags=cmake", "--version=", "--yes"],
    ["rm", "--tags=cmake", "--version= ", "--yes"],
])
def test_rm_with_blank_input_removes_nothing(cli, home, n, args):
    _record(home, n)
    r = cli(*args)
    assert r.rc == 2, (r.out, r.err)
    assert r.err.count("\n") == 1 and r.err.startswith("envmgr: error: "), r.err
    assert r.out == ""
    assert _count(home) == n


@pytest.mark.parametrize("args", [
    ["list", "--tags=,"], ["list", "--tags= "], ["list", "--tags="], ["list", "--tags=cmake,"],
    ["list", "--version="], ["list", "--version", " "],
    ["show", "--tags=,"], ["show", "--tags= "], ["show", ""], ["show", " "],
    ["shell", "--tags=,", "--", "true"], ["shell", "--tags= ", "--", "true"],
    ["shell", "--tags=", "--", "true"], ["shell", "--tags=cmake", "--tags=,", "--", "true"],
    ["shell", "--tags=cmake", "--version=", "--", "true"],
    ["activate", "--tags=,"], ["activate", "--tags= "], ["activate", "--tags=cmake,"],
    ["search", "--tags=,"], ["search", "--tags= "], ["search", "--tags="],
])
def test_every_command_refuses_blank_tags(cli, home, args):
    _record(home, 2)
    r = cli(*args)
    assert r.rc == 2, (args, r.out, r.err)
    assert r.err.count("\n") == 1 and "Traceback" not in r.err, r.err
    assert r.out == ""


def test_list_without_a_filter_lists_everything(cli, home):
    _record(home, 3)
    r = cli("list", "--json")
    assert r.rc == 0 and len(r.json()) == 3
    r = cli("rm", "--tags=cmake,tool", "--yes")  # real tags still work
    assert r.rc == 0 and _count(home) == 0
