"""One way envmgr is interrupted: SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`.

:func:`handled` is entered once, by ``cli.main`` around every command (and by library
entry points that start processes, such as detection). Within it the three signals raise
:class:`Interrupted` in the main thread, so that ``finally`` blocks run: a probe's or a
tool's process group is killed by the code that started it (:mod:`envmgr._proc`), then an
install's cleanup removes its staging. Interrupted is a KeyboardInterrupt, so code that
already unwinds on Ctrl-C unwinds the same way on the others.

Only the first signal raises. One that arrives while the first is unwinding, or while a
:func:`deferred` block runs (an install's cleanup), is remembered instead: cleanup is never
cut short half-way. A signal remembered in a :func:`deferred` block that was not already
unwinding is raised when the block ends. :func:`join` waits for a worker thread even when
the signal arrives during the wait, so that nothing is still writing into a folder that
cleanup removes.

What cleanup did is added to the exception (:meth:`Interrupted.add_note`), and the CLI
prints it on the one line that says envmgr was interrupted.
"""

from __future__ import annotations

import signal
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any

__all__ = ["Interrupted", "handled", "deferred", "join", "SIGNALS"]

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A signal (SIGINT, SIGTERM or SIGHUP) asked envmgr to stop.

    ``signum`` is the signal's number; ``cleanup`` says what was cleaned up (or left)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum
        self.cleanup: list[str] = []

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def message(self) -> str:
        """``interrupted (SIGTERM): the unfinished install was removed``."""
        done = "; ".join(dict.fromkeys(self.cleanup))
        return f"interrupted ({self.name})" + (f": {done}" if done else "")


class _State:
    depth = 0  # nesting of handled()
    unwinding = False  # an Interrupted was raised and has not been handled yet
    deferring = 0  # nesting of deferred()
    pending: int | None = None


_state = _State()


def _handler(signum: int, frame: FrameType | None) -> None:
    if _state.unwinding or _state.deferring:
        if _state.pending is None:
            _state.pending = signum
        return
    _state.unwinding = True
    raise Interrupted(signum)


def _ours(sig: signal.Signals, current: Any) -> bool:
    """Whether ``sig`` may be taken over: left at its default, or already ours."""
    if current is _handler:
        return True
    if sig == signal.SIGINT:
        return current is signal.default_int_handler
    return bool(current == signal.SIG_DFL)


class _Handled:
    """The context manager of :func:`handled` (a class: contextlib costs start-up time)."""

    def __init__(self) -> None:
        self.saved: dict[signal.Signals, Any] = {}

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if _state.depth == 0:
            _state.unwinding = False
            _state.pending = None
        _state.depth += 1
        for sig in SIGNALS:
            current = signal.getsignal(sig)
            if current is not _handler and _ours(sig, current):
                self.saved[sig] = signal.signal(sig, _handler)

    def __exit__(self, *exc: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig, old in self.saved.items():
            signal.signal(sig, old)
        _state.depth -= 1
        if _state.depth == 0:
            _state.unwinding = False
            _state.pending = None


def handled() -> _Handled:
    """Within: SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread.

    Reentrant. Only a signal left at its default is taken over (an ignored one, or one a
    caller handles itself, is left alone); outside the main thread it does nothing."""
    return _Handled()


class _Deferred:
    def __enter__(self) -> None:
        _state.deferring += 1

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        _state.deferring -= 1
        if _state.deferring or _state.pending is None or _state.unwinding:
            return
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            return
        signum, _state.pending = _state.pending, None
        _state.unwinding = True
        raise Interrupted(signum)


def deferred() -> _Deferred:
    """Within: a signal is remembered, not raised (cleanup runs to its end); it is raised
    when the block ends, unless an interruption is already unwinding."""
    return _Deferred()


def join(thread: threading.Thread, cancel: Callable[[], object]) -> None:
    """Wait for ``thread``; when a signal interrupts the wait, ``cancel`` it, wait again,
    then let the interruption go on."""
    try:
        thread.join()
    except BaseException:
        cancel()
        with deferred():
            thread.join()
        raise
