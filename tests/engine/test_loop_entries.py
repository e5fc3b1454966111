"""In-call tier-up: loops that run long inside one call finish in native code.

Each test runs one program in the interpreter lane and in `auto` with a policy
that never compiles whole functions and makes loops poll every few fuel units
(`LOOPS_ONLY`), and compares what a user sees: results, printed output, the
fuel used, errors with their extension locations, list identity. The profile
says which loop went native (`FunctionProfile.loops`, by line).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from frankenengine import Engine, TierPolicy
from frankenengine.engine.api import error_location
from frankenengine.runtime.errors import EngineError, FuelExhausted
from frankenengine.runtime.limits import Limits

LOOPS_ONLY = TierPolicy(
    calls=10**9, fuel=10**18, seconds=0.0, loop_poll=3, compile_in_background=False
)


def _load(source: str, lane: str, **limits):
    policy = LOOPS_ONLY if lane == "auto" else None
    engine = Engine(lane=lane, tier_up=policy, limits=Limits(**limits), jit_cache=False)
    return engine.load(source, name="loops")


def _both(source: str, call: str, *args, **limits):
    """(interp run, auto run): each (result or error, output, fuel, extension)."""
    runs = []
    for lane in ("interp", "auto"):
        ext = _load(source, lane, **limits)
        try:
            outcome = ("ok", ext.call(call, *args))
        except (Exception, EngineError) as exc:  # engine errors (limits) are BaseExceptions
            location = error_location(exc)
            frames = getattr(exc, "franken_traceback", ())
            outcome = ("raise", type(exc).__name__, str(exc), location, frames)
        runs.append((outcome, ext.take_output(), ext.fuel_used(), ext))
    return runs


# One file for this test and the benchmark (`benchmarks/test_loop_entries.py`).
MANDELBROT = (Path(__file__).parents[2] / "benchmarks" / "kernels" / "loop_nest.py").read_text()
OUTER_LOOP = MANDELBROT.splitlines().index("    for y in range(h):") + 1  # its line


def test_a_nest_of_loops_in_one_call_finishes_natively_from_its_outermost_loop():
    (want, out, fuel, _), (got, out2, fuel2, ext) = _both(MANDELBROT, "count", 30, 20, 50)
    assert got == want and out2 == out == "rows 20\n" and fuel2 == fuel
    assert ext.profile.of("count").loops == {OUTER_LOOP: "jit"}  # not the inner ones
    assert ext.lanes()["count"]["lane"] == "interp"  # the function itself never compiled


def test_a_return_inside_the_loop_returns_from_the_function():
    source = """
def first_square_above(limit, start):
    k = start
    while True:
        k += 1
        if k * k > limit:
            return k
        if k > 10**6:
            break
    return -1
"""
    (want, _, fuel, _), (got, _, fuel2, ext) = _both(source, "first_square_above", 10**8, 3)
    assert got == want == ("ok", 10001) and fuel2 == fuel
    assert ext.profile.of("first_square_above").loops == {4: "jit"}


def test_values_read_after_the_loop_come_back():
    source = """
def scan(n):
    total = 0.0
    best = -1
    i = 0
    while i < n:
        total += i * 0.5
        if i % 7 == 3:
            best = i
        i += 1
    else:
        total += 1.0
    return total, best, i
"""
    (want, _, fuel, _), (got, _, fuel2, ext) = _both(source, "scan", 1000)
    assert got == want and fuel2 == fuel
    assert ext.profile.of("scan").loops == {6: "jit"}


def test_an_error_in_the_native_loop_is_located_in_the_functions_own_frame():
    source = """
def walk(xs, steps):
    i = 0
    total = 0
    for k in range(steps):
        total += xs[i]
        i += 2
    return total


def main(steps):
    xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    return walk(xs, steps)
"""
    (want, _, fuel, _), (got, _, fuel2, ext) = _both(source, "main", 50)
    assert want[:3] == ("raise", "IndexError", "list index out of range")
    assert got == want and fuel2 == fuel  # the same location and frames, the same fuel
    assert want[3].line == 6 and [f.function for f in want[4]] == ["main", "walk"]
    assert ext.profile.of("walk").loops == {5: "jit"}


def test_lists_the_loop_changes_are_the_callers_objects():
    source = """
