"""The JIT lane keeps every guarantee of the interpreter, in real Numba-compiled code.

Each test loads an extension with `Engine(lane="jit")`, checks that the
function really ran as native code (`lanes()`), and that the failure is the
interpreter's: the same exception type, at the extension's line, with limits
holding at the same unit (fuel) and nothing outside the arrays touched.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from frankenengine import (
    DeadlineExceeded,
    Engine,
    FuelExhausted,
    Limits,
    MemoryLimitExceeded,
    RecursionLimitExceeded,
    error_location,
)


def load(source: str, lane: str = "jit", **limits):
    engine = Engine(lane=lane, limits=Limits(**limits), jit_cache=False)
    return engine.load(source, name="guarantees")


def ran_native(ext, name: str) -> None:
    assert ext.lanes()[name] == {"lane": "jit", "reason": ""}, ext.lanes()


def test_out_of_bounds_write_raises_and_leaves_the_neighbour_untouched():
    ext = load("def fill(a, k):\n    for i in range(k):\n        a[i] = 7.0\n    return k\n")
    block = np.zeros(16)
    a, neighbour = block[:8], block[8:]  # the neighbour is the memory right after `a`
    a = np.ascontiguousarray(a)
    with pytest.raises(IndexError) as caught:
        ext.call("fill", a, 9)
    ran_native(ext, "fill")
    assert error_location(caught.value).line == 3
    assert (a == 7.0).all() and (neighbour == 0.0).all()
    backing = np.zeros(16)
    view = backing[:8]  # a view whose buffer continues into the rest of `backing`
    with pytest.raises(IndexError):
        ext.call("fill", view, 12)
    assert (backing[8:] == 0.0).all() and (backing[:8] == 7.0).all()


def test_out_of_bounds_reads_and_negative_indices_follow_python():
    ext = load("def at(a, i, j):\n    return a[i, j]\n")
    grid = np.arange(12.0).reshape(3, 4)
    assert ext.call("at", grid, -1, -1) == 11.0
    assert ext.call("at", grid, 2, 0) == 8.0
    for i, j in ((3, 0), (0, 4), (-4, 0), (0, -5)):
        with pytest.raises(IndexError):
            ext.call("at", grid, i, j)
    ran_native(ext, "at")


def test_infinite_loop_runs_out_of_fuel_at_the_interpreters_unit():
    source = "def spin(n):\n    k = 0\n    while True:\n        k += n\n"
    for lane in ("jit", "interp"):
        ext = load(source, lane=lane, fuel=100_000)
        with pytest.raises(FuelExhausted) as caught:
            ext.call("spin", 1)
        assert error_location(caught.value).line in (3, 4)
        assert ext.fuel_used() == 100_000, lane
        if lane == "jit":
            ran_native(ext, "spin")


def test_fuel_counts_are_identical_in_both_lanes():
    source = (
        "def tri(n):\n"
        "    total = 0\n"
        "    for i in range(n):\n"
        "        for j in range(i):\n"
        "            total += j\n"
        "    return total\n"
        "def twice(n):\n"
        "    return tri(n) + tri(n // 2)\n"
    )
    used = {}
    for lane in ("interp", "jit"):
        ext = load(source, lane=lane)
        expected = sum(j for n in (300, 150) for i in range(n) for j in range(i))
        assert ext.call("twice", 300) == expected
        used[lane] = ext.fuel_used()
    assert used["interp"] == used["jit"]
    for budget in (1, 57, 4_000, used["jit"] - 1):
        outcomes = []
        for lane in ("interp", "jit"):
            ext = load(source, lane=lane, fuel=budget)
            with pytest.raises(FuelExhausted):
                ext.call("twice", 300)
            outcomes.append(ext.fuel_used())
        assert outcomes == [budget, budget]


def test_deadline_stops_native_code():
    # 10**10 native iterations take seconds on any machine, so the 0.2 s deadline comes
    # first; a native loop that never looks at the deadline ends in FuelExhausted instead.
    ext = load("def spin():\n    while True:\n        pass\n", fuel=10**10, deadline=0.2)
    with pytest.raises(DeadlineExceeded):
        ext.call("spin")
    ran_native(ext, "spin")
    assert 0 < ext.fuel_used() < 10**10


def test_huge_allocation_is_refused_before_allocating():
    ext = load(
        "import numpy as np\ndef big(n):\n    a = np.zeros((n, n, n))\n    return a.shape[0]\n",
        memory=1 << 26,
    )
    assert ext.call("big", 10) == 10
    with pytest.raises(MemoryLimitExceeded):
        ext.call("big", 100_000)  # 8e15 bytes: would kill the process if allocated
    with pytest.raises(MemoryLimitExceeded):
        ext.call("big", 2**21)  # n**3 overflows 64 bits: still refused, not wrapped
    with pytest.raises(ValueError):
        ext.call("big", -1)
    ran_native(ext, "big")


def test_overflow_raises_instead_of_wrapping():
    ext = load(
        "def grow(x, n):\n"
        "    for _ in range(n):\n"
        "        x = x * 3 + 1\n"
        "    return x\n"
        "def neg(x):\n"
        "    return -x\n"
        "def shift(x, k):\n"
        "    return x << k\n"
    )
    assert ext.call("grow", 1, 10) == 88573
    with pytest.raises(OverflowError) as caught:
        ext.call("grow", 1, 50)
    assert error_location(caught.value).line == 3
    with pytest.raises(OverflowError):
        ext.call("neg", -(2**63))
    assert ext.call("shift", 1, 62) == 2**62
    with pytest.raises(OverflowError):
        ext.call("shift", 1, 63)
    with pytest.raises(ValueError):
        ext.call("shift", 1, -1)
    for name in ("grow", "neg", "shift"):
        ran_native(ext, name)


def test_math_domain_and_range_errors():
    ext = load(
        "import math\n"
        "def root(x):\n"
        "    return math.sqrt(x)\n"
        "def lg(x):\n"
        "    return math.log(x)\n"
        "def ex(x):\n"
        "    return math.exp(x)\n"
    )
    assert ext.call("root", 4.0) == 2.0
    with pytest.raises(ValueError):
        ext.call("root", -1.0)
    with pytest.raises(ValueError):
        ext.call("lg", 0.0)
    with pytest.raises(OverflowError):
        ext.call("ex", 1000.0)
    assert ext.call("ex", float("-inf")) == 0.0
    for name in ("root", "lg", "ex"):
        ran_native(ext, name)


def test_division_by_zero():
    ext = load("def div(a, b):\n    return a / b, a // b, a % b\n")
    assert ext.call("div", 7, -2) == (7 / -2, 7 // -2, 7 % -2)
    assert ext.call("div", -7.5, 2.0) == (-7.5 / 2.0, -7.5 // 2.0, -7.5 % 2.0)
    for a, b in ((1, 0), (1.0, 0.0), (0.0, -0.0)):
        with pytest.raises(ZeroDivisionError):
            ext.call("div", a, b)
    ran_native(ext, "div")


def test_recursion_depth_limit():
    ext = load("def down(n):\n    return 0 if n == 0 else 1 + down(n - 1)\n", depth=50)
    assert ext.call("down", 40) == 40
    with pytest.raises(RecursionLimitExceeded):
        ext.call("down", 60)
    ran_native(ext, "down")


MUTUAL = """
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)

