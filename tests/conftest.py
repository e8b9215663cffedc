"""Shared fixtures: an isolated home per test and the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _testing_plugin_autoloaded() -> bool:
    from importlib.metadata import entry_points

    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    return any(ep.value == "envmgr.testing" for ep in entry_points(group="pytest11"))


# envmgr.testing (the fixtures plugin authors get) comes through its pytest11 entry point
# once envmgr is installed; from a bare checkout it is loaded here instead.
pytest_plugins = [] if _testing_plugin_autoloaded() else ["envmgr.testing"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A parametrized case whose id says it hangs waits out a timeout (1 s or more): it is
    ``slow`` like the tests marked by hand (nested venvs, pip, other waits)."""
    slow = pytest.mark.slow
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "hang" in callspec.id:
            item.add_marker(slow)


@dataclass
class Result:
    rc: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty ENVMGR_HOME and config dir, used by this test alone."""
    h = tmp_path / "home"
    monkeypatch.setenv("ENVMGR_HOME", str(h))
    monkeypatch.setenv("ENVMGR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("ENVMGR_PLUGIN_PATH", raising=False)
    monkeypatch.delenv("ENVMGR_SAVED", raising=False)
    monkeypatch.delenv("ENVMGR_ACTIVE", raising=False)
    return h


@pytest.fixture
def cli(home):
    """Run ``python -m envmgr ARGS`` as a real process in the test's home."""

    def run(*args, env=None, input=None, timeout=120):
        full = dict(os.environ)
        full.update(env or {})
        full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full.get("PYTHONPATH")]))
        proc = subprocess.run(
            [sys.executable, "-m", "envmgr", *args],
            capture_output=True, text=True, env=full, input=input, timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


def write_tool(path: Path, body: str) -> Path:
    """A real executable shell script at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def child_env(**extra: str) -> dict[str, str]:
    """os.environ with this checkout first on PYTHONPATH, for a child ``python -m envmgr``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def run_detect(softs, *dirs, cache=None):
    """The engine on ``dirs`` alone (no standard dirs), explaining."""
    from envmgr.detect.engine import detect
    from envmgr.detect.explain import Explain
    from envmgr.detect.probecache import ProbeCache

    return detect(softs, [(str(d), "test") for d in dirs], cache or ProbeCache(None),
                  Explain(True), soft_dirs=False)
