"""A Python package is found by what its distribution installs, not only by its name.

Packagers rename distributions (Debian's ``h5py._debian_h5py_serial-3.7.0.dist-info``,
vendored copies); the dist-info's ``top_level.txt``, else its ``RECORD``, still says which
package it installs. The dist-info dirs here are real ones, copied from this checkout's
own venv and renamed, so their files are what pip wrote.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_detect

from envmgr.detect.explain import Explain
from envmgr.detect.searchspace import SearchSpace
from envmgr.detect.soft import Soft


class PyFilelock(Soft):
    name = "py-filelock-test"
    category = "python-package"
    python_dist = "filelock"


class PyPluggy(Soft):
    name = "py-pluggy-test"
    category = "python-package"
    python_dist = "pluggy"


def _real_dist_info(dist: str) -> tuple[Path, str]:
    d = importlib.metadata.distribution(dist)
    path = Path(d._path)  # type: ignore[attr-defined]
    return path, d.version


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "prefix" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    return site


@pytest.mark.parametrize("soft, dist, has_top_level", [
    (PyPluggy, "pluggy", True),     # setuptools writes top_level.txt
    (PyFilelock, "filelock", False),  # hatchling does not: RECORD says it
])
def test_a_renamed_dist_answers_for_what_it_installs(soft, dist, has_top_level, tmp_path):
    real, version = _real_dist_info(dist)
    assert (real / "top_level.txt").is_file() is has_top_level
    site = _site(tmp_path)
    renamed = site / f"{dist}._debian_{dist}_serial-{version}.dist-info"
    shutil.copytree(real, renamed)
    result = run_detect([soft], site)
    assert [(f.version, f.candidate.path) for f in result.found] == [(version, str(renamed))]
    assert any(f"{renamed} installs {dist}" in line for line in result.explain.lines)


def test_a_dist_of_the_name_itself_wins_in_its_site_dir(tmp_path):
    real, version = _real_dist_info("pluggy")
    site = _site(tmp_path)
    shutil.copytree(real, site / real.name)
    shutil.copytree(real, site / f"vendored_pluggy-{version}.dist-info")
    result = run_detect([PyPluggy], site)
    assert [f.candidate.name for f in result.found] == [real.name]


def test_a_dist_installing_something_else_is_not_taken(tmp_path):
    real, _ = _real_dist_info("filelock")
    site = _site(tmp_path)
    shutil.copytree(real, site / "pluggy._debian_x-9.9.dist-info")  # its RECORD: filelock
    assert run_detect([PyPluggy], site).found == []


def test_metadata_is_read_without_listing_inside_the_dist_info(tmp_path, monkeypatch):
    real, _ = _real_dist_info("filelock")
    site = _site(tmp_path)
    shutil.copytree(real, site / "filelock._debian_x-1.0.dist-info")
    listed: list[str] = []
    real_listdir, real_scandir = os.listdir, os.scandir
    monkeypatch.setattr(os, "listdir", lambda p=".": listed.append(str(p)) or real_listdir(p))
    monkeypatch.setattr(os, "scandir", lambda p=".": listed.append(str(p)) or real_scandir(p))
    bindir = tmp_path / "prefix" / "bin"  # the site dir is found under a prefix, as usual
    bindir.mkdir()
    space = SearchSpace([(str(bindir), "test")], Explain())
    space.site_provides()
    space.site_index()
    monkeypatch.undo()
    assert [os.path.realpath(p) for p in listed].count(os.path.realpath(site)) == 1
    assert not [p for p in listed if ".dist-info" in p]  # its files are opened, not listed
