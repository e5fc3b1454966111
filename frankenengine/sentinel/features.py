"""Features of one extension's host-call stream: per call, and of the whole stream so far.

`FeatureState` (one per extension) takes each call in order, as
`update(event, observation)`, and returns `Features`:

- `event`: discrete features of this call in its context (EVENT_FEATURES):
  operation, sensitivity of the target, data flow (an outbound call after a
  secret was read, or carrying it), destination (known, new, outside the
  declared scopes), process spawning (a tool, a shell or interpreter, inline
  code, a file the extension wrote, code that uses the host's OS, code
  downloaded from the network, code that opens a connection), refused by the
  grants, the gap before it (CPU work, in fuel, or a sleep), a network beacon after a
  gap, a new kind of action right after reading the wall clock, file changes
  (an edit of a file it read, a garbling one, removal of its own files, of
  temporary files, of files it copied elsewhere first, or of others: lost;
  rename, how many files so far), CPU burn without output (fuel spent since
  the last outbound call or log line) and mining shares (mining vocabulary
  going out after CPU burn);
- `state`: bucketed counts over the stream so far (STATE_FEATURES): secret
  and config reads, leaks, tainted sends, listings sent, destinations,
  spawns, refusals, files changed, destroyed (garbled, or other files
  removed or renamed), garbled and lost (removed, not its own, not temporary,
  not copied), the highest call rate in one second, beacons,
  actions after the clock, variables read, folders listed, outbound calls
  after CPU burn, mining shares.

Every feature takes one of the values listed for it (the vocabularies below,
which a model file records), so models count and smooth over a fixed set.

Invariants: deterministic: the features depend only on the events (their
recorded fields; time is their fuel, never a clock, so a loaded machine or
another lane gives the same features), the content `Observation` of each
call and the declared scopes given at construction; updating is O(1)
amortised per call.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from frankenengine.sentinel.content import NOTHING, Observation
from frankenengine.sentinel.sensitivity import CONFIG, SECRET, classify, split_url

EVENT_FEATURES: dict[str, tuple[str, ...]] = {
    "op": (
        "fs.read",
        "fs.list",
        "fs.stat",
        "fs.write",
        "fs.append",
        "fs.remove",
        "fs.make_dirs",
        "fs.rename",
        "net.get",
        "net.send",
        "net.other",
        "env.read",
        "proc.run",
        "clock.time",
        "clock.monotonic",
        "clock.sleep",
        "log",
        "other",
    ),
    "target": ("none", "config", "secret"),
    "flow": ("none", "out", "tainted", "leak_auth", "recon", "leak", "leak_encoded"),
    "dest": ("none", "known", "new", "undeclared"),
    "spawn": ("none", "tool", "shell", "inline", "written", "escape", "fetched", "connect"),
    "granted": ("yes", "no"),
    "gap": ("short", "busy", "slept"),
    "beacon": ("no", "yes"),
    "clock": ("no", "yes"),
    "change": (
        "none",
        "create",
        "append",
        "edit",
        "garble",
        "remove_own",
        "remove_temp",
        "remove_saved",
        "remove",
        "rename",
    ),
    "mass": ("none", "1", "2-5", "6-20", "21+"),
    "burn": ("none", "light", "heavy"),
    "share": ("no", "vocab", "yes"),
}

STATE_FEATURES: dict[str, tuple[str, ...]] = {
    "secret_reads": ("0", "1", "2-3", "4+"),
    "config_reads": ("0", "1-2", "3+"),
    "leaks": ("0", "1", "2+"),
    "auth_leaks": ("0", "1+"),
    "tainted_out": ("0", "1", "2-3", "4+"),
    "destinations": ("0", "1", "2", "3+"),
    "undeclared": ("0", "1", "2+"),
    "recon_out": ("0", "1+"),
    "spawn": ("none", "tool", "shell", "inline", "written", "escape", "fetched", "connect"),
    "denied": ("0", "1", "2-3", "4+"),
    "changed": ("0", "1-3", "4-20", "21+"),
    "destroyed": ("0", "1-3", "4-20", "21+"),
    "garbled": ("0", "1", "2+"),
    "lost": ("0", "1-3", "4+"),
    "burst": ("<20", "20-99", "100+"),
    "beacons": ("0", "1", "2+"),
    "clock_novel": ("0", "1", "2+"),
    "env_vars": ("0", "1-3", "4-10", "11+"),
    "listings": ("0", "1-5", "6-20", "21+"),
    "burns": ("0", "1", "2", "3+"),
    "shares": ("0", "1+"),
}

# Values that are the harm itself, verified on content (a secret or a listing of credential
# files leaving, downloaded or connecting code run, files garbled, or removed although the
# extension neither made them, nor copied them, nor are they temporary: lost): the model's
# prior belief (model.py) is that a benign extension almost never shows them.
HARM_EVENT: dict[str, tuple[str, ...]] = {
    "flow": ("recon", "leak", "leak_encoded"),
    "spawn": ("escape", "fetched", "connect"),
    "change": ("garble", "remove"),
    "share": ("yes",),
}
HARM_STATE: dict[str, tuple[str, ...]] = {
    "leaks": ("1", "2+"),
    "recon_out": ("1+",),
    "spawn": ("escape", "fetched", "connect"),
    "garbled": ("1", "2+"),
    "lost": ("1-3", "4+"),
    "shares": ("1+",),
}

# state features that count something (their buckets are ordered)
ORDINAL_STATE = frozenset(STATE_FEATURES) - {"spawn"}

# names of files that are temporary by convention (removing them destroys nothing)
_TEMPORARY = re.compile(
    r"(\.(tmp|temp|cache|bak|old|swp|pyc|o|part|lock|pid)|~|\.\d+)$|/(tmp|cache|\.cache)/",
    re.IGNORECASE,
)

# Fuel (loop iterations and calls, identical in every lane and on every machine) measures
# time: spent since the extension's last outbound call or log line, it is CPU burn without
# output; between two host calls, a busy gap; host calls within RATE_FUEL, a burst.
BURN_LIGHT = 5_000
BURN_HEAVY = 50_000
GAP_FUEL = BURN_LIGHT
RATE_FUEL = 1_000

# executables that give a shell, an interpreter or a raw network tool
SHELLS = frozenset(
    {
        "sh",
        "bash",
        "dash",
        "zsh",
        "ksh",
        "csh",
        "tcsh",
        "fish",
        "busybox",
        "nc",
        "ncat",
        "netcat",
        "socat",
        "telnet",
        "ssh",
        "curl",
        "wget",
        "python",
        "python3",
        "perl",
        "ruby",
        "php",
        "node",
        "lua",
        "awk",
        "openssl",
        "xterm",
    }
)
_OPS = {
    ("fs.read", "read"): "fs.read",
    ("fs.read", "list"): "fs.list",
    ("fs.write", "write"): "fs.write",
    ("fs.write", "append"): "fs.append",
    ("fs.write", "remove"): "fs.remove",
    ("fs.write", "make_dirs"): "fs.make_dirs",
    ("fs.write", "rename"): "fs.rename",
    ("clock", "time"): "clock.time",
    ("clock", "monotonic"): "clock.monotonic",
    ("clock", "sleep"): "clock.sleep",
}
_CONSEQUENTIAL = frozenset(
    {"fs.write", "fs.append", "fs.remove", "fs.rename", "net.get", "net.send", "net.other"}
    | {"proc.run"}
)
_SPAWN_RANK = {kind: rank for rank, kind in enumerate(EVENT_FEATURES["spawn"])}


def operation(event) -> str:
    """The `op` feature of an event."""
    capability = event.capability
    op = _OPS.get((capability, event.operation))
    if op is not None:
        return op
    if capability == "fs.read":
        return "fs.stat"
    if capability == "net.http":
        method = event.operation
        if method in ("GET", "HEAD"):
            return "net.get"
        return "net.send" if method in ("POST", "PUT", "PATCH") else "net.other"
    if capability in ("env.read", "proc.run", "log"):
        return capability
    return "other"


def bucket(n: int, edges: tuple[str, ...]) -> str:
    """The bucket label of count `n` among labels like ("0", "1", "2-3", "4+") or ("<20", ...)."""
    for label in edges:
        if label.endswith("+"):
            return label
        if label.startswith("<"):
            if n < int(label[1:]):
                return label
            continue
        low, _, high = label.partition("-")
        if n <= int(high or low):
            return label
    return edges[-1]


def _table(edges: tuple[str, ...]) -> tuple[str, ...]:
    """bucket(n, edges) for n = 0, 1, ... up to the last bound (then the last label)."""
    top = 0
    for label in edges:
        digits = label.strip("<+").rpartition("-")[2]
        top = max(top, int(digits))
    return tuple(bucket(n, edges) for n in range(top + 1))


_TABLES = {name: _table(labels) for name, labels in STATE_FEATURES.items() if name != "spawn"}
_MASS = _table(EVENT_FEATURES["mass"][1:])


def _bucketed(name: str, n: int) -> str:
    table = _TABLES[name]
    return table[n] if n < len(table) else table[-1]


@dataclass
class Features:
    """The features after one call: of the call (`event`) and of the stream so far (`state`)."""

    event: dict[str, str]
    state: dict[str, str]

    def to_json(self) -> dict:
        return {"event": dict(self.event), "state": dict(self.state)}


@dataclass
class FeatureState:
    """The running features of one extension. `declared`: the manifest's scopes, as plain data
    (`{"net.http": ["127.0.0.1:8080"], "fs.write": ["/abs/dir"], "proc.run": ["/bin/cc"]}`);
    None means everything granted is declared."""

    declared: Mapping[str, list[str]] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    _last_fuel: int | None = None
    _last_op: str = ""
    _recent: deque = field(default_factory=deque)
    _max_rate: int = 0
    _destinations: set = field(default_factory=set)
    _write_dirs: set = field(default_factory=set)
    _read_paths: set = field(default_factory=set)
    _changed: set = field(default_factory=set)
    _own: set = field(default_factory=set)  # files the extension wrote
    _env_names: set = field(default_factory=set)
    _listed: set = field(default_factory=set)
    _ops_seen: set = field(default_factory=set)
    _wall_clock_read: bool = False
    _secret_read: bool = False
    _spawn_max: str = "none"
    _fuel_at_output: int = 0

    def update(self, event, observation: Observation = NOTHING) -> Features:
        """The features of `event` (a HostCallEvent or an object with its fields)."""
        op = operation(event)
        sensitivity = classify(event.capability, event.target)
        outbound = op in _CONSEQUENTIAL
        fuel = int(event.fuel)
        gap = self._gap(fuel)
        self._rate(fuel)
        flow = self._flow(outbound, observation)
        dest = self._destination(event, op)
        spawn = self._spawn(event, observation) if op == "proc.run" else "none"
        change, mass = self._change(event, op, observation)
        novel = outbound and self._wall_clock_read and op not in self._ops_seen
        burn = self._burn(fuel, outbound or op == "log")
        share = self._share(observation, outbound, burn)
        features = {
            "op": op,
            "target": sensitivity,
            "flow": flow,
            "dest": dest,
            "spawn": spawn,
            "granted": "yes" if event.granted else "no",
            "gap": gap,
            "beacon": "yes" if op.startswith("net.") and gap != "short" else "no",
            "clock": "yes" if novel else "no",
            "change": change,
            "mass": mass,
            "burn": burn,
            "share": share,
        }
        self._count(features, event, op, sensitivity)
        self._ops_seen.add(op)
        if op == "clock.time":
            self._wall_clock_read = True
        if sensitivity == SECRET and event.granted and op in ("fs.read", "env.read", "net.get"):
            self._secret_read = True
        self._last_op = op
        return Features(features, self.state())

    def state(self) -> dict[str, str]:
        c = self.counts.get
        return {
            "secret_reads": _bucketed("secret_reads", c("secret_reads", 0)),
            "config_reads": _bucketed("config_reads", c("config_reads", 0)),
            "leaks": _bucketed("leaks", c("leaks", 0)),
            "auth_leaks": _bucketed("auth_leaks", c("auth_leaks", 0)),
            "tainted_out": _bucketed("tainted_out", c("tainted_out", 0)),
            "destinations": _bucketed("destinations", len(self._destinations)),
            "undeclared": _bucketed("undeclared", c("undeclared", 0)),
            "spawn": self._spawn_max,
            "denied": _bucketed("denied", c("denied", 0)),
            "changed": _bucketed("changed", len(self._changed)),
            "destroyed": _bucketed("destroyed", c("destroyed", 0)),
            "garbled": _bucketed("garbled", c("garbled", 0)),
            "lost": _bucketed("lost", c("lost", 0)),
            "recon_out": _bucketed("recon_out", c("recon_out", 0)),
            "burst": _bucketed("burst", self._max_rate),
            "beacons": _bucketed("beacons", c("beacons", 0)),
            "clock_novel": _bucketed("clock_novel", c("clock_novel", 0)),
            "env_vars": _bucketed("env_vars", len(self._env_names)),
            "listings": _bucketed("listings", len(self._listed)),
            "burns": _bucketed("burns", c("burns", 0)),
            "shares": _bucketed("shares", c("shares", 0)),
        }

    # -- pieces -------------------------------------------------------------------
    def _gap(self, fuel: int) -> str:
        """The pause before this call: right after a sleep, after CPU work (fuel), or none."""
        last, self._last_fuel = self._last_fuel, fuel
        if self._last_op == "clock.sleep":
            return "slept"
        return "busy" if last is not None and fuel - last >= GAP_FUEL else "short"

    def _rate(self, fuel: int) -> None:
        recent = self._recent
        recent.append(fuel)
        while recent and recent[0] <= fuel - RATE_FUEL:
            recent.popleft()
        self._max_rate = max(self._max_rate, len(recent))

    def _burn(self, fuel: int, output: bool) -> str:
        """How much fuel the extension spent since its last output, if this call is one."""
        if not output:
            return "none"
        spent, self._fuel_at_output = fuel - self._fuel_at_output, fuel
        return "heavy" if spent >= BURN_HEAVY else "light" if spent >= BURN_LIGHT else "none"

    def _share(self, observation: Observation, outbound: bool, burn: str) -> str:
        """A mining share: mining vocabulary going out once the extension has burnt CPU."""
        if not (outbound and observation.share):
            return "no"
        return "yes" if burn != "none" or self.counts.get("burns", 0) else "vocab"

    def _flow(self, outbound: bool, observation: Observation) -> str:
        if not outbound:
            return "none"
        if observation.leak == "plain":
            return "leak_auth" if observation.channel == "auth" else "leak"
        if observation.leak == "listing":
            return "recon"
        if observation.leak:
            return "leak_encoded"
        return "tainted" if self._secret_read else "out"

    def _destination(self, event, op: str) -> str:
        if op.startswith("net."):
            key = split_url(event.target)[0]
            if not self._declared("net.http", key):
                return "undeclared"
            if key in self._destinations:
                return "known"
            if event.granted:
                self._destinations.add(key)
            return "new"
        if event.capability == "fs.write" and op != "fs.make_dirs":
            targets = (event.target, *event.other_targets)
            if not all(self._declared("fs.write", path) for path in targets):
                return "undeclared"
            folder = targets[-1].rpartition("/")[0]
            if folder in self._write_dirs:
                return "known"
            self._write_dirs.add(folder)
            return "new"
        if op == "proc.run":
            return "known" if self._declared("proc.run", event.target) else "undeclared"
        return "none"

    def _declared(self, capability: str, key: str) -> bool:
        if self.declared is None:
            return True
        scopes = self.declared.get(capability, ())
        if capability == "net.http":
            host = key.rpartition(":")[0] if key.rfind(":") > key.rfind("]") else key
            return key in scopes or host in scopes or host.strip("[]") in scopes
        if capability == "fs.write":
            return any(key == s or key.startswith(s.rstrip("/") + "/") for s in scopes)
        return key in scopes or key.rpartition("/")[2] in scopes

    def _spawn(self, event, observation: Observation) -> str:
        name = event.target.rpartition("/")[2]
        if observation.spawn in ("connect", "fetched", "escape"):
            kind = observation.spawn
        elif observation.dropped or event.target in self._own:
            kind = "written"
        elif observation.spawn == "inline":
            kind = "inline"
        elif name in SHELLS or name.rstrip("0123456789.") in SHELLS:
            kind = "shell"
        else:
            kind = "tool"
        if _SPAWN_RANK[kind] > _SPAWN_RANK[self._spawn_max]:
            self._spawn_max = kind
        return kind

    def _change(self, event, op: str, observation: Observation) -> tuple[str, str]:
        if event.capability != "fs.write" or op == "fs.make_dirs":
            return "none", "none"
        paths = (event.target, *event.other_targets)
        own = event.target in self._own
        if op == "fs.remove":
            if own:
                change = "remove_own"
            elif _TEMPORARY.search(event.target):
                change = "remove_temp"
            else:
                change = "remove_saved" if observation.saved else "remove"
        elif op == "fs.rename":
            change = "create" if own or observation.saved else "rename"
        elif observation.garbled:
            change = "garble"
        elif event.target in self._read_paths:
            change = "edit"
        else:
            change = "append" if op == "fs.append" else "create"
        n = len(self._changed) + sum(p not in self._changed for p in dict.fromkeys(paths))
        if event.granted:
            self._changed.update(paths)
            if op == "fs.remove":
                self._own.discard(event.target)
            else:
                self._own.update(paths[1:] if op == "fs.rename" else paths)
        return change, _MASS[n] if n < len(_MASS) else _MASS[-1]

    def _count(self, features: dict[str, str], event, op: str, sensitivity: str) -> None:
        c = self.counts

        def add(key: str, n: int = 1) -> None:
            c[key] = c.get(key, 0) + n

        if not event.granted:
            add("denied")
        if op in ("fs.read", "env.read") or (op == "net.get" and sensitivity == SECRET):
            if sensitivity == SECRET:
                add("secret_reads")
            elif sensitivity == CONFIG:
                add("config_reads")
        if op == "fs.read" and event.granted:
            self._read_paths.add(event.target)
        if op == "fs.list" and event.granted:
            self._listed.add(event.target)
        if op == "env.read":
            self._env_names.add(event.target)
        flow = features["flow"]
        if flow in ("leak", "leak_encoded"):
            add("leaks")
        elif flow == "recon":
            add("recon_out")
        elif flow == "leak_auth":
            add("auth_leaks")
        elif flow == "tainted":
            add("tainted_out")
        if features["dest"] == "undeclared":
            add("undeclared")
        if features["change"] in ("garble", "remove", "rename"):
            add("destroyed")
        if features["change"] == "garble":
            add("garbled")
        if features["change"] == "remove":
            add("lost")
        if features["beacon"] == "yes":
            add("beacons")
        if features["clock"] == "yes":
            add("clock_novel")
        if features["burn"] != "none" and op in _CONSEQUENTIAL:
            add("burns")
        if features["share"] == "yes":
            add("shares")
