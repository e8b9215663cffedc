"""Versions read from files under the prefix (``release_files``) instead of running a
launcher that starts a JVM; the real layouts are the JVM softs' Debian cases."""

from __future__ import annotations

import os
import zipfile

import pytest
from conftest import run_detect

from envmgr.authoring.cases import fake_executable
from envmgr.detect.soft import Reject, Soft, read_member


def _jar(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        for name, text in members.items():
            z.writestr(name, text)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_read_member_reads_the_member_named_exactly(tmp_path, compression):
    jar = tmp_path / "x.jar"
    _jar(jar, {"a/version.txt": "wrong", "version.txt": "VERSION=1.2.3\n",
               **{f"pad/{i}.class": "x" * 50 for i in range(500)}}, compression)
    assert read_member(str(jar), "version.txt") == "VERSION=1.2.3\n"
    assert read_member(str(jar), "a/version.txt") == "wrong"
    with pytest.raises(Reject, match="cannot read nope"):
        read_member(str(jar), "nope")
    (tmp_path / "not.jar").write_text("PK but not a zip")
    with pytest.raises(Reject):
        read_member(str(tmp_path / "not.jar"), "version.txt")


class Tool(Soft):
    name = "jvm-tool-test"
    executables = ["jtool"]
    version_regex = r"^jtool (\S+)"
    release_files = {"lib/jtool-[0-9]*.jar!META-INF/version.properties": r"^version=(\S+)"}


def _layout(tmp_path, jar_members=None):
    bindir = tmp_path / "jtool" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "jtool").write_text(fake_executable({"--version": "jtool 9.9.9\n"}))
    (bindir / "jtool").chmod(0o755)
    if jar_members is not None:
        (tmp_path / "jtool" / "lib").mkdir()
        _jar(tmp_path / "jtool" / "lib" / "jtool-2.0.jar", jar_members)
    return bindir


def test_the_jar_answers_and_the_tool_is_not_run(tmp_path):
    bindir = _layout(tmp_path, {"META-INF/version.properties": "version=2.0.1\n"})
    (found,) = run_detect([Tool], bindir).found
    assert found.version == "2.0.1"
    assert found.attrs["release_file"] == "lib/jtool-2.0.jar!META-INF/version.properties"


@pytest.mark.parametrize("members", [None, {"META-INF/other": "x"},
                                     {"META-INF/version.properties": "no version here"}])
def test_without_an_answering_file_the_tool_is_run(tmp_path, members):
    bindir = _layout(tmp_path, members)
    (found,) = run_detect([Tool], bindir).found
    assert found.version == "9.9.9" and "release_file" not in found.attrs


def test_a_new_jar_under_the_same_launcher_is_probed_again(tmp_path):
    from envmgr.detect.probecache import ProbeCache

    bindir = _layout(tmp_path, {"META-INF/version.properties": "version=2.0.1\n"})
    cache = ProbeCache(str(tmp_path / "probes.json"))
    assert [f.version for f in run_detect([Tool], bindir, cache=cache).found] == ["2.0.1"]
    cache.save()
    jar = tmp_path / "jtool" / "lib" / "jtool-2.0.jar"
    _jar(jar, {"META-INF/version.properties": "version=2.0.22\n"})
    os.utime(jar, ns=(1, 1))  # another size and time: what an upgrade leaves
    again = ProbeCache(str(tmp_path / "probes.json"))
    assert [f.version for f in run_detect([Tool], bindir, cache=again).found] == ["2.0.22"]
