"""Calls from interpreted code into native code are weighed (engine.crossings): a small
helper called from an interpreted loop ends up interpreted, a heavy one stays native,
host calls always run native, and nothing but the time changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from frankenengine import Engine, TierPolicy
from frankenengine.engine import crossings
from frankenengine.engine.crossings import FIRST_REPROBE, PROBE_CALLS, weighed

# The crossing benchmark's program: `loop`, which the JIT refuses, calls `add`.
SMALL_HELPER = (Path(__file__).parents[2] / "benchmarks" / "kernels" / "crossing.py").read_text()

HEAVY_HELPER = """
def work(n):
    s = 0
    for i in range(n):
        s = (s + i * i) % 1000003
    return s

def loop(calls, n):
    seen = {}
    total = 0
    for i in range(calls):
        total += work(n)
    return total
"""


class FakeClock:
    """A clock the test advances: each lane's call costs what the test says per fuel unit."""

    def __init__(self):
        self.now = 0.0
        self.fuel = 0

    def __call__(self) -> float:
        return self.now

    def lane(self, seconds_per_unit: float, units: int, name: str, log: list):
        def run(args):
            log.append(name)
            self.now += seconds_per_unit * units
            self.fuel += units
            return args[0] + 1

        return run


def _weigh(native_cost: float, interp_cost: float, calls: int):
    clock, log, findings, settled = FakeClock(), [], [], []
    run = weighed(
        clock.lane(native_cost, 10, "native", log),
        clock.lane(interp_cost, 10, "interp", log),
        lambda: clock.fuel,
        findings.append,
        lambda: settled.append(len(log)),
        clock=clock,
    )
    results = [run((i,)) for i in range(calls)]
    assert results == [i + 1 for i in range(calls)]
    return log, findings, settled


def test_a_probe_times_each_lane_then_keeps_the_cheaper_native():
    log, findings, settled = _weigh(native_cost=100e-9, interp_cost=500e-9, calls=100)
    assert log[:PROBE_CALLS] == ["native"] * PROBE_CALLS
    assert log[PROBE_CALLS : 2 * PROBE_CALLS] == ["interp"] * PROBE_CALLS
    assert log[2 * PROBE_CALLS :] == ["native"] * (100 - 2 * PROBE_CALLS)
    assert settled == []
    assert findings == [
        "calls from interpreted code run jit: a fuel unit costs 100 ns native "
        "(crossing included), 500 ns interpreted"
    ]


def test_native_is_weighed_again_later_and_interpreted_settles():
    calls = 2 * PROBE_CALLS + FIRST_REPROBE + 2 * PROBE_CALLS + 10
    log, findings, settled = _weigh(native_cost=100e-9, interp_cost=500e-9, calls=calls)
    second = 2 * PROBE_CALLS + FIRST_REPROBE - 1  # the call at which the next probe starts
    assert log[second - 1] == "native"
    assert log[second + PROBE_CALLS : second + 2 * PROBE_CALLS] == ["interp"] * PROBE_CALLS
    assert len(findings) == 2 and settled == []

    log, findings, settled = _weigh(native_cost=700e-9, interp_cost=200e-9, calls=100)
    assert settled == [2 * PROBE_CALLS]  # at the end of the first probe
    assert log[2 * PROBE_CALLS :] == ["interp"] * (100 - 2 * PROBE_CALLS)
    assert "run interp" in findings[0]


def test_a_heavy_kernel_is_never_interpreted_to_weigh_it():
    """Native calls far cheaper than interpreting their fuel could be: no interpreted
    probe, ever (16 interpreted calls of a kernel 100x faster native would cost more
    than the crossings it could save)."""
    per_unit = crossings.INTERPRETED_UNIT_FLOOR / (2 * crossings.INTERPRETED_PROBE_LIMIT)
    calls = 2 * PROBE_CALLS + FIRST_REPROBE + 10
    log, findings, settled = _weigh(native_cost=per_unit, interp_cost=1e-6, calls=calls)
    assert log == ["native"] * calls and settled == []
    assert len(findings) == 2 and all("run jit" in f for f in findings)
    assert findings[0].endswith("30 ns interpreted")  # the floor it was weighed against


