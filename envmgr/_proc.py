"""Running probe commands: no stdin, C locale, a deadline, a bounded read, and each
probe's whole process group killed when the probe ends, however envmgr ends.

A probe ends when the tool exits, not when its stdout reaches EOF: a background child
that keeps the pipe open (``tool --version`` starting a daemon) cannot hold envmgr for the
whole timeout. What the tool printed is read as it comes, at most :data:`MAX_OUTPUT`
bytes; a tool that prints more is stopped.

Every live probe's process group is tracked (:class:`ProbeGroups`), so that an exception,
Ctrl-C, SIGTERM, SIGHUP (:func:`exit_on_signals`) or the interpreter's exit
(:func:`kill_all`, registered with :mod:`atexit`) kills the probes and their children.
"""

from __future__ import annotations

import atexit
import os
import select
import signal
import subprocess
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any

from envmgr.errors import ProbeError

__all__ = [
    "run", "RunResult", "ProbeGroups", "ProbeTimeout", "OutputTooLarge", "exit_on_signals",
    "kill_all", "MAX_OUTPUT", "spawn", "end_group",
]

MAX_OUTPUT = 1 << 20
"""Bytes read from one probe (stdout and stderr together) before it is stopped."""

# After the tool exits, output its children still write is read for this long after the
# last byte; then the group is killed. Output written before the exit is already buffered.
_EXIT_GRACE = 0.05
# Without a pidfd (not Linux), how often the tool's exit is looked for.
_POLL = 0.01


@dataclass(frozen=True)
class RunResult:
    """What a probe command printed (stdout and stderr together) and its exit status."""

    argv: tuple[str, ...]
    output: str
    returncode: int


class ProbeTimeout(ProbeError):
    """The probe did not finish within its timeout (its process group was killed)."""


class OutputTooLarge(ProbeError):
    """The probe printed more than :data:`MAX_OUTPUT` bytes (its process group was killed)."""


# Spawning and killing are serialised, so that a probe started while envmgr stops is
# either killed with the others or never started. Reentrant: a signal handler may run
# while the main thread holds it.
_spawn_lock = threading.RLock()
_stopping = False
_open_groups: weakref.WeakSet[ProbeGroups] = weakref.WeakSet()


class ProbeGroups:
    """The process groups of one detection run's live probes.

    :meth:`run` is the runner handed to probes. :meth:`close` kills what is still
    running and makes later :meth:`run` calls fail (an abandoned probe thread that wakes
    up after its run ended starts nothing).
    """

    def __init__(self) -> None:
        self._pgids: set[int] = set()
        self.closed = False
        with _spawn_lock:
            _open_groups.add(self)

    def run(self, argv: Sequence[str], timeout: float | None = 10.0,
            env: Mapping[str, str] | None = None) -> RunResult:
        """:func:`run`, the process group tracked by this set."""
        return run(argv, timeout=timeout, env=env, groups=self)

    def _add(self, pid: int) -> bool:
        with _spawn_lock:
            if self.closed or _stopping:
                return False
            self._pgids.add(pid)
            return True

    def _discard(self, pid: int) -> None:
        with _spawn_lock:
            self._pgids.discard(pid)

    def kill(self) -> None:
        """Kill every live probe's process group (the set stays usable)."""
        with _spawn_lock:
            pgids = list(self._pgids)
            self._pgids.clear()
        for pgid in pgids:
            _killpg(pgid)

    def close(self) -> None:
        """Kill every live probe's process group; later runs fail."""
        with _spawn_lock:
            self.closed = True
        self.kill()


_default_groups = ProbeGroups()  # for callers that pass none (dev capture, tests)


def kill_all() -> None:
    """Kill every live probe of every run, and start no more (envmgr is ending)."""
    global _stopping
    with _spawn_lock:
        _stopping = True
        groups = list(_open_groups)
    for g in groups:
        g.close()


atexit.register(kill_all)


if TYPE_CHECKING:
    _Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def _on_signal(signum: int, frame: FrameType | None) -> None:
    kill_all()
    raise SystemExit(128 + signum)


