"""The tool runner: how an install runs pip, spack, eb, a smoke test or a verify command.

Every front-end calls it through ``BuildContext.run``. A tool

- runs in a process group of its own, tracked by :mod:`envmgr._proc`, so that Ctrl-C,
  SIGTERM, an exception or envmgr's exit kill the tool *and* what it started (a build's
  compilers, pip's build backends), before staging is removed;
- has its stdout and stderr streamed, as they come, to a log file
  ``<home>/logs/<install folder>/<n>-<what>.log``, kept after a failure;
- has its output lines forwarded to a status callback (the CLI draws the last one on one
  updating line on a terminal);
- has its stdout returned, bounded in memory (:data:`MAX_STDOUT`).

A failure is a :class:`ToolError` naming what failed, the cause as the tool printed it (the
``cause`` callback, else :func:`default_cause`), the command and the log.
"""

from __future__ import annotations

import os
import re
import select
import shlex
import subprocess
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from envmgr.install.errors import InstallError

__all__ = ["Runner", "ToolError", "default_cause", "MAX_STDOUT", "logs_root"]

MAX_STDOUT = 64 << 20
"""Bytes of a tool's stdout kept in memory; a tool that prints more is stopped."""

_TAIL = 400  # output lines kept for picking the cause
_STATUS_EVERY = 0.1  # seconds between two status lines
_EXIT_GRACE = 0.2  # after the tool exits, how long output its children still write is read
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
_TRACEBACK = "Traceback (most recent call last):"
# `AttributeError: ...`, `pip._vendor.x.HTTPError`, `KeyboardInterrupt`
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(?::(?:\s|$)|(?:Error|Exception|Interrupt|Exit)$)")
# lines that announce a traceback rather than say what went wrong
_HEADER = re.compile(r"^(?:ERROR|Error|error)\s*:\s*(?:Exception|Traceback.*)?\s*:?\s*$")
_ERROR = re.compile(r"(?:^|\s|==> )(?:ERROR|Error|error)\b\s*:?")


class ToolError(InstallError):
    """A tool an install ran failed (or could not be stopped in time).

    ``command`` is what ran, ``cause`` the line picked from its output, ``returncode`` its
    exit status (None when it was stopped) and ``log`` the kept log file (None without
    one)."""

    def __init__(self, message: str, suggestion: str | None = None, *,
                 command: Sequence[str] = (), cause: str = "",
                 returncode: int | None = None, log: str | None = None) -> None:
        super().__init__(message, suggestion)
        self.command = list(command)
        self.cause = cause
        self.returncode = returncode
        self.log = log


def logs_root(home: str | Path) -> Path:
    """``<home>/logs``: one folder of tool logs per install folder."""
    return Path(home) / "logs"


def default_cause(lines: Sequence[str]) -> str | None:
    """The line that says why a tool failed: the exception line of its last Python
    traceback, else its last ``ERROR``/``Error:`` line that is not a traceback header
    (pip's ``ERROR: Exception:``), else its last line."""
    text = [ln.rstrip() for ln in lines if ln.strip()]
    for i in range(len(text) - 1, -1, -1):
        if text[i].strip() == _TRACEBACK:
            indent = len(text[i]) - len(text[i].lstrip())
            for line in text[i + 1:]:
                # the other stream's lines may land inside it: the exception line is the
                # first one back at the header's indent that names an exception
                if len(line) - len(line.lstrip()) <= indent and \
                        _EXCEPTION.match(line.strip()):
                    return line.strip()
            break
    for line in reversed(text):
        stripped = line.strip()
        if _ERROR.search(stripped) and not _HEADER.match(stripped):
            return stripped
    return text[-1].strip() if text else None


