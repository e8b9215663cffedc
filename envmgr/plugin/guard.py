"""Running plugin code safely: a time limit, every exception caught, stdout kept clean.

Shared by the plugin host and the entry-point scan (``_entrypoints``), which must not
import pluggy.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

__all__ = ["PLUGIN_TIMEOUT", "Outcome", "run_guarded", "warn"]

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
    sent to stderr. A thread that overruns is abandoned (a daemon: it cannot block exit)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - a plugin may raise anything
            box["error"] = exc

    saved = sys.stdout
    redirect = _ToStderr(sys.stderr)
    sys.stdout = redirect  # type: ignore[assignment]
    try:
        worker = threading.Thread(target=target, daemon=True, name=f"envmgr:{name}")
        worker.start()
        worker.join(PLUGIN_TIMEOUT if timeout is None else timeout)
    finally:
        sys.stdout = saved
    if worker.is_alive():
        frame = sys._current_frames().get(worker.ident or -1)
        return Outcome(hung=True, frame=frame, printed=redirect.written)
    return Outcome(value=box.get("value"), error=box.get("error"), printed=redirect.written)
