"""A project folder and the real CLI run inside it (import the fixture: a conftest.py here
would shadow the top one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from authoring_helpers import ROOT

# the loopback server and the hello recipe of tests/install serve the installs here too
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "install"))
from loopback_server import server_fixture  # noqa: E402 - after the path; re-exported

__all__ = ["project_fixture", "server_fixture", "Result"]


@dataclass
class Result:
    rc: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(name="project")
def project_fixture(tmp_path, home):
    """``(folder, run)``: an empty project folder, and ``run(*args, cwd=folder)`` that runs
    ``python -m envmgr`` there as a real process."""
    folder = tmp_path / "proj"
    folder.mkdir()

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300) -> Result:
        full = dict(os.environ)
        full.update(env or {})
        full["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full.get("PYTHONPATH")]))
        proc = subprocess.run([sys.executable, "-m", "envmgr", *args], capture_output=True,
                              text=True, env=full, cwd=cwd or folder, timeout=timeout)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return folder, run
