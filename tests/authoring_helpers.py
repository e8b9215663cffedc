"""Helpers shared by the authoring tests (not a test module)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python that must import this checkout's envmgr."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def pytest_argv(python: str = sys.executable, env: dict[str, str] | None = None) -> list[str]:
    """``python -m pytest`` with envmgr.testing loaded exactly once: through its pytest11
    entry point where the child sees one (envmgr installed), else with ``-p``."""
    probe = subprocess.run(
        [python, "-c", "from importlib.metadata import entry_points as e; "
         "print(any(p.value == 'envmgr.testing' for p in e(group='pytest11')))"],
        capture_output=True, text=True, env=env or child_env())
    extra = [] if probe.stdout.strip() == "True" else ["-p", "envmgr.testing"]
    return [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra]
