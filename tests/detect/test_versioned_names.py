"""Versioned executable names are the host's rule, not each plugin's pattern (issue 16).

Every soft's own recorded case is replayed with its executable renamed the ways
distributions name side-by-side versions (``rustc-1.80``, ``gcc-13``, ``python3.12``,
``go1.22``): the same installation must be found, and ``--explain`` must say why.
"""

from __future__ import annotations

import copy
import importlib
import os

import pytest

from envmgr.authoring.cases import cases_path, is_negative, load_cases, replay
from envmgr.catalog import builtin as catalog
from envmgr.detect.soft import Soft, executable_regex, name_match, version_stems

INDEX = catalog.load_index()


def _renamable() -> list[object]:
    """(soft, case, executable's path in the layout): a single-installation case whose
    executable is a plain file the layout writes (not a link), by a literal name."""
    out = []
    for _, meta in sorted(INDEX["modules"].items()):
        if not any(s["executables"] for s in meta["softs"]):
            continue
        module = importlib.import_module(meta["module"])
        path = cases_path(module.__file__)
        if not path.exists():
            continue
        softs = {s.name: s for s in catalog.module_softs(module)}
        seen = set()
        for case in load_cases(path):
            soft = softs.get(case["soft"])
            if soft is None or soft.name in seen or is_negative(case):
                continue
            expect = case.get("expect", [])
            exe = expect[0].get("executable") if len(expect) == 1 else None
            spec = case.get("layout", {}).get(exe) if exe else None
            if not isinstance(spec, dict) or "outputs" not in spec:
                continue
            seen.add(soft.name)
            out.append(pytest.param(soft, case, exe, id=soft.name))
    return out


CASES = _renamable()


def _renamed(case: dict, exe: str, name: str) -> dict:
    case = copy.deepcopy(case)
    layout = case["layout"]
    new = os.path.join(os.path.dirname(exe), name)
    layout[new] = layout.pop(exe)
    case["expect"][0]["executable"] = new
    return case


def test_enough_softs_are_renamed():
    assert len(CASES) > 100


@pytest.mark.parametrize("soft, case, exe", CASES)
def test_a_versioned_name_is_found(soft: type[Soft], case: dict, exe: str, tmp_path):
    base = os.path.basename(exe)
    for i, suffix in enumerate(("-9.8", "-12", "4.2")):
        if suffix[0].isdigit() and base[-1:].isdigit():
            suffix = "." + suffix.replace(".", "")  # python3 -> python3.42
        name = base + suffix
        root = tmp_path / str(i)
        found = replay(_renamed(case, exe, name), root, soft)
        versions = [f.version for f in found]
        assert versions == [case["expect"][0]["version"]], (name, found.explain[-3:])
        assert found[0].candidate.name == name
        if soft.versioned_name(name):  # not a name the plugin's own patterns allow
            assert any("a versioned name of" in line and name in line for line in found.explain)


@pytest.mark.parametrize("name, versioned", [
    ("rustc-1.80", True), ("cargo-1.80", False), ("rustc", True), ("rustc1.2", True),
    ("rustc-nightly", False), ("rustc12", False), ("rustc-", False),
])
def test_the_suffix_rule(name, versioned):
    assert (name_match(executable_regex(["rustc"]), name) > 0) is versioned


def test_a_bare_digit_run_is_another_name():
    # lz4 is not lz, base64 not base; python3 is python's own pattern, python3.12 the rule's
    regex = executable_regex(["lz", "base", r"python\d?"])
    got = {n: name_match(regex, n) for n in ("lz4", "base64", "python3", "python3.12",
                                             "python-3", "python3.")}
    assert got == {"lz4": 0, "base64": 0, "python3": 1, "python3.12": 2, "python-3": 2,
                   "python3.": 0}


def test_every_way_to_cut_a_suffix():
    assert version_stems("python3.12") == ["python", "python3"]
    assert version_stems("rustc-1.80") == ["rustc"]
    assert version_stems("go1.22.0") == ["go", "go1"]
    assert version_stems("cmake") == [] and version_stems("1.2") == []
