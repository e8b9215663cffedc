"""The rate floor and the deadline of a download, enforced from outside the blocking read.

A read on a socket restarts its timeout with each byte, and urllib3 may block until a
whole block has arrived, so the thread that reads can check neither a rate nor a
deadline. :class:`Watchdog` runs beside it, from the request on (a server may drip its
headers as well as its body): when fewer than ``min_rate`` bytes/s arrived over the last
``rate_window`` seconds, or the file's deadline (:class:`Clock`) passed, it shuts the
socket down, which ends the blocked read, and :attr:`Watchdog.reason` says why, with the
bytes and the rate measured.

The socket of a request in flight is found through :func:`watched_session`: its
connection pools record each connection they hand out.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from envmgr.config import Limits

if TYPE_CHECKING:
    import requests

__all__ = ["Clock", "Deadline", "Watchdog", "watched_session"]


class Deadline(Exception):
    """The file's deadline passed: no further URL or retry is tried."""


class Clock:
    """The deadline of one download, over every URL and retry."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.start = time.monotonic()
        self.until = self.start + limits.deadline if limits.deadline > 0 else None

    def left(self) -> float | None:
        """Seconds left, or None without a deadline."""
        return None if self.until is None else self.until - time.monotonic()

    def check(self) -> None:
        """Raise :class:`Deadline` once it has passed."""
        left = self.left()
        if left is not None and left <= 0:
            raise Deadline(f"stopped at the {self.limits.deadline:g} s deadline of one file "
                           "([download] deadline)")


def rate(per_second: float) -> str:
    if per_second < 1024:
        return f"{per_second:.1f} bytes/s"
    if per_second < 1 << 20:
        return f"{per_second / 1024:.1f} KiB/s"
    return f"{per_second / (1 << 20):.1f} MiB/s"


class _Slot:
    """The connection a watched session handed out last (None: none yet)."""

    conn: Any = None


def watched_session() -> requests.Session:
    """A requests session whose connection pools record the connection of each request
    in ``session.envmgr_slot``, so that a :class:`Watchdog` can shut its socket down
    before the response's headers are in. Proxied requests are watched from their body
    on only."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    slot = _Slot()

    def recording(base: type[HTTPConnectionPool]) -> type[HTTPConnectionPool]:
        class Pool(base):  # type: ignore[valid-type,misc]
            def _get_conn(self, timeout: float | None = None) -> Any:
                conn = super()._get_conn(timeout)
                slot.conn = conn
                return conn

        return Pool

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": recording(HTTPConnectionPool), "https": recording(HTTPSConnectionPool)}

    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, Adapter())
    session.envmgr_slot = slot  # type: ignore[attr-defined]
    return session


class Watchdog:
    """Watches one request: started at once, :meth:`stop` it when the request is done."""

    def __init__(self, clock: Clock, received: Callable[[], int],
                 session: Any = None) -> None:
        self.clock = clock
        self.received = received
        self.reason: str | None = None
        #: True when it was the deadline, not the rate, that stopped the transfer
        self.deadline = False
        self._slot: _Slot | None = getattr(session, "envmgr_slot", None)
        if self._slot is not None:
            self._slot.conn = None
        self._raw: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        limits = clock.limits
        if clock.until is not None or limits.min_rate > 0:
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name="envmgr-download-watchdog")
            self._thread.start()

    def body(self, raw: Any) -> None:
        """The response (urllib3's) whose body is now read: its socket is the one."""
        self._raw = raw

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def _socket(self) -> socket.socket | None:
        conn = getattr(self._raw, "_connection", None)
        if conn is None and self._slot is not None:
            conn = self._slot.conn
        sock = getattr(conn, "sock", None)
        if sock is None and self._raw is not None:  # the socket of the body's file
            fp = getattr(getattr(self._raw, "_fp", None), "fp", None)
            sock = getattr(getattr(fp, "raw", None), "_sock", None)
        return sock if isinstance(sock, socket.socket) else None

    def _run(self) -> None:
        limits = self.clock.limits
        window = max(limits.rate_window, 0.01)
        tick = min(1.0, max(0.02, window / 10))
        start = time.monotonic()
        first = self.received()
        samples = [(start, first)]
        while not self._stop.wait(tick):
            now, got = time.monotonic(), self.received()
            if self.clock.until is not None and now >= self.clock.until:
                took = max(now - start, 1e-9)
                self.deadline = True
                self._kill(f"stopped at the {limits.deadline:g} s deadline of one file "
                           f"([download] deadline), {got - first} bytes in the last "
                           f"{took:.0f} s: {rate((got - first) / took)}")
                return
            samples.append((now, got))
            while len(samples) > 1 and samples[1][0] <= now - window:
                del samples[0]
            then, before = samples[0]
            if limits.min_rate > 0 and now - then >= window:
                measured = (got - before) / (now - then)
                if measured < limits.min_rate:
                    self._kill(f"too slow: {got - before} bytes in the last {now - then:.0f} "
                               f"s, {rate(measured)}, under the floor of "
                               f"{rate(limits.min_rate)} ([download] min_rate over "
                               "rate_window)")
                    return

    def _kill(self, reason: str) -> None:
        self.reason = reason
        sock = self._socket()
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked recv, unlike close
            except OSError:
                pass
