"""SIGINT and SIGTERM at random moments of a real install: while a real archive downloads
from a loopback server and is unpacked as it arrives, and while the smoke test runs (a
shell with a background child). Each time: one line, no staging, no prefix, no entry, and
nothing the install started still running.

``ENVMGR_SIGNAL_TRIALS`` (default 20) sets how many times each signal is sent per phase.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import pytest
from conftest import child_env
from loopback_server import server_fixture  # noqa: F401 - the `server` fixture
from test_install_transaction import HELLO, write_recipe

pytestmark = pytest.mark.slow

TRIALS = int(os.environ.get("ENVMGR_SIGNAL_TRIALS", "20"))
RATE = 4 << 20  # bytes a second the server sends the archive at


def _archive() -> bytes:
    """A real .tar.gz of about 2 MiB that does not compress: a tool and data files."""
    buf = io.BytesIO()
    rng = random.Random(7)
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        files = {"bin/hello": (HELLO.encode(), 0o755)}
        for i in range(8):
            files[f"share/data/part-{i}.bin"] = (rng.randbytes(256 << 10), 0o644)
        for name, (data, mode) in files.items():
            info = tarfile.TarInfo(f"big-1.0/{name}")
            info.size, info.mode = len(data), mode
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _popen(home: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "envmgr", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=child_env(ENVMGR_HOME=str(home), **env))


def _wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.01)


def _entries(home: Path) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "envmgr", "list", "--json"],
                          capture_output=True, text=True, env=child_env(ENVMGR_HOME=str(home)),
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _install_dir(home: Path) -> list[str]:
    root = home / "install"
    return sorted(p.name for p in root.iterdir() if p.name != ".locks") if root.is_dir() \
        else []


def _running_with(token: str) -> list[int]:
    """Live processes whose environment carries ``token`` (what the install started)."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if token.encode() in f.read():
                    out.append(int(pid))
        except OSError:
            continue
    return out


def _check_interrupted(proc: subprocess.Popen[str], sig: int, home: Path, token: str,
                       err: str) -> None:
    assert proc.returncode == 128 + sig, err
    name = signal.Signals(sig).name
    [line] = [x for x in err.splitlines() if "interrupted" in x]
    assert line.startswith(f"envmgr: interrupted ({name})"), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert "the unfinished install was removed" in line or "envmgr gc" in line, line
    assert _install_dir(home) == [], (line, _install_dir(home))  # no staging, no prefix
    # what the install started (the smoke test's shell and its child) is gone with it
    _wait_for(lambda: not _running_with(token), timeout=5)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_while_downloading_and_unpacking_leaves_nothing(home, tmp_path, server,
                                                                 monkeypatch, sig):
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    body = _archive()
    route = "/dl/big-1.0.tar.gz"
    import hashlib

    write_recipe(recipes, "big", server.add(route, body, rate=RATE),
                 sha256=hashlib.sha256(body).hexdigest())
    seconds = len(body) / RATE
    rng = random.Random(int(sig))
    interrupted = 0
    for _ in range(TRIALS):
        shutil.rmtree(home / "cache" / "downloads", ignore_errors=True)  # download again
        token = uuid.uuid4().hex
        hits = server.routes[route].hits
        proc = _popen(home, "install", "big", ENVMGR_TEST_TOKEN=token)
        try:
            _wait_for(lambda hits=hits: server.routes[route].hits > hits)
            time.sleep(rng.uniform(0, seconds * 1.2))
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        recorded = _entries(home)
        if recorded:  # it finished before the signal (or while it was recorded): whole
            # -sig: the signal came as the interpreter was exiting, after envmgr's work
            assert proc.returncode in (0, 128 + sig, -sig), err
            [entry] = recorded
            assert _install_dir(home) == [Path(entry["prefix"]).name], err
            subprocess.run([sys.executable, "-m", "envmgr", "uninstall", "--tags=big"],
                           env=child_env(ENVMGR_HOME=str(home)), check=True,
                           capture_output=True, timeout=60)
            continue
        interrupted += 1
        _check_interrupted(proc, sig, home, token, err)
        assert _entries(home) == []
    print(f"{signal.Signals(sig).name}: {interrupted} of {TRIALS} interrupted, the others "
          "had finished")
    assert interrupted >= TRIALS // 2


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_during_the_smoke_test_leaves_nothing_running(home, tmp_path, server,
                                                               monkeypatch, sig):
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    monkeypatch.setenv("ENVMGR_RECIPE_PATH", str(recipes))
    body = _archive()
    import hashlib

    mark = tmp_path / "smoke-started"
    # the smoke test: a shell that starts a child in the background and waits
    test = '["sh", "-c", "sleep 300 & echo started > \\"$SMOKE_MARK\\"; wait"]'
    write_recipe(recipes, "big", server.add("/dl/big-1.0.tar.gz", body),
                 sha256=hashlib.sha256(body).hexdigest(), tests=test)
    rng = random.Random(100 + int(sig))
    for _ in range(TRIALS):
        mark.unlink(missing_ok=True)
        token = uuid.uuid4().hex
        proc = _popen(home, "install", "big", ENVMGR_TEST_TOKEN=token, SMOKE_MARK=str(mark))
        try:
            _wait_for(lambda p=proc: mark.exists() or p.poll() is not None, timeout=60)
            assert proc.poll() is None, proc.communicate()
            assert _running_with(token)  # the smoke test's processes run
            time.sleep(rng.uniform(0, 0.3))
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        _check_interrupted(proc, sig, home, token, err)
    assert _entries(home) == []


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT],
                         ids=["HUP", "TERM", "INT"])
def test_every_command_ends_on_a_signal_with_one_line_and_its_probes_killed(home, tmp_path,
                                                                           sig):
    mark = tmp_path / "probe-started"
    tools = tmp_path / "tools"
    # a probe that hangs: `cmake --version` says it started, then sleeps
    from conftest import write_tool

    write_tool(tools / "bin" / "cmake",
               f'echo started > "{mark}"\nsleep 300\necho "cmake version 3.27.4"\n')
    token = uuid.uuid4().hex
    proc = _popen(home, "detect", "cmake", "--search-path", str(tools), "--no-default-paths",
                  ENVMGR_TEST_TOKEN=token)
    try:
        _wait_for(lambda: mark.exists() or proc.poll() is not None, timeout=60)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 128 + sig, err
    assert err.strip() == f"envmgr: interrupted ({signal.Signals(sig).name})", err
    _wait_for(lambda: not _running_with(token), timeout=5)
    assert _entries(home) == []
