"""The `net` host module: HTTP/1.1 requests over real sockets, to granted hosts only.

`parse_url(url)` turns the extension's URL into a `Url` (scheme, host, port,
request target) or says why it cannot be one; the bridge checks `host` and
`port` against the grants. `Network.request` then performs exactly one
request to that host and port.

Invariants:
- only `http` and `https`; a URL with user info (`http://a@b/`), a
  backslash, whitespace or control characters is refused, never guessed at;
  the host is compared as written (lower-cased), so names and IP literals
  never stand in for each other;
- the connection goes to the parsed host and port, and the Host header is
  the engine's (an extension cannot set `host`, `content-length` or
  `transfer-encoding`);
- one request, no redirects: a 3xx comes back as it is;
- the whole request (connect, send, every read) finishes within `timeout`
  seconds or raises TimeoutError; a refused or failed connection raises
  ConnectionError; a response body over `max_body_bytes` raises OSError
  without reading further;
- the result is `{"status": int, "body": str, "headers": dict}` with
  lower-case header names (repeated headers joined with ", ") and the body
  decoded as UTF-8 (invalid bytes replaced).
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_BODY_BYTES = 16 << 20
DEFAULT_PORTS = {"http": 80, "https": 443}
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE_CHARS = re.compile(r"[\x00\r\n]")
RESERVED_HEADERS = frozenset({"host", "content-length", "transfer-encoding"})
_CHUNK = 64 << 10


@dataclass(frozen=True)
class Url:
    scheme: str
    host: str  # lower-case, IPv6 without brackets
    port: int
    target: str  # path and query: what goes on the request line

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{self.target}"


class BadUrl(ValueError):
    """A URL the engine will not connect to, whatever the grants."""


def parse_url(url: str) -> Url:
    """The URL's parts, or BadUrl with the reason."""
    if _BAD_URL_CHARS.search(url):
        raise BadUrl("url has whitespace, control characters or a backslash")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"bad url: {str(exc).lower()}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadUrl("only http and https urls are allowed")
    if "@" in parts.netloc:
        raise BadUrl("url has user info")
    host = parts.hostname
    if not host:
        raise BadUrl("url has no host")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return Url(scheme, host, port if port is not None else DEFAULT_PORTS[scheme], target)


def check_method(method: str) -> str:
    """The upper-cased HTTP method, or ValueError."""
    if not re.fullmatch(r"[A-Za-z]+", method):
        raise ValueError(f"bad http method {method[:32]!r}")
    return method.upper()


def check_headers(headers: dict) -> None:
    """ValueError for header names or values that HTTP (or the engine) does not allow."""
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"bad header name {name[:64]!r}")
        if name.lower() in RESERVED_HEADERS:
            raise ValueError(f"header {name.lower()!r} is set by the engine")
        if _BAD_VALUE_CHARS.search(value):
            raise ValueError(f"bad value for header {name[:64]!r}")


class Network:
    """Performs single HTTP requests (see the module docstring)."""

    def __init__(self, max_body_bytes: int = MAX_BODY_BYTES):
        self.max_body_bytes = max_body_bytes

    def request(
        self, url: Url, method: str, body: str, headers: dict | None, timeout: float
    ) -> dict:
        import http.client  # loaded on the first request: start-up of every other run stays cheap

        payload = body.encode("utf-8") if body else None
        end = time.monotonic() + timeout
        where = f"{url.host}:{url.port}"
        kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        conn = kind(url.host, url.port, timeout=timeout)
        try:
            conn.request(method, url.target, body=payload, headers=dict(headers or {}))
            _remaining(conn, end)
            response = conn.getresponse()
            data = self._read_body(conn, response, end)
            if data is not None:
                return {
                    "status": int(response.status),
                    "body": data.decode("utf-8", "replace"),
                    "headers": _headers(response),
                }
        except TimeoutError:
            raise TimeoutError(f"timed out: {where}") from None
        except ConnectionRefusedError:
            raise ConnectionError(f"connection refused: {where}") from None
        except socket.gaierror:
            raise ConnectionError(f"cannot resolve host: {url.host}") from None
        except (OSError, http.client.HTTPException) as exc:
            reason = str(exc).lower() or type(exc).__name__.lower()
            raise ConnectionError(f"connection failed: {where}: {reason}") from None
        finally:
            conn.close()
        raise OSError(f"response body exceeds {self.max_body_bytes} bytes")

    def _read_body(self, conn, response, end: float) -> bytes | None:
        """The whole body, or None (having stopped reading) once it exceeds the limit."""
        chunks = []
        total = 0
        while True:
            _remaining(conn, end)
            chunk = response.read(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > self.max_body_bytes:
                return None
            chunks.append(chunk)


def _remaining(conn, end: float) -> None:
    """Give the socket what is left of the request's time, or raise TimeoutError."""
    left = end - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    if conn.sock is not None:
        conn.sock.settimeout(left)


def _headers(response) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out
