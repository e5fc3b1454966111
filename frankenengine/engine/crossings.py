"""Calls from interpreted code into native code: cross only where crossing pays.

A native call made from interpreted code pays for the crossing (the meter handed over
and back, the arguments unboxed, about 2 us) on top of the native work; a small helper
interpreted costs less than that. So each scalar signature of a JIT function, called
from interpreted code, is weighed (`weighed`): PROBE_CALLS calls run native and
PROBE_CALLS run interpreted, each timed with the fuel it used, and the lane with the
lower time per fuel unit takes the calls that follow, until the next probe (at call
FIRST_REPROBE, then at every REPROBE_GROWTH times as many calls). The interpreted probe
runs only where it can win: when the native calls took less than twice what
interpreting their fuel would cost at the interpreter's least cost per unit
(INTERPRETED_UNIT_FLOOR); a heavy kernel is never interpreted to learn that it is slow. Once a probe finds
interpreting cheaper, the function settles (`Dispatcher.settle_interpreted`): its
globals are bound to the interpreted function itself, so interpreted callers pay nothing
more than in the interpreter lane. That choice is final: it can miss a later speed-up
(a helper whose calls grow), never lose to the interpreter.

Fuel is the measure of work because it is the same in both lanes for the same call, so
calls of different sizes compare fairly. Results, output, errors, fuel and limits are
the same in both lanes: the choice changes the time a call takes and nothing else. A
call nested in a probe (recursion through the interpreter) is timed inside its
caller's probe and not counted on its own once its caller's phase has ended.

Calls from the host (`Extension.call`) always run native: interpreting them would not
avoid a crossing, the host is outside both lanes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

PROBE_CALLS = 16  # calls timed in each lane per probe
FIRST_REPROBE = 1024  # calls after the first probe before the lanes are weighed again
REPROBE_GROWTH = 16  # each later probe comes after this many times as many calls

# The interpreter's least cost of a fuel unit (it measures 100 to 300 ns): a native probe
# whose calls took less than INTERPRETED_PROBE_LIMIT times what that floor predicts for
# interpreting them is followed by an interpreted probe; otherwise interpreting cannot win
# and is not tried (a heavy kernel is never run interpreted to find that out).
INTERPRETED_UNIT_FLOOR = 30e-9
INTERPRETED_PROBE_LIMIT = 2.0

NATIVE, INTERPRETED = 0, 1
LANE_NAMES = ("jit", "interp")


def describe(chosen: int, seconds_per_unit: list[float]) -> str:
    """The finding of a probe, as the profile reports it."""
    native, interpreted = (f"{s * 1e9:.0f} ns" for s in seconds_per_unit)
    return (
        f"calls from interpreted code run {LANE_NAMES[chosen]}: a fuel unit costs "
        f"{native} native (crossing included), {interpreted} interpreted"
    )


def weighed(
    native: Callable[[tuple], object],
    interpret: Callable[[tuple], object],
    fuel_used: Callable[[], int],
    report: Callable[[str], None],
    settle: Callable[[], None],
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[[tuple], object]:
    """`run(args)`: `native(args)` or `interpret(args)`, whichever the last probe found
    cheaper per fuel unit; each probe's finding goes to `report` (`describe`), and
    `settle()` is called when a probe finds interpreting cheaper."""
    calls = 0
    until = 0  # the call at which the next probe starts
    next_gap = FIRST_REPROBE
    phase = NATIVE  # the lane being probed
    phase_id = 0  # bumped at each phase change: a nested call's late finish is not counted
    counted = 0
    seconds = [0.0, 0.0]
    units = [0, 0]
    chosen = native

    def run(args: tuple):
        nonlocal calls
        calls += 1
        if calls < until:
            return chosen(args)
        return probe(args)

    def probe(args: tuple):
        started_phase, started_id = phase, phase_id
        fuel_before = fuel_used()
        started = clock()
        try:
            return (native if started_phase == NATIVE else interpret)(args)
        finally:
            if started_id == phase_id:
                tally(started_phase, clock() - started, fuel_used() - fuel_before)

    def tally(lane: int, elapsed: float, spent: int) -> None:
        nonlocal counted, phase, phase_id, until, next_gap, chosen
        seconds[lane] += elapsed
        units[lane] += spent
        counted += 1
        if counted < PROBE_CALLS:
            return
        counted = 0
        phase_id += 1
        if lane == NATIVE:
            floor = units[NATIVE] * INTERPRETED_UNIT_FLOOR  # interpreting costs at least
            if floor <= INTERPRETED_PROBE_LIMIT * seconds[NATIVE]:
                phase = INTERPRETED
                return
            costs = [seconds[NATIVE] / max(units[NATIVE], 1), floor / max(units[NATIVE], 1)]
            lane = NATIVE  # interpreting would cost far more: not probed (its floor reported)
        else:
            costs = [seconds[i] / max(units[i], 1) for i in (NATIVE, INTERPRETED)]
            lane = NATIVE if costs[NATIVE] <= costs[INTERPRETED] else INTERPRETED
        chosen = native if lane == NATIVE else interpret
        report(describe(lane, costs))
        if lane == INTERPRETED:
            settle()
        seconds[:] = [0.0, 0.0]
        units[:] = [0, 0]
        phase = NATIVE
        until = calls + next_gap
        next_gap *= REPROBE_GROWTH

    return run
