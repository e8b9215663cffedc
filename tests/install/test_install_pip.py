"""The pip front-end for real: a venv of a detected Python, six installed into it from outside.

pip reads this machine's package mirror as well as PyPI; the builtin py-six recipe pins
six 1.16.0 by PyPI's sha256, so pip runs with --require-hashes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _pip_reaches_six(tmp_path: Path) -> bool:
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "six==1.16.0", "--no-deps",
                           "-d", str(tmp_path / "probe"), "-q"], capture_output=True, timeout=120)
    return proc.returncode == 0


@pytest.fixture
def six_available(tmp_path):
    if not _pip_reaches_six(tmp_path):
        pytest.skip("pip cannot download six here (no index or mirror)")


def test_py_six_recipe_installs_into_a_venv_that_a_shell_uses(cli, home, six_available):
    plan = cli("install", "py-six", "--dry-run")
    assert plan.rc == 0, plan.err
    assert "install py-six@1.16.0 with pip" in plan.out
    assert "sha256:8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254" in plan.out
    assert "detect python@" in plan.out or "reuse python@" in plan.out

    r = cli("install", "py-six", timeout=600)
    assert r.rc == 0, r.err
    listed = cli("list", "--json").json()
    six = next(e for e in listed if e["soft"] == "py-six")
    venv = next(e for e in listed if e["soft"] == "python" and e["prefix"] == six["prefix"])
    base = next(e for e in listed if e["soft"] == "python" and e["prefix"] != six["prefix"])
    assert six["deps"][0] == venv["uid"] and base["uid"] in six["deps"]
    assert six["attrs"]["dist"] == "six" and six["source"] == "installed"
    assert venv["attrs"]["role"] == "companion" and venv["attrs"]["venv"] is True
    prefix = Path(six["prefix"])
    assert (prefix / "pyvenv.cfg").is_file() and not (prefix / "bin" / "pip").exists()
    # the venv's files name the final prefix, never the staging folder it was built in
    assert ".staging-" not in (prefix / "pyvenv.cfg").read_text()

    run = cli("shell", "--tags=py-six", "--", "python", "-c",
              "import six, sys; print(six.__version__, sys.prefix)")
    assert run.rc == 0, run.err
    assert run.out.split() == ["1.16.0", str(prefix)]

    # the base interpreter's site is untouched: six went into the venv only
    probe = subprocess.run([base["attrs"]["executable"], "-c",
                            "import importlib.util as u; print(u.find_spec('six') and "
                            "u.find_spec('six').origin or '')"], capture_output=True, text=True)
    assert str(prefix) not in probe.stdout

    again = cli("install", "py-six")
    assert again.rc == 0 and f"already installed: entry {six['uid']}" in again.out

    # the venv's interpreter is part of the install: a later pip recipe does not reuse it
    plan2 = cli("install", "pypi:six==1.15.0", "--dry-run", "--json").json()
    [py_step] = [s for s in plan2["steps"] if s["soft"] == "python"]
    assert py_step.get("uid") != venv["uid"]

    gone = cli("uninstall", six["uid"])
    assert gone.rc == 0, gone.err
    assert f"removed {six['uid']}" in gone.out and f"removed {venv['uid']}" in gone.out
    assert not prefix.exists()
    left = {e["uid"] for e in cli("list", "--json").json()}
    assert six["uid"] not in left and venv["uid"] not in left and base["uid"] in left


def test_pypi_target_without_a_recipe(cli, home, six_available):
    r = cli("install", "pypi:six==1.16.0", "--json", timeout=600)
    assert r.rc == 0, r.err
    outcome = next(o for o in r.json()["outcomes"] if o["soft"] == "py-six")
    assert outcome["action"] == "installed" and outcome["version"] == "1.16.0"
    run = cli("shell", "--tags=py-six,pypi", "--", "python", "-c",
              "import six; print(six.__file__)")
    assert run.rc == 0 and run.out.startswith(outcome["prefix"])


def test_pip_failure_records_nothing(cli, home, six_available):
    r = cli("install", "pypi:envmgr-no-such-distribution-xyz==9.9.9", timeout=600)
    assert r.rc == 1 and "failed" in r.err and "Traceback" not in r.err
    assert [e for e in cli("list", "--json").json() if e["source"] == "installed"] == []
    root = home / "install"
    assert not root.exists() or [p.name for p in root.iterdir()] in ([], [".locks"])
