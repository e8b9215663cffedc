"""The SQLite registry: transactions, tags, schema versions, many processes at once."""

import hashlib
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

from envmgr.errors import RegistryError
from envmgr.store.entry import Entry, make_uid
from envmgr.store.query import find, select
from envmgr.store.registry import SCHEMA_VERSION, Registry


def entry(soft="llvm", version="16.0.6", prefix="/usr/lib/llvm-16", tags=()):
    return Entry(
        uid=make_uid(soft, prefix, version), soft=soft, category="compiler", version=version,
        tags=[soft, *tags, f"v{version.split('.')[0]}"], prefix=prefix,
        attrs={"executable": f"{prefix}/bin/{soft}"},
    )


def test_upsert_is_idempotent_and_keeps_created(tmp_path):
    with Registry(str(tmp_path / "r.db")) as reg:
        e = entry()
        reg.upsert([e])
        created = reg.get(e.uid).created
        reg.upsert([entry()])
        assert reg.count() == 1
        assert reg.get(e.uid).created == created


def test_tags_are_and_and_case_insensitive(tmp_path):
    with Registry(str(tmp_path / "r.db")) as reg:
        reg.upsert([entry(version="14.0.6", prefix="/usr/lib/llvm-14"), entry(),
                    entry("gcc", "12.2.0", "/usr")])
        assert {e.version for e in reg.find(["llvm"])} == {"14.0.6", "16.0.6"}
        assert [e.version for e in reg.find(["LLVM", "v14"])] == ["14.0.6"]
        assert reg.find(["llvm", "gcc"]) == []


def test_select_newest_and_version_spec(tmp_path):
    with Registry(str(tmp_path / "r.db")) as reg:
        reg.upsert([entry(version="14.0.6", prefix="/a"), entry(version="16.0.6", prefix="/b")])
        assert select(reg, ["llvm"]).entry.version == "16.0.6"
        assert select(reg, ["llvm"], "<16").entry.version == "14.0.6"
        assert [e.version for e in find(reg, ["llvm"])] == ["16.0.6", "14.0.6"]


def test_select_explains_a_tie(tmp_path):
    with Registry(str(tmp_path / "r.db")) as reg:
        reg.upsert([entry(version="3.11.7", soft="python", prefix="/x"),
                    entry(version="3.11.7", soft="python", prefix="/y")])
        sel = select(reg, ["python"])
        assert "2 entries match" in sel.note and sel.entry.prefix == "/x"


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupt_registry_is_refused_and_untouched(tmp_path):
    path = tmp_path / "registry.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = _digest(path)
    with pytest.raises(RegistryError) as info:
        Registry(str(path)).open()
    assert "not a readable envmgr database" in str(info.value)
    assert _digest(path) == before
    assert not (tmp_path / "registry.db-wal").exists()


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "registry.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.execute("CREATE TABLE entries (uid TEXT)")
    db.commit()
    db.close()
    before = _digest(path)
    with pytest.raises(RegistryError) as info:
        Registry(str(path)).open()
    assert "newer than this envmgr understands" in str(info.value)
    assert _digest(path) == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "registry.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(RegistryError, match="not an envmgr registry"):
        Registry(str(path)).open()


def test_cli_reports_corrupt_registry_in_one_line(cli, home):
    home.mkdir(parents=True)
    (home / "registry.db").write_bytes(b"garbage" * 50)
    r = cli("list")
    assert r.rc != 0
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "envmgr: error: the registry" in r.err


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from envmgr.store.entry import Entry, make_uid
    from envmgr.store.registry import Registry
    worker = int(sys.argv[1])
    reg = Registry(sys.argv[2]).open()
    for i in range(40):
        uid = make_uid("tool", str(worker), str(i))
        reg.upsert([Entry(uid=uid, soft="tool", category="tool", version=f"{{worker}}.{{i}}",
                          tags=["tool", f"w{{worker}}"], prefix=f"/p/{{worker}}/{{i}}")])
        # and everyone updates one shared entry
        reg.upsert([Entry(uid="shared", soft="tool", category="tool", version=str(worker),
                          tags=["tool", "shared"], prefix="/shared")])
    reg.close()
    """
)


def test_many_processes_write_at_once_without_loss(tmp_path):
    path = tmp_path / "registry.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    procs = [
        subprocess.Popen([sys.executable, str(script), str(w), str(path)],
                         stderr=subprocess.PIPE, text=True)
        for w in range(8)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    with Registry(str(path)) as reg:
        assert reg.count() == 8 * 40 + 1
        for w in range(8):
            assert len(reg.find([f"w{w}"])) == 40
        assert len(reg.find(["shared"])) == 1
        check = reg.db.execute("PRAGMA integrity_check").fetchone()[0]
        assert check == "ok"
        assert reg.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
