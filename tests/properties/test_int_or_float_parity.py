"""Lane parity for variables that start as an int and may become floats.

Each generated function starts an accumulator at an int constant (small, or too large
for a float to hold exactly), runs a loop that may add floats to it or leave it alone
(an if inside, a number of iterations that may be zero), and uses it the ways the JIT
takes an int-or-float (comparisons with ints and floats, arithmetic with a float, true
division by an int, truth, a math function, returning it) or in one way it does not.
It runs in CPython, the interpreter lane and the JIT lane: the result with its exact
types, the exception, and the fuel between the lanes must agree. Whether the JIT took
the function is not asserted; what it gives must be right either way.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frankenengine import Engine

from .hypothesis_settings import PROPERTY

STARTS = st.sampled_from(["0", "1", "-3", "7", str(2**53), str(2**53 + 1), "-(2**60)"])
FLOATS = st.sampled_from(["0.5", "-0.0", "1e300", "x", "x * 0.25", "-x", "float(i)"])
USES = st.sampled_from(
    [
        "return t",
        "return t < k, t == k, t > 0.5",
        "return t / k",
        "return t + 1.5",
        "return t * -1.0, t - 0.0",
        "return 1 if t else 2",
        "return math.sqrt(abs(k)) + math.atan2(t, 1.0)",
        "return t + 1",  # int arithmetic: not taken by the JIT
    ]
)


@st.composite
def accumulator(draw) -> str:
    start, added, use = draw(STARTS), draw(FLOATS), draw(USES)
    condition = draw(st.sampled_from(["", "if i % 2 == 0:", "if x > 0.5:"]))
    body = f"t += {added}" if draw(st.booleans()) else f"t = t * 1.0 + {added}"
    step = f"        {condition}\n            {body}" if condition else f"        {body}"
    return (
        "import math\n"
        "def f(n, k, x):\n"
        f"    t = {start}\n"
        "    for i in range(n):\n"
        f"{step}\n"
        f"    {use}\n"
    )


def _typed(value):
    if isinstance(value, tuple):
        return tuple(_typed(v) for v in value)
    return (type(value).__name__, repr(value))


def _observe(call):
    try:
        return ("result", _typed(call()))
    except Exception as exc:  # compared with CPython's
        return ("error", type(exc).__name__, str(exc))


@settings(PROPERTY, max_examples=20)  # each example compiles with Numba
@given(
    accumulator(),
    st.integers(0, 3),
    st.sampled_from([1, -2, 0, 3, 2**60 + 1]),
    st.sampled_from([0.75, 0.25, -1.5]),
)
def test_int_or_float_accumulators_match_cpython_in_every_lane(source, n, k, x):
    namespace: dict = {}
    exec(compile(source, "case.py", "exec"), namespace)
    expected = _observe(lambda: namespace["f"](n, k, x))
    fuel = {}
    for lane in ("interp", "jit"):
        ext = Engine(lane=lane, jit_cache=False).load(source, name="case")
        seen = _observe(lambda ext=ext: ext.call("f", n, k, x))
        assert seen == expected, f"{lane} lane:\n{source}"
        fuel[lane] = ext.fuel_used()
    assert fuel["jit"] == fuel["interp"], source
