"""The lock document: our TOML emitter read back by tomllib, and the checked reader."""

from __future__ import annotations

import pytest
import tomllib

from envmgr.store.entry import Entry
from envmgr.store.lock import LockError, build_lock, diff, dumps, loads, to_toml

HOST = {"os": "linux", "arch": "x86_64", "distro": "debian", "distro_version": "12",
        "libc": "glibc", "libc_version": "2.36", "gpus": []}

HOSTILE = ['plain', 'quote " and \\ backslash', "tab\tnew\nline\r\f\b", "\x00\x01\x1f\x7f",
           "é ü 中文 🙂", "[not.a.table]", "key = value", "'single'", '"""', "#comment", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_string_round_trips_as_value_and_as_key(text):
    doc = {"v": text, "a": [text, {"k": text}], "t": {text: text}, "arr": [{text: 1}]}
    assert tomllib.loads(to_toml(doc)) == doc


def test_numbers_booleans_nested_tables_and_arrays_of_tables_round_trip():
    doc = {"i": -3, "f": 2.5, "b": False, "empty": {}, "list": [], "deep": {"x": {"y": {"z": 1}}},
           "rows": [{"a": 1, "sub": {"b": 2}}, {"a": 2}], "mixed": [1, "x", [2], {"q": True}]}
    assert tomllib.loads(to_toml(doc)) == doc


def test_a_lone_surrogate_is_refused_not_written_wrong():
    with pytest.raises(ValueError, match="not UTF-8"):
        to_toml({"path": "/tmp/\udcff"})


def entry(uid: str, soft: str, version: str, **kw) -> Entry:
    return Entry(uid=uid, soft=soft, category="tool", version=version, tags=[soft],
                 prefix=f"/opt/{soft}", attrs={"executable": f"/opt/{soft}/bin/{soft}",
                                               "verified": {"ok": True, "at": "now"}}, **kw)


def installed() -> Entry:
    return Entry(uid="hello-1", soft="hello", category="tools", version="1.0", tags=["hello"],
                 source="installed", prefix="/h/install/hello", recipe="hello@1.0",
                 attrs={"path": "/h/install/hello", "install": {
                     "frontend": "download", "hash": "abc", "variants": {},
                     "sources": [{"url": "http://x/h.tgz", "checksum": "sha256:" + "a" * 64,
                                  "size": 10}]}})


def test_the_same_entries_give_the_same_bytes_whatever_their_order():
    a, b, c = entry("a-1", "cmake", "3.27"), entry("b-1", "gcc", "12.2.0"), installed()
    one = dumps(build_lock([(["cmake"], a)], [a, b, c], HOST))
    two = dumps(build_lock([(["cmake"], a)], [c, b, a], HOST))
    assert one == two and "verified" not in one and "created" not in one
    back = loads(one)
    assert sorted(back.entries) == ["a-1", "b-1", "hello-1"]
    assert back.entries["hello-1"].sources()[0]["checksum"] == "sha256:" + "a" * 64
    assert back.entries["a-1"].selected and not back.entries["b-1"].selected


def good_text() -> str:
    return dumps(build_lock([], [installed(), entry("a-1", "cmake", "3.27")], HOST))


def test_a_truncated_lock_is_refused_wherever_it_was_cut():
    text = good_text()
    lines = text.splitlines(keepends=True)
    for n in range(1, len(lines)):
        cut = "".join(lines[:n])
        try:
            lock = loads(cut, "cut.lock")
        except LockError as exc:
            assert "cut.lock" in exc.message
            continue
        # what parses must be the whole lock: same entries, every field
        assert lock.entries.keys() == loads(text).entries.keys()
        assert all(lock.entries[k].version == loads(text).entries[k].version
                   for k in lock.entries)
    with pytest.raises(LockError, match="not valid TOML"):
        loads(text[: text.index("checksum") + 15])


@pytest.mark.parametrize("bad", ["sha256:zz", "sha256:" + "a" * 63, "crc:1", "", "SHA256:"])
def test_a_bad_checksum_is_named_with_its_source(bad):
    text = good_text().replace("sha256:" + "a" * 64, bad)
    with pytest.raises(LockError, match="http://x/h.tgz has checksum"):
        loads(text)


def test_broken_fields_are_one_clear_error():
    text = good_text()
    for old, new, says in [("lock_version = 1", "lock_version = 9", "newer"),
                           ("entry_count = 2", "entry_count = 3", "says it holds 3"),
                           ('soft = "cmake"', "soft = 3", "soft is not a string"),
                           ('deps = []', 'deps = ["gone-1"]', "depends on gone-1")]:
        with pytest.raises(LockError, match=says):
            loads(text.replace(old, new, 1))
    with pytest.raises(LockError, match="not an envmgr lock"):
        loads("a = 1\n")


def test_diff_names_each_difference_once():
    a = loads(dumps(build_lock([], [entry("g-1", "gcc", "12.2.0"), entry("c-1", "cmake", "3.27")],
                               HOST)))
    b = loads(dumps(build_lock([], [entry("g-2", "gcc", "11.3.0")], {**HOST, "arch": "aarch64"})))
    lines = diff(a, b)
    assert lines == ["host arch: 'x86_64' there, 'aarch64' here",
                     "- cmake 3.27 (detected there, /opt/cmake): not here",
                     "~ gcc: 12.2.0 there (/opt/gcc), 11.3.0 here (/opt/gcc)"]
    assert diff(a, a) == []
