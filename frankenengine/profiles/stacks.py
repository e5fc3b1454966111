"""Recorded call stacks: the call tree of profiled calls, its stack paths and their totals.

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

`CallTree.records()` lists the paths as `StackRecord`s; `function_totals`
adds them up per function (`FunctionTotals`). Nothing here knows the
engine: the engine reports events, the tree keeps numbers.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

COMPILE_FRAME = "<jit compile>"
COMPILE_LANE = "compile"
_LANE_MARKS = {"jit": "_[j]"}  # flamegraph.pl's --color=java marks JIT frames so


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

    def to_json(self) -> dict:
        return {
            "calls": self.calls,
            "calls_by_lane": dict(sorted(self.calls_by_lane.items())),
            "loop_iterations": self.loop_iterations,
            "self_fuel": self.self_fuel,
            "fuel": self.fuel,
            "self_seconds": round(self.self_seconds, 9),
            "seconds": round(self.seconds, 9),
        }


def function_totals(records: Iterable[StackRecord], names=()) -> dict[str, FunctionTotals]:
    """The totals of every function of `names` (zero if never on a path) and of every function
    on a path of `records` (compile frames are no calls)."""
    totals = {name: FunctionTotals() for name in names}
    for record in records:
        if record.lane != COMPILE_LANE:
            totals.setdefault(record.name, FunctionTotals()).add(record)
    return totals
