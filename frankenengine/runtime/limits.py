"""Per-run resource limits and the meter that enforces them.

`Limits` is the host's configuration. A `Meter` is created for every call into
an extension and holds what that call has used. Generated code keeps a fast
local countdown of fuel and asks the meter for the next batch (`refuel`);
batches never exceed the fuel that is left, so exhaustion happens at exactly
the same unit in every lane. Memory is charged before an allocation; when the
running total passes the limit the meter recounts what is really held
(`recount`, a callable the lane provides) before it gives up, so freed memory
is not held against the extension.

A lane that meters itself (the JIT's native code) borrows the run's metering
into its own integer state array, laid out by a `MeterSlots` record
(`Meter.lend`), and gives back what is left (`Meter.take_back`): the fuel
reserve is out of the meter while it is lent, so fuel is never counted twice,
and the memory the lane charged is added to the meter's. Both run around every
native call, so they write and read the array directly (a memoryview of it
costs less per item than a NumPy array: the JIT lane hands one), and a lane
that crosses often binds the pair to its array once (`Meter.lender`). The
depth limit and the deadline are fixed for a run and the borrowing lane only
reads them, so a lend writes them into an array once per run (`reset` forgets
which array holds them; an array is lent by one meter only); the other slots
are written at every lend.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import NamedTuple

from frankenengine.runtime.errors import (
    DeadlineExceeded,
    FuelExhausted,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    RecursionLimitExceeded,
)

FUEL_BATCH = 1 << 14
GROW_BATCH = 1 << 10  # small growth events (an append, a dict store) charged together
GROW_EVENT_BYTES = 64


@dataclass(frozen=True)
class Limits:
    fuel: int = 10**10
    memory: int = 1 << 30
    depth: int = 1000
    output: int = 16 << 20
    deadline: float | None = None  # seconds of wall time per call

    def with_overrides(self, **changes) -> Limits:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


class MeterSlots(NamedTuple):
    """Where a lane that meters itself keeps each part of a run's metering: slot numbers
    of its own integer state array (the runtime knows no lane's array, only its layout)."""

    countdown: int  # fuel left in the batch being used
    reserve: int  # fuel not yet handed out in batches
    depth: int  # the call depth now
    depth_limit: int
    memory_budget: int  # bytes that may still be charged
    deadline_ns: int  # the deadline on `time.monotonic`'s clock, in ns; 0 for none


class Meter:
    """What one run has used. Raises the engine error of a limit when it is crossed."""

    def __init__(self, limits: Limits, write=None, recount=None):
        self._write = write
        self._recount = recount
        # Fuel handed to generated code at a time; smaller when its loops poll at each
        # batch (in-call tier-up, `TierPolicy.loop_poll`). Exhaustion is at the same unit.
        self.batch = FUEL_BATCH
        self.reset(limits)

    def reset(self, limits: Limits) -> None:
        """Start a new run under `limits`."""
        self.limits = limits
        self.fuel_left = limits.fuel
        self.memory = 0
        self.output_bytes = 0
        self.halted = False
        self._deadline = None if limits.deadline is None else time.monotonic() + limits.deadline
        self._fixed_in = None  # the array holding this run's depth limit and deadline (`lend`)

    # -- fuel and deadline --------------------------------------------------
    def first_batch(self) -> int:
        return self._take_batch()

    def refuel(self, unused: int) -> int:
        """Called when generated code's countdown went below zero: one unit over its batch.

        `unused` is the (negative) countdown value; the batch it was given has been
        used entirely, and one more unit is wanted. Returns the new countdown.
        """
        self.check_deadline()
        if self.fuel_left <= 0:
            self.halt(FuelExhausted(f"fuel exhausted (limit {self.limits.fuel})"))
        return self._take_batch() - 1 - (-1 - unused)

    def _take_batch(self) -> int:
        batch = min(self.fuel_left, self.batch)
        self.fuel_left -= batch
        return batch

    def fuel_used(self, countdown: int) -> int:
        return self.limits.fuel - self.fuel_left - max(countdown, 0)

    def deadline_left(self) -> float | None:
        """Seconds left before this run's deadline (negative once past); None without one."""
        return None if self._deadline is None else self._deadline - time.monotonic()

    def check_deadline(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self.halt(DeadlineExceeded(f"deadline of {self.limits.deadline}s exceeded"))

    def too_deep(self) -> None:
        self.halt(RecursionLimitExceeded(f"call depth exceeds {self.limits.depth}"))

    # -- lending to a lane that meters itself ---------------------------------
    def lend(self, array, slots: MeterSlots, countdown: int, depth: int) -> int:
        """Lend the run's metering to a lane that meters itself: write it into `array` at
        `slots`, with the lending lane's fuel `countdown` and call `depth`. The fuel
        reserve leaves the meter until `take_back`. Returns the memory budget lent."""
        return self.lender(array, slots)[0](countdown, depth)

    def take_back(self, array, slots: MeterSlots, budget: int) -> int:
        """Take back what the borrowing lane left in `array` of what `lend` gave (`budget`
        of memory): the fuel reserve, and the memory it charged. Returns the fuel
        countdown the lending lane goes on with (never below 0)."""
        return self.lender(array, slots)[1](budget)

    def lender(self, array, slots: MeterSlots):
        """`lend` and `take_back` of this meter into one `array` laid out by `slots`, bound
        once: `(lend(countdown, depth) -> budget, take_back(budget) -> countdown)`, the
        pair a lane that crosses often keeps (they stay valid across `reset`)."""
        at_countdown, at_reserve, at_depth, at_depth_limit, at_budget, at_deadline = slots
        meter = self

        def lend(countdown: int, depth: int) -> int:
            budget = meter.limits.memory - meter.memory
            if budget < 0:
                budget = 0
            if meter._fixed_in is not array:  # once per run: the lane only reads these
                deadline = meter._deadline
                array[at_depth_limit] = meter.limits.depth
                array[at_deadline] = 0 if deadline is None else max(int(deadline * 1e9), 1)
                meter._fixed_in = array
            array[at_countdown] = countdown
            array[at_reserve] = meter.fuel_left
            array[at_depth] = depth
            array[at_budget] = budget
            meter.fuel_left = 0
            return budget

        def take_back(budget: int) -> int:
            values = array.tolist()  # Python ints, read at once (NumPy array or memoryview)
            meter.fuel_left = values[at_reserve]
            meter.memory += budget - values[at_budget]
            countdown = values[at_countdown]
            if countdown > meter.batch:  # the lending lane goes on in batches of its size
                meter.fuel_left += countdown - meter.batch
                return meter.batch
            return countdown if countdown > 0 else 0

        return lend, take_back

    # -- memory -------------------------------------------------------------
    def charge(self, nbytes: int) -> None:
        """Charge `nbytes` before allocating them."""
        total = self.memory + nbytes
        if total > self.limits.memory:
            if self._recount is not None:
                self.memory = self._recount()
                total = self.memory + nbytes
            if total > self.limits.memory:
                self.halt(
                    MemoryLimitExceeded(
                        f"allocation of {nbytes} bytes exceeds the memory limit "
                        f"({self.limits.memory} bytes)"
                    )
                )
        self.memory = total

    def grow(self) -> int:
        """Charge a batch of small growth events; returns the next countdown."""
        self.charge(GROW_BATCH * GROW_EVENT_BYTES)
        self.check_deadline()
        return GROW_BATCH - 1

    # -- output -------------------------------------------------------------
    def write(self, text: str) -> None:
        size = len(text.encode("utf-8", "surrogatepass"))
        if self.output_bytes + size > self.limits.output:
            self.halt(OutputLimitExceeded(f"output exceeds {self.limits.output} bytes"))
        self.output_bytes += size
        if self._write is not None:
            self._write(text)

    def halt(self, error: BaseException):
        """Stop the run: no more extension code runs (finally blocks included)."""
        self.halted = True
        raise error
