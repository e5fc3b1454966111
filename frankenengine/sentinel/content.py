"""Content of host calls: secrets an extension has read, found again in what it sends out.

`ContentWatch` keeps, per extension, the secrets that came back from its
reads (`learn`: the whole value of a secret variable, high-entropy tokens of
a secret file, values assigned to key-, token- or password-like names in any
file) and inspects the arguments of every later call (`inspect`): does a
request body, URL, header, process argument or input, file text or log
message carry one of them, as is, encoded (hex, base64, URL-encoding),
reversed, or split over several calls to the same destination? It also says
whether a process call runs or names a file the extension wrote (a dropper).

The answer is an `Observation` (`leak`: "" / "plain" / "encoded" / "split",
`channel`: where, `dropped`: bool), small and JSON-serialisable: the ledger
records it so that replay never needs the secrets themselves, which never
leave this object (they are not logged, not written, not part of any event).

Invariants: deterministic for the same calls in the same order; bounded
(at most MAX_SECRETS secrets of at most MAX_SECRET_CHARS characters; the
first MAX_SCAN_CHARS characters of each argument are scanned); a leak needs
at least LEAK_CHARS characters of one secret (or half of a short one).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from .sensitivity import SECRET, classify, secret_variable, split_url

MAX_SECRETS = 64
MAX_SECRET_CHARS = 256
MAX_SCAN_CHARS = 4 << 20
MIN_SECRET_CHARS = 8
LEAK_CHARS = 12
WINDOW = 6  # characters of a secret matched at once
_STREAM_TAIL = 2048  # characters of what went to one destination kept to find split secrets
_NGRAM_SET_LIMIT = 1 << 16  # below this many characters, index the text's windows in a set

_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-.~:@!$%^&*]{10,}")
_ASSIGNED = re.compile(
    r"([A-Za-z0-9_.\-]*(?:token|secret|passw\w*|passphrase|api_?key|access_?key|private_?key"
    r"|credential|auth\w*|session)[A-Za-z0-9_.\-]*)[\"']?\s*[:=]\s*[\"']?([^\s\"',;]{8,})",
    re.IGNORECASE,
)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_\-]{12,}={0,2}")
_HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){6,}")
_AUTH_HEADERS = ("authorization", "proxy-authorization", "cookie")
_AUTH_WORDS = ("token", "key", "auth", "secret", "session")
_SECRET_ARGS = ("printenv", "env")


@dataclass(frozen=True)
class Observation:
    """What the content of one call showed. `leak` is "" when it carries no known secret."""

    leak: str = ""  # "", "plain", "encoded", "split"
    channel: str = ""  # "auth", "header", "body", "url", "argv", "input", "write", "log", "path"
    dropped: bool = False  # a process call runs or names a file the extension wrote

    def to_json(self) -> dict:
        return {"leak": self.leak, "channel": self.channel, "dropped": self.dropped}

    @classmethod
    def from_json(cls, data: Mapping | None) -> Observation:
        if not data:
            return NOTHING
        return cls(str(data.get("leak", "")), str(data.get("channel", "")), bool(data["dropped"]))


NOTHING = Observation()


class _Secret:
    __slots__ = ("text", "covered", "windows")

    def __init__(self, text: str):
        self.text = text
        self.covered = 0  # bit i: character i has been seen going out
        self.windows = [text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)]

    def needed(self) -> int:
        return min(LEAK_CHARS, max(len(self.text) // 2, WINDOW))


def _strong(token: str) -> bool:
    """Whether a token looks like a secret rather than a word: varied characters."""
    classes = (
        any(c.islower() for c in token)
        + any(c.isupper() for c in token)
        + any(c.isdigit() for c in token)
        + any(not c.isalnum() for c in token)
    )
    return classes >= 2 and len(set(token)) >= 6


class ContentWatch:
    """The secrets one extension has read and where its data goes."""

    def __init__(self):
        self.secrets: list[_Secret] = []
        self._known: set[str] = set()
        self._written: set[str] = set()
        self._streams: dict[str, str] = {}

    # -- what comes in -----------------------------------------------------------
    def learn(self, capability: str, target: str, text: str, content: Mapping | None = None) -> int:
        """Remember the secrets in `text`, which a call of `capability` on `target` returned.

        Returns how many new secrets were learnt."""
        if not text:
            return 0
        text = text[:MAX_SCAN_CHARS]
        source_secret = classify(capability, target) == SECRET
        if capability == "proc.run" and content is not None:
            source_secret = any(_names_secret(item) for item in _strings(content.get("argv")))
        found: list[str] = []
        if capability == "env.read":
            if secret_variable(target) and len(text) >= MIN_SECRET_CHARS:
                found.append(text)
        elif source_secret:
            stripped = text.strip()
            if MIN_SECRET_CHARS <= len(stripped) <= MAX_SECRET_CHARS and "\n" not in stripped:
                found.append(stripped)
            found.extend(t for t in _TOKEN.findall(text) if _strong(t))
        found.extend(value for _, value in _ASSIGNED.findall(text) if _strong(value))
        added = 0
        for secret in found:
            secret = secret[:MAX_SECRET_CHARS]
            if secret in self._known or len(self.secrets) >= MAX_SECRETS:
                continue
            self._known.add(secret)
            self.secrets.append(_Secret(secret))
            added += 1
        return added

    # -- what goes out -----------------------------------------------------------
    def inspect(self, event, content: Mapping | None) -> Observation:
        """What the arguments of `event`'s call (parameter -> value) carry out of the sandbox."""
        content = content or {}
        dropped = False
        if event.capability == "proc.run":
            argv = _strings(content.get("argv"))
            dropped = event.target in self._written or any(self._was_written(item) for item in argv)
        if event.capability == "fs.write" and event.granted:
            self._written.add(event.target)
            self._written.update(event.other_targets)
        if not self.secrets:
            return Observation("", "", dropped) if dropped else NOTHING
        best = ("", "")
        stream_key = f"{event.capability}:{_destination(event)}"
        stream_parts: list[str] = []
        for channel, text in _channels(event, content):
            text = text[:MAX_SCAN_CHARS]
            if channel in ("body", "url", "argv", "input", "write", "header", "auth"):
                stream_parts.append(_data_part(channel, text))
            kind = self._scan(text)
            if _RANK[kind] > _RANK[best[0]]:
                best = (kind, channel)
        tail = self._streams.get(stream_key, "") + "".join(stream_parts)
        self._streams[stream_key] = tail[-_STREAM_TAIL:]
        if not best[0] and stream_parts and self._covers(tail, split=True):
            best = ("split", "stream")
        return Observation(best[0], best[1], dropped)

    def _was_written(self, item: str) -> bool:
        if item in self._written:
            return True
        name = item.lstrip("./")
        return bool(name) and any(path.endswith("/" + name) for path in self._written)

    def _scan(self, text: str) -> str:
        """ "plain", "encoded" or "" for one argument's text (updates what was seen going out)."""
        if not text:
            return ""
        if self._covers(text):
            return "plain"
        for variant in _variants(text):
            if self._covers(variant):
                return "encoded"
        return ""

    def _covers(self, text: str, split: bool = False) -> bool:
        """Whether `text` carries enough of some secret; marks what it carries as seen."""
        grams = None
        if len(text) <= _NGRAM_SET_LIMIT:
            grams = {text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1)}
        leaked = False
        for secret in self.secrets:
            if not split and secret.text in text:
                secret.covered = (1 << len(secret.text)) - 1
                leaked = True
                continue
            covered = 0
            for i, window in enumerate(secret.windows):
                if (window in grams) if grams is not None else (window in text):
                    covered |= ((1 << WINDOW) - 1) << i
            if not covered:
                continue
            if split:
                secret.covered |= covered
                covered = secret.covered
            if covered.bit_count() >= secret.needed():
                leaked = True
        return leaked