def test_a_nested_call_that_ends_after_its_phase_is_not_counted():
    clock, findings = FakeClock(), []

    def native(args):
        clock.now += 1e-6
        clock.fuel += 1
        if args[0] > 0:  # recursion through the weighing, as interpreted recursion does
            return run((args[0] - 1,)) + 1
        return 0

    run = weighed(native, native, lambda: clock.fuel, findings.append, lambda: None, clock=clock)
    assert run((3 * PROBE_CALLS,)) == 3 * PROBE_CALLS
    # The innermost PROBE_CALLS calls ended the native phase; the outer ones, which started
    # in it, do not count towards the interpreted phase.
    assert findings == []
    for _ in range(PROBE_CALLS):
        run((0,))
    assert len(findings) == 1


def _ext(lane: str, source: str, weigh: bool = True):
    policy = TierPolicy(calls=2, seconds=0.0, weigh_crossings=weigh)
    return Engine(lane=lane, jit_cache=False, tier_up=policy).load(source, "crossings")


@pytest.mark.parametrize("lane", ["jit", "auto"])
def test_a_small_helper_called_from_interpreted_code_settles_interpreted(lane):
    ext = _ext(lane, SMALL_HELPER)
    n = 3 * PROBE_CALLS + 100
    assert ext.call("loop", n) == n * (n - 1) // 2
    profile = ext.profile_json()["add"]
    assert profile["lane"] == "jit"
    assert profile["crossing"].startswith("calls from interpreted code run interp")
    native_calls = profile["jit_calls"]
    assert ext.call("loop", 500) == 500 * 499 // 2
    assert ext.profile_json()["add"]["jit_calls"] == native_calls  # no crossing any more
    assert ext.call("add", 2, 3) == 5  # the host still calls native code
    assert ext.profile_json()["add"]["jit_calls"] == native_calls + 1
    assert ext.lanes()["add"] == {"lane": "jit", "reason": ""}


def test_a_heavy_helper_called_from_interpreted_code_stays_native():
    ext = _ext("jit", HEAVY_HELPER)
    calls = 2 * PROBE_CALLS + 20
    interp = _ext("interp", HEAVY_HELPER)
    expected = interp.call("loop", calls, 3000)
    assert ext.call("loop", calls, 3000) == expected
    profile = ext.profile_json()["work"]
    assert profile["crossing"].startswith("calls from interpreted code run jit"), profile
    assert profile["jit_calls"] >= calls - PROBE_CALLS


@pytest.mark.parametrize("weigh", [True, False])
def test_weighing_changes_nothing_but_the_time(weigh):
    runs = {}
    for lane in ("interp", "jit", "auto"):
        ext = _ext(lane, SMALL_HELPER, weigh)
        results = [ext.call("loop", n) for n in (5, 70, 300)]
        runs[lane] = (results, ext.fuel_used())
    assert runs["jit"] == runs["interp"] == runs["auto"]


def test_unweighed_every_call_crosses():
    ext = _ext("jit", SMALL_HELPER, weigh=False)
    ext.call("loop", 200)
    profile = ext.profile_json()["add"]
    assert profile["jit_calls"] == 200 and profile["crossing"] == ""


def test_the_finding_names_both_costs():
    text = crossings.describe(crossings.INTERPRETED, [2.5e-6, 4e-7])
    assert text == (
        "calls from interpreted code run interp: a fuel unit costs 2500 ns native "
        "(crossing included), 400 ns interpreted"
    )


LIST_ACCESSOR = """
def get(xs, i):
    return xs[i] * 2.0

def loop(xs, n):
    seen = {}
    t = 0.0
    for i in range(n):
        t += get(xs, i % len(xs))
    return t
"""


def test_a_helper_taking_a_long_list_is_weighed_like_a_scalar_one():
    """Each native call copies the list in and out: an accessor called from an
    interpreted loop settles interpreted instead of copying 20,000 items a call."""
    xs = [float(i) for i in range(20_000)]
    ext = _ext("jit", LIST_ACCESSOR)
    interp = _ext("interp", LIST_ACCESSOR)
    n = 3 * PROBE_CALLS + 50
    assert ext.call("loop", xs, n) == interp.call("loop", xs, n)
    profile = ext.profile_json()["get"]
    assert profile["crossing"].startswith("calls from interpreted code run interp"), profile
    native_calls = profile["jit_calls"]
    assert native_calls == PROBE_CALLS
    assert ext.call("loop", xs, 200) == interp.call("loop", xs, 200)
    assert ext.profile_json()["get"]["jit_calls"] == native_calls
    assert ext.fuel_used() == interp.fuel_used()
    assert ext.lanes()["get"] == {"lane": "jit", "reason": ""}
