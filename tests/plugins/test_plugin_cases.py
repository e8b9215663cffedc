"""Every builtin soft's recorded cases, replayed through the real detection engine.

Each case is a real tool's captured output (``envmgr dev capture``) served by a fake
executable in a temporary layout; the engine searches only that layout.

Two declarations of a soft ask for more than one case:

- ``rejects = True``: the soft turns some candidates down (a probe's ``Reject``,
  ``skip_candidate``, a ``version_regex`` that a look-alike tool fails); one of its cases
  is a negative one (:func:`envmgr.authoring.cases.is_negative`). A string instead says
  why no real capture of what it rejects can be had.
- ``side_by_side = True``: several installations of the soft can live on one machine; one
  of its cases holds two or more in one layout. A string instead says why none is
  recorded yet.

A soft must declare ``rejects`` where its own class says it rejects something (``raise
Reject``, ``def skip_candidate``, or "rejected" in its comments), and ``side_by_side`` where
its patterns allow versions side by side (a digit in an executable pattern, a glob in
``search_dirs``, or a ``python_dist``).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

from envmgr.authoring.cases import cases_path, check, is_negative, load_cases, replay
from envmgr.catalog import builtin as catalog
from envmgr.detect.soft import Soft

INDEX = catalog.load_index()
# plugins that declare softs; a hooks-only builtin (a front-end) has nothing to record
DETECTING = {name: meta for name, meta in INDEX["modules"].items() if meta["softs"]}


def _all_cases():
    for plugin, meta in sorted(INDEX["modules"].items()):
        module = importlib.import_module(meta["module"])
        path = cases_path(module.__file__)
        if not path.exists():
            continue
        for i, case in enumerate(load_cases(path)):
            yield pytest.param(meta["module"], case, id=f"{plugin}[{i}]")


def _all_softs() -> list[Any]:
    out = []
    for plugin, meta in sorted(INDEX["modules"].items()):
        module = importlib.import_module(meta["module"])
        for soft in catalog.module_softs(module):
            out.append(pytest.param(module, soft, id=f"{plugin}:{soft.name}"))
    return out


def _cases_of(module: Any, soft: type[Soft]) -> list[dict[str, Any]]:
    return [c for c in load_cases(cases_path(module.__file__)) if c["soft"] == soft.name]


@pytest.mark.parametrize("module_name, case", list(_all_cases()))
def test_case(module_name, case, tmp_path):
    module = importlib.import_module(module_name)
    softs = {s.name: s for s in catalog.module_softs(module)}
    soft = softs[case["soft"]]
    found = replay(case, tmp_path, soft)
    assert check(case, found, tmp_path) == []


@pytest.mark.parametrize("plugin", sorted(DETECTING))
def test_every_soft_has_cases(plugin):
    meta = DETECTING[plugin]
    module = importlib.import_module(meta["module"])
    path = cases_path(module.__file__)
    assert path.exists(), f"{plugin} ships no {path.name}"
    cased = {c["soft"] for c in load_cases(path)}
    for soft in meta["softs"]:
        assert soft["name"] in cased, f"{soft['name']} has no recorded case"


# A transcribed case names its source: a vendor's documentation, or Spack's scenarios by
# the file and the commit of spack-packages.
_SOURCE = re.compile(r"(?:documentation|manual|guide|release notes|reference|"
                     r"detection_test\.yaml@[0-9a-f]{7,40})", re.IGNORECASE)


def _executables(case: dict[str, Any]) -> int:
    return sum(1 for spec in case["layout"].values()
               if isinstance(spec, str) or (isinstance(spec, dict) and "outputs" in spec))


def test_cases_are_captured_not_typed():
    # captured cases say where they came from; a hand-typed case has no 'captured' line.
    # Where no real copy can be had (a vendor's compiler), a case is 'transcribed' from a
    # named source instead, never both.
    for meta in DETECTING.values():
        module = importlib.import_module(meta["module"])
        path = cases_path(module.__file__)
        for case in json.loads(Path(path).read_text())["cases"]:
            if "transcribed" in case:
                assert "captured" not in case, f"{path}: a case both captured and transcribed"
                source = case["transcribed"]
                assert isinstance(source, str) and _SOURCE.search(source), (
                    f"{path}: a transcribed case names no source (a vendor's documentation, "
                    f"or Spack's detection_test.yaml@COMMIT): {source!r}")
                continue
            origins = case.get("captured")
            origins = origins if isinstance(origins, list) else [origins]
            assert origins and all(origins), f"{path}: a case without its 'captured' origin"
            assert not any("detection_test.yaml" in o for o in origins), (
                f"{path}: Spack's transcriptions are 'transcribed', not 'captured'")
            n = len(case["expect"])
            assert len(origins) in (1, max(n, 1), _executables(case)) or case.get("reason"), (
                f"{path}: {len(origins)} origins for {n} installations")


def test_a_soft_with_transcribed_cases_says_why_none_is_captured():
    # a real copy, where one can be had, is captured: a soft whose cases are transcribed
    # declares why no real copy can be had here (transcribed = "...")
    for meta in DETECTING.values():
        module = importlib.import_module(meta["module"])
        softs = {s.name: s for s in catalog.module_softs(module)}
        for case in load_cases(cases_path(module.__file__)):
            if "transcribed" in case:
                why = getattr(softs[case["soft"]], "transcribed", None)
                assert isinstance(why, str) and why.strip(), (
                    f"{case['soft']} has transcribed cases but does not say why no real copy "
                    "could be captured (transcribed = '...')")


# -- what a soft's declaration asks of its cases -----------------------------------------

_REJECTION_RULE = re.compile(r"raise Reject\b|def skip_candidate\b|\brejected\b", re.IGNORECASE)


def _says_it_rejects(soft: type[Soft]) -> bool:
    try:
        source = inspect.getsource(soft)
    except (OSError, TypeError):
        return False
    return bool(_REJECTION_RULE.search(source))


def _may_be_side_by_side(soft: type[Soft]) -> bool:
    return (any(r"\d" in p for p in soft.executables)
            or any("*" in d for d in soft.search_dirs)
            or bool(soft.names_of("python_dist")))


def _declared(value: Any, what: str) -> bool:
    """True: cases must show it; a string: why none can be had (must say something)."""
    if isinstance(value, str):
        assert value.strip(), f"{what} is an empty string: say why no case can be had"
        return False
    assert value in (True, False), f"{what} is {value!r}: True, or a string saying why not"
    return bool(value)


@pytest.mark.parametrize("module, soft", _all_softs())
def test_a_soft_that_rejects_has_a_negative_case(module, soft):
    if _says_it_rejects(soft):
        assert "rejects" in vars(soft), (
            f"{soft.name} turns candidates down (its class says so) but declares no "
            "'rejects': set rejects = True and record a negative case "
            "(capture(..., rejected=True)), or a string saying why none can be captured")
    if not _declared(getattr(soft, "rejects", False), f"{soft.name}.rejects"):
        return
    negatives = [c for c in _cases_of(module, soft) if is_negative(c)]
    assert negatives, f"{soft.name} declares rejects = True but has no negative case"
    for case in negatives:
        assert case.get("reason"), f"{soft.name}: a negative case says no 'reason'"


@pytest.mark.parametrize("module, soft", _all_softs())
def test_a_soft_side_by_side_has_a_multi_version_case(module, soft):
    if _may_be_side_by_side(soft):
        assert "side_by_side" in vars(soft) or "side_by_side" in vars(soft.__mro__[1]), (
            f"{soft.name}'s patterns allow several installations side by side but it "
            "declares no 'side_by_side': set side_by_side = True and record a case with "
            "two or more, or a string saying why none can be captured")
    if not _declared(getattr(soft, "side_by_side", False), f"{soft.name}.side_by_side"):
        return
    multi = [c for c in _cases_of(module, soft) if len(c["expect"]) >= 2]
    assert multi, f"{soft.name} declares side_by_side = True but no case has two installations"
    for case in multi:
        places = {(e["version"], e.get("prefix"), e.get("executable"), e.get("path"))
                  for e in case["expect"]}
        assert len(places) == len(case["expect"]), (
            f"{soft.name}: a side-by-side case expects the same installation twice")


def test_the_rules_see_what_they_should():
    # the rules are meant to catch these: keep them honest
    from plugins.compilers.gcc import GCC
    from plugins.languages.rust import Rust
    from plugins.tools.ccache import Ccache

    assert _says_it_rejects(GCC) and _says_it_rejects(Rust) and not _says_it_rejects(Ccache)
    assert _may_be_side_by_side(GCC) and not _may_be_side_by_side(Ccache)


def test_cases_are_minimal():
    # capture keeps only what the probe reads; every stored case is already cut down
    from envmgr.authoring.cases import minimise

    total = 0
    for meta in DETECTING.values():
        module = importlib.import_module(meta["module"])
        softs = {s.name: s for s in catalog.module_softs(module)}
        path = cases_path(module.__file__)
        total += path.stat().st_size
        for case in load_cases(path):
            if any("text" in spec for spec in case["layout"].values() if isinstance(spec, dict)):
                assert minimise(softs[case["soft"]], case) == case, (
                    f"{path.name}: a case keeps more than its probe reads; "
                    "re-capture it or run envmgr.authoring.cases.minimise on it")
    # a budget per soft, so that breadth does not move it: ~1.4 KB each today
    assert total < 3_000 * len(DETECTING), f"the cases take {total} bytes"
