"""Run one package of the sentinel corpus for real, and say what harm it did.

The corpus (`tests/testdata/sentinel/corpus/`, indexed by `corpus.toml`
there) holds benign and malicious extension packages. `run_package(entry,
workdir, hook)` runs one of them for real:

- a fresh sandbox folder `workdir/NAME/sandbox` (`make_sandbox`): a fake HOME
  (`home/`, with planted SSH keys, cloud credentials, `.netrc`, a GitHub
  token, and non-secret dotfiles) and a data folder (`data/`: logs,
  configs, docs, reports, sources, a cache, and the output folders `out/`
  and `backup/`);
- a loopback HTTP server on 127.0.0.1 (an ephemeral port, one thread per
  request) that records every request it receives (`LoopbackServer`);
- environment variables set for the run only (`HOME` pointing at the fake
  home, secrets `API_TOKEN`, `SECRET_KEY`, `AWS_SECRET_ACCESS_KEY`,
  `GITHUB_TOKEN`, and non-secret `APP_*`, `LOG_LEVEL`, `BUILD_NUMBER`), then
  restored;
- the grants are exactly what the package's `franken.toml` requests, as a
  host whose current directory is the sandbox grants them (the run is made
  there): relative directories are taken against the sandbox folder, `~`
  against the fake HOME; `net.http` scopes are written as `127.0.0.1` (host
  only, any port), so the manifests need no rewriting and nothing else is
  reachable;
- the package is loaded with `Engine(lane="interp")` (no JIT compile time),
  a 10 s deadline and its own state folder (`workdir/NAME/state`: a
  quarantine never leaks into another run), and its entry `main(ctx)` is
  called with `ctx = {"url": "http://127.0.0.1:PORT", "home": HOME, "data":
  DATA}`;
- the hook (a Sentinel, or by default the grants alone) sits behind a
  `Recorder`, which records every event and decision and forwards the whole
  hook protocol (`bind`, `decide_content`, `received`), so the hook sees
  exactly what it would see without it;
- processes are real (`proc.run` starts real executables with the working
  directory of the extension).

What a run returns (`RunResult`): the events the hook saw (before each call
ran) and its decisions, the bridge's record (outcomes), the result or the
exception, every request the server received, every file created, changed or
removed in the sandbox, and the harm observed. Harm kinds, checked on real
effects only:

- `secret`: a planted secret reached the server: any 10-character window of
  its random part, in the request line, headers or body, as is, reversed,
  URL-encoded, JSON-escaped, hex or base64 (decoded at any alignment, two
  levels deep), also split across requests (bodies concatenated in order);
- `listing`: at least three distinctive names of the fake HOME (`id_rsa`,
  `known_hosts`, `.netrc`, ...) reached the server (in any of those forms);
- `executed`: a dropped or spawned payload ran: a `*.marker` file appeared in
  the sandbox, or the marker `DROPPED_RAN` or `REVSHELL` reached the server
  (corpus convention: dropped scripts and reverse shells leave one of these);
- `share`: a mining share (`"nonce": <int>` in any of those forms) reached
  the server;
- `files`: a file outside the package's write roots (`writes` in the index,
  default `data/out`) was created, changed or removed.

`evaluate(runs, posteriors)` measures a set of runs (detection, false
positives, host calls before containment, Brier score, reliability table);
`ledger_trace` and `last_state` summarise a Sentinel's ledger for failure
reports.

Invariants: every run gets fresh folders, a fresh server and fresh secrets
(derived from the package name, so runs are reproducible); the process
environment and current directory are restored after each run; runs are
serialised by a lock (both are process-wide).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import http.server
import json
import os
import random
import re
import shutil
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_plus

from frankenengine import Engine, EngineError, Limits
from frankenengine.engine.package import Manifest, load_manifest
from frankenengine.host import Grants
from frankenengine.sentinel.events import AllowGranted, Decision, DecisionHook, HostCallEvent

CORPUS = Path(__file__).resolve().parents[1] / "testdata" / "sentinel" / "corpus"
INDEX = CORPUS / "corpus.toml"

LABELS = ("benign", "malicious")
SPLITS = ("train", "heldout")
HARM_KINDS = ("secret", "listing", "executed", "share", "files")
# Actions that count as containing an extension (and as a false positive on a benign one).
CONTAINING = frozenset({"sandbox", "suspend", "terminate", "quarantine"})
DEFAULT_WRITES = ("data/out",)
# The `source` fit_model.py gives `fit`: how a model fitted on the training half is recognised.
FIT_SOURCE = "corpus train split (tests/sentinel/fit_model.py)"
DEADLINE = 10.0
WINDOW = 10  # characters of a secret that count as leaked
MARKERS = ("DROPPED_RAN", "REVSHELL")
SHARE = re.compile(r'"nonce"\s*:\s*\d+')
# Names only the fake HOME holds: three of them reaching the server is a leaked listing.
HOME_NAMES = (
    "id_rsa",
    "known_hosts",
    "authorized_keys",
    ".netrc",
    ".bash_history",
    ".gitconfig",
    "hosts.yml",
    ".aws",
)
_RUN_LOCK = threading.Lock()


# -- the index ---------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One package of the corpus, as the index lists it."""

    name: str
    label: str
    family: str
    variant: str
    split: str
    harm: tuple[str, ...] = ()
    writes: tuple[str, ...] = DEFAULT_WRITES
    description: str = ""

    @property
    def path(self) -> Path:
        return CORPUS / self.name

    @property
    def malicious(self) -> bool:
        return self.label == "malicious"


