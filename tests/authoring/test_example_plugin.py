"""The example plugin package, installed with pip, is found through its entry point.

CI installs it (``pip install ./examples/envmgr-plugin-example``); elsewhere these tests
pip-install it into a fresh virtual environment (with envmgr's dependencies linked in from
the running Python, see nested_venv.py) and skip, saying why, only if pip cannot build it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from authoring_helpers import ROOT, child_env, pytest_argv
from nested_venv import make_venv, pip_install

pytestmark = pytest.mark.slow  # a venv and a pip install, once for the module

EXAMPLE = ROOT / "examples" / "envmgr-plugin-example"
DIST = "envmgr-plugin-example"


def _installed_here() -> str | None:
    """The example's console script, if this interpreter has the package installed."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        distribution(DIST)
    except PackageNotFoundError:
        return None
    return shutil.which("envmgr-example-tool", path=os.path.dirname(sys.executable)) or \
        shutil.which("envmgr-example-tool")


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """(python, the example tool's path) with the example package installed."""
    script = _installed_here()
    if script:
        yield sys.executable, script
        return
    python = make_venv(tmp_path_factory.mktemp("example") / "venv")
    why = pip_install(python, EXAMPLE)
    if why:
        pytest.skip(f"cannot pip-install {EXAMPLE.name} here: {why}")
    yield str(python), str(python.parent / "envmgr-example-tool")


@pytest.fixture
def run(example, envmgr_home, tmp_path):
    """``python -m envmgr`` with the example's interpreter, entry points autoloaded."""
    python, script = example
    env = child_env(ENVMGR_DISABLE_PLUGIN_AUTOLOAD="")

    def run(*args, path=None):
        e = dict(env, PATH=path) if path else env
        return subprocess.run([python, "-m", "envmgr", *args], capture_output=True, text=True,
                              env=e, cwd=tmp_path, timeout=120)

    return run


def test_found_through_its_entry_point(run):
    proc = run("plugin", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["name"]: r for r in json.loads(proc.stdout)}
    assert rows["example"]["origin"] == "entrypoint"
    assert rows["example"]["distribution"] == "envmgr-plugin-example 0.1.0"
    assert rows["example"]["softs"] == ["example-tool"]
    assert rows["example"]["error"] == ""


def test_detected_and_usable_in_a_shell(run, example):
    _, script = example
    bindir = os.path.dirname(script)
    proc = run("detect", "example-tool", "--search-path", bindir, "--json")
    assert proc.returncode == 0, proc.stderr
    [entry] = json.loads(proc.stdout)
    assert entry["version"] == "0.1.0" and entry["attrs"]["executable"] == script
    # a PATH without the tool's dir: only the activated entry can make it runnable
    bare = os.pathsep.join(d for d in os.environ["PATH"].split(os.pathsep)
                           if d and os.path.realpath(d) != os.path.realpath(bindir))
    proc = run("shell", "--tags=example-tool,v0.1", "--", "envmgr-example-tool", "--version",
               path=bare)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "envmgr-example-tool 0.1.0\n"


def test_disabled_by_name(run):
    proc = run("-p", "no:example", "plugin", "list", "--json")
    rows = {r["name"]: r for r in json.loads(proc.stdout)}
    assert rows["example"]["disabled"] is True and rows["example"]["softs"] == []
    proc = run("-p", "no:example", "detect", "example-tool")
    assert proc.returncode != 0 and "no soft 'example-tool'" in proc.stderr


def test_its_own_tests_pass(example, envmgr_home):
    """The package's tests, run as its author runs them, with envmgr's pytest plugin."""
    python, _ = example
    env = child_env()
    proc = subprocess.run([*pytest_argv(python, env), "tests"], capture_output=True, text=True,
                          env=env, cwd=EXAMPLE, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "3 passed" in proc.stdout


def test_plugin_check_of_the_project(run):
    proc = run("plugin", "check", str(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "checked 1 plugin: no problems" in proc.stderr
