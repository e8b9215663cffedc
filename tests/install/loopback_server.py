"""A real HTTP server on loopback for the fetch tests: Range, slow bodies, drops, wrong bytes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    """What the server does for one path."""

    body: bytes
    #: "ok", "wrong" (other bytes), "slow" (stalls before the body), "drop" (closes after
    #: ``drop_after`` bytes for the first ``drops`` requests), "no-range" (ignores Range),
    #: "status" (answers ``status`` for the first ``fails`` requests, then ok), "drip" (one
    #: byte, or ``drip_bytes``, every ``stall`` seconds), "drip-head" (the status line and
    #: headers so), "redirect" (302 to ``location``)
    mode: str = "ok"
    drop_after: int = 0
    drops: int = 1
    stall: float = 0.0
    status: int = 503
    fails: int = 1
    #: extra response headers, e.g. a Content-Encoding a .tar.gz must not be decoded by
    headers: dict[str, str] = field(default_factory=dict)
    #: False: no Content-Length, the body ends when the connection closes
    length: bool = True
    location: str = ""
    drip_bytes: int = 1
    hits: int = 0
    #: when > 0, the body is sent at about this many bytes a second (in 16 KiB pieces)
    rate: float = 0.0


@dataclass
class Server:
    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, path: str, body: bytes, **kw: object) -> str:
        self.routes[path] = Route(body, **kw)  # type: ignore[arg-type]
        return self.url + path

    def requests_for(self, path: str) -> list[str | None]:
        return [rng for p, rng in self.log if p == path]


def _handler(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            rng = self.headers.get("Range")
            state.log.append((path, rng))
            route = state.routes.get(path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            route.hits += 1
            if route.mode == "drip-head":  # the status line and headers, a byte at a time
                head = (f"HTTP/1.1 200 OK\r\nContent-Length: {len(route.body)}\r\n"
                        f"X-Pad: {'a' * 2000}\r\n\r\n").encode()
                try:
                    for i in range(len(head)):
                        self.wfile.write(head[i:i + 1])
                        self.wfile.flush()
                        time.sleep(route.stall)
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return
            if route.mode == "redirect":
                self.send_response(302)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = route.body
            if route.mode == "wrong":
                body = bytes((b + 1) % 256 for b in body)
            if route.mode == "status" and route.hits <= route.fails:
                self.send_response(route.status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = 0
            if rng and route.mode != "no-range" and rng.startswith("bytes="):
                start = int(rng[6:].split("-", 1)[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            chunk = body[start:]
            if route.length:
                self.send_header("Content-Length", str(len(chunk)))
            else:
                self.close_connection = True
            self.send_header("Accept-Ranges", "bytes")
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            if route.mode == "slow":
                time.sleep(route.stall)
            if route.mode == "drip":
                try:
                    step = route.drip_bytes
                    for i in range(0, len(chunk), step):
                        self.wfile.write(chunk[i:i + step])
                        self.wfile.flush()
                        time.sleep(route.stall)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if route.mode == "drop" and route.hits <= route.drops:
                self.wfile.write(chunk[: route.drop_after])
                self.wfile.flush()
                self.close_connection = True
                return
            try:
                if route.rate > 0:
                    for i in range(0, len(chunk), 16384):
                        self.wfile.write(chunk[i:i + 16384])
                        self.wfile.flush()
                        time.sleep(16384 / route.rate)
                else:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # a client that gives up mid-body (a timeout test) is expected, not a failure
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


# not a conftest.py: tests import `from conftest import ROOT`, which a second conftest
# module would shadow; test modules import this fixture instead
@pytest.fixture(name="server")
def server_fixture(monkeypatch: pytest.MonkeyPatch):
    """A ThreadingHTTPServer on 127.0.0.1, port 0; proxies bypassed for loopback."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("ENVMGR_OFFLINE", raising=False)
    state = Server(url="")
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
