"""Per-function profiles of one extension, and the tier-up policy.

A `FunctionProfile` records what the engine observed of one extension
function: calls, the fuel its calls used (loop iterations and calls, its
callees' included), wall time, the argument signatures seen, the lane it ran
in and why, the call at which it tiered up, and what compiling cost.

A `Profile` holds them for one extension, by name, and its call stacks
(`stacks`, a `CallTree` of stacks.py) when the engine profiles calls. Its
`report()`, `collapsed_stacks()`, `speedscope(name)` and `summary()` are the
exports of export.py.

Signature counts: `signatures` counts the calls per argument signature. A
recorder on a hot path takes a `SignatureTally` of one signature (`tally`) and
adds to its plain int; the tallies are folded into `signatures` whenever it is
read, so every reader sees every call.

`TierPolicy` is the threshold of the `auto` lane: a function is hot once its
calls or its fuel cross the policy's limits and its interpreted time its
`seconds`. Nothing here knows the engine:
the engine reports events, the profile keeps numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from frankenengine.profiles import export
from frankenengine.profiles.stacks import CallTree, StackRecord


@dataclass(frozen=True)
class TierPolicy:
    """When `auto` compiles a function: once its calls or its fuel reach `calls` or `fuel`,
    and its interpreted calls have taken `seconds` in all. A first compile costs about a
    second (Numba's import included), so a function is compiled only once interpreting it
    has cost about as much as compiling it will: a program whose hot code interprets in
    less never pays for a compile, one that runs longer pays at most what it had already
    spent (the ski-rental rule)."""

    calls: int = 50
    fuel: int = 20_000
    seconds: float = 1.0
    # Calls from interpreted code cross into native code only where timing shows that
    # crossing pays (`engine.crossings`); False: they always cross (for measuring it).
    weigh_crossings: bool = True
    # In-call tier-up: a loop of a function that runs long inside one call polls when its
    # iteration takes a new batch of `loop_poll` fuel units, and moves to native code once
    # its iterations have taken `seconds` (times the same scale); 0 turns it off
    # (`engine.loop_entries`).
    loop_poll: int = 1 << 14
    # `auto` compiles a hot function or loop in a worker process into the JIT's disk cache
    # while the interpreter goes on, and switches once it is there (`jit.compile_worker`);
    # it is hot for that after `BACKGROUND_SHARE` of `seconds` (what the engine's own
    # process still spends: importing Numba, typing, loading). False: compiles in process.
    compile_in_background: bool = True

    BACKGROUND_SHARE = 0.4

    def hot(self, profile: FunctionProfile, scale: float = 1.0, background: bool = False) -> bool:
        """Whether `profile`'s function is worth compiling; `scale`: what its compile will
        cost against a usual one (more on a machine that never compiled the helpers);
        `background`: compiled in a worker process, the engine's process pays a share."""
        counted = profile.calls >= self.calls or profile.fuel >= self.fuel
        return counted and self.paid_for(profile.seconds, scale, background)

    def paid_for(self, seconds: float, scale: float = 1.0, background: bool = False) -> bool:
        """Whether code that has taken `seconds` interpreted has paid for its compile (the
        ski-rental rule; the time of a loop's iterations is judged alone)."""
        share = self.BACKGROUND_SHARE if background else scale
        return seconds >= self.seconds * share


class SignatureTally:
    """Calls with one argument signature not yet counted in `FunctionProfile.signatures`:
    a hot path adds to `calls` (an int attribute, where a count in the `Counter` hashes
    the signature twice); reading `signatures` moves them there."""

    __slots__ = ("key", "calls")

    def __init__(self, key):
        self.key = key
        self.calls = 0


@dataclass
class FunctionProfile:
    name: str
    calls: int = 0
    jit_calls: int = 0
    fuel: int = 0
    seconds: float = 0.0
    lane: str = "interp"
    reason: str = ""
    _signatures: Counter = field(default_factory=Counter, repr=False)  # read `signatures`
    tier_up_call: int | None = None
    compile_seconds: float = 0.0
    cache_hits: int = 0
    crossing: str = (
        ""  # the last weighing of native against interpreted calls from interpreted code
    )
    # In-call tier-up: the line of each loop that became hot -> "jit" or why it stays
    # interpreted (`engine.loop_entries`).
    loops: dict = field(default_factory=dict)
    file: str = ""  # where the function is defined (known when calls are profiled)
    line: int = 0
    _tallies: list[SignatureTally] = field(default_factory=list, repr=False, compare=False)

    @property
    def signatures(self) -> Counter:
        """Calls per argument signature, every tally's calls included."""
        counts = self._signatures
        for tally in self._tallies:
            if tally.calls:
                counts[tally.key] += tally.calls
                tally.calls = 0
        return counts

    def tally(self, key) -> SignatureTally:
        """The tally of calls with signature `key`, for a recorder to add to."""
        tally = SignatureTally(key)
        self._tallies.append(tally)
        return tally

    def to_json(self) -> dict:
        return {
            "calls": self.calls,
            "jit_calls": self.jit_calls,
            "fuel": self.fuel,
            "seconds": round(self.seconds, 9),
            "lane": self.lane,
            "reason": self.reason,
            "signatures": dict(sorted((_signature(k), n) for k, n in self.signatures.items())),
            "tier_up_call": self.tier_up_call,
            "compile_seconds": round(self.compile_seconds, 6),
            "cache_hits": self.cache_hits,
            "crossing": self.crossing,
            "loops": {str(line): found for line, found in sorted(self.loops.items())},
        }


class Profile:
    """The profiles of one extension's functions, by name, and its call stacks if recorded."""

    def __init__(self, names=()):
        self.functions: dict[str, FunctionProfile] = {name: FunctionProfile(name) for name in names}
        self.stacks: CallTree | None = None  # set when the engine profiles calls

    def of(self, name: str) -> FunctionProfile:
        """The profile of `name`, added (empty) if there is none yet: for recording."""
        found = self.functions.get(name)
        if found is None:
            found = self.functions[name] = FunctionProfile(name)
        return found

    def known(self, name: str) -> FunctionProfile:
        """The profile of `name`, or an empty one (not added) if nothing was recorded of it."""
        return self.functions.get(name) or FunctionProfile(name)

    def to_json(self) -> dict:
        return {name: p.to_json() for name, p in sorted(self.functions.items())}

    def stack_records(self) -> list[StackRecord]:
        """The recorded stack paths (none unless the engine profiles calls)."""
        return [] if self.stacks is None else self.stacks.records()

    # -- exports (export.py) ----------------------------------------------------------
    def report(self) -> dict:
        return export.report(self)

    def collapsed_stacks(self) -> str:
        return export.collapsed_stacks(self.stack_records())

    def speedscope(self, name: str) -> dict:
        return export.speedscope(self, name)

    def summary(self) -> str:
        return export.summary(self)


def _signature(key) -> str:
    """An argument signature as text: `(int, array(float64, 1d, C))`."""
    if isinstance(key, tuple):
        return "(" + ", ".join(map(repr, key)) + ")"
    return str(key)