_RANK = {"": 0, "split": 1, "encoded": 2, "plain": 3}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _names_secret(item: str) -> bool:
    return item in _SECRET_ARGS or classify("fs.read", item) == SECRET


def _destination(event) -> str:
    if event.capability == "net.http":
        return split_url(event.target)[0]
    return event.target


def _channels(event, content: Mapping):
    """(channel, text) for every argument of the call that carries data out."""
    for name, value in content.items():
        if name == "headers" and isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(item, str):
                    continue
                lower = str(key).lower()
                auth = lower in _AUTH_HEADERS or any(w in lower for w in _AUTH_WORDS)
                yield ("auth" if auth else "header"), item
        elif name == "url" and isinstance(value, str):
            yield "url", value
        elif name == "body":
            yield from (("body", s) for s in _strings(value))
        elif name == "argv":
            yield from (("argv", s) for s in _strings(value))
        elif name == "input":
            yield from (("input", s) for s in _strings(value))
        elif name == "text":
            yield from (("write", s) for s in _strings(value))
        elif name == "message":
            yield from (("log", s) for s in _strings(value))
        elif name in ("path", "src", "dst"):
            yield from (("path", s) for s in _strings(value))


def _data_part(channel: str, text: str) -> str:
    """The part of an argument an extension controls from call to call (a URL's path and query)."""
    if channel != "url":
        return text
    rest = split_url(text)[1] if "://" in text else text
    path, _, query = rest.partition("?")
    values = [part.partition("=")[2] for part in query.split("&") if part]
    return unquote(path.rsplit("/", 1)[-1] + "".join(values))


def _variants(text: str):
    """Decoded forms of `text`: reversed, URL-decoded, base64 and hex runs decoded."""
    yield text[::-1]
    if "%" in text or "+" in text:
        decoded = unquote(text.replace("+", " "))
        if decoded != text:
            yield decoded
    for run in _BASE64_RUN.findall(text):
        run = run.replace("-", "+").replace("_", "/").rstrip("=")
        for start in range(4):
            piece = run[start:]
            piece = piece[: len(piece) - len(piece) % 4]
            try:
                raw = base64.b64decode(piece, validate=True)
            except (binascii.Error, ValueError):
                continue
            decoded = raw.decode("utf-8", "replace")
            yield decoded
            yield decoded[::-1]
    for run in _HEX_RUN.findall(text):
        decoded = bytes.fromhex(run).decode("utf-8", "replace")
        yield decoded
        yield decoded[::-1]
