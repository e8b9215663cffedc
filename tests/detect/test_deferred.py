"""``detect --all`` imports only the plugins that may have a candidate (issue 16).

A warm ``detect --all`` used to import every builtin plugin (435 modules) to learn that
most softs are not installed. Builtin softs are now searched for by what the index
declares, and a plugin is imported only where the search space holds a file one of its
softs' forms matches. The layouts here are real captured cases (cmake, h5py, ant).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from envmgr.authoring.cases import cases_path, load_cases, write_layout
from envmgr.catalog import builtin as catalog
from envmgr.detect.deferred import Deferred, declared, may_have_candidates
from envmgr.detect.engine import detect
from envmgr.detect.explain import Explain
from envmgr.detect.probecache import ProbeCache
from envmgr.detect.searchspace import SearchSpace

INDEX = catalog.load_index()


def _case(plugin: str, soft: str) -> dict:
    module = importlib.import_module(INDEX["modules"][plugin]["module"])
    return next(c for c in load_cases(cases_path(module.__file__))
                if c["soft"] == soft and c.get("expect"))


@pytest.fixture
def layout(tmp_path):
    """Three real captured installations in one tree: cmake (run), ant (a jar read) and
    Debian's renamed h5py dist-info (a site-packages dir)."""
    root = tmp_path / "root"
    for plugin, soft, where in (("tools.cmake", "cmake", "cmake"), ("tools.ant", "ant", "ant"),
                                ("python.py_h5py", "py-h5py", "")):
        case = _case(plugin, soft)
        if soft == "py-h5py":
            case = next(c for c in load_cases(cases_path(importlib.import_module(
                INDEX["modules"][plugin]["module"]).__file__)) if "_debian_" in json.dumps(c))
        write_layout(root / where, case["layout"])
    return root


def _dirs(root) -> list[tuple[str, str]]:
    return [(d, "test") for d, _, _ in os.walk(root)]


def _every_builtin() -> tuple[list[Deferred], list[type]]:
    deferred, real = [], []
    for meta in INDEX["modules"].values():
        for info in meta["softs"]:
            module = importlib.import_module(meta["module"])
            cls = next(c for c in catalog.plugin_softs(
                module, getattr(module, "envmgr_softs", lambda: [])())[0]
                if c.name == info["name"])
            real.append(cls)
            deferred.append(Deferred(declared(info), lambda cls=cls: cls))
    return deferred, real


def test_deferred_softs_find_what_imported_ones_find(layout):
    deferred, real = _every_builtin()
    loaded: list[str] = []
    for d in deferred:
        load = d.load
        d.load = lambda load=load, name=d.name: loaded.append(name) or load()
    got = detect(deferred, _dirs(layout), ProbeCache(None), Explain(True), soft_dirs=False)
    want = detect(real, _dirs(layout), ProbeCache(None), Explain(True), soft_dirs=False)

    def key(r):
        return sorted((f.soft.name, f.version, f.prefix) for f in r.found)

    assert key(got) == key(want)
    assert {"cmake", "ant", "py-h5py"} <= {f.soft.name for f in got.found}
    assert set(loaded) < {s.name for s in real} and len(loaded) < 40, loaded
    # a soft left unimported is explained as one searched for and not found
    assert any(line.startswith("llvm: no candidates (patterns: ") for line in got.explain.lines)
    assert set(got.probed) == {s.name for s in real}


def test_the_stand_in_declares_what_the_index_says():
    info = INDEX["modules"]["tools.cmake"]["softs"][0]
    stand_in = declared(info)
    assert stand_in.name == "cmake" and list(stand_in.executables) == info["executables"]
    assert stand_in.forms() == ["executable"]


def test_may_have_candidates_is_never_a_false_no(layout):
    # every soft the real engine finds a candidate for, the stand-in says may be there
    deferred, real = _every_builtin()
    space = SearchSpace(_dirs(layout), Explain(), system=False)
    from envmgr.detect.candidates import candidates

    for d, cls in zip(deferred, real, strict=True):
        if candidates(cls, space, Explain()):
            assert may_have_candidates(d.declared, space), d.name


def test_a_warm_detect_all_imports_only_plugins_with_candidates(layout, tmp_path):
    bins = [d for d, _, _ in os.walk(layout) if os.path.basename(d) == "bin"]
    script = f"""
import re, sys
from envmgr import Envmgr
em = Envmgr(home={str(tmp_path / 'home')!r})
report = em.detect(all_softs=True, search_paths={bins!r}, default_paths=False, dry_run=True)
mods = sorted(m for m in sys.modules if re.fullmatch(r"(?:envmgr_)?plugins\\.\\w+\\.\\w+", m))
print(sorted({{e.soft for e in report.entries}}))
print(len(mods), mods)
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT), ENVMGR_DISABLE_PLUGIN_AUTOLOAD="1")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    softs, mods = proc.stdout.splitlines()
    assert {"cmake", "ant"} <= set(eval(softs))  # noqa: S307 - our own printed list
    count = int(mods.split(" ", 1)[0])
    assert count < 12, mods  # of 435 builtin modules
