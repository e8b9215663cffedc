"""The probe runner with hostile tools, through the real CLI: signals while probes run,
endless output under a memory limit, a background child that keeps stdout open."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT, write_tool

PLUGIN = '''
from envmgr.detect.soft import Soft


class HangTool(Soft):
    name = "hangtool"
    executables = [r"hangtool\\d*"]
    version_regex = r"^hangtool (\\S+)"
    timeout = 120


class FloodTool(Soft):
    name = "floodtool"
    executables = [r"floodtool"]
    version_regex = r"^floodtool (\\S+)"
    timeout = 60


class BgTool(Soft):
    name = "bgtool"
    executables = [r"bgtool"]
    version_regex = r"^bgtool (\\S+)"
'''


@pytest.fixture
def plugins(tmp_path: Path, home: Path) -> Path:
    d = tmp_path / "plugins"
    d.mkdir()
    (d / "hostile.py").write_text(PLUGIN)
    return d


def _env(plugins: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["ENVMGR_PLUGIN_PATH"] = str(plugins)
    return env


def _group_members(pgid: int) -> list[str]:
    """The live (not zombie) processes of process group ``pgid``, from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            out.append(f"{entry} {stat[:stat.rindex(')') + 1]} {state}")
    return out


def _wait_for(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text().strip()):
        if proc.poll() is not None:
            raise AssertionError(f"envmgr ended first: {proc.communicate()}")
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


# -- Ctrl-C, SIGTERM, SIGHUP: no probe and no child of one outlives envmgr ---------------


@pytest.mark.parametrize("sig, rc", [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                     (signal.SIGHUP, 129)])
def test_a_signal_during_detect_kills_every_probe_and_its_children(
        tmp_path: Path, plugins: Path, sig: int, rc: int) -> None:
    bindir = tmp_path / "bin"
    pids = tmp_path / "pids"
    pids.mkdir()
    for i in range(3):  # several probes at once, each with a child of its own
        write_tool(bindir / f"hangtool{i}", textwrap.dedent(f'''\
            sleep 300 &
            echo $! > "{pids}/child{i}"
            echo $$ > "{pids}/group{i}"
            sleep 300
            echo hangtool 1.0
        '''))
    proc = subprocess.Popen(
        [sys.executable, "-m", "envmgr", "detect", "hangtool", "--no-default-paths",
         "--search-path", str(bindir)],
        env=_env(plugins), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    groups: list[int] = []
    try:
        for i in range(3):
            _wait_for(pids / f"group{i}", proc)
            _wait_for(pids / f"child{i}", proc)
            groups.append(int((pids / f"group{i}").read_text()))
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == rc, (proc.returncode, out, err)
        assert "Traceback" not in err, err
        deadline = time.monotonic() + 5
        while any(_group_members(g) for g in groups) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [m for g in groups for m in _group_members(g)]
        assert left == [], f"probes outlived envmgr: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for g in groups:  # never leave sleeps behind, even when the test fails
            try:
                os.killpg(g, signal.SIGKILL)
            except OSError:
                pass


# -- endless output: a bounded read, then the probe is stopped ----------------------------

_LIMIT = 768 << 20  # address space: envmgr's own needs, far below what `yes` would fill


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_LIMIT, _LIMIT))


def test_endless_output_is_cut_off_and_the_candidate_rejected(tmp_path: Path,
                                                             plugins: Path) -> None:
    bindir = tmp_path / "bin"
    write_tool(bindir / "floodtool", "exec yes floodtool\n")
    write_tool(bindir / "bgtool", 'echo "bgtool 2.0"\n')
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "envmgr", "detect", "floodtool", "bgtool", "--no-default-paths",
         "--search-path", str(bindir), "--explain", "--json"],
        env=_env(plugins), capture_output=True, text=True, timeout=120,
        preexec_fn=_limit_memory)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "MemoryError" not in proc.stderr and "internal error" not in proc.stderr
    import json

    assert [e["soft"] for e in json.loads(proc.stdout)] == ["bgtool"]
    assert f"floodtool: reject {bindir / 'floodtool'}: " in proc.stderr
    assert "printed more than 1024 KiB; stopped" in proc.stderr, proc.stderr[-2000:]
    assert elapsed < 30  # not the soft's 60 s timeout
    # the endless printer was stopped, not left running
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "yes floodtool" not in ps


# -- a tool that exits while a background child holds its stdout ---------------------------


def test_a_tool_that_exits_is_done_even_if_a_child_holds_stdout(tmp_path: Path,
                                                               plugins: Path, cli) -> None:
    bindir = tmp_path / "bin"
    marker = tmp_path / "child.pid"
    write_tool(bindir / "bgtool", f'echo "bgtool 1.2"\nsleep 30 &\necho $! > "{marker}"\n')
    start = time.monotonic()
    r = cli("detect", "bgtool", "--no-default-paths", "--search-path", str(bindir), "--json",
            env={"ENVMGR_PLUGIN_PATH": str(plugins)})
    elapsed = time.monotonic() - start
    assert r.rc == 0, r.err
    assert [e["version"] for e in r.json()] == ["1.2"], r.err
    assert "did not finish" not in r.err
    assert elapsed < 5, elapsed  # the soft's timeout is 10 s
    child = int(marker.read_text())
    deadline = time.monotonic() + 5
    while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
        stat = Path(f"/proc/{child}/stat").read_text() if Path(f"/proc/{child}").exists() else ""
        if ") Z" in stat:
            break
        time.sleep(0.05)
    gone = not Path(f"/proc/{child}").exists() or ") Z" in Path(f"/proc/{child}/stat").read_text()
    assert gone, "the background child of the probe was left running"


# -- the runner itself: the end of a probe is the tool's exit --------------------------------


@pytest.mark.parametrize("pidfd", [True, False], ids=["pidfd", "polling"])
def test_the_runner_waits_for_the_tool_not_for_eof(monkeypatch: pytest.MonkeyPatch,
                                                   pidfd: bool) -> None:
    from envmgr import _proc

    if not pidfd:  # as on a system without pidfd_open (not Linux)
        monkeypatch.setattr(_proc, "_pidfd_open", lambda pid: -1)
    # closes its output, then works on and exits 4: the status is the tool's, not a kill's
    r = _proc.run(["sh", "-c", "echo tool 1.2; exec >&- 2>&-; sleep 0.3; exit 4"], timeout=5)
    assert (r.output, r.returncode) == ("tool 1.2\n", 4)
    start = time.monotonic()
    r = _proc.run(["sh", "-c", "echo tool 1.3; sleep 30 &"], timeout=5)
    assert (r.output, r.returncode) == ("tool 1.3\n", 0)
    assert time.monotonic() - start < 2
    with pytest.raises(_proc.ProbeTimeout, match="did not finish within 0.5s"):
        _proc.run(["sh", "-c", "exec >&- 2>&-; sleep 30"], timeout=0.5)
    with pytest.raises(_proc.OutputTooLarge):
        _proc.run(["yes"], timeout=30)
