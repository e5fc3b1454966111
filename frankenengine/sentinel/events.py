"""Host-call telemetry: the event the engine's bridge fills and the hook that decides on it.

Every host call an extension makes becomes one `HostCallEvent`, built by the
engine's host bridge before the call does anything, and shown to a
`DecisionHook`, which answers with a `Decision`. The sentinel's policies
implement `DecisionHook`; the engine never depends on more than this module.

Invariants:
- this module imports nothing of the engine (layering rule): the engine fills
  these types, the sentinel only reads them;
- events are immutable and JSON-serialisable (`to_json`); `target` is
  normalised (a resolved absolute path, a URL with explicit scheme, host and
  port and no user info, a variable name, a resolved executable), so equal
  accesses give equal targets;
- `seq` numbers the host calls of one extension from 0 without gaps, denied
  calls included, so a recorded stream can be replayed in order;
- a hook sees an event before the call runs: `bytes_in` is 0 and `outcome`
  is "" then; the bridge's record of the call fills both afterwards;
- the grants are an upper bound: a hook can refuse a granted call, never
  allow an ungranted one (`granted=False` is refused whatever it answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

# What a decision may do. "deny" refuses this call only (the grants' answer);
# the others are the sentinel's actions (DESIGN.md, "The sentinel").
ACTIONS: tuple[str, ...] = (
    "allow",
    "deny",
    "warn",
    "challenge",
    "sandbox",
    "suspend",
    "terminate",
    "quarantine",
)
# Actions that end the run (an engine error the extension cannot catch).
STOPPING_ACTIONS: frozenset[str] = frozenset({"terminate", "quarantine"})


@dataclass(frozen=True)
class HostCallEvent:
    """One host call of one extension, normalised."""

    extension: str
    capability: str  # "fs.read", "fs.write", "net.http", "env.read", "proc.run", "clock", "log"
    operation: str  # "read", "write", "GET", "run", ...
    target: str  # normalised; "" for calls without a target
    bytes_in: int  # bytes that came back into the extension (0 before the call ran)
    bytes_out: int  # bytes the call sends out (written, posted, piped, logged)
    line: int  # call site in the extension's source; 0 when unknown
    time: float  # monotonic seconds
    seq: int  # per extension, from 0
    granted: bool  # whether the grants allow the call
    function: str = ""  # the host function called: "fs.read_text"
    other_targets: tuple[str, ...] = ()  # further targets (the destination of a rename)
    outcome: str = ""  # after the call: "ok", "denied", "terminated" or an exception type
    fuel: int = 0  # fuel the extension had used when it made the call (deterministic CPU work)

    def to_json(self) -> dict:
        data = {name: getattr(self, name) for name in _EVENT_FIELDS}
        data["other_targets"] = list(self.other_targets)
        return data


_EVENT_FIELDS = tuple(HostCallEvent.__dataclass_fields__)


@dataclass(frozen=True)
class Decision:
    """A hook's answer. `allow=False` refuses the call; `action` says what else happens."""

    allow: bool
    action: str = "allow"
    reason: str = ""

    def __post_init__(self):
        if self.action not in ACTIONS:
            raise ValueError(f"unknown action {self.action!r}")


@runtime_checkable
class DecisionHook(Protocol):
    """Decides on each host call before it runs."""

    def decide(self, event: HostCallEvent) -> Decision: ...


class AllowGranted:
    """The default hook: allows exactly what the grants allow."""

    def decide(self, event: HostCallEvent) -> Decision:
        if event.granted:
            return Decision(True, "allow", "granted")
        return Decision(False, "deny", "outside the grants")


@runtime_checkable
class ContentHook(Protocol):
    """A hook that also sees the content of calls (the sentinel). The bridge calls
    `decide_content` instead of `decide`, with the call's target and payload arguments
    (parameter name -> value as the extension passed it: str, list of str, dict of str or
    None), and `received` after a call that brought text back (read text, response body,
    process output, variable value). Content is never put into events or their JSON."""

    def decide_content(self, event: HostCallEvent, content: dict) -> Decision: ...

    def received(self, event: HostCallEvent, text: str) -> None: ...


@dataclass
class RecordingHook:
    """Wraps another hook and records every event it saw and the decision given (for tests)."""

    inner: DecisionHook = field(default_factory=AllowGranted)
    events: list[HostCallEvent] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def decide(self, event: HostCallEvent) -> Decision:
        decision = self.inner.decide(event)
        self.events.append(event)
        self.decisions.append(decision)
        return decision
