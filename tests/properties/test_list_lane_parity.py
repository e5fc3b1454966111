"""Lane parity for lists: generated list programs give CPython's results in every lane.

Each case (`list_programs.list_case`, and `matrix_case` for lists of lists) runs in CPython, the interpreter lane and the JIT
lane on fresh copies of its two list arguments. Compared with CPython: the result, the
caller's lists afterwards (exact element types and float bits), and the exception type
and message. Between the lanes: the fuel used. Each case also runs in `auto` with its
loops entered natively in the middle of the call (`LOOPS_ONLY`). A case the JIT declines (a value of
another kind put into a list) must still give the same results, from the interpreter.
"""

from __future__ import annotations

from hypothesis import given, settings

from frankenengine import Engine, TierPolicy

from .hypothesis_settings import PROPERTY
from .list_programs import ListCase, list_case, matrix_case


def _observe(call, args: tuple) -> dict:
    try:
        result, error = call(), None
    except Exception as exc:  # compared with CPython's
        result, error = None, (type(exc).__name__, str(exc))
    return {"result": repr(result), "args": _shape(args), "error": error}


def _shape(value, ids=None):
    """A value with exact element types, and which of its lists are the same object."""
    ids = {} if ids is None else ids
    if isinstance(value, (list, tuple)):
        name = ids.setdefault(id(value), len(ids)) if isinstance(value, list) else None
        return (name, [_shape(x, ids) for x in value])
    return (type(value).__name__, repr(value))


def _arguments(case: ListCase) -> tuple:
    if case.ys:
        return (list(case.xs), list(case.ys))
    matrix = [list(row) for row in case.xs]  # a matrix case: its first row passed too
    return (matrix, matrix[0])


def _run_cpython(case: ListCase) -> dict:
    namespace: dict = {}
    exec(compile(case.source, "case.py", "exec"), namespace)
    args = _arguments(case)
    return _observe(lambda: namespace["f"](*args), args)


# `auto` that never compiles a whole function and enters the loops it can natively at
# the top of their second iteration (in-call tier-up).
LOOPS_ONLY = TierPolicy(
    calls=10**9, fuel=10**18, seconds=0.0, loop_poll=2, compile_in_background=False
)


def _run_engine(case: ListCase, lane: str, policy=None) -> tuple[dict, int, dict]:
    ext = Engine(lane=lane, jit_cache=False, tier_up=policy).load(case.source, name="case")
    args = _arguments(case)
    seen = _observe(lambda: ext.call("f", *args), args)
    return seen, ext.fuel_used(), ext.lanes()["f"]


@settings(PROPERTY, max_examples=25)  # each example compiles with Numba
@given(list_case())
def test_list_programs_match_cpython_in_every_lane(case):
    oracle = _run_cpython(case)
    interpreted, interp_fuel, _ = _run_engine(case, "interp")
    native, jit_fuel, lane = _run_engine(case, "jit")
    assert interpreted == oracle, str(case)
    assert native == oracle, f"{case}\n{lane}"
    assert jit_fuel == interp_fuel, f"{case}\n{lane}"
    entered, osr_fuel, lane = _run_engine(case, "auto", LOOPS_ONLY)
    assert entered == oracle, f"{case}\n{lane}"
    assert osr_fuel == interp_fuel, f"{case}\n{lane}"


@settings(PROPERTY, max_examples=20)  # each example compiles with Numba
@given(matrix_case())
def test_list_of_lists_programs_match_cpython_in_every_lane(case):
    """Rows stay the same objects, shared rows stay shared, as in CPython."""
    test_list_programs_match_cpython_in_every_lane.hypothesis.inner_test(case)
