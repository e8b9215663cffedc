"""The shared tool runner, with real processes: logs, the cause, process groups, progress."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest

from envmgr.install.errors import InstallError
from envmgr.install.runner import Runner, ToolError, default_cause


def script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "tool.py"
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


def test_stdout_is_returned_and_both_streams_are_logged(tmp_path):
    logs: list[str] = []
    run = Runner(tmp_path / "logs", label="demo", logs=logs)
    out = run(script(tmp_path, """
        import sys
        print("to stdout")
        print("to stderr", file=sys.stderr)
    """), what="saying hello", timeout=60)
    assert out == "to stdout\n"
    [log] = logs
    assert Path(log).name == "1-saying-hello.log"
    text = Path(log).read_text()
    assert "to stdout" in text and "to stderr" in text and text.startswith("$ ")
    again = run([sys.executable, "-c", "pass"], what="second", timeout=60)
    assert again == "" and Path(logs[1]).name == "2-second.log"


def test_a_python_traceback_gives_its_exception_line_not_pip_header(tmp_path):
    """pip 23.0 under Python 3.13 prints 'ERROR: Exception:' then a traceback: the
    summary is the exception line, the log stays."""
    run = Runner(tmp_path / "logs", label="py-six")
    cmd = script(tmp_path, """
        import sys
        print("Collecting six")
        print("ERROR: Exception:", file=sys.stderr)
        def main():
            raise AttributeError("module 'pkgutil' has no attribute 'ImpImporter'")
        main()
    """)
    with pytest.raises(ToolError) as info:
        run(cmd, what="installing six", timeout=60)
    err = info.value
    assert err.cause == "AttributeError: module 'pkgutil' has no attribute 'ImpImporter'"
    assert err.message.startswith("installing six for py-six failed: AttributeError")
    assert "ERROR: Exception" not in err.message
    assert err.returncode == 1 and err.log and Path(err.log).is_file()
    assert f"full log: {err.log}" in err.message and "tool.py" in err.message
    assert "Traceback (most recent call last)" in Path(err.log).read_text()


@pytest.mark.parametrize("lines, cause", [
    (["ERROR: Could not find a version that satisfies the requirement nope (from versions: "
      "none)", "ERROR: No matching distribution found for nope"],
     "ERROR: No matching distribution found for nope"),
    (["==> Installing zlib", "==> Error: ProcessError: Command exited with status 2:",
      "    'make' '-j4'"], "==> Error: ProcessError: Command exited with status 2:"),
    (["ERROR: Exception:"], "ERROR: Exception:"),
    (["just some output", "and its last line"], "and its last line"),
    ([], None),
])
def test_default_cause(lines, cause):
    assert default_cause(lines) == cause


def test_a_cause_callback_picks_the_line(tmp_path):
    run = Runner(None)
    with pytest.raises(ToolError) as info:
        run(script(tmp_path, """
            print("first: the real reason")
            print("ERROR: later noise")
            raise SystemExit(2)
        """), what="x", timeout=60,
            cause=lambda lines: next((ln for ln in lines if ln.startswith("first")), None))
    assert info.value.cause == "first: the real reason" and info.value.log is None
    assert "exited 2" in info.value.message and "full log" not in info.value.message


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_the_whole_process_group_ends_with_the_tool(tmp_path):
    """A background child the tool leaves (holding no pipe) is killed with it."""
    pidfile = tmp_path / "child.pid"
    run = Runner(None)
    run(script(tmp_path, f"""
        import subprocess, sys
        p = subprocess.Popen(["sleep", "300"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        open({str(pidfile)!r}, "w").write(str(p.pid))
    """), what="leaving a child", timeout=60)
    pid = int(pidfile.read_text())
    for _ in range(50):
        if not _alive(pid):
            break
        time.sleep(0.05)
    assert not _alive(pid)


def test_a_timeout_stops_the_group_and_says_so(tmp_path):
    pidfile = tmp_path / "child.pid"
    run = Runner(tmp_path / "logs")
    start = time.monotonic()
    with pytest.raises(ToolError) as info:
        run(script(tmp_path, f"""
            import subprocess, time
            p = subprocess.Popen(["sleep", "300"])
            open({str(pidfile)!r}, "w").write(str(p.pid))
            print("working", flush=True)
            time.sleep(300)
        """), what="a long build", timeout=1.5)
    assert time.monotonic() - start < 20
    assert "ran past 1.5 s and was stopped" in info.value.message
    assert info.value.returncode is None and info.value.log
    time.sleep(0.2)
    assert not _alive(int(pidfile.read_text()))


def test_status_gets_the_tool_lines(tmp_path):
    seen: list[str] = []
    run = Runner(None, status=seen.append)
    run(script(tmp_path, """
        import time
        for phase in ("fetch", "configure", "build", "install"):
            print("==> " + phase, flush=True)
            time.sleep(0.15)
    """), what="building zlib", timeout=60)
    assert seen and all(s.startswith("building zlib: ==> ") for s in seen)
    assert "building zlib: ==> install" in seen or len(seen) >= 2


def test_a_missing_tool_says_how_to_get_it(tmp_path):
    run = Runner(tmp_path / "logs", label="zlib", how_to_get="install it with X")
    with pytest.raises(InstallError) as info:
        run([str(tmp_path / "no-such-tool")], what="building", timeout=60)
    assert "no-such-tool was not found" in info.value.message
    assert info.value.suggestion == "install it with X"


def test_sigterm_to_envmgr_kills_the_tool_group(tmp_path):
    """A process running a tool through the runner, sent SIGTERM: the tool and its
    children go with it (the group is tracked by envmgr._proc)."""
    import subprocess

    pidfile = tmp_path / "child.pid"
    tool = script(tmp_path, f"""
        import subprocess, time
        p = subprocess.Popen(["sleep", "300"])
        open({str(pidfile)!r}, "w").write(str(p.pid))
        time.sleep(300)
    """)
    driver = tmp_path / "driver.py"
    driver.write_text(textwrap.dedent(f"""
        from envmgr._proc import exit_on_signals
        from envmgr.install.runner import Runner
        with exit_on_signals():
            Runner(None)({tool!r}, what="x", timeout=300)
    """))
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, str(driver)],
                            env={**os.environ, "PYTHONPATH": str(root)})
    for _ in range(200):
        if pidfile.exists() and pidfile.read_text():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    for _ in range(50):
        if not _alive(child):
            break
        time.sleep(0.05)
    assert not _alive(child)