@contextmanager
def exit_on_signals() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP kill every live probe, then end envmgr (``SystemExit``
    with 128 + the signal's number, so that ``finally`` blocks run).

    Only in the main thread, and only for a signal left at its default (which would end
    the process without cleaning up); an ignored one or one with a handler of its own
    is left alone. Ctrl-C needs nothing: KeyboardInterrupt unwinds the same way.
    """
    saved: dict[signal.Signals, _Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) in (signal.SIG_DFL, _on_signal):
                saved[sig] = signal.signal(sig, _on_signal)
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def spawn(argv: Sequence[str], *, groups: ProbeGroups | None = None,
          **popen: Any) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a process group of its own, tracked by ``groups`` (so that a
    signal or envmgr's exit kills the whole group); stdin is closed. Raises OSError as
    Popen does, ProbeError once envmgr is stopping. :func:`end_group` ends it."""
    groups = groups or _default_groups
    with _spawn_lock:
        if groups.closed or _stopping:
            raise ProbeError(f"not running {argv[0]}: envmgr is stopping")
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL,
                                start_new_session=True, **popen)
        groups._add(proc.pid)
    return proc


def end_group(proc: subprocess.Popen[bytes], groups: ProbeGroups | None = None) -> None:
    """Kill what is left of ``proc``'s process group, stop tracking it and reap ``proc``."""
    _killpg(proc.pid)  # not reaped yet: the group's id cannot have been reused
    (groups or _default_groups)._discard(proc.pid)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def run(
    argv: Sequence[str], timeout: float | None = 10.0, env: Mapping[str, str] | None = None,
    *, groups: ProbeGroups | None = None, limit: int = MAX_OUTPUT,
) -> RunResult:
    """Run ``argv`` and return what it printed; raise ProbeError if it cannot start,
    :class:`ProbeTimeout` if it does not exit in time, :class:`OutputTooLarge` if it
    prints more than ``limit`` bytes.

    stdin is closed (an interactive tool sees EOF, not a terminal), the output is stdout
    and stderr together, and when the probe ends its whole process group is killed.
    """
    groups = groups or _default_groups
    full_env = dict(os.environ)
    full_env.update({"LC_ALL": "C", "LANG": "C"})
    if env:
        full_env.update(env)
    with _spawn_lock:
        if groups.closed or _stopping:
            raise ProbeError(f"not running {argv[0]}: envmgr is stopping")
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
        groups._add(proc.pid)
    try:
        out = _read(proc, timeout, limit, argv)
    finally:
        # the tool's leftovers (a background child holding the pipe) go with it; the
        # tool is not reaped yet, so its pid (the group's id) cannot have been reused
        _killpg(proc.pid)
        groups._discard(proc.pid)
        assert proc.stdout is not None
        proc.stdout.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    return RunResult(tuple(argv), out.decode("utf-8", "replace"), proc.returncode)


def _read(proc: subprocess.Popen[bytes], timeout: float | None, limit: int,
          argv: Sequence[str]) -> bytes:
    """What the tool prints until it exits (and a short grace after), bounded."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    os.set_blocking(fd, False)
    deadline = None if timeout is None else time.monotonic() + timeout
    pidfd = _pidfd_open(proc.pid)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    if pidfd >= 0:
        poller.register(pidfd, select.POLLIN)
    buf = bytearray()
    eof = exited = False
    try:
        while not (eof and exited):
            if exited:  # only the pipe is left: what a child still writes, briefly
                wait: float | None = _EXIT_GRACE
            else:
                wait = None if pidfd >= 0 else _POLL
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    if exited:  # the tool is done; a child is still chattering
                        break
                    raise ProbeTimeout(f"{' '.join(argv)} did not finish within {timeout:g}s")
                wait = left if wait is None else min(wait, left)
            ready = {f for f, _ in poller.poll(None if wait is None else int(wait * 1000) + 1)}
            if fd in ready and not eof:
                if _drain(fd, buf, limit):
                    eof = True  # every writer is gone; the tool may still be running
                    poller.unregister(fd)
                elif len(buf) > limit:
                    raise OutputTooLarge(
                        f"{' '.join(argv)} printed more than {limit // 1024} KiB; stopped")
                continue
            if exited:
                break  # nothing more within the grace
            if pidfd in ready or (pidfd < 0 and _has_exited(proc.pid)):
                exited = True
                if pidfd >= 0:
                    poller.unregister(pidfd)
        return bytes(buf)
    finally:
        if pidfd >= 0:
            os.close(pidfd)


def _drain(fd: int, buf: bytearray, limit: int) -> bool:
    """Read what is buffered (at most ``limit`` + 1 bytes in all); True at EOF."""
    while len(buf) <= limit:
        try:
            chunk = os.read(fd, min(65536, limit + 1 - len(buf)))
        except BlockingIOError:
            return False
        if not chunk:
            return True
        buf += chunk
    return False


def _pidfd_open(pid: int) -> int:
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return -1
    try:
        return int(opener(pid))
    except OSError:
        return -1


def _has_exited(pid: int) -> bool:
    """Whether the child exited, without reaping it (its pid stays the group's)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _killpg(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
