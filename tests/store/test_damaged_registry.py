"""A damaged registry: unreadable rows are reported once and skipped, `gc` removes them;
a damaged schema is "not an envmgr registry" and left untouched. Real SQLite files, the
real CLI."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from envmgr.errors import RegistryError
from envmgr.store.entry import Entry, make_uid
from envmgr.store.registry import SCHEMA_VERSION, Registry


def entry(soft="cmake", version="3.27.4", prefix="/opt/cmake"):
    return Entry(uid=make_uid(soft, prefix, version), soft=soft, category="tool",
                 version=version, tags=[soft, f"v{version.split('.')[0]}"], prefix=prefix,
                 source="detected")  # no anchor: present wherever it is


def good_json(uid, **change):
    data = entry().to_json()
    data.update(uid=uid, created="c", updated="u", **change)
    return json.dumps(data)


# (what is wrong, the row's uid, its data); each row's columns are consistent otherwise
BAD_DATA = [
    ("invalid JSON", "cmake-badjson00000", "{not json"),
    ("a JSON array", "cmake-array000000", "[1, 2]"),
    ("a JSON string", "cmake-string00000", '"cmake"'),
    ("no version", "cmake-noversion00", json.dumps({"uid": "cmake-noversion00", "soft": "cmake",
                                                   "category": "tool", "tags": []})),
    ("tags a string", "cmake-tagsstr0000", good_json("cmake-tagsstr0000", tags="cmake")),
    ("paths wrong", "cmake-paths000000", good_json("cmake-paths000000", paths={"bin": "/x"})),
    ("stale a string", "cmake-stale000000", good_json("cmake-stale000000", stale="yes")),
    ("env of numbers", "cmake-env00000000", good_json("cmake-env00000000", env={"X": 1})),
    ("nested too deep", "cmake-deep0000000", "[" * 200000 + "]" * 200000),
    ("a uid with escapes", "cmake-\x1b[31mred", "{"),
]


def _insert(path, uid, data, soft="cmake", version="3.27.4", prefix="/opt/cmake", stale=0):
    db = sqlite3.connect(path)
    db.execute("INSERT INTO entries (uid, soft, version, source, prefix, stale, created, "
               "updated, data) VALUES (?,?,?,?,?,?,?,?,?)",
               (uid, soft, version, "installed", prefix, stale, "c", "u", data))
    if isinstance(uid, str):
        db.execute("INSERT INTO tags (uid, tag) VALUES (?, 'cmake')", (uid,))
    db.commit()
    db.close()


@pytest.fixture
def registry(home):
    """A registry with one good cmake entry in the test's home; yields its path."""
    home.mkdir(parents=True)
    path = home / "registry.db"
    with Registry(str(path)) as reg:
        reg.upsert([entry()])
    return path


@pytest.mark.parametrize("what, uid, data", BAD_DATA, ids=[b[0] for b in BAD_DATA])
def test_a_bad_row_is_reported_skipped_and_collected(cli, registry, what, uid, data):
    _insert(registry, uid, data)
    shown = uid.replace("\x1b", "\\x1b")

    r = cli("list")
    assert r.rc == 0, r.err
    assert entry().uid in r.out and "Traceback" not in r.err
    warnings = r.err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("envmgr: warning: ")
    assert shown in warnings[0] and "envmgr gc" in warnings[0] and "\x1b" not in r.err

    r = cli("list", "--tags=cmake", "--json")  # stdout stays clean JSON
    assert r.rc == 0 and [e["uid"] for e in r.json()] == [entry().uid]

    r = cli("show", uid)  # asked for by uid: a clear error, not an internal one
    assert r.rc == 4 and r.err.count("\n") == 1 and "cannot be read" in r.err
    assert "envmgr gc" in r.err

    r = cli("rm", uid)
    assert r.rc == 4 and r.err.count("\n") == 1 and "internal error" not in r.err

    r = cli("gc", "--dry-run")
    assert r.rc == 0 and shown in r.out and "warning" not in r.err

    r = cli("gc")
    assert r.rc == 0 and shown in r.out and "warning" not in r.err
    r = cli("list")
    assert r.rc == 0 and r.err == "" and entry().uid in r.out
    with Registry(str(registry)) as reg:
        assert reg.count() == 1 and reg.bad_rows() == []
        assert reg.db.execute("SELECT COUNT(*) FROM tags WHERE uid = ?", (uid,)).fetchone()[0] == 0


