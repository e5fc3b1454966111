"""Lane parity for lists: generated list programs give CPython's results in every lane.

Each case (`list_programs.list_case`) runs in CPython, the interpreter lane and the JIT
lane on fresh copies of its two list arguments. Compared with CPython: the result, the
caller's lists afterwards (exact element types and float bits), and the exception type
and message. Between the lanes: the fuel used. A case the JIT declines (a value of
another kind put into a list) must still give the same results, from the interpreter.
"""

from __future__ import annotations

from hypothesis import given, settings

from frankenengine import Engine

from .hypothesis_settings import PROPERTY
from .list_programs import ListCase, list_case


def _observe(call, args: tuple) -> dict:
    try:
        result, error = call(), None
    except Exception as exc:  # compared with CPython's
        result, error = None, (type(exc).__name__, str(exc))
    return {
        "result": repr(result),
        "args": [[(type(x).__name__, repr(x)) for x in a] for a in args],
        "error": error,
    }


def _run_cpython(case: ListCase) -> dict:
    namespace: dict = {}
    exec(compile(case.source, "case.py", "exec"), namespace)
    args = (list(case.xs), list(case.ys))
    return _observe(lambda: namespace["f"](*args), args)


def _run_engine(case: ListCase, lane: str) -> tuple[dict, int, dict]:
    ext = Engine(lane=lane, jit_cache=False).load(case.source, name="case")
    args = (list(case.xs), list(case.ys))
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
