"""Fixtures of the sentinel tests (imported by each test file): events, a home with secrets,
a real loopback HTTP server, and a loader of real extensions watched by a Sentinel.

`event(...)` builds HostCallEvents for hand-made streams; `home` is a fake
home folder under tmp_path with ~/.ssh/id_rsa, ~/.aws/credentials and a
.env, plus data/ and out/ folders; `server` records every request it gets
(so a test can show that a refused call never reached it); `load(source,
grants, **sentinel)` runs an extension in the interpreter lane under a
fresh Sentinel with an engine whose state directory is under tmp_path.
`traced_lines(call)` counts the Python lines a call runs: the tests' measure
of work (deterministic, unlike a timing; benchmarks/ times things).
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frankenengine import Engine
from frankenengine.sentinel import HostCallEvent, Sentinel

SSH_KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACDk3Jq9vXb7wQz1Lm0Pp8Yt5Rr2Nn6Ee4Ww0Aa1Ss2Dd3AAAAJgAAAAAAAA\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
AWS = "[default]\naws_access_key_id = AKIAQX7Z3K9LMN2PQR4T\naws_secret_access_key = wJa9Xr/K7MDENG+bPxRfiCYz3Q1e8Tb4LvN6sHd2\n"
ENV = "DATABASE_URL=postgres://app:Hunter2Secret!@db/app\nDEBUG=1\n"


def event(
    function: str = "fs.read_text",
    target: str = "/d/a.txt",
    *,
    seq: int = 0,
    time: float = 0.0,
    granted: bool = True,
    bytes_out: int = 0,
    other: tuple[str, ...] = (),
    extension: str = "ext",
    fuel: int = 0,
) -> HostCallEvent:
    """A HostCallEvent for `function` ("fs.read_text", "net.post", ...)."""
    capability, operation = _KINDS[function]
    return HostCallEvent(
        extension=extension,
        capability=capability,
        operation=operation,
        target=target,
        bytes_in=0,
        bytes_out=bytes_out,
        line=1,
        time=time,
        seq=seq,
        granted=granted,
        function=function,
        other_targets=other,
        fuel=fuel,
    )


_KINDS = {
    "fs.read_text": ("fs.read", "read"),
    "fs.list_dir": ("fs.read", "list"),
    "fs.exists": ("fs.read", "exists"),
    "fs.write_text": ("fs.write", "write"),
    "fs.append_text": ("fs.write", "append"),
    "fs.remove": ("fs.write", "remove"),
    "fs.rename": ("fs.write", "rename"),
    "net.get": ("net.http", "GET"),
    "net.post": ("net.http", "POST"),
    "env.get": ("env.read", "read"),
    "proc.run": ("proc.run", "run"),
    "clock.time": ("clock", "time"),
    "clock.sleep": ("clock", "sleep"),
    "log.info": ("log", "info"),
}


def traced_lines(call) -> int:
    """The number of Python lines (`sys.settrace` "line" events) `call()` runs.

    Loops in Python code count once per iteration; work inside C functions does not count.
    """
    lines = 0

    def trace(frame, kind, arg):
        nonlocal lines
        if kind == "line":
            lines += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(previous)
    return lines


class Stream:
    """Numbers hand-made events in order: `stream.add("net.post", url, time=2.0)`."""

    def __init__(self):
        self.events: list[HostCallEvent] = []

    def add(self, function, target="", **kw) -> HostCallEvent:
        kw.setdefault("time", len(self.events) * 0.01)
        made = event(function, target, seq=len(self.events), **kw)
        self.events.append(made)
        return made


@pytest.fixture
def home(tmp_path):
    """tmp_path/home with secrets, tmp_path/data (to read) and tmp_path/out (to write)."""
    base = tmp_path / "home"
    (base / ".ssh").mkdir(parents=True)
    (base / ".ssh" / "id_rsa").write_text(SSH_KEY)
    (base / ".aws").mkdir()
    (base / ".aws" / "credentials").write_text(AWS)
    (base / ".env").write_text(ENV)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("alpha\nbeta\n")
    (tmp_path / "out").mkdir()
    return base


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.server.requests.append((self.command, self.path, body))
        data = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, str, str]] = []


@pytest.fixture
def server():
    """A real HTTP server on 127.0.0.1: `.port`, `.base`, `.requests` (method, path, body)."""
    srv = _Server()
    srv.port = srv.server_address[1]
    srv.base = f"http://127.0.0.1:{srv.port}"
    thread = threading.Thread(target=srv.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


@pytest.fixture
def load(tmp_path):
    """load(source, grants, **sentinel_settings) -> (extension, sentinel)."""

    def load(source, grants=None, engine=None, **settings):
        sentinel = Sentinel(**settings)
        engine = engine or Engine(lane="interp", state_dir=tmp_path / "state")
        extension = engine.load(source, name="ext", filename="ext.py", grants=grants, hook=sentinel)
        return extension, sentinel

    return load


def only(action: str, *, at: float = 0.0, below: str = "allow"):
    """A loss matrix choosing `below` while the posterior is under `at`, `action` from there
    (with `at` 0: `action` always)."""
    from frankenengine.sentinel import LossMatrix
    from frankenengine.sentinel.policy import ACTIONS

    losses = {a: (100.0, 100.0) for a in ACTIONS}
    if at <= 0:
        losses[action] = (0.0, 0.0)
    else:
        losses[below] = (0.0, 1.0 - at)  # expected: p * (1 - at)
        losses[action] = (at, 0.0)  # expected: (1 - p) * at; equal at p = at
    return LossMatrix(losses)


@pytest.fixture(scope="session")
def hostile_model():
    """A model that finds logging and clock reads benign and every file, network, variable
    or process call malicious: with it, the loss matrix alone says what a test's call gets."""
    from frankenengine.sentinel import fit

    calm, busy = Stream(), Stream()
    for _ in range(3):
        calm.add("log.info")
        calm.add("clock.time")
    busy.add("fs.read_text", "/srv/a")
    busy.add("fs.write_text", "/srv/b")
    busy.add("net.post", "http://127.0.0.1:1/x")
    busy.add("proc.run", "/bin/echo")
    busy.add("env.get", "HOME")
    return fit([(False, calm.events)] * 10 + [(True, busy.events)] * 10, smoothing=0.05)
