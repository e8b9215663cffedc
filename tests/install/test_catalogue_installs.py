"""Real end-to-end installs of builtin catalogue recipes from what can be reached here: PyPI
(or the machine's package mirror) through the pip front-end, with the recipes' own
hashes. Skipped where pip reaches no index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def pypi(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "pybind11==3.1.0",
                           "--no-deps", "-d", str(tmp_path / "probe"), "-q"],
                          capture_output=True, timeout=180)
    if proc.returncode != 0:
        pytest.skip("pip cannot download from an index here")


def test_a_hashed_recipe_without_dependencies_installs_and_is_usable(cli, home, pypi):
    r = cli("install", "py-pybind11", "--json", timeout=600)
    assert r.rc == 0, r.err
    got = next(o for o in r.json()["outcomes"] if o["soft"] == "py-pybind11")
    assert got["version"] == "3.1.0" and got["action"] == "installed"
    run = cli("shell", "--tags=py-pybind11", "--", "python", "-c",
              "import pybind11, os; print(os.path.isdir(pybind11.get_include()))")
    assert run.rc == 0 and run.out.strip() == "True", run.err


def test_a_hashed_recipe_with_dependencies_checks_its_wheel_then_adds_the_rest(
        cli, home, pypi):
    plan = cli("install", "py-ml-dtypes", "--dry-run", "--json")
    if plan.rc != 0 and "python" in plan.err:
        pytest.skip("no Python 3.11 here, which the recipe's cp311 wheel needs")
    r = cli("install", "py-ml-dtypes", "--json", timeout=900)
    assert r.rc == 0, r.err
    got = next(o for o in r.json()["outcomes"] if o["soft"] == "py-ml-dtypes")
    assert got["version"] == "0.7.0" and got["action"] == "installed"
    # numpy came from the index as a dependency, unhashed, and is recorded beside it
    numpy = cli("list", "--tags=py-numpy", "--json").json()
    assert any(e["prefix"] == got["prefix"] or got["prefix"] in str(e.get("attrs", {}))
               for e in numpy), numpy
    run = cli("shell", "--tags=py-ml-dtypes", "--", "python", "-c",
              "import ml_dtypes, numpy; print(numpy.dtype(ml_dtypes.bfloat16).itemsize)")
    assert run.rc == 0 and run.out.strip() == "2", run.err
