"""Running probe commands: a timeout, a killed process group, no stdin, C locale."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from envmgr.errors import ProbeError

__all__ = ["run", "RunResult"]

_MAX_OUTPUT = 1 << 20


@dataclass(frozen=True)
class RunResult:
    """What a probe command printed (stdout and stderr together) and its exit status."""

    argv: tuple[str, ...]
    output: str
    returncode: int


def run(
    argv: Sequence[str], timeout: float | None = 10.0, env: Mapping[str, str] | None = None
) -> RunResult:
    """Run ``argv`` and return what it printed; raise ProbeError on timeout or failure to start.

    stdin is closed (an interactive tool sees EOF, not a terminal), the output is stdout
    and stderr together, and on timeout the whole process group is killed so that a
    hanging child cannot keep envmgr waiting.
    """
    full_env = dict(os.environ)
    full_env.update({"LC_ALL": "C", "LANG": "C"})
    if env:
        full_env.update(env)
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=full_env,
            start_new_session=True,
        )
    except OSError as exc:
        raise ProbeError(f"cannot run {argv[0]}: {exc.strerror or exc}") from exc
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ProbeError(f"{' '.join(argv)} did not finish within {timeout:g}s") from None
    text = out[:_MAX_OUTPUT].decode("utf-8", "replace")
    return RunResult(tuple(argv), text, proc.returncode)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        pass