def _shown(cmd: Sequence[str], limit: int = 240) -> str:
    text = shlex.join([os.path.basename(cmd[0]), *cmd[1:]]) if cmd else ""
    text = " ".join(text.split())  # one line, whatever the arguments hold
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _slug(what: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", what).strip("-.")[:60] or "tool"


class Runner:
    """Runs tools for one install folder (``log_dir`` None: no log file).

    ``label`` names what is installed in messages (``installing six for py-six failed``);
    ``status`` gets ``what: last line`` while a tool prints; ``how_to_get`` says how to
    get a missing tool; ``logs`` collects the path of every log written."""

    def __init__(self, log_dir: str | Path | None, *, label: str = "",
                 status: Callable[[str], None] | None = None, how_to_get: str | None = None,
                 logs: list[str] | None = None) -> None:
        self.log_dir = Path(log_dir) if log_dir is not None else None
        self.label = label
        self.status = status
        self.how_to_get = how_to_get
        self.logs = logs if logs is not None else []
        self._count: int | None = None

    def _log_path(self, what: str) -> Path | None:
        if self.log_dir is None:
            return None
        try:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            if self._count is None:
                self._count = sum(1 for n in os.listdir(self.log_dir) if n.endswith(".log"))
        except OSError:  # a read-only home: run without a log
            return None
        self._count += 1
        return self.log_dir / f"{self._count}-{_slug(what)}.log"

    def __call__(self, cmd: Sequence[str], *, what: str,
                 env: Mapping[str, str] | None = None, cwd: str | Path | None = None,
                 timeout: float, cause: Callable[[Sequence[str]], str | None] | None = None,
                 how_to_get: str | None = None,
                 status_line: Callable[[str], str | None] | None = None) -> str:
        """Run ``cmd`` (see the module docstring); returns its stdout. ``status_line``
        picks the output lines the status shows (EasyBuild's ``==`` step lines), each at
        once; without it, the last line, at most every 0.1 s."""
        from envmgr import _proc
        from envmgr.errors import ProbeError

        cmd = [str(c) for c in cmd]
        failed = f"{what}{f' for {self.label}' if self.label else ''} failed"
        log_path = self._log_path(what)
        log: BinaryIO | None = None
        if log_path is not None:
            try:
                log = open(log_path, "wb")  # noqa: SIM115 - closed in finally
                log.write(f"$ {shlex.join(cmd)}\n".encode())
                if cwd is not None:
                    log.write(f"# in {cwd}\n".encode())
                log.flush()
                self.logs.append(str(log_path))
            except OSError:
                log, log_path = None, None
        try:
            try:
                proc = _proc.spawn(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=dict(env) if env is not None else None,
                                   cwd=str(cwd) if cwd is not None else None)
            except FileNotFoundError:
                raise InstallError(f"{failed}: {cmd[0]} was not found",
                                   how_to_get or self.how_to_get) from None
            except PermissionError:
                raise InstallError(f"{failed}: {cmd[0]} is not executable",
                                   how_to_get or self.how_to_get) from None
            except (OSError, ProbeError) as exc:
                raise InstallError(f"{failed}: cannot run {cmd[0]}: "
                                   f"{getattr(exc, 'strerror', None) or exc}") from None
            try:
                out, tail, timed_out, too_much = self._pump(proc, log, what, timeout,
                                                            status_line)
            finally:
                _proc.end_group(proc)
        finally:
            if log is not None:
                log.close()
        rc = proc.returncode
        kept = f"full log: {log_path}" if log_path is not None else ""
        if timed_out or too_much:
            why = (f"ran past {timeout / 60:.0f} minutes" if timed_out and timeout >= 60
                   else f"ran past {timeout:g} s" if timed_out
                   else f"printed more than {MAX_STDOUT >> 20} MiB")
            raise ToolError(f"{failed}: `{_shown(cmd)}` {why} and was stopped"
                            + (f" ({kept})" if kept else ""),
                            command=cmd, cause=why, returncode=None,
                            log=str(log_path) if log_path else None)
        if rc != 0:
            lines = list(tail)
            found = (cause(lines) if cause is not None else None) or default_cause(lines)
            found = " ".join((found or "").split())
            found = found if len(found) <= 500 else found[:497] + "..."
            raise ToolError(f"{failed}: {found or f'exit status {rc}'} (`{_shown(cmd)}` "
                            f"exited {rc}" + (f"; {kept})" if kept else ")"),
                            command=cmd, cause=found, returncode=rc,
                            log=str(log_path) if log_path else None)
        return out.decode("utf-8", "replace")

    def _pump(self, proc: subprocess.Popen[bytes], log: BinaryIO | None, what: str,
              timeout: float, status_line: Callable[[str], str | None] | None = None
              ) -> tuple[bytes, deque[str], bool, bool]:
        """Read the tool's two pipes until it exits (and its pipes close, or a short grace
        passes); returns (stdout, last lines, timed out, printed too much)."""
        from envmgr._proc import _has_exited, _pidfd_open

        assert proc.stdout is not None and proc.stderr is not None
        fds = {proc.stdout.fileno(): "out", proc.stderr.fileno(): "err"}
        for fd in fds:
            os.set_blocking(fd, False)
        poller = select.poll()
        for fd in fds:
            poller.register(fd, select.POLLIN)
        pidfd = _pidfd_open(proc.pid)
        if pidfd >= 0:
            poller.register(pidfd, select.POLLIN)
        out = bytearray()
        partial = {"out": b"", "err": b""}
        tail: deque[str] = deque(maxlen=_TAIL)
        deadline = time.monotonic() + timeout
        exited_at: float | None = None
        last_status = 0.0
        try:
            while fds:
                now = time.monotonic()
                if exited_at is None and now >= deadline:
                    return bytes(out), tail, True, False
                if exited_at is not None and now - exited_at > _EXIT_GRACE:
                    break
                wait = min(deadline - now, 0.5)
                if exited_at is not None:
                    wait = _EXIT_GRACE
                elif pidfd < 0:
                    wait = min(wait, 0.05)
                ready = {f for f, _ in poller.poll(int(wait * 1000) + 1)}
                for fd in [f for f in ready if f in fds]:
                    name = fds[fd]
                    try:
                        chunk = os.read(fd, 65536)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        poller.unregister(fd)
                        del fds[fd]
                        continue
                    if log is not None:
                        try:
                            log.write(chunk)
                        except OSError:
                            pass
                    if name == "out":
                        out += chunk
                        if len(out) > MAX_STDOUT:
                            return bytes(out), tail, False, True
                    *done, partial[name] = (partial[name] + chunk).split(b"\n")
                    if len(partial[name]) > 65536:  # one endless line (a progress bar)
                        done.append(partial[name])
                        partial[name] = b""
                    for raw in done:
                        text = _ANSI.sub("", raw.decode("utf-8", "replace")).rstrip()
                        text = text.rsplit("\r", 1)[-1]
                        if text.strip():
                            tail.append(text)
                            picked = status_line(text) if status_line is not None else None
                            if picked and self.status is not None:
                                self.status(f"{what}: {picked}")
                    if self.status is not None and status_line is None and done and \
                            time.monotonic() - last_status >= _STATUS_EVERY and tail:
                        last_status = time.monotonic()
                        self.status(f"{what}: {tail[-1].strip()}")
                if exited_at is None and (pidfd in ready if pidfd >= 0
                                          else _has_exited(proc.pid)):
                    exited_at = time.monotonic()
                    if pidfd >= 0:
                        poller.unregister(pidfd)
            for rest in partial.values():
                text = _ANSI.sub("", rest.decode("utf-8", "replace")).rstrip()
                if text.strip():
                    tail.append(text.rsplit("\r", 1)[-1])
            while exited_at is None:  # both pipes closed first: wait for the exit itself
                left = deadline - time.monotonic()
                if left <= 0:
                    return bytes(out), tail, True, False
                if pidfd >= 0:
                    if poller.poll(int(min(left, 0.5) * 1000) + 1):
                        exited_at = time.monotonic()
                elif _has_exited(proc.pid):
                    exited_at = time.monotonic()
                else:
                    time.sleep(0.05)
            return bytes(out), tail, False, False
        finally:
            if pidfd >= 0:
                os.close(pidfd)
            if log is not None:
                try:
                    log.flush()
                except OSError:
                    pass
