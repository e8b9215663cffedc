"""Recorded cases are test data: the wheel leaves them out, and an installed envmgr does not
miss them (``envmgr plugin check`` of the builtins passes without them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # from a clean copy of the sources: a build/ or egg-info left in the checkout is not
    # what a release is built from
    src = out / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", ".git", "__pycache__", ".venv", "dist"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "--no-build-isolation", "-w", str(out), str(src)],
                       capture_output=True, text=True)
    if r.returncode != 0 and "project.license" in r.stderr:
        pytest.skip("this Python's setuptools is older than the build needs (>=77)")
    assert r.returncode == 0, r.stderr[-2000:]
    return next(out.glob("*.whl"))


def test_the_wheel_has_no_cases_but_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.endswith(".cases.json")]
    for needed in ("envmgr_plugins/_index.json", "envmgr_plugins/languages/tcl_version.tcl",
                   "envmgr/py.typed"):
        assert needed in names, f"{needed} is missing from the wheel"


def test_an_installed_envmgr_checks_its_builtins_without_cases(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site), ENVMGR_HOME=str(tmp_path / "home"),
               ENVMGR_CONFIG_DIR=str(tmp_path / "config"))
    where = subprocess.run([sys.executable, "-c", "import envmgr; print(envmgr.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    r = subprocess.run([sys.executable, "-m", "envmgr", "plugin", "check"],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no recorded cases" not in r.stdout + r.stderr