def fill(xs, n):
    ys = [0.0, 0.0]
    for i in range(n):
        xs[i % 3] += 1.0
        ys[i % 2] += xs[i % 3]
    return ys
"""
    for lane in ("interp", "auto"):
        ext = _load(source, lane)
        xs = [0.5, 1.5, 2.5]
        ys = ext.call("fill", xs, 100)
        if lane == "interp":
            want = (list(xs), ys)
        else:
            assert (xs, ys) == want and type(ys) is list
            assert ext.profile.of("fill").loops == {4: "jit"}


def test_fuel_runs_out_natively_at_the_interpreters_unit():
    source = """
def spin(n):
    t = 0
    for i in range(n):
        t += i
    return t
"""
    for fuel in (500, 501, 4_321):
        (want, _, used, _), (got, _, used2, ext) = _both(source, "spin", 10**6, fuel=fuel)
        assert want[:2] == ("raise", FuelExhausted.__name__)
        assert got == want and used2 == used == fuel
        assert ext.profile.of("spin").loops == {4: "jit"}


def test_a_loop_of_a_function_forced_to_the_interpreter_never_enters():
    source = "def spin(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n"
    engine = Engine(lane="auto", tier_up=LOOPS_ONLY, lane_overrides={"spin": "interp"})
    ext = engine.load(source, name="loops")
    assert ext.call("spin", 10_000) == sum(range(10_000))
    assert ext.profile.of("spin").loops == {}


def test_a_loop_the_jit_rejects_is_interpreted_with_its_reason():
    source = """
def words(n):
    seen = {}
    for i in range(n):
        seen[i % 5] = i
    return len(seen)
"""
    (want, _, fuel, _), (got, _, fuel2, ext) = _both(source, "words", 100)
    assert got == want == ("ok", 5) and fuel2 == fuel
    assert ext.profile.of("words").loops == {4: "reads a dict the jit cannot take"}


@pytest.mark.parametrize("lane", ["auto", "jit"])
def test_a_top_level_loop_and_a_loop_before_tier_up_stay_correct(lane):
    source = """
TABLE = []
for i in range(100):
    TABLE.append(i * i)


def total(n):
    s = 0
    for i in range(n):
        s += TABLE[i % 100]
    return s
"""
    ext = _load(source, lane)
    assert ext.call("total", 1000) == sum((i % 100) ** 2 for i in range(1000))


def test_a_hot_loop_compiles_in_a_worker_process_and_enters_once_it_is_cached(tmp_path):
    """`auto` with a JIT cache: the first call starts a worker process and goes on
    interpreting; once the worker has put the loop in the cache, the next poll loads it
    from there (a cache hit) and enters."""
    source = "def spin(n):\n    t = 0\n    for i in range(n):\n        t += i * i\n    return t\n"
    policy = TierPolicy(calls=10**9, fuel=10**18, seconds=0.0, loop_poll=3)
    engine = Engine(lane="auto", tier_up=policy, jit_cache=tmp_path)
    ext = engine.load(source, name="loops")
    assert ext.call("spin", 1000) == sum(i * i for i in range(1000))
    assert ext.profile.of("spin").loops == {3: "compiling in a worker process"}
    deadline = time.monotonic() + 300
    record = ext.profile.of("spin")
    while record.loops[3] != "jit":  # each call polls; the worker exits in its own time
        assert time.monotonic() < deadline, sorted(p.name for p in tmp_path.iterdir())
        time.sleep(0.05)
        assert ext.call("spin", 5000) == sum(i * i for i in range(5000))
    assert _entries_compiled(tmp_path)  # the worker's entry, with Numba's index
    assert record.cache_hits == 1  # loaded from the cache, not compiled in process


def _entries_compiled(folder) -> bool:
    """Whether the cache folder holds a compiled entry that is not the runtime helpers'."""
    entries = {p.name.split(".")[0] for p in folder.glob("fe_*.nbi")}
    return any(not name.startswith("fe_helpers") for name in entries)