def test_rm_by_tags_removes_the_readable_and_reports_the_bad(cli, registry):
    _insert(registry, "cmake-badjson00000", "{")
    r = cli("rm", "--tags=cmake")
    assert r.rc == 0, r.err
    assert entry().uid in r.out and "cmake-badjson00000" in r.err
    r = cli("gc")
    assert "cmake-badjson00000" in r.out
    assert Registry(str(registry)).open().count() == 0


def test_rows_without_uid_or_with_nulls_and_blobs(cli, home):
    """NULLs where the schema allows them (a TEXT PRIMARY KEY may be NULL in SQLite) and
    where a hand-made table with envmgr's columns lets them in; BLOBs anywhere."""
    home.mkdir(parents=True)
    path = home / "registry.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE entries (uid TEXT PRIMARY KEY, soft TEXT, version TEXT, source TEXT,
            prefix TEXT, stale INTEGER, created TEXT, updated TEXT, data TEXT);
        CREATE TABLE tags (uid TEXT, tag TEXT, PRIMARY KEY (tag, uid)) WITHOUT ROWID;
    """)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.commit()
    db.close()
    with Registry(str(path)) as reg:
        reg.upsert([entry()])
    _insert(path, None, good_json("cmake-nouid00000"))
    _insert(path, "cmake-nulldata000", None)
    _insert(path, "cmake-nullsoft000", good_json("cmake-nullsoft000"), soft=None)
    _insert(path, "cmake-blob0000000", good_json("cmake-blob0000000").encode())
    _insert(path, "cmake-othersoft00", good_json("cmake-othersoft00"), soft="ninja")

    r = cli("list")
    assert r.rc == 0 and entry().uid in r.out, r.err
    assert len(r.err.splitlines()) == 5 and "(row " in r.err and "Traceback" not in r.err
    r = cli("gc")
    assert r.rc == 0, r.err
    assert cli("list").err == ""
    assert Registry(str(path)).open().count() == 1


def test_detect_of_a_soft_with_a_bad_row(cli, home, tmp_path):
    """detect reads the soft's old entries (to mark vanished ones stale): a bad row is
    skipped, and a row whose uid the detection finds again is written whole."""
    from conftest import write_tool

    write_tool(tmp_path / "p" / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    r = cli("detect", "cmake", "--search-path", str(tmp_path / "p"), "--no-default-paths")
    assert r.rc == 0, r.err
    uid = cli("list", "--json").json()[0]["uid"]
    path = home / "registry.db"
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET data = '{' WHERE uid = ?", (uid,))
    db.commit()
    db.close()
    _insert(path, "cmake-other000000", "[]")
    r = cli("detect", "cmake", "--search-path", str(tmp_path / "p"), "--no-default-paths")
    assert r.rc == 0 and "Traceback" not in r.err, r.err
    r = cli("list", "--json")
    assert [e["uid"] for e in r.json()] == [uid]  # repaired by the detection
    assert "cmake-other000000" in r.err and uid not in r.err


def test_api_gc_returns_stand_ins_and_removes_by_rowid(registry, home):
    from envmgr import Envmgr

    _insert(registry, "cmake-badjson00000", "{")
    messages = []
    with Registry(str(registry), warn=messages.append) as reg:
        assert [e.uid for e in reg.find(["cmake"])] == [entry().uid]
        reg.find()  # reported once per row, not once per query
        assert len(messages) == 1 and "cmake-badjson00000" in messages[0]
    with Envmgr(home=str(home)) as em:
        doomed = em.gc(dry_run=True)
        assert [e.uid for e in doomed] == ["cmake-badjson00000"]
        assert doomed[0].attrs["unreadable"] == "its data is not valid JSON"
        assert [e.uid for e in em.gc()] == ["cmake-badjson00000"]
        assert em.gc() == []


# -- the schema itself ------------------------------------------------------------------


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _made(path, sql, version):
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


SCHEMAS = {
    "entries dropped": ("DROP TABLE tags; DROP TABLE entries;", None),
    "tags dropped": ("DROP TABLE tags;", None),
    "negative version": ("", -1),
    "very negative version": ("", -(2 ** 31)),
    "version 0 with envmgr's tables": ("", 0),
    "entries with other columns": (
        "DROP TABLE tags; DROP TABLE entries; CREATE TABLE entries (uid TEXT, data TEXT);"
        "CREATE TABLE tags (uid TEXT, tag TEXT);", None),
    "tags with other columns": (
        "DROP TABLE tags; CREATE TABLE tags (uid TEXT, name TEXT);", None),
    "entries a view": (
        "DROP TABLE tags; DROP TABLE entries; CREATE TABLE t (x);"
        "CREATE VIEW entries AS SELECT x AS uid FROM t; CREATE TABLE tags (uid, tag);", None),
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_a_damaged_schema_is_not_an_envmgr_registry_and_untouched(cli, home, name):
    home.mkdir(parents=True)
    path = home / "registry.db"
    with Registry(str(path)) as reg:
        reg.upsert([entry()])
    sql, version = SCHEMAS[name]
    _made(path, sql, SCHEMA_VERSION if version is None else version)
    before = _digest(path)
    with pytest.raises(RegistryError, match="not an envmgr registry"):
        Registry(str(path)).open()
    for args in (["list"], ["gc"], ["rm", entry().uid], ["show", "--tags=cmake"]):
        r = cli(*args)
        assert r.rc == 4, (args, r.err)
        assert r.err.count("\n") == 1 and "not an envmgr registry" in r.err, r.err
    assert _digest(path) == before
    assert not (home / "registry.db-wal").exists()


def test_a_foreign_view_or_index_at_version_0_is_not_ours(tmp_path):
    path = tmp_path / "registry.db"
    _made(path, "CREATE TABLE t (x); CREATE VIEW v AS SELECT 1; DROP TABLE t;", 0)
    before = _digest(path)
    with pytest.raises(RegistryError, match="not an envmgr registry"):
        Registry(str(path)).open()
    assert _digest(path) == before


def test_an_empty_file_is_a_registry_not_yet_begun(tmp_path):
    path = tmp_path / "registry.db"
    path.write_bytes(b"")
    with Registry(str(path)) as reg:
        reg.upsert([entry()])
        assert reg.count() == 1


def test_text_that_is_not_utf8_fails_only_its_row(cli, registry):
    _insert(registry, "cmake-notutf80000", "{}")
    _insert(registry, "cmake-notutf8uid1", "{}")
    db = sqlite3.connect(registry)
    db.execute("UPDATE entries SET data = CAST(x'7bff22' AS TEXT) WHERE uid = 'cmake-notutf80000'")
    db.execute("UPDATE entries SET uid = CAST(x'ff00fe' AS TEXT) WHERE uid = 'cmake-notutf8uid1'")
    db.commit()
    db.close()
    r = cli("list")
    assert r.rc == 0 and entry().uid in r.out, r.err
    assert len(r.err.splitlines()) == 2 and "cmake-notutf80000" in r.err and "(row " in r.err
    r = cli("list", "--tags=cmake", "--json")
    assert r.rc == 0 and [e["uid"] for e in r.json()] == [entry().uid]
    r = cli("gc")
    assert r.rc == 0 and cli("list").err == ""


def test_a_dependency_whose_row_is_unreadable_is_left_out_with_a_warning(cli, registry):
    dep = Entry(uid="ninja-dep000000000", soft="ninja", category="tool", version="1.11",
                tags=["ninja"], prefix="/opt/ninja", source="installed")
    top = entry(soft="meson", version="1.3.0", prefix="/opt/meson")
    top.deps = [dep.uid]
    with Registry(str(registry)) as reg:
        reg.upsert([dep, top])
        reg.db.execute("UPDATE entries SET data = '{' WHERE uid = ?", (dep.uid,))
    r = cli("shell", "--tags=meson", "--", "sh", "-c", "echo $ENVMGR_ACTIVE")
    assert r.rc == 0 and r.out.strip() == top.uid, r.err
    assert r.err.count("\n") == 1 and dep.uid in r.err


@pytest.mark.parametrize("kind", ["fifo", "dir"])
def test_a_registry_that_is_not_a_file(cli, home, kind):
    import os

    home.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(home / "registry.db")
    else:
        (home / "registry.db").mkdir()
    r = cli("list", timeout=30)
    assert r.rc == 4 and r.err.count("\n") == 1 and "not a regular file" in r.err
