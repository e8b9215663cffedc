"""Running plugin code safely: a time limit, every exception caught, stdout kept clean,
and no way for plugin code to end envmgr's process or move its working directory.

Shared by the plugin host and the entry-point scan (``plugin.entrypoints``), which must not
import pluggy.

``os._exit``, ``os.abort``, the ``exec`` family and signals sent to envmgr's own process
bypass exception handling: a plugin calling one would end envmgr silently with the
plugin's exit status. While plugin code runs (in a guard thread, or in a probe worker),
those functions raise :class:`EndedProcess` instead, which the guard reports like any
other fault. Other threads, and forked children, get the real functions.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

__all__ = ["PLUGIN_TIMEOUT", "Outcome", "EndedProcess", "run_guarded", "warn", "describe",
           "working_dir", "restore_working_dir"]

def _timeout_setting() -> float:
    raw = os.environ.get("ENVMGR_PLUGIN_TIMEOUT", "10")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        print(f"envmgr: warning: ENVMGR_PLUGIN_TIMEOUT={raw!r} is not a positive number of "
              "seconds; using 10", file=sys.stderr)
        return 10.0
    return value


PLUGIN_TIMEOUT = _timeout_setting()


def warn(message: str) -> None:
    print(f"envmgr: warning: {message}", file=sys.stderr)


class _ToStderr:
    """Stands in for sys.stdout while plugin code runs: what it prints goes to stderr (never
    into ``eval "$(envmgr activate ...)"`` or ``--json`` output), and is noticed."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.written = False

    def write(self, text: str) -> int:
        if text:
            self.written = True
        return int(self.target.write(text) or 0)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, encoding, isatty ...
        return getattr(self.target, name)


class EndedProcess(BaseException):
    """Plugin code tried to end envmgr's process (``os._exit(3)``, ``os.abort()`` ...).

    A BaseException, so that a plugin's ``except Exception`` cannot swallow it."""

    def __init__(self, call: str) -> None:
        super().__init__(call)
        self.call = call

    def __str__(self) -> str:
        return f"called {self.call}, which would end envmgr"


_local = threading.local()
_PROBE_THREADS = "envmgr-probe"  # detect.pool's workers run Soft.probe: plugin code too
_installed_pid: int | None = None


def _in_plugin_code() -> bool:
    if os.getpid() != _installed_pid:  # a forked child exits for real
        return False
    return bool(getattr(_local, "plugin", False)) or (
        threading.current_thread().name == _PROBE_THREADS)


def _own_process(pid: int) -> bool:
    return pid in (0, -1, os.getpid(), -os.getpid())


def _install() -> None:
    """Replace the process-ending functions once; each passes through outside plugin code."""
    global _installed_pid
    if _installed_pid is not None:
        return
    import posix
    import signal

    real_exit, real_abort = os._exit, os.abort
    real_execv, real_execve = os.execv, os.execve
    real_kill, real_killpg, real_raise = os.kill, os.killpg, signal.raise_signal

    def _exit(status: int) -> None:
        if _in_plugin_code():
            raise EndedProcess(f"os._exit({status!r})")
        real_exit(status)

    def abort() -> None:
        if _in_plugin_code():
            raise EndedProcess("os.abort()")
        real_abort()

    def execv(path: Any, args: Any) -> None:
        if _in_plugin_code():
            raise EndedProcess(f"os.execv({path!r}, ...)")
        real_execv(path, args)

    def execve(path: Any, args: Any, env: Any) -> None:
        if _in_plugin_code():
            raise EndedProcess(f"os.execve({path!r}, ...)")
        real_execve(path, args, env)

    def kill(pid: int, sig: int) -> None:
        if _own_process(pid) and sig != 0 and _in_plugin_code():
            raise EndedProcess(f"os.kill({pid!r}, {sig!r})")
        real_kill(pid, sig)

    def killpg(pgid: int, sig: int) -> None:
        if pgid in (0, os.getpgrp()) and sig != 0 and _in_plugin_code():
            raise EndedProcess(f"os.killpg({pgid!r}, {sig!r})")
        real_killpg(pgid, sig)

    def raise_signal(sig: int) -> None:
        if _in_plugin_code():
            raise EndedProcess(f"signal.raise_signal({sig!r})")
        real_raise(sig)

    replacements = {"_exit": _exit, "abort": abort, "execv": execv, "execve": execve,
                    "kill": kill, "killpg": killpg}
    for module in (os, posix):
        for attr, fn in replacements.items():
            setattr(module, attr, fn)
    signal.raise_signal = raise_signal
    _installed_pid = os.getpid()


def working_dir() -> str | None:
    """The working directory, or None when it is gone."""
    try:
        return os.getcwd()
    except OSError:
        return None


def restore_working_dir(cwd: str | None) -> None:
    """Go back to ``cwd`` if plugin code changed directory (``os.chdir`` is process-wide:
    relative paths envmgr still has to read would point elsewhere)."""
    if cwd is not None and working_dir() != cwd:
        try:
            os.chdir(cwd)
        except OSError:
            pass


def describe(exc: BaseException) -> str:
    """How a warning names a fault: ``RuntimeError: boom``; an :class:`EndedProcess` as what
    the plugin did."""
    if isinstance(exc, EndedProcess):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


@dataclass
class Outcome:
    """How plugin code ended: its ``value``, or the ``error`` it raised, or ``hung`` (with
    the ``frame`` it hung in); ``printed`` if it wrote to stdout."""

    value: Any = None
    error: BaseException | None = None
    hung: bool = False
    frame: FrameType | None = None
    printed: bool = False

    @property
    def ok(self) -> bool:
        return not self.hung and self.error is None


def run_guarded(name: str, fn: Callable[[], Any], timeout: float | None = None) -> Outcome:
    """Run ``fn`` in a daemon thread named ``envmgr:<name>`` for at most ``timeout`` seconds
    (default ``PLUGIN_TIMEOUT``), catching BaseException (SystemExit too), with sys.stdout
    sent to stderr, and the process-ending functions disarmed (see :class:`EndedProcess`).
    A thread that overruns is abandoned (a daemon: it cannot block exit)."""
    _install()
    box: dict[str, Any] = {}

    def target() -> None:
        _local.plugin = True
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything
            box["error"] = exc

    saved = sys.stdout
    cwd = working_dir()
    redirect = _ToStderr(sys.stderr)
    sys.stdout = redirect
    try:
        worker = threading.Thread(target=target, daemon=True, name=f"envmgr:{name}")
        worker.start()
        worker.join(PLUGIN_TIMEOUT if timeout is None else timeout)
    finally:
        sys.stdout = saved
        restore_working_dir(cwd)
    if worker.is_alive():
        frame = sys._current_frames().get(worker.ident or -1)
        return Outcome(hung=True, frame=frame, printed=redirect.written)
    return Outcome(value=box.get("value"), error=box.get("error"), printed=redirect.written)