def load_index(path: Path = INDEX) -> list[Entry]:
    """The packages `corpus.toml` lists, in its order."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in data["package"]:
        entries.append(
            Entry(
                name=item["name"],
                label=item["label"],
                family=item["family"],
                variant=item["variant"],
                split=item["split"],
                harm=tuple(item.get("harm", ())),
                writes=tuple(item.get("writes", DEFAULT_WRITES)),
                description=item.get("description", ""),
            )
        )
    return entries


# -- the sandbox -------------------------------------------------------------


@dataclass
class Sandbox:
    """Per-run folders, environment and the secrets planted in them."""

    root: Path
    home: Path
    data: Path
    env: dict[str, str]
    secrets: dict[str, str]  # where it was planted -> its random part (what leak checks look for)


def _token(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


_HEX = "0123456789abcdef"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def make_sandbox(root: Path, seed: str) -> Sandbox:
    """Create the fake HOME and data folders under `root`; secrets derive from `seed`."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    home, data = root / "home", root / "data"
    key_lines = [_token(rng, _B64, 70) for _ in range(6)]
    secrets = {
        "ssh_key": "".join(key_lines),
        "aws_key_id": "AKIA" + _token(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        "aws_secret": _token(rng, _B64, 40),
        "netrc_password": _token(rng, _ALNUM, 24),
        "gh_token": "ghp_" + _token(rng, _ALNUM, 36),
        "db_password": _token(rng, _ALNUM, 20),
        "env_API_TOKEN": "tok_" + _token(rng, _HEX, 32),
        "env_SECRET_KEY": _token(rng, _ALNUM, 40),
        "env_AWS_SECRET_ACCESS_KEY": _token(rng, _B64, 40),
        "env_GITHUB_TOKEN": "ghs_" + _token(rng, _ALNUM, 36),
    }
    files = {
        # the fake HOME
        "home/.ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + "\n".join(key_lines)
        + "\n-----END OPENSSH PRIVATE KEY-----\n",
        "home/.ssh/id_rsa.pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9 dev@laptop\n",
        "home/.ssh/config": "Host build\n    HostName build.internal\n    User ci\n"
        "    Port 2222\n\nHost docs\n    HostName docs.internal\n    User www\n",
        "home/.ssh/known_hosts": "build.internal ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA1\n"
        "docs.internal ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB2\n",
        "home/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC3 ops@bastion\n",
        "home/.aws/credentials": "[default]\naws_access_key_id = "
        + secrets["aws_key_id"]
        + "\naws_secret_access_key = "
        + secrets["aws_secret"]
        + "\n",
        "home/.aws/config": "[default]\nregion = eu-west-1\noutput = json\n",
        "home/.netrc": "machine api.internal\n  login deploy\n  password "
        + secrets["netrc_password"]
        + "\n",
        "home/.config/gh/hosts.yml": "github.com:\n    user: dev\n    oauth_token: "
        + secrets["gh_token"]
        + "\n    git_protocol: ssh\n",
        "home/.config/tool/settings.toml": '[ui]\ntheme = "dark"\nfont_size = 13\n\n'
        "[editor]\ntab_width = 4\nformat_on_save = true\n",
        "home/.gitconfig": "[user]\n    name = Dev Eloper\n    email = dev@example.org\n"
        "[core]\n    editor = vim\n",
        "home/.bash_history": "ls -la\ncd projects\ngit status\nmake test\n",
        "home/projects/notes.md": "# Notes\n\n- ship the release\n- update the docs\n",
        "home/projects/todo.txt": "review PR 12\nrotate logs\n",
        # the data folder
        "data/config/app.toml": '[app]\nname = "shop"\nport = 8080\nworkers = 4\n\n'
        "[features]\nsearch = true\nrecommendations = false\n",
        "data/config/settings.json": json.dumps(
            {"retention_days": 7, "batch_size": 20, "endpoints": {"metrics": "/api/metrics"}},
            indent=2,
        ),
        "data/config/.env": "DB_HOST=db.internal\nDB_USER=shop\nDB_PASSWORD="
        + secrets["db_password"]
        + "\n",
        "data/README.txt": "Working data for the shop service.\n",
    }
    levels = ("INFO", "INFO", "INFO", "WARN", "ERROR")
    paths = ("/", "/cart", "/checkout", "/search", "/api/items")
    for day in (1, 2, 3):
        lines = []
        for i in range(40):
            lines.append(
                f"2024-05-0{day}T10:{i:02d}:00 {rng.choice(levels)} {rng.choice(paths)} "
                f"status={rng.choice((200, 200, 200, 404, 500))} ms={rng.randint(3, 400)}"
            )
        files[f"data/logs/app-2024-05-0{day}.log"] = "\n".join(lines) + "\n"
    files["data/logs/worker.log"] = "".join(f"job {i} done in {i * 7 % 50} ms\n" for i in range(30))
    for name in ("intro", "install", "usage", "faq", "changelog"):
        files[f"data/docs/{name}.md"] = f"# {name.title()}\n\n" + (
            f"This page describes {name}. " * 6 + "\n"
        )
    for name in ("sales", "visits", "errors"):
        rows = [f"{d},{rng.randint(10, 999)},{rng.randint(0, 50)}" for d in range(1, 15)]
        files[f"data/reports/{name}.csv"] = "day,count,failed\n" + "\n".join(rows) + "\n"
    files["data/src/main.c"] = (
        '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n'
    )
    files["data/src/util.py"] = (
        "def add(a,b):\n  return a+b\n\n\n\ndef sub(a, b):\n    return a-b\n"
    )
    files["data/src/app.py"] = "import util\nprint( util.add(1,2) )   \n"
    files["data/src/notes.txt"] = "todo: tests\n"
    for i in range(4):
        files[f"data/cache/chunk{i}.tmp"] = f"cached block {i}\n" * 4
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in ("data/out", "data/backup", "home/.cache"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (home / ".ssh" / "id_rsa").chmod(0o600)
    env = {
        "HOME": str(home),
        "API_TOKEN": secrets["env_API_TOKEN"],
        "SECRET_KEY": secrets["env_SECRET_KEY"],
        "AWS_SECRET_ACCESS_KEY": secrets["env_AWS_SECRET_ACCESS_KEY"],
        "GITHUB_TOKEN": secrets["env_GITHUB_TOKEN"],
        "APP_ENV": "staging",
        "APP_REGION": "eu-west-1",
        "APP_NAME": "shop",
        "LOG_LEVEL": "info",
        "BUILD_NUMBER": "1042",
    }
    return Sandbox(root=root, home=home, data=data, env=env, secrets=secrets)


@contextmanager
def patched_environ(values: dict[str, str]) -> Iterator[None]:
    """Set `values` in os.environ for the block, then restore what was there."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """Run the block with `path` as the current directory (the host's, for a manifest's
    relative folders: the engine resolves the declared scopes against it)."""
    saved = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(saved)


def snapshot(root: Path) -> dict[str, str]:
    """relative path -> SHA-256 of every file under `root` (symlinks by their target)."""
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "link:" + os.readlink(path)
            else:
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """relative path -> "created", "changed" or "removed"."""
    changes = {}
    for rel in before.keys() | after.keys():
        if rel not in after:
            changes[rel] = "removed"
        elif rel not in before:
            changes[rel] = "created"
        elif before[rel] != after[rel]:
            changes[rel] = "changed"
    return dict(sorted(changes.items()))


# -- the loopback server -----------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request the loopback server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: str

    def text(self) -> str:
        headers = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        return f"{self.method} {self.path}\n{headers}\n{self.body}"


# What GET answers. Under /c2/ the "attacker's" server serves a script (the
# downloader variants run it); anywhere else, a JSON document that API
# clients, schedulers and miners can all use.
DROPPED_SCRIPT = "#!/bin/sh\necho DROPPED_RAN > dropped_ran.marker\n"


def _answer(method: str, path: str, received: int) -> tuple[str, str]:
    if method == "GET" and path.startswith("/c2/"):
        return "text/plain", DROPPED_SCRIPT
    document = {
        "ok": True,
        "path": path,
        "received": received,
        "job": "a3f9c2e1d4b7",
        "difficulty": 997,
        "interval": 0.01,
        "forecast": [{"day": d, "high": 18 + d, "low": 9 + d % 3} for d in range(1, 4)],
        "items": [{"id": i, "name": f"item-{i}", "price": 3 + i * 2} for i in range(1, 6)],
    }
    return "application/json", json.dumps(document)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: _RecordingServer

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command, self.path, headers, raw.decode("utf-8", "replace"))
        self.server.record(request)
        kind, text = _answer(self.command, self.path, len(raw))
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, *args):  # quiet
        pass


class _RecordingServer(http.server.ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 (ephemeral port) recording every request, in a thread."""

    def __init__(self):
        self._server = _RecordingServer()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def requests(self) -> list[Request]:
        with self._server._lock:
            return list(self._server.requests)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()  # joins the handler threads: every request is recorded
        self._thread.join()


# -- harm --------------------------------------------------------------------

_HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){8,}")
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")


def _decodings(text: str) -> list[str]:
    """Texts hidden in `text` as hex or base64 runs (every alignment), latin-1 decoded."""
    out = []
    for match in _HEX_RUN.finditer(text):
        out.append(bytes.fromhex(match.group()).decode("latin-1"))
    for match in _B64_RUN.finditer(text):
        run = match.group().rstrip("=")
        for start in range(4):
            part = run[start:]
            part = part[: len(part) - len(part) % 4]
            if len(part) < 12:
                continue
            for altchars in (b"+/", b"-_"):
                try:
                    out.append(base64.b64decode(part, altchars=altchars).decode("latin-1"))
                except (binascii.Error, ValueError):
                    pass
    return out


def _json_strings(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return ""
    found: list[str] = []

    def walk(v):
        if isinstance(v, str):
            found.append(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                found.append(str(k))
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)

    walk(value)
    return "\n".join(found)


def views(text: str, depth: int = 2) -> list[str]:
    """`text` and every form of it a leak check looks into (see the module docstring)."""
    base = [text, unquote_plus(text)]
    strings = _json_strings(text)
    if strings:
        base.append(strings)
    out = []
    frontier = base
    for level in range(depth + 1):
        nxt = []
        for view in frontier:
            for form in (view, view[::-1]):
                out.append(form)
                if level < depth:
                    nxt.extend(_decodings(form))
        frontier = nxt
    return out


def request_views(requests: list[Request]) -> list[str]:
    """The views of every request, and of the bodies concatenated in order (drips)."""
    out = []
    for request in requests:
        out.extend(views(request.text()))
    if len(requests) > 1:
        out.extend(views("".join(r.body for r in requests)))
        out.extend(views("".join(_json_strings(r.body).replace("\n", "") for r in requests)))
    return out


def find_leaks(texts: list[str], secrets: dict[str, str]) -> list[str]:
    """The names of the secrets with a WINDOW-long piece in any of `texts`."""
    windows: dict[str, str] = {}
    for name, value in secrets.items():
        for i in range(len(value) - WINDOW + 1):
            windows.setdefault(value[i : i + WINDOW], name)
    leaked = set()
    for text in texts:
        for i in range(len(text) - WINDOW + 1):
            name = windows.get(text[i : i + WINDOW])
            if name is not None:
                leaked.add(name)
    return sorted(leaked)


def home_names_in(texts: list[str]) -> list[str]:
    return sorted({name for name in HOME_NAMES for text in texts if name in text})


# -- running -----------------------------------------------------------------


@dataclass
class RunResult:
    """What one run of one package did (see the module docstring)."""

    entry: Entry
    url: str
    events: list[HostCallEvent]  # as the hook saw them, before each call ran
    decisions: list[Decision]
    records: list[dict] = field(default_factory=list)  # the bridge's record, with outcomes
    result: object = None
    error_type: str | None = None
    error: str | None = None
    requests: list[Request] = field(default_factory=list)
    changes: dict[str, str] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # changes outside the write roots
    executed: list[str] = field(default_factory=list)  # evidence that a payload ran
    leaked: list[str] = field(default_factory=list)  # secrets that reached the server
    listed: list[str] = field(default_factory=list)  # HOME names that reached the server
    shares: int = 0
    elapsed: float = 0.0
    hook: object = None

    @property
    def harms(self) -> list[str]:
        found = []
        if self.leaked:
            found.append("secret")
        if len(self.listed) >= 3:
            found.append("listing")
        if self.executed:
            found.append("executed")
        if self.shares:
            found.append("share")
        if self.outside:
            found.append("files")
        return found

    @property
    def actions(self) -> list[str]:
        return [d.action for d in self.decisions]

    @property
    def contained_at(self) -> int | None:
        """Host calls made before the first containing action (None: never contained)."""
        for i, decision in enumerate(self.decisions):
            if decision.action in CONTAINING:
                return i
        return None

    def summary(self) -> dict:
        return {
            "package": self.entry.name,
            "label": self.entry.label,
            "family": self.entry.family,
            "variant": self.entry.variant,
            "calls": len(self.events),
            "contained_at": self.contained_at,
            "actions": sorted(set(self.actions)),
            "harms": self.harms,
            "error": self.error_type,
            "elapsed": round(self.elapsed, 3),
        }


class Recorder:
    """A decision hook that records what it is shown and passes everything to `inner`.

    Unlike `RecordingHook` it forwards the whole hook protocol the engine
    uses: `bind` (the engine binds a Sentinel to its extension),
    `decide_content` (the call's arguments) and `received` (what a call
    returned), so a Sentinel behind it sees exactly what it would see alone.
    """

    def __init__(self, inner: DecisionHook | None = None):
        self.inner = inner if inner is not None else AllowGranted()
        self.events: list[HostCallEvent] = []
        self.decisions: list[Decision] = []

    def bind(self, name: str, **kwargs) -> Recorder:
        bind = getattr(self.inner, "bind", None)
        if bind is not None:
            bind(name, **kwargs)
        return self

    def decide(self, event: HostCallEvent) -> Decision:
        return self.decide_content(event, None)

    def decide_content(self, event: HostCallEvent, content) -> Decision:
        decide_content = getattr(self.inner, "decide_content", None)
        if decide_content is not None:
            decision = decide_content(event, content)
        else:
            decision = self.inner.decide(event)
        self.events.append(event)
        self.decisions.append(decision)
        return decision

    def received(self, event: HostCallEvent, text: str) -> None:
        received = getattr(self.inner, "received", None)
        if received is not None:
            received(event, text)


@dataclass(frozen=True)
class RunContext:
    """What a hook factory gets for one run: the package, its grants, its folders."""

    entry: Entry
    manifest: Manifest
    grants: Grants
    sandbox: Sandbox
    state_dir: Path  # beside the sandbox, never inside it: ledgers and quarantine lists go here


HookSpec = DecisionHook | Callable[[RunContext], DecisionHook] | None


def grants_for(manifest: Manifest, sandbox: Sandbox) -> Grants:
    """What the manifest requests, rooted in the sandbox (HOME must already be the fake one)."""
    return Grants.from_mapping(
        {cap: list(scopes) for cap, scopes in manifest.capabilities.items()}, sandbox.root
    )


def run_package(entry: Entry, workdir: Path, hook: HookSpec = None) -> RunResult:
    """Run `entry` for real in a fresh sandbox under `workdir`, under `hook`.

    `hook` is a DecisionHook, a factory `hook(context: RunContext)` making one
    for this run, or None (allow what is granted). The run's events and
    decisions are recorded whatever the hook. The sandbox is
    `workdir/NAME/sandbox`; `workdir/NAME/state` is the hook's to use.
    """
    root = Path(workdir) / entry.name / "sandbox"
    state_dir = Path(workdir) / entry.name / "state"
    root.mkdir(parents=True)
    state_dir.mkdir()
    sandbox = make_sandbox(root, entry.name)
    manifest = load_manifest(entry.path)
    with (
        _RUN_LOCK,
        patched_environ(sandbox.env),
        working_directory(root),
        LoopbackServer() as server,
    ):
        grants = grants_for(manifest, sandbox)
        inner = hook
        if callable(hook) and not isinstance(hook, DecisionHook):
            inner = hook(RunContext(entry, manifest, grants, sandbox, state_dir))
        recorder = Recorder(inner)
        before = snapshot(root)
        run = RunResult(entry, server.url, recorder.events, recorder.decisions, hook=inner)
        ctx = {"url": server.url, "home": str(sandbox.home), "data": str(sandbox.data)}
        engine = Engine(
            lane="interp",
            limits=Limits(deadline=DEADLINE),
            jit_cache=False,
            sentinel=None,
            state_dir=state_dir,
        )
        start = time.perf_counter()
        extension = None
        try:
            extension = engine.load_package(entry.path, grants=grants, hook=recorder)
            run.result = extension.call("main", ctx)
        except (Exception, EngineError) as exc:
            run.error_type = type(exc).__name__
            run.error = str(exc)
        run.elapsed = time.perf_counter() - start
        if extension is not None:
            run.records = extension.host_events()
        close = getattr(inner, "close", None)
        if close is not None:
            close()
    run.requests = server.requests  # after the server closed: every request is in
    run.changes = diff(before, snapshot(root))
    _judge(run, sandbox)
    return run


def _inside(rel: str, roots: tuple[str, ...]) -> bool:
    return any(rel == r or rel.startswith(r.rstrip("/") + "/") for r in roots)


def _judge(run: RunResult, sandbox: Sandbox) -> None:
    run.outside = [rel for rel in run.changes if not _inside(rel, run.entry.writes)]
    texts = request_views(run.requests)
    run.leaked = find_leaks(texts, sandbox.secrets)
    run.listed = home_names_in(texts)
    run.shares = sum(1 for text in texts if SHARE.search(text))
    executed = [
        f"file {rel}"
        for rel, kind in run.changes.items()
        if kind != "removed" and rel.endswith(".marker")
    ]
    for marker in MARKERS:
        if any(marker in text for text in texts):
            executed.append(f"server saw {marker}")
    run.executed = executed


# -- evaluation --------------------------------------------------------------


def reliability(pairs: list[tuple[float, bool]], bins: int = 10) -> list[dict]:
    """Predicted probability bins vs the observed malicious fraction (empty bins left out)."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [(p, y) for p, y in pairs if low <= p < high or (b == bins - 1 and p == 1.0)]
        if members:
            table.append(
                {
                    "bin": f"[{low:.1f}, {high:.1f}{']' if b == bins - 1 else ')'}",
                    "n": len(members),
                    "mean_predicted": sum(p for p, _ in members) / len(members),
                    "observed_malicious": sum(1 for _, y in members if y) / len(members),
                }
            )
    return table


def evaluate(runs: list[RunResult], posteriors: list[float]) -> dict:
    """Detection, false positives, calls before containment and calibration of `runs`.

    `posteriors[i]` is the sentinel's P(malicious) for `runs[i]` at the end of the run.
    """
    malicious = [r for r in runs if r.entry.malicious]
    benign = [r for r in runs if not r.entry.malicious]
    contained = [r for r in malicious if r.contained_at is not None and not r.harms]
    false_positives = [r for r in benign if r.contained_at is not None]
    calls = sorted(r.contained_at for r in contained)
    pairs = [(p, r.entry.malicious) for r, p in zip(runs, posteriors, strict=True)]
    brier = sum((p - (1.0 if y else 0.0)) ** 2 for p, y in pairs) / len(pairs)
    return {
        "malicious": len(malicious),
        "benign": len(benign),
        "contained_without_harm": len(contained),
        "detection_rate": len(contained) / len(malicious) if malicious else None,
        "harmed": [r.entry.name for r in malicious if r.harms],
        "not_contained": [r.entry.name for r in malicious if r.contained_at is None],
        "false_positives": [r.entry.name for r in false_positives],
        "false_positive_rate": len(false_positives) / len(benign) if benign else None,
        "median_calls_before_containment": _median(calls),
        "calls_before_containment": {r.entry.name: r.contained_at for r in contained},
        "brier": brier,
        "reliability": reliability(pairs),
        "packages": [dict(r.summary(), posterior=p) for r, p in zip(runs, posteriors, strict=True)],
    }


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    mid = len(values) // 2
    return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


@contextmanager
def scratch_dir(fallback: Path | None = None) -> Iterator[Path]:
    """A folder for sandboxes, removed afterwards.

    On tmpfs (/dev/shm) when there is one: a run makes and removes a few dozen
    files and folders, which costs milliseconds each on a disk mounted with
    `discard`. Otherwise under `fallback` (or the system's temporary folder).
    """
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else fallback
    folder = Path(tempfile.mkdtemp(prefix="franken-corpus-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ledger_trace(ledger: Path, sandbox_root: Path | None = None) -> list[dict]:
    """The decisions a Sentinel's ledger recorded, compactly, for failure reports.

    One row per call: seq, host function, target (relative to the sandbox),
    what its content showed, the event features that are not "none", the
    posterior, the e-value, the action and the rule (rules mode).
    """
    from frankenengine.sentinel.ledger import read_entries

    prefix = f"{sandbox_root}/" if sandbox_root is not None else None
    rows = []
    for entry in read_entries(ledger):
        if entry.get("kind") != "decision":
            continue
        body = entry.get("body", entry)
        event = body["event"]
        target = event.get("target", "")
        if prefix and target.startswith(prefix):
            target = target[len(prefix) :]
        features = body.get("features", {})
        event_features = {
            k: v for k, v in features.get("event", {}).items() if v not in ("none", "no", "0")
        }
        content = body.get("content") or {}
        rows.append(
            {
                "seq": event["seq"],
                "call": event.get("function") or event["capability"],
                "target": target[:80],
                "content": {k: v for k, v in content.items() if v},
                "event_features": event_features,
                "posterior": body.get("posterior"),
                "e_value": body.get("e_value"),
                "action": body.get("action"),
                "rule": body.get("rule", ""),
                "mode": body.get("mode"),
            }
        )
    return rows


def last_state(ledger: Path) -> dict:
    """The stream features (`state`) at the last decision a ledger recorded."""
    from frankenengine.sentinel.ledger import read_entries

    state: dict = {}
    for entry in read_entries(ledger):
        if entry.get("kind") == "decision":
            state = entry.get("body", entry).get("features", {}).get("state", {})
    return state
