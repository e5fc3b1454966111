"""Per-function profiles and the tier-up policy.

A `FunctionProfile` records what the engine observed of one extension
function: calls, the fuel its calls used (loop iterations and calls, its
callees' included), wall time, the argument signatures seen, the lane it ran
in and why, the call at which it tiered up, and what compiling cost. A
`Profile` holds them for one extension and exports them as JSON and as
collapsed stacks (one `name;lane count` line per function, loadable in flame
graph viewers).

`TierPolicy` is the threshold of the `auto` lane: a function is hot once its
calls or its fuel cross the policy's limits. Nothing here knows the engine:
the engine reports events, the profile keeps numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TierPolicy:
    calls: int = 50
    fuel: int = 20_000

    def hot(self, profile: FunctionProfile) -> bool:
        return profile.calls >= self.calls or profile.fuel >= self.fuel


@dataclass
class FunctionProfile:
    name: str
    calls: int = 0
    jit_calls: int = 0
    fuel: int = 0
    seconds: float = 0.0
    lane: str = "interp"
    reason: str = ""
    signatures: Counter = field(default_factory=Counter)
    tier_up_call: int | None = None
    compile_seconds: float = 0.0
    cache_hits: int = 0

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
        }


class Profile:
    """The profiles of one extension's functions, by name."""

    def __init__(self, names=()):
        self.functions: dict[str, FunctionProfile] = {name: FunctionProfile(name) for name in names}

    def of(self, name: str) -> FunctionProfile:
        found = self.functions.get(name)
        if found is None:
            found = self.functions[name] = FunctionProfile(name)
        return found

    def to_json(self) -> dict:
        return {name: p.to_json() for name, p in sorted(self.functions.items())}

    def collapsed_stacks(self) -> str:
        """`function;lane microseconds` lines (flame graph input), busiest first."""
        rows = sorted(self.functions.values(), key=lambda p: (-p.seconds, p.name))
        return "".join(f"{p.name};{p.lane} {round(p.seconds * 1e6)}\n" for p in rows if p.calls)


def _signature(key) -> str:
    """An argument signature as text: `(int, array(float64, 1d, C))`."""
    if isinstance(key, tuple):
        return "(" + ", ".join(map(repr, key)) + ")"
    return str(key)
