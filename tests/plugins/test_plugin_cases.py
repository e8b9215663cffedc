"""Every builtin soft's recorded cases, replayed through the real detection engine.

Each case is a real tool's captured output (``envmgr dev capture``) served by a fake
executable in a temporary layout; the engine searches only that layout.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from envmgr.authoring.cases import cases_path, check, load_cases, replay
from envmgr.catalog import builtin as catalog

INDEX = catalog.load_index()


def _all_cases():
    for plugin, meta in sorted(INDEX["modules"].items()):
        module = importlib.import_module(meta["module"])
        path = cases_path(module.__file__)
        if not path.exists():
            continue
        for i, case in enumerate(load_cases(path)):
            yield pytest.param(meta["module"], case, id=f"{plugin}[{i}]")


@pytest.mark.parametrize("module_name, case", list(_all_cases()))
def test_case(module_name, case, tmp_path):
    module = importlib.import_module(module_name)
    softs = {s.name: s for s in catalog.module_softs(module)}
    soft = softs[case["soft"]]
    found = replay(case, tmp_path, soft)
    assert check(case, found, tmp_path) == []


@pytest.mark.parametrize("plugin", sorted(INDEX["modules"]))
def test_every_soft_has_cases(plugin):
    meta = INDEX["modules"][plugin]
    module = importlib.import_module(meta["module"])
    path = cases_path(module.__file__)
    assert path.exists(), f"{plugin} ships no {path.name}"
    cased = {c["soft"] for c in load_cases(path)}
    for soft in meta["softs"]:
        assert soft["name"] in cased, f"{soft['name']} has no recorded case"


def test_cases_are_captured_not_typed():
    # captured cases say where they came from; a hand-typed case has no 'captured' line
    for meta in INDEX["modules"].values():
        module = importlib.import_module(meta["module"])
        path = cases_path(module.__file__)
        for case in json.loads(Path(path).read_text())["cases"]:
            assert case.get("captured"), f"{path}: a case without its 'captured' origin"
