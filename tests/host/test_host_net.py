"""net through the engine, against a real HTTP server on 127.0.0.1.

Granted requests work (every status comes back, headers lower-cased, no
redirect followed); requests to anything not granted are refused before a
connection is made (the server counts connections): other ports, `localhost`
for `127.0.0.1`, user info tricks, other schemes.
"""

from __future__ import annotations

import json
import socket

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import CapabilityDenied, DeadlineExceeded, Limits
from frankenengine.host import HostBridge

NET = """
from host import net

def get(url):
    return net.get(url)

def post(url, body):
    return net.post(url, body, headers={"X-Token": "t1"})

def request(method, url, timeout):
    return net.request(method, url, body="payload", timeout=timeout)

def caught(url):
    try:
        net.get(url)
    except CapabilityDenied as e:
        return "denied: " + str(e)
    return "sent"

def follow(url):
    first = net.get(url)
    try:
        return net.get(first["headers"]["location"])
    except CapabilityDenied:
        return first["status"]

def failure(url, timeout):
    try:
        net.request("GET", url, timeout=timeout)
    except TimeoutError:
        return "timeout"
    except ConnectionError:
        return "connection"
    return "ok"
"""


@pytest.fixture
def ext(server, load):
    return load(NET, grants={"net.http": [f"127.0.0.1:{server.port}"]})


def test_granted_requests(server, ext):
    base = f"http://127.0.0.1:{server.port}"
    r = ext.call("get", base + "/hello")
    assert r["status"] == 200 and r["body"] == "hello"
    assert r["headers"]["x-custom"] == "yes"
    assert r["headers"]["set-cookie"] == "a=1, b=2"
    assert all(name == name.lower() for name in r["headers"])
    assert ext.call("get", base + "/missing")["status"] == 404
    echo = json.loads(ext.call("post", base + "/echo?q=1", "data")["body"])
    assert (echo["method"], echo["path"], echo["body"]) == ("POST", "/echo?q=1", "data")
    assert echo["headers"]["x-token"] == "t1"
    assert echo["headers"]["host"] == f"127.0.0.1:{server.port}"
    echo = json.loads(ext.call("request", "put", base + "/echo", 5.0)["body"])
    assert (echo["method"], echo["body"]) == ("PUT", "payload")


@EVERY_LANE
def test_redirect_is_returned_not_followed(server, ext):
    assert ext.call("follow", f"http://127.0.0.1:{server.port}/redirect") == 302
    assert [path for _, path, _ in server.requests] == ["/redirect"]


@pytest.mark.parametrize(
    "template",
    [
        "http://localhost:{port}/hello",  # a name when only the IP literal is granted
        "http://127.0.0.1:{port}@evil.example/hello",  # user info: the host is evil.example
        "http://x@127.0.0.1:{port}/hello",  # user info with the granted host
        "http://127.0.0.1:{other}/hello",  # another port
        "https://127.0.0.1:{other}/hello",
        "ftp://127.0.0.1:{port}/hello",
        "http://127.0.0.1:{port}\\@evil.example/",
        "http://127.0.0.1:{port}/hel lo",
        "http://2130706433:{port}/hello",  # 127.0.0.1 as a number
        "http:///hello",
        "/hello",
    ],
)
@EVERY_LANE
def test_ungranted_urls_never_connect(server, ext, template):
    url = template.format(port=server.port, other=server.port + 1)
    assert ext.call("caught", url).startswith("denied: net.http denied: ")
    assert server.connections == 0


def test_https_to_the_granted_port_is_the_same_host(server, ext):
    # The grant names host and port, not scheme: https to it is granted (and fails as TLS).
    assert ext.call("failure", f"https://127.0.0.1:{server.port}/hello", 2.0) == "connection"


@EVERY_LANE
def test_host_grant_without_port_allows_any_port(server, load):
    ext = load(NET, grants={"net.http": ["127.0.0.1"]})
    assert ext.call("get", f"http://127.0.0.1:{server.port}/hello")["body"] == "hello"
    assert ext.call("caught", f"http://localhost:{server.port}/hello").startswith("denied")


@EVERY_LANE
def test_name_grant_does_not_allow_the_ip(server, load):
    ext = load(NET, grants={"net.http": [f"localhost:{server.port}"]})
    assert ext.call("get", f"http://localhost:{server.port}/hello")["body"] == "hello"
    assert ext.call("caught", f"http://127.0.0.1:{server.port}/hello").startswith("denied")
    assert server.connections == 1


@EVERY_LANE
def test_nothing_granted(server, load):
    ext = load(NET)
    with pytest.raises(CapabilityDenied):
        ext.call("get", f"http://127.0.0.1:{server.port}/hello")
    assert server.connections == 0


def test_timeouts_and_refused_connections(server, load):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    ext = load(NET, grants={"net.http": ["127.0.0.1"]})
    assert ext.call("failure", f"http://127.0.0.1:{closed}/", 2.0) == "connection"
    assert ext.call("failure", f"http://127.0.0.1:{server.port}/slow", 0.3) == "timeout"


def test_deadline_caps_the_request(server, load):
    ext = load(NET, grants={"net.http": ["127.0.0.1"]}, limits=Limits(deadline=0.3))
    with pytest.raises(DeadlineExceeded):  # not TimeoutError: the extension cannot catch it
        ext.call("failure", f"http://127.0.0.1:{server.port}/slow", 10.0)
    # The request's timeout was the deadline's: waiting out /slow (3 s) would have been "ok".
    outcomes = [(e["function"], e["outcome"]) for e in ext.host_events()]
    assert outcomes == [("net.request", "TimeoutError")]


def test_bad_arguments(server, ext):
    url = f"http://127.0.0.1:{server.port}/echo"
    with pytest.raises(ValueError, match="bad http method"):
        ext.call("request", "GE T", url, 1.0)
    with pytest.raises(ValueError, match="must be positive"):
        ext.call("request", "GET", url, 0)
    with pytest.raises(TypeError):
        ext.call("request", "GET", url, "1")
    assert server.connections == 0


def test_headers_are_checked_and_host_is_the_engines(server):
    bridge = HostBridge("x", {"net.http": ["127.0.0.1"]})
    get = bridge.builtins()["host.net.get"]
    url = f"http://127.0.0.1:{server.port}/echo"
    for headers in (
        {"Host": "evil.example"},
        {"X-A": "a\r\nX-B: b"},
        {"Bad Name": "x"},
        {"Content-Length": "5"},
    ):
        with pytest.raises(ValueError):
            get(url, headers)
    with pytest.raises(TypeError):
        get(url, {"X-A": 1})
    assert server.connections == 0 and bridge.events == []


def test_response_body_is_capped(server):
    bridge = HostBridge("x", {"net.http": ["127.0.0.1"]}, max_response_bytes=1000)
    get = bridge.builtins()["host.net.get"]
    with pytest.raises(OSError, match="exceeds 1000 bytes"):
        get(f"http://127.0.0.1:{server.port}/big")
    assert get(f"http://127.0.0.1:{server.port}/hello")["body"] == "hello"
