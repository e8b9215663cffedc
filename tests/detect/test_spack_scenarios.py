"""Spack's detection scenarios (its ``detection_test.yaml`` files, converted into
``data/spack_scenarios.json`` by ``spack_scenarios.py``), replayed through envmgr's engine:
every spec Spack expects is found, with its version, languages, compiler paths and the
variants envmgr shows, and nothing where Spack expects nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import spack_scenarios as scenarios

DATA = scenarios.load()

# Scenarios that wait on another part of issue 16: versioned executable names
# (rustc-1.80) are a host rule of their own.
AWAITING: dict[tuple[str, int], str] = {}


def _params():
    for s in DATA["scenarios"]:
        marks = []
        why = AWAITING.get((s["package"], s["index"]))
        if why:
            marks.append(pytest.mark.xfail(reason=why, strict=False))
        yield pytest.param(s, id=f"{s['package']}[{s['index']}]", marks=marks)


@pytest.mark.parametrize("scenario", list(_params()))
def test_scenario(scenario, tmp_path):
    problems, _, right = scenarios.run(scenario, str(tmp_path))
    assert problems == [], f"{scenario['source']} scenario {scenario['index']}"
    assert right == len(scenario["expect"])


def test_every_scenario_names_its_source():
    commit = DATA["source"]["commit"]
    assert re.fullmatch(r"[0-9a-f]{40}", commit)
    assert DATA["source"]["repository"].endswith("spack/spack-packages")
    for s in DATA["scenarios"]:
        assert s["source"].endswith(f"/{s['package'].replace('-', '_')}/detection_test.yaml")
        assert scenarios.soft_named(s["soft"]) is not None, f"no soft {s['soft']}"


def test_the_packages_with_a_soft_are_all_there():
    assert set(DATA["packages"]) == set(scenarios.SOFTS)
    expected = sum(len(s["expect"]) for s in DATA["scenarios"])
    empty = sum(not s["expect"] for s in DATA["scenarios"])
    assert expected >= 40 and empty >= 10


def _mirror() -> str | None:
    path = os.environ.get("ENVMGR_SPACK_PACKAGES", "/work/.mirror/spack+spack-packages/repo")
    return path if Path(path).is_dir() else None


@pytest.mark.skipif(_mirror() is None, reason="no spack-packages snapshot "
                    "(set ENVMGR_SPACK_PACKAGES to its git dir)")
def test_the_conversion_is_current():
    pytest.importorskip("yaml")
    mirror = _mirror()
    assert mirror
    fresh = scenarios.convert(mirror)
    if fresh["source"]["commit"] != DATA["source"]["commit"]:
        pytest.skip("the snapshot is of another commit: convert it again")
    assert fresh == DATA, "run tests/detect/spack_scenarios.py to convert the scenarios again"
