"""Tags as queries take them: blank input is an error, never "every entry"."""

from __future__ import annotations

import pytest

from envmgr.errors import UsageError
from envmgr.store.entry import Entry
from envmgr.store.query import find, parse_tags, select
from envmgr.store.registry import Registry


@pytest.mark.parametrize("value, tags", [
    (None, []),
    ([], []),
    ("llvm", ["llvm"]),
    ("LLVM, v16 ", ["llvm", "v16"]),
    (["python", "v3.11"], ["python", "v3.11"]),
    (["python,v3.11", "venv"], ["python", "v3.11", "venv"]),
    (("cmake", "cmake"), ["cmake"]),
    (iter(["cmake"]), ["cmake"]),
])
def test_parse_tags(value, tags):
    assert parse_tags(value) == tags


@pytest.mark.parametrize("value, message", [
    ("", "--tags is empty"),
    ("   ", "--tags is empty"),
    ("\t\n", "--tags is empty"),
    (",", "--tags ',' names no tag"),
    (" , ,", "names no tag"),
    ("llvm,", "--tags 'llvm,' has an empty tag"),
    (",llvm", "has an empty tag"),
    ("llvm,,v16", "has an empty tag"),
    ([""], "--tags is empty"),
    ([" "], "--tags is empty"),
    (["llvm", ""], "has an empty tag"),
    ([","], "names no tag"),
    (3, "must be a string or a list of strings, not int"),
    (b"llvm", "not bytes"),
    ({"llvm": 1}, "not dict"),
    (["llvm", None], "must hold strings, not NoneType"),
    ([["llvm"]], "must hold strings, not list"),
])
def test_blank_or_wrong_tags_are_a_usage_error(value, message):
    with pytest.raises(UsageError) as info:
        parse_tags(value)
    assert message in str(info.value)


def _reg(tmp_path):
    reg = Registry(str(tmp_path / "r.db")).open()
    reg.upsert([Entry(uid=f"tool-{i}", soft="tool", category="tool", version=f"1.{i}",
                      tags=["tool"], prefix=f"/p{i}") for i in range(3)])
    return reg


@pytest.mark.parametrize("tags", [[""], [" "], ["tool", " "], "", " "])
def test_registry_and_query_refuse_blank_tags(tmp_path, tags):
    """Below parse_tags too: no caller can widen a query to everything with a blank."""
    with _reg(tmp_path) as reg:
        with pytest.raises(UsageError):
            reg.find(tags)
        with pytest.raises(UsageError):
            find(reg, tags)
        with pytest.raises(UsageError):
            select(reg, tags)
        with pytest.raises(UsageError):
            reg.find(t for t in ([tags] if isinstance(tags, str) else tags))
        assert len(reg.find()) == 3  # no tags at all: every entry, as asked


@pytest.mark.parametrize("prefix", ["", " ", "\t"])
def test_a_blank_uid_start_matches_nothing(tmp_path, prefix):
    with _reg(tmp_path) as reg:
        with pytest.raises(UsageError):
            reg.find_uid_prefix(prefix)


def test_a_blank_version_spec_is_an_error(tmp_path):
    with _reg(tmp_path) as reg:
        for spec in ("", " ", ","):
            with pytest.raises(UsageError):
                find(reg, ["tool"], spec)
        assert [e.version for e in find(reg, ["tool"], None)] == ["1.2", "1.1", "1.0"]
