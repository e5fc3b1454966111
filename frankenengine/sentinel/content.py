"""Content of host calls: what an extension read, found again in what it sends, writes or runs.

`ContentWatch` keeps, per extension, what came back from its calls
(`learn`): secrets (the whole value of a secret variable, high-entropy
tokens of a secret file, values assigned to key-, token- or password-like
names in any file), credential-file names seen in folder listings, a word
sample of every file read, line prints of network responses. It inspects
the arguments of every later call (`inspect`):

- does a request body, URL, header, process argument or input, file text or
  log message carry a secret, as is, encoded (hex, base64, URL-encoding),
  reversed, or split over several calls to the same destination? do
  credential-file names from listings go out over the network (recon)?
- does a process call run a file the extension wrote (a dropper), a file
  written from a network response or code fed to a shell from one
  (download and execute), code that opens a connection (a reverse shell:
  inline, or in a script it wrote), code that uses the host's OS, which the
  extension language forbids (an escape), or inline code at all?
- does a network call carry mining-protocol vocabulary (a share)?
- does a write replace a file it read by something unlike it (encryption,
  overwriting with filler)? was a file it removes or renames copied
  elsewhere first (a move, an archive), or is it lost?

The answer is an `Observation`, small and JSON-serialisable: the ledger
records it so that replay never needs the content itself, which never
leaves this object (secrets are not logged, not written, not in any event).

Invariants: deterministic for the same calls in the same order; bounded
(at most MAX_SECRETS secrets of at most MAX_SECRET_CHARS characters; the
first and last MAX_SCAN_CHARS characters of each argument are scanned, in
linear time); a leak needs at least LEAK_CHARS characters of one secret
(or half of a short one), a listing leak RECON_COUNT credential-file names.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from frankenengine.sentinel.commands import connects, inline_code, mining_share, reaches_host
from frankenengine.sentinel.sensitivity import SECRET, classify, secret_variable, split_url
from frankenengine.sentinel.textsig import (
    PRINT_LINES,
    SCAN_CHARS,
    garbles,
    keeps,
    line_prints,
    mostly_from,
    word_sample,
    word_set,
)

MAX_SECRETS = 64
MAX_SECRET_CHARS = 256
MAX_SCAN_CHARS = 1 << 20
MIN_SECRET_CHARS = 8
LEAK_CHARS = 12
WINDOW = 6  # characters of a secret matched at once
_STREAM_TAIL = 2048  # characters of what went to one destination kept to find split secrets
_NGRAM_SET_LIMIT = 1 << 16  # below this many characters, index the text's windows in a set

# a run of secret-like characters; `=` and `:` separate names from values (padding `=` kept)
_TOKEN = re.compile(r"[A-Za-z0-9+/_\-.~@!$%^&*]{10,}={0,2}")
# a key-, token- or password-like name, then `=` or `:` and a value (bounded: linear time)
_ASSIGNED = re.compile(
    r"(?:token|secret|passw|passphrase|api_?key|access_?key|private_?key|credential|auth"
    r"|session)[A-Za-z0-9_.\-]{0,40}[\"']?[ \t]{0,8}[:=][ \t]{0,8}[\"']?([^\s\"',;]{8,256})",
    re.IGNORECASE,
)
# words one of which every match of _ASSIGNED contains (a cheap test before the search)
_ASSIGNED_WORDS = ("token", "secret", "passw", "passphrase", "key", "credential", "auth")
_ASSIGNED_WORDS += ("session",)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_\-]{12,}={0,2}")
_HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){6,}")
_AUTH_HEADERS = ("authorization", "proxy-authorization", "cookie")
_AUTH_WORDS = ("token", "key", "auth", "secret", "session")
_SECRET_ARGS = ("printenv", "env")
# names in a folder listing that say where credentials live (recon material)
RECON_NAMES = frozenset(
    {".ssh", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".aws", "credentials", ".netrc"}
    | {".gnupg", ".git-credentials", ".pgpass", ".docker", ".kube", ".env", "known_hosts"}
    | {"authorized_keys", ".bash_history", ".zsh_history", "hosts.yml", ".npmrc", ".pypirc"}
)
RECENT_READS = 64  # files read lately that a write may be a copy of
MAX_SAMPLES = 4096  # files read whose word sample is kept
PENDING_SAMPLE_CHARS = 1 << 18  # characters of reads kept until their sample is needed
RECON_COUNT = 2  # names of RECON_NAMES sent to one destination that make a listing leak


@dataclass(frozen=True)
class Observation:
    """What the content of one call showed. `leak` is "" when it carries no known secret."""

    leak: str = ""  # "", "plain", "encoded", "split", "listing"
    channel: str = ""  # "auth", "header", "body", "url", "argv", "input", "write", "log", "path"
    dropped: bool = False  # a process call runs or names a file the extension wrote
    spawn: str = ""  # a process call runs code: "", "inline", "escape", "connect", "fetched"
    garbled: bool = False  # a write replaces a file it read by something unlike it
    saved: bool = False  # a removed file's content was written elsewhere first (a move)
    share: bool = False  # a network call carries mining-protocol vocabulary (a nonce)

    def to_json(self) -> dict:
        return {
            "leak": self.leak,
            "channel": self.channel,
            "dropped": self.dropped,
            "spawn": self.spawn,
            "garbled": self.garbled,
            "saved": self.saved,
            "share": self.share,
        }

    @classmethod
    def from_json(cls, data: Mapping | None) -> Observation:
        if not data:
            return NOTHING
        return cls(
            str(data.get("leak", "")),
            str(data.get("channel", "")),
            bool(data.get("dropped", False)),
            str(data.get("spawn", "")),
            bool(data.get("garbled", False)),
            bool(data.get("saved", False)),
            bool(data.get("share", False)),
        )


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
        self._samples: dict[str, tuple | None] = {}  # path read -> word sample, in read order
        self._unsampled: dict[str, tuple[str, int]] = {}  # path -> (start of text, its length)
        self._unsampled_chars = 0
        self._fetched: set[str] = set()  # line prints of network responses
        self._fetched_paths: set[str] = set()  # files written from network responses
        self._connect_paths: set[str] = set()  # files written with code that connects
        self._escape_paths: set[str] = set()  # files written with code that uses the host's OS
        self._recon: set[str] = set()  # credential-file names seen in folder listings
        self._recon_sent: dict[str, set[str]] = {}
        self._saved: set[str] = set()  # files read whose words were written elsewhere since

    # -- what comes in -----------------------------------------------------------
    def learn(self, event, text: str, content: Mapping | None = None) -> int:
        """Remember what `text`, returned by `event`'s call, tells (secrets, samples, names).

        Returns how many new secrets were learnt."""
        if not text:
            return 0
        text = _clipped(text)
        capability, target = event.capability, event.target
        if capability == "fs.read" and event.operation == "list":
            self._recon.update(n for n in text.split("\n") if n.lower() in RECON_NAMES)
            return 0
        if capability == "fs.read" and event.operation == "read":
            self._note_read(target, text)
        if capability == "net.http" and len(self._fetched) < 20 * PRINT_LINES:
            self._fetched |= line_prints(text)
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
            found.extend(t for t in _TOKEN.findall(text) if _strong(t) and not t.startswith("---"))
        if _may_assign(text):
            found.extend(value for value in _ASSIGNED.findall(text) if _strong(value))
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
        dropped, spawn, garbled, saved, share = False, "", False, False, False
        if event.capability == "net.http":
            share = any(mining_share(text) for _, text in _channels(event, content))
        elif event.capability == "proc.run":
            dropped, spawn = self._process(event, content)
        elif event.capability == "fs.write":
            garbled = self._file(event, content)
            saved = event.operation in ("remove", "rename") and event.target in self._saved
        leak, channel = self._leak(event, content) if self.secrets or self._recon else ("", "")
        if not (leak or dropped or spawn or garbled or saved or share):
            return NOTHING
        return Observation(leak, channel, dropped, spawn, garbled, saved, share)

    def _process(self, event, content: Mapping) -> tuple[bool, str]:
        argv = _strings(content.get("argv"))
        stdin = content.get("input") if isinstance(content.get("input"), str) else ""
        ran = [p for p in (event.target, *argv) if self._was_written(p)]
        dropped = bool(ran)
        code = inline_code(argv, stdin)
        fetched = any(self._is(p, self._fetched_paths) for p in ran) or (
            code is not None and mostly_from(code, self._fetched)
        )
        if fetched:
            return dropped, "fetched"
        if any(self._is(p, self._connect_paths) for p in ran) or (code and connects(code)):
            return dropped, "connect"
        if any(self._is(p, self._escape_paths) for p in ran) or (code and reaches_host(code)):
            return dropped, "escape"
        return dropped, "inline" if code is not None else ""

    def _file(self, event, content: Mapping) -> bool:
        """Track what the extension writes; whether this write garbles a file it read."""
        if event.operation == "rename":
            if event.granted:
                for dst in event.other_targets:
                    self._written.add(dst)
                    for kept in (self._fetched_paths, self._connect_paths, self._escape_paths):
                        if event.target in kept:
                            kept.add(dst)
            return False
        text = content.get("text")
        if not isinstance(text, str) or event.operation not in ("write", "append"):
            return False
        target = event.target
        if event.granted:
            self._written.add(target)
            if self._fetched and mostly_from(text, self._fetched):
                self._fetched_paths.add(target)
            if connects(text):
                self._connect_paths.add(target)
            if reaches_host(text):
                self._escape_paths.add(target)
            self._saved.update(self._copied_into(target, text))
        if event.operation != "write":
            return False
        source = target if target in self._samples else target.rpartition(".")[0]
        sample = self._sample(source)
        return sample is not None and garbles(sample, text)

    def _note_read(self, target: str, text: str) -> None:
        """Keep the start of a file read; its word sample is taken when a write needs it, or
        once more than PENDING_SAMPLE_CHARS characters of reads wait (oldest first)."""
        if target not in self._samples and len(self._samples) >= MAX_SAMPLES:
            return
        self._samples[target] = None  # a path read again keeps its place in the read order
        earlier = self._unsampled.pop(target, None)
        if earlier is not None:
            self._unsampled_chars -= len(earlier[0])
        head = text[:SCAN_CHARS]
        self._unsampled[target] = (head, len(text))
        self._unsampled_chars += len(head)
        while self._unsampled_chars > PENDING_SAMPLE_CHARS:
            self._sample(next(iter(self._unsampled)))

    def _sample(self, path: str) -> tuple | None:
        """The word sample of a file read (None when it was not read)."""
        pending = self._unsampled.pop(path, None)
        if pending is not None:
            head, length = pending
            self._unsampled_chars -= len(head)
            self._samples[path] = (word_sample(head)[0], length)
        return self._samples.get(path)

    def _copied_into(self, target: str, text: str) -> list[str]:
        """The files read lately (the last RECENT_READS) whose words `text` keeps."""
        recent = [p for p in list(self._samples)[-RECENT_READS:] if p != target]
        if not recent:
            return []
        words = word_set(text)
        return [p for p in recent if keeps(self._sample(p), words)]

    def _is(self, item: str, paths: set[str]) -> bool:
        if item in paths:
            return True
        name = item.lstrip("./")
        return bool(name) and any(path.endswith("/" + name) for path in paths)

    def _was_written(self, item: str) -> bool:
        return self._is(item, self._written)

    def _leak(self, event, content: Mapping) -> tuple[str, str]:
        best = ("", "")
        stream_key = f"{event.capability}:{_destination(event)}"
        stream_parts: list[str] = []
        outward = event.capability in ("net.http", "proc.run")
        for channel, text in _channels(event, content):
            text = _clipped(text)
            if channel in ("body", "url", "argv", "input", "write", "header", "auth"):
                stream_parts.append(_data_part(channel, text))
            kind = self._scan(text) if self.secrets else ""
            if _RANK[kind] > _RANK[best[0]]:
                best = (kind, channel)
            if not best[0] and outward and self._recon and self._names_out(stream_key, text):
                best = ("listing", channel)
        if self.secrets and stream_parts:
            tail = self._streams.get(stream_key, "") + "".join(stream_parts)
            self._streams[stream_key] = tail[-_STREAM_TAIL:]
            if not best[0] and self._covers(tail, split=True):
                best = ("split", "stream")
        return best

    def _names_out(self, stream_key: str, text: str) -> bool:
        """Whether credential-file names from listings go out (RECON_COUNT of them, cumulated
        per destination), as they are or encoded."""
        sent = self._recon_sent.setdefault(stream_key, set())
        forms = [text, *_variants(text)] if len(sent) < RECON_COUNT else [text]
        for form in forms:
            sent.update(name for name in self._recon if name in form)
        return len(sent) >= RECON_COUNT

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
            step = 1 if grams is not None else WINDOW  # a long text: every WINDOW-th window
            for i in range(0, len(secret.windows), step):
                window = secret.windows[i]
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


_RANK = {"": 0, "listing": 1, "split": 2, "encoded": 3, "plain": 4}


def _may_assign(text: str) -> bool:
    lower = text.lower()
    return any(word in lower for word in _ASSIGNED_WORDS)


def _clipped(text: str) -> str:
    """The first and last MAX_SCAN_CHARS characters of a long text (what is scanned)."""
    if len(text) <= 2 * MAX_SCAN_CHARS:
        return text
    return text[:MAX_SCAN_CHARS] + "\n" + text[-MAX_SCAN_CHARS:]


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
    """The part of an argument that changes from call to call (a URL's query values, else its
    last path segment)."""
    if channel != "url":
        return text
    rest = split_url(text)[1] if "://" in text else text
    path, _, query = rest.partition("?")
    if query:
        return unquote("".join(part.partition("=")[2] for part in query.split("&")))
    return unquote(path.rsplit("/", 1)[-1])


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
