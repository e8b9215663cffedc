"""Real end-to-end installs of builtin catalogue recipes from what can be reached here: PyPI
(or the machine's package mirror) through the pip front-end, with the recipes' own
hashes. Skipped where pip reaches no index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_each_hash_goes_with_the_requirement_whose_file_it_is():
    from envmgr.install.recipe import load_recipe
    from plugins.frontends.pip import _hashes_by_requirement

    root = Path(__file__).resolve().parents[2] / "recipes"
    eb = load_recipe(root / "tools" / "easybuild.toml").select("5.4.1")
    reqs = [str(r) for r in eb.settings["requirements"]]
    got = _hashes_by_requirement(reqs, eb.sources)
    assert [len(got[r]) for r in reqs] == [1, 1, 1]
    assert got["easybuild-framework==5.4.1"] == [
        "sha256:18c7cb3cdb448a2ec9b4f9cdc38517b5f9ca1b63b5691f1589f67f114958c2c9"]
    # a source no requirement names goes with the first; a requirement without one is absent
    torch = load_recipe(root / "python" / "py-torch.toml").select(
        "2.14.1", {"build": "cuda"}, {"os": "linux", "arch": "x86_64"})
    assert list(_hashes_by_requirement(["torch==2.14.1", "numpy"], torch.sources)) == [
        "torch==2.14.1"]
    cpu = load_recipe(root / "python" / "py-torch.toml").select(
        "2.14.1", {"build": "cpu"}, {"os": "linux", "arch": "x86_64"})
    assert _hashes_by_requirement(["torch==2.14.1+cpu"], cpu.sources) == {}


@pytest.fixture
def pypi(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "pybind11==3.1.0",
                           "--no-deps", "-d", str(tmp_path / "probe"), "-q"],
                          capture_output=True, timeout=180)
    if proc.returncode != 0:
        pytest.skip("pip cannot download from an index here")


@pytest.mark.slow
def test_a_hashed_recipe_without_dependencies_installs_and_is_usable(cli, home, pypi):
    r = cli("install", "py-pybind11", "--json", timeout=600)
    assert r.rc == 0, r.err
    got = next(o for o in r.json()["outcomes"] if o["soft"] == "py-pybind11")
    assert got["version"] == "3.1.0" and got["action"] == "installed"
    run = cli("shell", "--tags=py-pybind11", "--", "python", "-c",
              "import pybind11, os; print(os.path.isdir(pybind11.get_include()))")
    assert run.rc == 0 and run.out.strip() == "True", run.err


@pytest.mark.slow
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
