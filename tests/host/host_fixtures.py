"""Fixtures of the host-module tests (imported by each test file; not a conftest.py, since
other tests import the root `conftest` by name): a sandbox tree, a real HTTP server, a loader.

Everything is real: directories under tmp_path, a ThreadingHTTPServer on
127.0.0.1 in a thread (it counts every connection it accepts, so a test can
show a denied call never reached it), and extensions loaded through
`Engine().load(..., grants=...)`, in the interpreter lane, or in every lane
for a test marked `@EVERY_LANE` (the escape tests: a refusal must not depend
on the lane).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frankenengine import Engine
from frankenengine.engine.api import LANES


@pytest.fixture
def sandbox(tmp_path):
    """tmp_path/data (files to read), tmp_path/out (to write), tmp_path/outside (never granted)."""
    (tmp_path / "data" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "a.txt").write_text("alpha\nbeta\n")
    (tmp_path / "data" / "sub" / "b.txt").write_text("bee")
    (tmp_path / "out").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("top secret")
    return tmp_path


@pytest.fixture
def lane():
    """The lane `load` uses: the interpreter, unless a test parametrizes `lane` (EVERY_LANE)."""
    return "interp"


# Escape tests run in every lane: `@EVERY_LANE` on a test that loads through `load`.
EVERY_LANE = pytest.mark.parametrize("lane", LANES)


@pytest.fixture
def load(lane):
    """load(source, grants=None, hook=None, limits=None) -> Extension (in the `lane` fixture's lane)."""

    def load(source, grants=None, hook=None, limits=None):
        return Engine(lane=lane, limits=limits).load(
            source, name="ext", filename="ext.py", grants=grants, hook=hook
        )

    return load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body, headers=()):
        data = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.server.requests.append((self.command, self.path, body))
        if self.path == "/hello":
            self._send(
                200, "hello", [("X-Custom", "yes"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
            )
        elif self.path == "/redirect":
            self._send(302, "moved", [("Location", "http://evil.example/steal")])
        elif self.path == "/missing":
            self._send(404, "nope")
        elif self.path == "/big":
            self._send(200, "x" * 5000)
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "late")
        else:
            headers = {k.lower(): v for k, v in self.headers.items()}
            echo = {"method": self.command, "path": self.path, "body": body, "headers": headers}
            self._send(200, json.dumps(echo, sort_keys=True))

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.requests = []

    def handle_error(self, request, client_address):  # a client that gave up (timeout tests)
        pass

    def verify_request(self, request, client_address):
        self.connections += 1
        return True


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1; `.port`, `.connections`, `.requests`."""
    srv = _Server()
    srv.port = srv.server_address[1]
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()
