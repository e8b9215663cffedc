"""``envmgr.authoring.cases``: what capture keeps, negative and side-by-side cases, and
what check reports. Real tools here are small shell scripts, run for real."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from envmgr.authoring.cases import capture, check, combine, minimise, replay, verify
from envmgr.detect.soft import Candidate, Reject, Soft, read_text
from envmgr.errors import UsageError


class Frob(Soft):
    name = "frob"
    executables = [r"frob(?:-\d+)?"]
    version_regex = r"^frob version (?P<version>\d+(?:\.\d+)+)"
    attrs_regex = {"target": r"built for (\S+)\)", "home": r"^home: (\S+)"}


class FooHeader(Soft):
    name = "foo"
    headers = ["foo.h"]
    version_macros = ["FOO_VERSION"]


class CountingHeader(FooHeader):
    """A probe that reads the whole file: no line of it may go."""

    name = "foo-lines"

    @classmethod
    def probe_header(cls, candidate: Candidate) -> dict[str, Any]:
        text = read_text(candidate.realpath)
        return {"version": "1.0", "attrs": {"lines": str(len(text.splitlines()))}}


def _tool(path: Path, output: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\nprintf '{output}'\n")
    path.chmod(0o755)
    return str(path)


def test_an_executable_capture_has_the_portable_attrs_prefix_and_executable(tmp_path):
    tool = _tool(tmp_path / "opt/frob/bin/frob",
                 "frob version 2.1.0 (built for x86_64)\\nhome: /opt/frob\\n")
    case = capture(Frob, tool)
    [expect] = case["expect"]
    # the target is a fact of the output; home is a path of this machine
    assert expect == {"version": "2.1.0", "prefix": "", "executable": "bin/frob",
                      "attrs": {"target": "x86_64"}}
    assert verify(Frob, case) == []


def test_a_header_keeps_only_the_version_defines(tmp_path):
    header = tmp_path / "usr/include/foo.h"
    header.parent.mkdir(parents=True)
    lines = ["/* foo: a library */", "#ifndef FOO_H", "#define FOO_H",
             "#define FOO_VERSION FOO_VERSION_STRING", "int foo(void);",
             '#define FOO_VERSION_STRING "1.2.3"', "#define FOO_OTHER 7", "#endif"]
    header.write_text("\n".join(lines) + "\n" + "/* filler */\n" * 500)
    case = capture(FooHeader, str(header))
    text = case["layout"][str(header).lstrip("/")]["text"]
    assert text == '#define FOO_VERSION FOO_VERSION_STRING\n#define FOO_VERSION_STRING "1.2.3"\n'
    assert case["expect"][0]["version"] == "1.2.3"
    assert verify(FooHeader, case) == []


def test_a_cut_that_changes_the_result_is_not_kept(tmp_path):
    header = tmp_path / "usr/include/foo.h"
    header.parent.mkdir(parents=True)
    whole = "#define FOO_VERSION \"1.0\"\n" + "/* more */\n" * 20
    header.write_text(whole)
    case = capture(CountingHeader, str(header))
    assert case["layout"][str(header).lstrip("/")]["text"] == whole
    assert minimise(CountingHeader, case) == case


def test_crlf_metadata_keeps_its_line_endings(tmp_path):
    class PyFrob(Soft):
        name = "py-frob"
        python_dist = "frob"

    info = tmp_path / "lib/python3.11/site-packages/frob-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_bytes(b"Metadata-Version: 2.1\r\nName: frob\r\nVersion: 1.0\r\n"
                                    b"Summary: x\r\n\r\n" + b"README line\r\n" * 200)
    case = capture(PyFrob, str(info))
    [text] = [s["text"] for s in case["layout"].values()]
    assert text == "Metadata-Version: 2.1\r\nName: frob\r\nVersion: 1.0\r\n"


def test_a_negative_capture_records_the_output_and_the_reason(tmp_path):
    tool = _tool(tmp_path / "bin/frob", "other frobnicator 3.0\\n")
    with pytest.raises(Reject):
        capture(Frob, tool)  # as before: a rejection is an error unless it is asked for
    case = capture(Frob, tool, rejected=True)
    assert case["expect"] == []
    assert case["reason"] == ("no version found in the output of bin/frob --version: "
                              "other frobnicator 3.0")
    assert str(tmp_path) not in case["reason"]
    assert verify(Frob, case) == []
    # a negative case whose reason the engine does not give fails
    wrong = {**case, "reason": "a rustup proxy"}
    assert any("no rejection says 'a rustup proxy'" in p for p in verify(Frob, wrong))


def test_a_tool_that_is_not_rejected_cannot_make_a_negative_case(tmp_path):
    tool = _tool(tmp_path / "bin/frob", "frob version 1.0\\n")
    with pytest.raises(UsageError, match="does not reject"):
        capture(Frob, tool, rejected=True)


def test_side_by_side_installations_of_one_version_are_told_apart(tmp_path):
    a = _tool(tmp_path / "opt/a/bin/frob", "frob version 1.0 (built for x86_64)\\n")
    b = _tool(tmp_path / "opt/b/bin/frob", "frob version 1.0 (built for aarch64)\\n")
    os.symlink(a, tmp_path / "opt/a/bin/frob-1")
    case = combine([capture(Frob, str(tmp_path / "opt/a/bin/frob-1"), mirror=True),
                    capture(Frob, b, mirror=True)])
    assert len(case["captured"]) == 2 and len(case["expect"]) == 2
    assert sorted(e["prefix"] for e in case["expect"]) == sorted(
        str(tmp_path / p).lstrip("/") for p in ("opt/a", "opt/b"))
    root = tmp_path / "replay"
    assert check(case, replay(case, root, Frob), root) == []
    # the right installation for each entry: swapped attrs are a difference
    swapped = {**case, "expect": [{**case["expect"][0], "attrs": case["expect"][1]["attrs"]},
                                  case["expect"][1]]}
    root2 = tmp_path / "replay2"
    assert any("attrs['target']" in p for p in check(swapped, replay(swapped, root2, Frob), root2))


def test_combine_refuses_what_does_not_fit(tmp_path):
    one = {"soft": "frob", "captured": "x", "layout": {"bin/frob": {"text": "a"}}, "expect": []}
    with pytest.raises(ValueError, match="different files at bin/frob"):
        combine([one, {**one, "layout": {"bin/frob": {"text": "b"}}}])
    with pytest.raises(ValueError, match="several softs"):
        combine([one, {**one, "soft": "other"}])
