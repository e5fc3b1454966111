"""Per-function profiles, recorded call stacks, their exports, and the tier-up policy.

A `FunctionProfile` records what the engine observed of one extension
function: calls, the fuel its calls used (loop iterations and calls, its
callees' included), wall time, the argument signatures seen, the lane it ran
in and why, the call at which it tiered up, and what compiling cost.

A `CallTree` records real call stacks while the engine profiles calls: each
call enters a frame (function name and lane) under the frame that made it,
and leaving adds the call's wall time and fuel to that stack path. Fuel is
one unit per loop iteration and one per call, charged by the callee at its
entry, in every lane; so a path's loop iterations are its self fuel (its fuel
minus its callees') minus its calls, with no loop counters anywhere. Calls
that run inside one recorded frame without a frame of their own (nested
functions, a JIT group's native calls) are folded into it, their entry units
included in its loop iterations. A `<jit compile>` frame under a function
holds the time its call spent specialising a new signature.

A `Profile` holds both for one extension and exports them: `report()` (JSON:
per function and per stack path), `collapsed_stacks()` (flame graph text,
`main;kernel_[j] 1234` in self microseconds, `_[j]` marking JIT frames as
flamegraph.pl's `--color=java` does), `speedscope()` (speedscope's file
format, one weighted sample per stack path) and `summary()` (one screen).

`TierPolicy` is the threshold of the `auto` lane: a function is hot once its
calls or its fuel cross the policy's limits. Nothing here knows the engine:
the engine reports events, the profile keeps numbers.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

COMPILE_FRAME = "<jit compile>"
COMPILE_LANE = "compile"
SPEEDSCOPE_SCHEMA = "https://www.speedscope.app/file-format-schema.json"
_LANE_MARKS = {"jit": "_[j]"}


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
    file: str = ""  # where the function is defined (known when calls are profiled)
    line: int = 0

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


class Frame(NamedTuple):
    """One frame of a stack: a function (or `<jit compile>`) and the lane it ran in."""

    name: str
    lane: str

    @property
    def label(self) -> str:
        """The frame as flame graph tools show it: `kernel_[j]` for a JIT frame."""
        return self.name + _LANE_MARKS.get(self.lane, "")


@dataclass(frozen=True)
class StackRecord:
    """One stack path (outermost frame first) and what its calls used.

    `seconds` and `fuel` are inclusive (callees included); the `self_` ones
    exclude the frames recorded below this path.
    """

    frames: tuple[Frame, ...]
    calls: int
    seconds: float
    self_seconds: float
    fuel: int
    self_fuel: int

    @property
    def name(self) -> str:
        return self.frames[-1].name

    @property
    def lane(self) -> str:
        return self.frames[-1].lane

    @property
    def path(self) -> str:
        """The function names, `main;parse;tokenize`."""
        return ";".join(f.name for f in self.frames)

    @property
    def labels(self) -> str:
        """The frame labels, lanes marked: `main;kernel_[j]`."""
        return ";".join(f.label for f in self.frames)

    @property
    def loop_iterations(self) -> int:
        """Self fuel less the one unit each call charges at entry (none for compiling; a call
        that a limit stopped before its entry unit makes this undercount by one, never < 0)."""
        return 0 if self.lane == COMPILE_LANE else max(self.self_fuel - self.calls, 0)

    def to_json(self) -> dict:
        return {
            "stack": self.path,
            "lanes": [f.lane for f in self.frames],
            "calls": self.calls,
            "loop_iterations": self.loop_iterations,
            "self_fuel": self.self_fuel,
            "fuel": self.fuel,
            "self_seconds": round(self.self_seconds, 9),
            "seconds": round(self.seconds, 9),
        }


class _Node:
    __slots__ = ("frame", "parent", "children", "calls", "seconds", "fuel")

    def __init__(self, frame: Frame | None, parent: _Node | None):
        self.frame = frame
        self.parent = parent
        self.children: dict[Frame, _Node] = {}
        self.calls = 0
        self.seconds = 0.0
        self.fuel = 0


class CallTree:
    """The call stacks of profiled calls, as a tree of frames (one node per stack path).

    `fuel_used()` reads the fuel used so far by the running call; `clock()` the
    time in seconds. `enter` returns the token that the matching `leave` takes
    (leave in a `finally`); leaving a frame makes its caller current again even
    when an inner leave was skipped.
    """

    def __init__(
        self, fuel_used: Callable[[], int], clock: Callable[[], float] = time.perf_counter
    ):
        self.fuel_used = fuel_used
        self.clock = clock
        self._root = _Node(None, None)
        self._current = self._root

    def enter(self, name: str, lane: str, started: float | None = None) -> tuple:
        """Enter a frame of `name` in `lane` (`started`: an earlier start time, if any)."""
        parent = self._current
        node = parent.children.get((name, lane))  # a Frame is the tuple (name, lane)
        if node is None:
            frame = Frame(name, lane)
            node = parent.children[frame] = _Node(frame, parent)
        node.calls += 1
        self._current = node
        return node, self.clock() if started is None else started, self.fuel_used()

    def leave(self, entered: tuple) -> None:
        node, started, fuel = entered
        node.seconds += self.clock() - started
        node.fuel += self.fuel_used() - fuel
        self._current = node.parent

    def compiled(self, seconds: float) -> None:
        """The current frame spent `seconds` specialising: a `<jit compile>` frame below it."""
        node, _, _ = self.enter(COMPILE_FRAME, COMPILE_LANE)
        node.seconds += seconds
        self._current = node.parent

    def records(self) -> list[StackRecord]:
        """Every stack path, depth first, callees in the order of their first call."""
        found = []
        pending = [(child, ()) for child in reversed(self._root.children.values())]
        while pending:
            node, above = pending.pop()
            frames = (*above, node.frame)
            below = node.children.values()
            found.append(
                StackRecord(
                    frames=frames,
                    calls=node.calls,
                    seconds=node.seconds,
                    self_seconds=max(node.seconds - sum(c.seconds for c in below), 0.0),
                    fuel=node.fuel,
                    self_fuel=node.fuel - sum(c.fuel for c in below),
                )
            )
            pending.extend((child, frames) for child in reversed(below))
        return found


@dataclass
class FunctionTotals:
    """One function's share of the stacks: every path that ends in it, added up.

    `seconds` and `fuel` are inclusive, counted only on paths where the function
    is not already running above (so recursion is not counted twice).
    """

    calls: int = 0
    calls_by_lane: Counter = field(default_factory=Counter)
    self_seconds: float = 0.0
    seconds: float = 0.0
    self_fuel: int = 0
    fuel: int = 0
    loop_iterations: int = 0

    def add(self, record: StackRecord) -> None:
        self.calls += record.calls
        self.calls_by_lane[record.lane] += record.calls
        self.self_seconds += record.self_seconds
        self.self_fuel += record.self_fuel
        self.loop_iterations += record.loop_iterations
        if all(f.name != record.name for f in record.frames[:-1]):
            self.seconds += record.seconds
            self.fuel += record.fuel


class Profile:
    """The profiles of one extension's functions, by name, and its call stacks if recorded."""

    def __init__(self, names=()):
        self.functions: dict[str, FunctionProfile] = {name: FunctionProfile(name) for name in names}
        self.stacks: CallTree | None = None  # set when the engine profiles calls

    def of(self, name: str) -> FunctionProfile:
        found = self.functions.get(name)
        if found is None:
            found = self.functions[name] = FunctionProfile(name)
        return found

    def to_json(self) -> dict:
        return {name: p.to_json() for name, p in sorted(self.functions.items())}

    # -- call stacks ------------------------------------------------------------------
    def stack_records(self) -> list[StackRecord]:
        """The recorded stack paths (none unless the engine profiles calls)."""
        return [] if self.stacks is None else self.stacks.records()

    def function_totals(self, records: list[StackRecord]) -> dict[str, FunctionTotals]:
        """Every function (recorded or called), with its share of `records`."""
        totals = {name: FunctionTotals() for name in self.functions}
        for record in records:
            if record.lane != COMPILE_LANE:
                totals.setdefault(record.name, FunctionTotals()).add(record)
        return totals

    def report(self) -> dict:
        """The profile as JSON: per function, per stack path, and totals."""
        records = self.stack_records()
        functions = {}
        for name, totals in sorted(self.function_totals(records).items()):
            known = self.functions.get(name) or FunctionProfile(name)
            functions[name] = {
                "calls": totals.calls,
                "calls_by_lane": dict(sorted(totals.calls_by_lane.items())),
                "loop_iterations": totals.loop_iterations,
                "self_fuel": totals.self_fuel,
                "fuel": totals.fuel,
                "self_seconds": round(totals.self_seconds, 9),
                "seconds": round(totals.seconds, 9),
                "lane": known.lane,
                "reason": known.reason,
                "tier_up_call": known.tier_up_call,
                "compile_seconds": round(known.compile_seconds, 6),
                "cache_hits": known.cache_hits,
                "signatures": known.to_json()["signatures"],
                "file": known.file,
                "line": known.line,
            }
        return {
            "functions": functions,
            "stacks": [record.to_json() for record in records],
            "totals": self._totals(records),
        }

    def _totals(self, records: list[StackRecord]) -> dict:
        outermost = [r for r in records if len(r.frames) == 1]
        called = [r for r in records if r.lane != COMPILE_LANE]
        return {
            "calls": sum(r.calls for r in called),
            "loop_iterations": sum(r.loop_iterations for r in called),
            "fuel": sum(r.fuel for r in outermost),
            "seconds": round(sum(r.seconds for r in outermost), 9),
            "compile_seconds": round(sum(p.compile_seconds for p in self.functions.values()), 6),
        }

    def collapsed_stacks(self) -> str:
        """One `frame;frame;frame microseconds` line per stack path, self time, in call order."""
        return "".join(f"{r.labels} {round(r.self_seconds * 1e6)}\n" for r in self.stack_records())

    def speedscope(self, name: str) -> dict:
        """The stacks in speedscope's file format: a sampled profile, one sample per path
        weighted by its self time in microseconds."""
        frames: list[dict] = []
        index: dict[Frame, int] = {}
        samples, weights = [], []
        for record in self.stack_records():
            for frame in record.frames:
                if frame not in index:
                    index[frame] = len(frames)
                    frames.append(self._speedscope_frame(frame))
            samples.append([index[f] for f in record.frames])
            weights.append(round(record.self_seconds * 1e6, 3))
        profile = {
            "type": "sampled",
            "name": name,
            "unit": "microseconds",
            "startValue": 0,
            "endValue": round(sum(weights), 3),
            "samples": samples,
            "weights": weights,
        }
        return {
            "$schema": SPEEDSCOPE_SCHEMA,
            "shared": {"frames": frames},
            "profiles": [profile],
            "name": name,
            "activeProfileIndex": 0,
            "exporter": "frankenengine",
        }

    def _speedscope_frame(self, frame: Frame) -> dict:
        found = {"name": frame.label}
        known = self.functions.get(frame.name)
        if known is not None and known.file:
            found["file"] = known.file
            found["line"] = known.line
        return found

    def summary(self, rows: int = 10, paths: int = 4) -> str:
        """A one-screen text summary: totals, the top functions and stack paths by self time."""
        records = self.stack_records()
        totals = self._totals(records)
        lines = [
            f"total {_ms(totals['seconds'])} ms, {totals['calls']:,} calls, "
            f"{totals['loop_iterations']:,} loop iterations, {totals['fuel']:,} fuel, "
            f"compile {totals['compile_seconds']:.3f} s",
            "",
            f"{'function':<24} {'calls':>8} {'loops':>10} {'self ms':>9} {'incl ms':>9} "
            f"{'lane':<6} {'tier-up':>7} {'compile':>8}  note",
        ]
        by_function = self.function_totals(records)
        ranked = sorted(
            by_function.items(), key=lambda item: (-item[1].self_seconds, -item[1].calls, item[0])
        )
        for name, t in ranked[:rows]:
            known = self.functions.get(name) or FunctionProfile(name)
            tier_up = "-" if known.tier_up_call is None else f"#{known.tier_up_call}"
            compile_ = f"{known.compile_seconds:.3f}s" if known.compile_seconds else "-"
            lines.append(
                f"{_fit(name, 24, keep_end=True):<24} {t.calls:>8,} {t.loop_iterations:>10,} "
                f"{_ms(t.self_seconds):>9} {_ms(t.seconds):>9} {known.lane:<6} {tier_up:>7} "
                f"{compile_:>8}  {_fit(known.reason, 30)}"
            )
        if len(ranked) > rows:
            lines.append(f"... {len(ranked) - rows} more functions (see the JSON)")
        hottest = sorted(records, key=lambda r: -r.self_seconds)[:paths]
        if hottest:
            lines += ["", "hottest stacks (self time):"]
            lines += [
                f"{_ms(r.self_seconds):>10} ms  {_fit(r.labels, 80, keep_end=True)}"
                for r in hottest
            ]
        return "\n".join(lines) + "\n"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}"


def _fit(text: str, width: int, keep_end: bool = False) -> str:
    """`text` cut to `width` characters, the cut marked (`keep_end`: cut the start)."""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1 :] if keep_end else text[: width - 1] + "…"


def _signature(key) -> str:
    """An argument signature as text: `(int, array(float64, 1d, C))`."""
    if isinstance(key, tuple):
        return "(" + ", ".join(map(repr, key)) + ")"
    return str(key)
