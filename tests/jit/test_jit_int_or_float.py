"""Variables that start as an int constant and become floats, in the JIT lane.

Each function of `tests/testdata/jit/int_or_float.py` runs in CPython (the oracle: the
file is ordinary Python), in the interpreter lane and in the JIT lane. Compared: the
result with its exact types (an int while no float was added: `0`, not `0.0`), the
exception, and between the lanes the fuel. Functions marked `# rejected: REASON` must
stay in the interpreter for that reason; every other one must run natively.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frankenengine import Engine

SOURCE = (Path(__file__).parents[1] / "testdata" / "jit" / "int_or_float.py").read_text()
REJECTED = dict(re.findall(r"^def (\w+)\(.*# rejected: (.*)$", SOURCE, re.MULTILINE))

CASES = [
    ("sum_of_squares", ([1.5, -2.0],)),
    ("sum_of_squares", ([-0.0],)),
    ("mean", ([1.0, 2.0, 4.5],)),
    ("halves", (0,)),  # never a float: the int 0
    ("halves", (5,)),
    ("divided", (0, 3)),
    ("divided", (0, 2**60 + 1)),  # int / int: exactly rounded, as CPython
    ("divided", (3, 2**60 + 1)),
    ("divided", (0, 0)),  # ZeroDivisionError: division by zero
    ("divided", (2, 0)),  # ZeroDivisionError: float division by zero
    ("divided", (0, True)),
    ("best", ([-1.0, -2.0],)),  # no float beat the int 0
    ("best", ([-1.0, 2.5, 1.0],)),
    ("sign_of_zero", (0,)),
    ("sign_of_zero", (1,)),  # 0 * -1.0 is -0.0
    ("truthy", (0,)),
    ("truthy", (1,)),
    ("truthy", (3,)),
    ("early_zero", (0,)),
    ("early_zero", (2,)),
    ("compared_to_int", (0, 0)),
    ("compared_to_int", (3, 1)),
    ("compared_to_int", (1, 2**53 + 1)),
    ("nested_loops", (0,)),
    ("nested_loops", (1,)),
    ("nested_loops", (6,)),
    ("floor_mod", (0,)),
    ("floor_mod", (4,)),
    ("sums", ([1.5, -0.0], [0.25])),
    ("sums", ([-0.0], [0.0])),
    ("sum_returned", ([1.5, 2.5], 2.0)),
    ("sum_returned", ([1.5, 2.5], 9.0)),  # nothing kept: sum([]) is the int 0
    ("norm", ([3.0, 4.0],)),
    ("norm", ([-0.0],)),
    ("norm", ([1e200, 1e200],)),  # OverflowError: math range error (exp), and sqrt of inf
    ("roots_of_halves", (0,)),  # math of the int 0
    ("roots_of_halves", (3,)),
    ("as_ints", (0,)),
    ("as_ints", (3,)),
    ("absolute", (0,)),
    ("from_a_variable", ([1.0], 2)),
    ("best_from", ([1.5], 2**60 + 1)),  # an int no float holds exactly: interpreted
    ("too_big_for_a_float", ([1.0],)),
    ("int_arithmetic", ([1.5],)),
]


def _observe(call) -> tuple:
    try:
        result = call()
    except Exception as exc:  # compared with CPython's
        return ("error", type(exc).__name__, str(exc))
    return ("result", _typed(result))


def _typed(value):
    if isinstance(value, tuple):
        return tuple(_typed(v) for v in value)
    return (type(value).__name__, repr(value))


def cpython(name: str, args: tuple):
    namespace: dict = {}
    exec(compile(SOURCE, "int_or_float.py", "exec"), namespace)
    return _observe(lambda: namespace[name](*args))


@pytest.fixture(scope="module")
def extensions() -> dict:
    return {
        lane: Engine(lane=lane, jit_cache=False).load(SOURCE, "int_or_float")
        for lane in ("interp", "jit")
    }


@pytest.mark.parametrize("name,args", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_int_or_float_variables_give_cpythons_results_natively(extensions, name, args):
    oracle = cpython(name, args)
    seen, fuel = {}, {}
    for lane, ext in extensions.items():
        seen[lane] = _observe(lambda ext=ext: ext.call(name, *args))
        fuel[lane] = ext.fuel_used()
    assert seen["interp"] == oracle
    assert seen["jit"] == oracle
    assert fuel["jit"] == fuel["interp"]
    lane = extensions["jit"].lanes()[name]
    if name in REJECTED:
        assert lane["lane"] == "interp" and lane["reason"].startswith(REJECTED[name]), lane
    else:
        assert lane == {"lane": "jit", "reason": ""}


def test_every_function_of_the_file_is_exercised():
    defined = set(re.findall(r"^def (\w+)\(", SOURCE, re.MULTILINE))
    assert defined == {name for name, _ in CASES}
