"""Counted loops charged before they run (`jit.loops`) give the interpreter's fuel.

Each function of `tests/testdata/jit/counted_loops.py` runs in both lanes with the same
limits; the result, the error (type, message, line) and the fuel used must be equal. The
cases put the error at the first, a middle and the last iteration, run out of fuel
before, inside and just after the loop, and overflow a counter whose start is too close
to 2**63 for the check made before the loop.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from frankenengine import Engine, Limits, error_location

SOURCE = (Path(__file__).parents[1] / "testdata" / "jit" / "counted_loops.py").read_text()
BIG = 2**63 - 1

CASES = [
    ("inverse_sum", ([1.0, 2.0, 4.0], 3), {}),
    ("inverse_sum", ([0.0, 2.0, 4.0], 3), {}),  # at the first iteration
    ("inverse_sum", ([1.0, 0.0, 4.0], 3), {}),
    ("inverse_sum", ([1.0, 2.0, 0.0], 3), {}),  # at the last
    ("inverse_sum", ([1.0, 2.0], 3), {}),  # IndexError: the range is longer than the list
    ("roots", ([4.0, 9.0, -1.0, 16.0],), {}),
    ("tripled", (50, 1), {}),
    ("tripled", (30, 1), {}),
    ("counter", (10, 5), {}),
    ("counter", (10, BIG - 20), {}),
    ("counter", (10, BIG - 4), {}),  # the fast path is refused: overflows at step 5
    ("counter", (10, -(2**63)), {}),
    ("counts", ([0.1, 0.9, 0.7, 0.2, 0.6], 2), {}),
    ("counts", ([0.1, 0.9, 0.7], 5), {}),
    ("rows_read", ([[1.0, 2.0], [3.0], [4.0, 5.0]], 1), {}),
    ("rows_read", ([[1.0, 2.0], [3.0, 0.5]], -1), {}),
    ("backwards", ([1.0, 2.0, 4.0, 8.0], 3, -1), {}),
    ("backwards", ([1.0, 2.0, 4.0, 8.0], 3, -3), {}),  # through negative indexes
    ("backwards", ([1.0, 2.0, 4.0, 8.0], 6, 0), {}),  # IndexError at the first
    ("nested", (40,), {}),
    ("grows", (5000,), {}),
    ("sum_mod", (1000,), {}),
    ("squares_from", (-20, 40, 0), {}),
    ("squares_from", (3_037_000_490, 20, 0), {}),  # OverflowError from a square
    ("squares_from", (10, 5, BIG - 500), {}),  # OverflowError from the total
    ("squares_from", (10, 5, -BIG), {}),
    ("signed", (300,), {}),
    ("falling", (20, -BIG + 100), {}),
    ("falling", (20, -BIG + 10), {}),  # OverflowError past -2**63
    ("array_fill", (np.zeros(8), 8), {}),
    ("array_fill", (np.zeros(8), 9), {}),  # IndexError at the last iteration
    ("grid_diagonal", (np.arange(16.0).reshape(4, 4), 4), {}),
    ("grid_diagonal", (np.arange(12.0).reshape(4, 3), 4), {}),  # IndexError on axis 1
]
# Fuel limits around each loop: before it, at every few iterations, and just after.
FUEL_CASES = [
    ("counter", (200, 0), fuel) for fuel in (1, 2, 3, 50, 100, 199, 200, 201, 202, 203, 204, 400)
] + [("nested", (30,), fuel) for fuel in (10, 100, 440, 460, 470, 500, 1000)]


def _outcome(lane: str, name: str, args: tuple, limits: Limits) -> dict:
    ext = Engine(lane=lane, limits=limits, jit_cache=False).load(SOURCE, "counted_loops")
    args = tuple(a.copy() if isinstance(a, list | np.ndarray) else a for a in args)
    try:
        result, error = ext.call(name, *args), None
    except BaseException as exc:  # compared between the lanes (limit errors included)
        result, error = None, (type(exc).__name__, str(exc), error_location(exc).line)
    return {
        "result": (type(result).__name__, repr(result)),
        "error": error,
        "fuel": ext.fuel_used(),
        "lane": ext.lanes()[name]["lane"],
    }


@pytest.mark.parametrize("name,args,limits", CASES)
def test_errors_inside_counted_loops_leave_the_interpreters_fuel(name, args, limits):
    native = _outcome("jit", name, args, Limits(**limits))
    interpreted = _outcome("interp", name, args, Limits(**limits))
    assert native["lane"] == "jit"
    assert {**native, "lane": ""} == {**interpreted, "lane": ""}


@pytest.mark.parametrize("name,args,fuel", FUEL_CASES)
def test_fuel_runs_out_where_the_interpreter_runs_out(name, args, fuel):
    native = _outcome("jit", name, args, Limits(fuel=fuel))
    interpreted = _outcome("interp", name, args, Limits(fuel=fuel))
    assert {**native, "lane": ""} == {**interpreted, "lane": ""}


def test_grows_stops_at_the_memory_limit_with_the_interpreters_fuel():
    limits = Limits(memory=300_000)
    native = _outcome("jit", "grows", (100_000,), limits)
    interpreted = _outcome("interp", "grows", (100_000,), limits)
    assert native["error"][0] == interpreted["error"][0] == "MemoryLimitExceeded"
    assert native["error"][2] == interpreted["error"][2]
