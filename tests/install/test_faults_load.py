"""envmgr under load: real ``python -m envmgr`` processes in loops, one home, recipes
downloaded from a loopback server.

- 6 ``detect --all`` loops (a small search path), 6 install/uninstall loops, a ``list``
  loop and a ``gc`` loop: no command fails, SQLite's integrity check says ok, no entry is
  recorded without its prefix and no prefix is left without its entry.
- ``gc`` loops racing install/uninstall loops: no install is lost (its files are there
  until its own uninstall).

``ENVMGR_LOAD_SECONDS`` (default 30) is how long each test's loops run; each test then
waits for the commands in flight, so it ends within that plus one command's time.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import child_env, write_tool
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO, tarball, write_recipe

pytestmark = pytest.mark.slow

SECONDS = float(os.environ.get("ENVMGR_LOAD_SECONDS", "30"))
TOOLS = 6


@dataclass
class Tally:
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    installs: int = 0
    lost: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _envmgr(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "envmgr", *args], capture_output=True,
                          text=True, env=child_env(ENVMGR_HOME=str(home)), timeout=timeout)


def _loop(deadline: float, tally: Tally, body) -> threading.Thread:
    def run() -> None:
        while time.monotonic() < deadline:
            try:
                body()
            except Exception as exc:  # noqa: BLE001 - counted, and the test fails on it
                with tally.lock:
                    tally.failures.append(f"{type(exc).__name__}: {exc}")

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _checked(home: Path, tally: Tally, *args: str) -> subprocess.CompletedProcess[str]:
    proc = _envmgr(home, *args)
    with tally.lock:
        tally.runs += 1
        if proc.returncode != 0:
            tally.failures.append(f"envmgr {' '.join(args)} -> {proc.returncode}: "
                                  f"{proc.stderr.strip()[-400:]}")
    return proc


def _install_loop(home: Path, tally: Tally, name: str) -> None:
    """Install ``name``, check its files are still there a moment later, uninstall it."""
    r = _checked(home, tally, "install", name)
    m = re.search(r"^installed \S+ \S+: entry \S+ \((.+)\)$", r.stdout, re.MULTILINE)
    if r.returncode != 0 or m is None:
        return
    prefix = Path(m.group(1))
    time.sleep(0.05)  # a gc that listed the folder before the install recorded it
    with tally.lock:
        tally.installs += 1
        if not (prefix / "bin" / "hello").is_file():
            tally.lost.append(str(prefix))
    _checked(home, tally, "uninstall", f"--tags={name}", "--yes")


def _recipes(folder: Path, server) -> list[str]:
    names = []
    for i in range(TOOLS):
        name = f"tool{i}"
        body = tarball({"bin/hello": (HELLO + f"# {name}\n", 0o755)})
        import hashlib

        write_recipe(folder, name, server.add(f"/dl/{name}-1.0.tar.gz", body),
                     sha256=hashlib.sha256(body).hexdigest())
        names.append(name)
    return names


def _check_home(home: Path) -> list[str]:
    """What is wrong with the home once every loop has ended."""
    problems = []
    db = sqlite3.connect(home / "registry.db")
    try:
        [(integrity,)] = db.execute("PRAGMA integrity_check").fetchall()
    finally:
        db.close()
    if integrity != "ok":
        problems.append(f"integrity check: {integrity}")
    import json

    entries = json.loads(_envmgr(home, "list", "--json").stdout)
    installed = [e for e in entries if e["source"] == "installed"]
    prefixes = {e["prefix"] for e in installed}
    problems += [f"entry {e['uid']} has no prefix {e['prefix']}" for e in installed
                 if not Path(e["prefix"]).is_dir()]
    root = home / "install"
    if root.is_dir():
        for path in root.iterdir():
            if path.name == ".locks":
                continue
            if path.name.startswith("."):
                problems.append(f"left behind: {path}")
            elif str(path) not in prefixes:
                problems.append(f"prefix without an entry: {path}")
    return problems


@pytest.fixture
def loaded_home(home, tmp_path, server, monkeypatch):
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    names = _recipes(recipes, server)
    assert _envmgr(home, "list").returncode == 0
    return home, names


def test_detect_install_uninstall_list_and_gc_at_once(loaded_home, tmp_path):
    home, names = loaded_home
    small = tmp_path / "tools"
    write_tool(small / "bin" / "cmake", 'echo "cmake version 3.27.4"\n')
    write_tool(small / "bin" / "ninja", 'echo "1.11.1"\n')
    tally = Tally()
    deadline = time.monotonic() + SECONDS
    threads = [
        *(_loop(deadline, tally, lambda: _checked(
            home, tally, "detect", "--all", "--search-path", str(small),
            "--no-default-paths")) for _ in range(6)),
        *(_loop(deadline, tally, lambda n=n: _install_loop(home, tally, n)) for n in names),
        _loop(deadline, tally, lambda: _checked(home, tally, "list", "--json")),
        _loop(deadline, tally, lambda: _checked(home, tally, "gc")),
    ]
    for t in threads:
        t.join(timeout=SECONDS + 600)
    print(f"{tally.runs} commands, {tally.installs} installs, {len(tally.failures)} failed, "
          f"{len(tally.lost)} lost")
    assert tally.failures == []
    assert tally.installs > 0
    assert tally.lost == []
    assert _check_home(home) == []


def test_gc_racing_installs_loses_none(loaded_home):
    home, names = loaded_home
    tally = Tally()
    deadline = time.monotonic() + SECONDS
    threads = [
        *(_loop(deadline, tally, lambda n=n: _install_loop(home, tally, n)) for n in names[:4]),
        *(_loop(deadline, tally, lambda: _checked(home, tally, "gc")) for _ in range(2)),
    ]
    for t in threads:
        t.join(timeout=SECONDS + 600)
    print(f"{tally.runs} commands, {tally.installs} installs, {len(tally.failures)} failed, "
          f"{len(tally.lost)} lost")
    assert tally.installs > 0
    assert tally.lost == [] and tally.failures == []
    assert _check_home(home) == []