def collatz_steps(n):
    return 0 if n == 1 else 1 + (halve(n) if n % 2 == 0 else triple(n))

def halve(n):
    return collatz_steps(n // 2)

def triple(n):
    return collatz_steps(3 * n + 1)
"""


@pytest.mark.parametrize(
    "name,n", [("is_even", 0), ("is_even", 7), ("is_odd", 10), ("collatz_steps", 27)]
)
def test_mutually_recursive_functions_run_natively(name, n):
    namespace: dict = {}
    exec(MUTUAL, namespace)
    native, interpreted = load(MUTUAL), load(MUTUAL, lane="interp")
    assert native.call(name, n) == interpreted.call(name, n) == namespace[name](n)
    assert native.fuel_used() == interpreted.fuel_used()
    ran_native(native, name)


def test_mutual_recursion_past_the_depth_limit_stops_as_in_the_interpreter():
    native, interpreted = load(MUTUAL, depth=30), load(MUTUAL, lane="interp", depth=30)
    for ext in (native, interpreted):
        with pytest.raises(RecursionLimitExceeded):
            ext.call("is_even", 40)
    assert native.fuel_used() == interpreted.fuel_used()
    ran_native(native, "is_even")


BINDING = """
SCALE = 4.0

def scaled(x, k=2.0, *, shift=0):
    return x * k + shift

def scaled_by_global(x, k=SCALE):
    return x * k

def defaults(n):
    t = 0.0
    for i in range(n):
        t += scaled(i * 1.0)
    return t

def keywords(n):
    t = 0.0
    for i in range(n):
        t += scaled(k=3.0, x=i * 0.5, shift=i)
    return t

def int_keyword(x):
    return scaled(x, k=3)

def twice_given(x):
    return scaled(x, x=2.0)

def unknown_keyword(x):
    return scaled(x, factor=2.0)

def global_default(x):
    return scaled_by_global(x)

def global_given(x):
    return scaled_by_global(x, 0.5)
"""


@pytest.mark.parametrize(
    "name,args,lane",
    [
        ("defaults", (5,), "jit"),
        ("keywords", (5,), "jit"),
        ("int_keyword", (2.5,), "jit"),
        ("twice_given", (1.0,), "interp"),  # TypeError, raised by the interpreter
        ("unknown_keyword", (1.0,), "interp"),
        ("global_default", (1.5,), "interp"),  # the default is not a constant
        ("global_given", (1.5,), "jit"),
        ("scaled", (1.5, 2.0), "interp"),  # keyword-only parameters: not from the host
        ("scaled", (1.5, 2.0, 1), "interp"),  # TypeError: shift is keyword-only
    ],
)
def test_defaults_and_keywords_between_compiled_functions(name, args, lane):
    namespace: dict = {}
    exec(BINDING, namespace)

    def run(call):
        try:
            value = call()
        except Exception as exc:  # compared with CPython's
            return type(exc).__name__, str(exc)
        return type(value).__name__, value

    native, interpreted = load(BINDING), load(BINDING, lane="interp")
    expected = run(lambda: namespace[name](*args))
    assert run(lambda: native.call(name, *args)) == expected
    assert run(lambda: interpreted.call(name, *args)) == expected
    assert native.fuel_used() == interpreted.fuel_used()
    assert native.lanes()[name]["lane"] == lane


def test_a_new_signature_gets_a_new_specialisation():
    ext = load("def twice(x):\n    return x + x\n")
    assert ext.call("twice", 2) == 4
    assert ext.call("twice", 2.5) == 5.0
    result = ext.call("twice", True)
    assert result == 2 and type(result) is int
    record = ext.profile_json()["twice"]
    assert len(record["signatures"]) == 3 and record["lane"] == "jit"


def test_rejections_say_why_and_still_give_the_same_result():
    ext = load(
        "def shout(x):\n"
        "    print(x)\n"
        "    return x\n"
        "def mixed(n, flag):\n"
        "    v = n\n"
        "    if flag:\n"
        "        v = 1.5\n"
        "    return v\n"
    )
    assert ext.call("shout", 3) == 3 and ext.take_output() == "3\n"
    assert ext.lanes()["shout"] == {"lane": "interp", "reason": "calls print at line 2"}
    assert ext.call("mixed", 2**60 + 1, False) == 2**60 + 1
    assert type(ext.call("mixed", 0, False)) is int
    assert ext.call("mixed", 0, True) == 1.5
    assert ext.lanes()["mixed"]["lane"] == "interp"
    assert "float and int on different paths" in ext.lanes()["mixed"]["reason"]


def test_auto_lane_tiers_up_after_the_threshold():
    from frankenengine.profiles.profile import TierPolicy

    engine = Engine(
        lane="auto", tier_up=TierPolicy(calls=3, fuel=10**9, seconds=0.0), jit_cache=False
    )
    ext = engine.load("def sq(x):\n    return x * x\n")
    for k in range(2):
        assert ext.call("sq", k) == k * k
    assert ext.lanes()["sq"]["lane"] == "interp"
    for k in range(2, 6):
        assert ext.call("sq", k) == k * k
    record = ext.profile_json()["sq"]
    assert record["lane"] == "jit" and record["tier_up_call"] == 3
    assert record["jit_calls"] == 3 and record["calls"] == 6


def test_raise_statements_compile_and_keep_type_message_and_line():
    ext = load(
        "def check(x):\n"
        "    if x < 0:\n"
        "        raise ValueError('negative input')\n"
        "    assert x != 3, 'three'\n"
        "    return x\n"
    )
    assert ext.call("check", 5) == 5
    with pytest.raises(ValueError, match="negative input") as caught:
        ext.call("check", -1)
    assert error_location(caught.value).line == 3
    with pytest.raises(AssertionError, match="three"):
        ext.call("check", 3)
    ran_native(ext, "check")


def test_the_jits_exception_types_are_built_ins_of_the_language():
    from frankenengine.jit import library
    from frankenengine.language import surface

    assert library.EXCEPTIONS <= surface.EXCEPTION_TYPES


@pytest.mark.parametrize("index", [8, -9, 100])
def test_an_array_index_out_of_bounds_is_numpys_index_error(index):
    ext = load("def at(a, i):\n    return a[i]\n\ndef at2(g, i):\n    return g[1, i]\n")
    a, g = np.zeros(8), np.zeros((2, 8))
    for name, array, numpy_access in (("at", a, lambda: a[index]), ("at2", g, lambda: g[1, index])):
        with pytest.raises(IndexError) as expected:
            numpy_access()
        with pytest.raises(IndexError) as native:
            ext.call(name, array, index)
        assert str(native.value) == str(expected.value)
        ran_native(ext, name)


def test_a_tuple_of_lists_that_escapes_unpacking_is_a_rejection_with_its_reason():
    ext = load("def pair(xs, ys):\n    t = (xs, ys)\n    return len(t[0])\n")
    assert ext.call("pair", [1.5], [2.5, 3.5]) == 1
    assert ext.lanes()["pair"] == {"lane": "interp", "reason": "tuple of list[float] at line 2"}


@pytest.mark.parametrize("x", [math.inf, -math.inf, math.nan, 1e19, -1e19, 2.5])
@pytest.mark.parametrize("convert", ["int", "math.floor", "math.ceil", "math.trunc"])
def test_a_float_converted_to_int_raises_as_cpython_and_the_interpreter(convert, x):
    source = f"import math\ndef to_int(x):\n    return {convert}(x)\n"

    def run(call):
        try:
            return type(call()).__name__, call()
        except Exception as exc:  # compared between the lanes
            return type(exc).__name__, str(exc)

    native, interpreted = load(source), load(source, lane="interp")
    assert run(lambda: native.call("to_int", x)) == run(lambda: interpreted.call("to_int", x))
    ran_native(native, "to_int")
    if math.isinf(x):
        assert run(lambda: native.call("to_int", x)) == (
            "OverflowError",
            "cannot convert float infinity to integer",
        )
