"""The host-call bridge: every host call of one extension goes through `HostBridge.call`.

`HostBridge(extension, grants, hook).builtins()` gives the callables the
interpreter binds to `host.fs.read_text` and the other host functions
(CPython's stand-in `host` package binds the same ones). A call:

1. binds and checks its arguments (TypeError/ValueError, like a Python
   function; no event, no effect);
2. normalises its targets (resolved path, parsed URL, variable name,
   granted executable) and asks the grants whether they allow them;
3. becomes a `HostCallEvent` (sequence number, call-site line, monotonic
   time, bytes it sends out) and is shown to the decision hook (a hook
   with `decide_content`, a `ContentHook`, also gets the call's target and
   payload arguments, and after the call, through `received`, the text it
   returned: content never enters the event);
4. runs only if the grants allow it and the hook allows it; otherwise it
   raises CapabilityDenied (or, when the hook's action is terminate or
   quarantine, stops the run with ExtensionTerminated) and has no effect;
5. is recorded in `bridge.events` with the bytes that came back and its
   outcome.

Invariants: the hook sees every call that passes step 1, denied ones
included, before the call touches anything; a hook can refuse a granted
call but never allow an ungranted one; a hook that fails or answers
something other than a Decision refuses the call (fail closed); when the run
has a deadline, sleeps, requests and processes end by it (then the run stops
with the engine's DeadlineExceeded, not a catchable TimeoutError).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from frankenengine.host import arguments as args_
from frankenengine.host.capabilities import HOST_FUNCTIONS, HostFunction
from frankenengine.host.clock import Clock
from frankenengine.host.env import Environment
from frankenengine.host.fs import MAX_READ_BYTES, FileSystem, Located, resolve
from frankenengine.host.grants import NO_GRANTS, Grants
from frankenengine.host.log import Log
from frankenengine.host.net import MAX_BODY_BYTES, BadUrl, Network, parse_url
from frankenengine.host.proc import MAX_OUTPUT_BYTES, Processes
from frankenengine.runtime import sizes
from frankenengine.runtime.errors import CapabilityDenied, ExtensionTerminated
from frankenengine.sentinel.events import (
    STOPPING_ACTIONS,
    AllowGranted,
    Decision,
    DecisionHook,
    HostCallEvent,
)

_warnings = logging.getLogger("frankenengine.host")
_MAX_SHOWN = 2048  # characters of a target that cannot be normalised kept in the event


@dataclass(frozen=True)
class Target:
    """A normalised target: its text for the event, the value the operation uses, the verdict."""

    text: str
    value: object
    allowed: bool
    shown: str  # as the extension wrote it: the only form a refusal message repeats
    reason: str = ""


def _no_deadline() -> float | None:
    return None


def _no_fuel() -> int:
    return 0


def _nothing(*_args) -> None:
    return None


class HostBridge:
    """The host calls of one extension, checked, decided on, carried out and recorded."""

    def __init__(
        self,
        extension_name: str,
        grants: Grants | Mapping | None = None,
        hook: DecisionHook | None = None,
        clock: Callable[[], float] = time.monotonic,
        logger: logging.Logger | Callable | None = None,
        *,
        line_of_call: Callable[[], int] | None = None,
        base_dir: str | Path | None = None,
        max_read_bytes: int | None = None,
        max_response_bytes: int | None = None,
        max_output_bytes: int | None = None,
    ):
        if grants is None:
            grants = NO_GRANTS
        elif not isinstance(grants, Grants):
            grants = Grants.from_mapping(grants, base_dir)
        self.extension = extension_name
        self.grants = grants
        self.hook = hook if hook is not None else AllowGranted()
        self.events: list[HostCallEvent] = []
        self.decisions: list[Decision] = []
        self._clock = clock
        self._seq = 0
        self._line_of_call = line_of_call or (lambda: 0)
        self._deadline_left: Callable[[], float | None] = _no_deadline
        self._check_deadline: Callable[[], None] = _nothing
        self._halt: Callable[[BaseException], None] | None = None
        self._charge: Callable[[int], None] = _nothing
        self._fuel_used: Callable[[], int] = _no_fuel
        self.fs = FileSystem(max_read_bytes or MAX_READ_BYTES)
        self.net = Network(max_response_bytes or MAX_BODY_BYTES)
        self.proc = Processes(max_output_bytes or MAX_OUTPUT_BYTES)
        self.env = Environment()
        self.clock = Clock(lambda: self._deadline_left(), lambda: self._check_deadline())
        self.log = Log(extension_name, logger)

    def attach(
        self,
        *,
        line_of_call: Callable[[], int] | None = None,
        deadline_left: Callable[[], float | None] | None = None,
        check_deadline: Callable[[], None] | None = None,
        halt: Callable[[BaseException], None] | None = None,
        charge: Callable[[int], None] | None = None,
        fuel_used: Callable[[], int] | None = None,
    ) -> None:
        """Connect the bridge to a running engine: call sites, deadline, stopping, memory.

        `deadline_left()` gives the seconds left before the run's deadline (None:
        no deadline); `check_deadline()` raises the engine's error once it has
        passed; `halt(error)` stops the run with an engine error; `charge(n)`
        charges the run's memory for what a call returns; `fuel_used()` gives the
        fuel the extension has used so far (recorded in each event).
        """
        if line_of_call is not None:
            self._line_of_call = line_of_call
        if deadline_left is not None:
            self._deadline_left = deadline_left
        if check_deadline is not None:
            self._check_deadline = check_deadline
        if halt is not None:
            self._halt = halt
        if charge is not None:
            self._charge = charge
        if fuel_used is not None:
            self._fuel_used = fuel_used

    # -- the built-ins --------------------------------------------------------
    def builtins(self) -> dict[str, Callable]:
        """`host.module.member` -> callable, for every host function."""
        return {row.builtin_name: self._function(row) for row in HOST_FUNCTIONS.values()}

    def _function(self, row: HostFunction) -> Callable:
        name = row.name

        def host_function(*args, **kwargs):
            return self.call(name, args, kwargs)

        host_function.__name__ = row.member
        host_function.__qualname__ = row.name
        host_function.__signature__ = row.signature
        return host_function

    # -- one call -------------------------------------------------------------
    def call(self, name: str, args: tuple = (), kwargs: dict | None = None):
        """Carry out host function `name` (`"fs.read_text"`) with the extension's arguments."""
        row = HOST_FUNCTIONS[name]
        arguments = args_.bind(row, args, kwargs or {})
        self._check_deadline()
        targets = [self._normalise(row, arguments[param]) for param in row.targets]
        granted = all(t.allowed for t in targets) and self.grants.has(row.capability)
        event = HostCallEvent(
            extension=self.extension,
            capability=row.capability,
            operation=row.operation or arguments["method"].upper(),
            target=targets[0].text if targets else "",
            bytes_in=0,
            bytes_out=args_.payload_bytes(row, arguments),
            line=int(self._line_of_call()),
            time=float(self._clock()),
            seq=self._seq,
            granted=granted,
            function=name,
            other_targets=tuple(t.text for t in targets[1:]),
            fuel=int(self._fuel_used()),
        )
        self._seq += 1
        decision = self._decide(event, row, arguments)
        if not (granted and decision.allow):
            self._refuse(event, decision, targets)
        if decision.action == "warn":
            _warnings.warning("%s: %s %s: %s", self.extension, name, event.target, decision.reason)
        try:
            result = self._execute(row, arguments, [t.value for t in targets], event)
        except BaseException as exc:
            self._record(event, decision, type(exc).__name__)
            if isinstance(exc, TimeoutError) and self._past_deadline():
                self._check_deadline()
            raise
        self._record(event, decision, "ok", _result_bytes(result))
        self._received(result)
        self._charge(sizes.deep_size([result]))
        return result

    def _decide(self, event: HostCallEvent, row: HostFunction, arguments: dict) -> Decision:
        try:
            decide_content = getattr(self.hook, "decide_content", None)
            if decide_content is None:
                decision = self.hook.decide(event)
            else:  # a ContentHook also sees what the call's arguments carry
                names = dict.fromkeys((*row.targets, *row.payload))
                decision = decide_content(event, {name: arguments[name] for name in names})
        except Exception as exc:  # fail closed
            return Decision(False, "deny", f"decision hook failed: {type(exc).__name__}")
        if not isinstance(decision, Decision):
            return Decision(False, "deny", "decision hook gave no decision")
        return decision

    def _received(self, result) -> None:
        """Show a ContentHook the text a call returned (best effort: the call has run)."""
        received = getattr(self.hook, "received", None)
        text = _result_text(result)
        if received is not None and text:
            try:
                received(self.events[-1], text)
            except Exception:
                _warnings.exception("%s: decision hook failed on a result", self.extension)

    def _refuse(self, event: HostCallEvent, decision: Decision, targets: list[Target]):
        stopping = not decision.allow and decision.action in STOPPING_ACTIONS
        self._record(event, decision, "terminated" if stopping else "denied")
        shown = repr(targets[0].shown[:200]) if targets else event.function
        if stopping:
            error = ExtensionTerminated(
                f"{event.capability} {decision.action}: {shown}: {decision.reason}"
            )
            if self._halt is not None:
                self._halt(error)
            raise error
        if not event.granted:
            reason = next((t.reason for t in targets if t.reason), "outside the grants")
        else:
            reason = decision.reason or "refused by the sentinel"
        raise CapabilityDenied(f"{event.capability} denied: {shown} ({reason})")

    def _record(self, event, decision, outcome: str, bytes_in: int = 0) -> None:
        self.events.append(replace(event, bytes_in=bytes_in, outcome=outcome))
        self.decisions.append(decision)

    def _past_deadline(self) -> bool:
        left = self._deadline_left()
        return left is not None and left <= 0

    def _limit(self, timeout: float) -> float:
        """`timeout`, capped by what is left of the run's deadline."""
        left = self._deadline_left()
        return timeout if left is None else max(min(timeout, left), 1e-3)

    # -- targets --------------------------------------------------------------
    def _normalise(self, row: HostFunction, value) -> Target:
        kind = row.target_kind
        if kind == "path":
            resolved = resolve(value, self.grants.working_dir)
            root = self.grants.root_for(row.capability, resolved)
            located = Located(value, resolved, root or "")
            return Target(resolved, located, root is not None, value)
        if kind == "url":
            try:
                url = parse_url(value)
            except BadUrl as exc:
                return Target(value[:_MAX_SHOWN], None, False, value, str(exc))
            return Target(str(url), url, self.grants.allows_host(url.host, url.port), value)
        if kind == "variable":
            return Target(value, value, self.grants.allows_variable(value), value)
        if kind == "argv":
            exe = self.grants.executable(value[0])
            if exe is None:
                return Target(value[0][:_MAX_SHOWN], None, False, value[0])
            return Target(exe.path, exe, True, value[0])
        raise AssertionError(f"unknown target kind {kind}")

    # -- carrying out -----------------------------------------------------------
    def _execute(self, row: HostFunction, a: dict, targets: list, event: HostCallEvent):
        module, member = row.module, row.member
        if module == "fs":
            text = (a["text"],) if "text" in a else ()
            return getattr(self.fs, member)(*targets, *text)
        if module == "net":
            method = a["method"].upper() if member == "request" else row.operation
            timeout = self._limit(a.get("timeout", 10.0))
            return self.net.request(targets[0], method, a.get("body", ""), a["headers"], timeout)
        if module == "env":
            return self.env.get(a["name"], a["default"])
        if module == "proc":
            cwd = self.grants.working_dir or "/"
            timeout = self._limit(a["timeout"])
            return self.proc.run(targets[0], list(a["argv"]), a["input"], timeout, cwd)
        if module == "clock":
            return getattr(self.clock, member)(*a.values())
        if module == "log":
            return self.log.write(member, a["message"], event.line, event.seq)
        raise AssertionError(f"unknown host module {module}")

    def host_events(self) -> list[dict]:
        """The recorded events as JSON dicts, each with the decision taken."""
        return [
            {**e.to_json(), "allowed": d.allow, "action": d.action, "reason": d.reason}
            for e, d in zip(self.events, self.decisions, strict=True)
        ]


def _result_text(result) -> str:
    """The text a call brought back into the sandbox (what a ContentHook sees)."""
    if type(result) is str:
        return result
    if type(result) is dict:
        if "body" in result:
            return result["body"]
        if "stdout" in result:
            return result["stdout"] + "\n" + result["stderr"]
    if type(result) is list:
        return "\n".join(item for item in result if type(item) is str)
    return ""


def _result_bytes(result) -> int:
    if type(result) is dict:
        if "body" in result:
            return args_.text_bytes(result["body"])
        if "stdout" in result:
            return args_.text_bytes(result["stdout"]) + args_.text_bytes(result["stderr"])
    return args_.value_bytes(result)
