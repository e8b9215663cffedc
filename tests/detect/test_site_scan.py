"""One pass over each site-packages dir answers every python-dist soft.

A real venv (``python -m venv``) and a conda-like env (``conda-meta/`` beside
``lib/pythonX.Y/site-packages``) are filled with the real METADATA files captured in the
builtin python-dist softs' cases; the real engine then detects every such soft in them.
``os.listdir``/``os.scandir`` are counted for the run: each site-packages dir is listed
once, however many softs ask.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, run_detect

from envmgr.authoring.cases import load_cases
from envmgr.catalog import builtin as catalog
from envmgr.detect.soft import Soft

PY = f"python{sys.version_info.major}.{sys.version_info.minor}"


def _dist_softs() -> list[type[Soft]]:
    out = []
    for meta in catalog.load_index()["modules"].values():
        module = importlib.import_module(meta["module"])
        out += [s for s in catalog.module_softs(module) if s.python_dist]
    return out


def _metadata_files() -> dict[str, tuple[str, str]]:
    """soft name -> (dist-info dir name, METADATA text) from its first captured case."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted((ROOT / "plugins" / "python").glob("*.cases.json")):
        for case in load_cases(path):
            for rel, spec in case.get("layout", {}).items():
                parts = Path(rel).parts
                if len(parts) >= 2 and parts[-1] == "METADATA" and "text" in spec \
                        and parts[-2].endswith(".dist-info"):
                    out.setdefault(case["soft"], (parts[-2], spec["text"]))
    return out


def _fill(site: Path, files: dict[str, tuple[str, str]]) -> None:
    for dist_info, text in files.values():
        (site / dist_info).mkdir(parents=True, exist_ok=True)
        (site / dist_info / "METADATA").write_text(text)


@pytest.fixture
def two_envs(tmp_path):
    """A real venv and a conda-like env, each holding every captured dist-info."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    venv_site = venv / "lib" / PY / "site-packages"
    assert venv_site.is_dir()
    conda = tmp_path / "conda-env"
    (conda / "conda-meta").mkdir(parents=True)
    (conda / "conda-meta" / "history").write_text("")
    conda_site = conda / "lib" / PY / "site-packages"
    conda_site.mkdir(parents=True)
    (conda / "bin").mkdir()
    (conda / "bin" / "python").symlink_to(sys.executable)
    files = _metadata_files()
    _fill(venv_site, files)
    _fill(conda_site, files)
    return venv, conda, files


def test_sixty_softs_cost_one_listing_of_each_site_packages(two_envs, monkeypatch):
    venv, conda, files = two_envs
    softs = [s for s in _dist_softs() if s.name in files]
    assert len(softs) >= 60, f"only {len(softs)} python-dist softs with a captured METADATA"
    calls: Counter[str] = Counter()
    real_listdir, real_scandir = os.listdir, os.scandir

    def listdir(path="."):
        calls[os.path.realpath(os.fspath(path))] += 1
        return real_listdir(path)

    def scandir(path="."):
        calls[os.path.realpath(os.fspath(path))] += 1
        return real_scandir(path)

    monkeypatch.setattr(os, "listdir", listdir)
    monkeypatch.setattr(os, "scandir", scandir)
    result = run_detect(softs, venv / "bin", conda / "bin")
    monkeypatch.undo()

    sites = [str((e / "lib" / PY / "site-packages").resolve()) for e in (venv, conda)]
    for site in sites:
        assert calls[site] == 1, f"{site} listed {calls[site]} times for {len(softs)} softs"
    # nothing under a site-packages dir is listed either: the dist-info names say it all
    inside = [p for p, n in calls.items() if any(p.startswith(s + os.sep) for s in sites)]
    assert not inside, inside
    by_soft = Counter(f.soft.name for f in result.found)
    assert by_soft == Counter({s.name: 2 for s in softs}), by_soft
    prefixes = {f.prefix for f in result.found}
    assert prefixes == {str(venv / "lib" / PY / "site-packages"),
                        str(conda / "lib" / PY / "site-packages")}


def test_a_venv_and_a_conda_env_given_with_search_path(two_envs, cli):
    venv, conda, files = two_envs
    for env in (venv, conda):
        r = cli("detect", "py-numpy", "py-safetensors", "--no-default-paths",
                "--search-path", str(env), "--json")
        assert r.rc == 0, r.err
        got = {(e["soft"], e["version"], e["prefix"]) for e in r.json()}
        site = str(env / "lib" / PY / "site-packages")
        for soft in ("py-numpy", "py-safetensors"):
            version = files[soft][0][: -len(".dist-info")].rsplit("-", 1)[1]
            assert (soft, version, site) in got, (soft, got)
