"""The engine's rules on top of CPython: 64-bit ints and memory charged before allocating."""

from __future__ import annotations

import numpy as np
import pytest
from runtime_oracle import new_meter, raises_before_the_work

from frankenengine.language.ints import INT64_MAX as INT_MAX
from frankenengine.language.ints import INT64_MIN as INT_MIN
from frankenengine.runtime.builtins import make_builtins, make_methods
from frankenengine.runtime.errors import DeadlineExceeded, MemoryLimitExceeded
from frankenengine.runtime.intcheck import check_int, overflow
from frankenengine.runtime.limits import Limits, Meter
from frankenengine.runtime.operators import make_operators

LIMIT = 50_000_000


def _tools(memory=LIMIT):
    meter = new_meter(memory)
    return meter, make_builtins(meter), make_operators(meter), make_methods(meter)


# -- int rule ------------------------------------------------------------------
def test_check_int():
    assert check_int(INT_MAX) == INT_MAX and check_int(INT_MIN) == INT_MIN
    assert check_int(True) is True and check_int(1e300) == 1e300 and check_int("x") == "x"
    for bad in (INT_MAX + 1, INT_MIN - 1, 10**30):
        with pytest.raises(OverflowError, match="^integer overflow$"):
            check_int(bad)
    with pytest.raises(OverflowError):
        overflow()


OVERFLOWS = [
    ("sum", ([2**62, 2**62],), {}),
    ("sum", ([1],), {"start": INT_MAX}),
    ("abs", (-(2**63),), {}),
    ("abs", (np.int64(INT_MIN),), {}),
    ("int", ("9" * 30,), {}),
    ("int", (1e300,), {}),
    ("int", ("-9223372036854775809",), {}),
    ("pow", (2, 64), {}),
    ("pow", (2, 10**9), {}),
    ("pow", (-(2**62), 3), {}),
    ("math.floor", (1e300,), {}),
    ("math.ceil", (-1e300,), {}),
    ("math.trunc", (1e19,), {}),
    ("math.gcd", (INT_MIN, 0), {}),
    ("round", (1e300,), {}),
    ("round", (INT_MAX, -1), {}),
    ("divmod", (INT_MIN, -1), {}),
    ("json.loads", ("[1, 99999999999999999999]",), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), OVERFLOWS)
def test_builtin_int_overflow(name, args, kwargs):
    _, b, _, _ = _tools()
    raises_before_the_work(lambda: b[name](*args, **kwargs), OverflowError, "^integer overflow$")


def test_in_range_edges_do_not_overflow():
    _, b, ops, _ = _tools()
    assert b["pow"](-2, 63) == INT_MIN and b["abs"](INT_MIN + 1) == INT_MAX
    assert b["sum"]([INT_MAX, -1, 1]) == INT_MAX
    assert b["sum"]([INT_MAX, 1, -1]) == INT_MAX  # sum is one operation: only its result counts
    assert b["int"]("-9223372036854775808") == INT_MIN
    assert b["json.loads"]("-9223372036854775808") == INT_MIN
    assert b["divmod"](INT_MIN, 1) == (INT_MIN, 0)
    assert ops["mul"](-(2**31), 2**32) == INT_MIN


def test_enumerate_near_the_top_overflows():
    _, b, _, _ = _tools()
    it = b["enumerate"](["a", "b", "c"], INT_MAX - 1)
    assert next(it) == (INT_MAX - 1, "a") and next(it) == (INT_MAX, "b")
    with pytest.raises(OverflowError):
        next(it)


# -- memory --------------------------------------------------------------------
def _raises_at_once(call):
    """MemoryLimitExceeded before allocating: under 10 MB traced, against the 50 MB limit (some
    cases build their input inside `call`: `[(1, 2)] * 10**6` is 8 MB)."""
    raises_before_the_work(call, MemoryLimitExceeded, most=10_000_000)


def _shared_tree(levels=40):
    a = ["x" * 100]
    for _ in range(levels):
        a = [a, a]
    return a


BIG = 10**9
ALLOCATIONS = {
    "list times int": lambda b, ops, m: ops["mul"]([0], BIG),
    "int times tuple": lambda b, ops, m: ops["mul"](BIG, (0,)),
    "str times int": lambda b, ops, m: ops["mul"]("x", BIG),
    "numpy.zeros": lambda b, ops, m: b["numpy.zeros"](BIG),
    "numpy.ones 2-d": lambda b, ops, m: b["numpy.ones"]((10**5, 10**5), dtype=b["int"]),
    "numpy.full": lambda b, ops, m: b["numpy.full"](BIG, 1.5),
    "numpy.empty_like": lambda b, ops, m: b["numpy.empty"](BIG),
    "numpy.arange": lambda b, ops, m: b["numpy.arange"](0, BIG, 0.5),
    "numpy.linspace": lambda b, ops, m: b["numpy.linspace"](0, 1, BIG),
    "numpy.array of shared rows": lambda b, ops, m: b["numpy.array"]([list(range(10**4))] * 10**4),
    "broadcast": lambda b, ops, m: ops["add"](np.ones(10**4), np.ones((10**4, 1))),
    "numpy.minimum broadcast": lambda b, ops, m: b["numpy.minimum"](
        np.ones(10**4), np.ones((10**4, 1))
    ),
    "numpy.dot outer": lambda b, ops, m: b["numpy.dot"](np.ones((10**4, 1)), np.ones((1, 10**4))),
    "list(range)": lambda b, ops, m: b["list"](range(BIG)),
    "tuple(range)": lambda b, ops, m: b["tuple"](range(BIG)),
    "set(range)": lambda b, ops, m: b["set"](range(BIG)),
    "sorted(range)": lambda b, ops, m: b["sorted"](range(BIG)),
    "repr of a shared tree": lambda b, ops, m: b["repr"](_shared_tree()),
    "str of a shared tree": lambda b, ops, m: b["str"](_shared_tree()),
    "print of a shared tree": lambda b, ops, m: b["print"](_shared_tree()),
    "json.dumps of a shared tree": lambda b, ops, m: b["json.dumps"](_shared_tree()),
    "json.dumps with a huge indent": lambda b, ops, m: b["json.dumps"]([[1]] * 100, indent=BIG),
    "format width": lambda b, ops, m: m["format"]("{:>1000000000}", 1),
    "format of a shared tree": lambda b, ops, m: m["format"]("{}", _shared_tree()),
    "format repr of a shared tree": lambda b, ops, m: m["format"]("{!r:>3}", _shared_tree()),
    "format nested width": lambda b, ops, m: m["format"]("{:{w}}", 1, w=BIG),
    "percent width": lambda b, ops, m: ops["mod"]("%1000000000s", "x"),
    "percent star width": lambda b, ops, m: ops["mod"]("%*d", (BIG, 1)),
    "percent of a shared tree": lambda b, ops, m: ops["mod"]("%s", (_shared_tree(),)),
    "ljust": lambda b, ops, m: m["ljust"]("x", BIG),
    "center": lambda b, ops, m: m["center"]("x", BIG, "*"),
    "zfill": lambda b, ops, m: m["zfill"]("1", BIG),
    "expandtabs": lambda b, ops, m: m["expandtabs"]("\t" * 1000, BIG),
    "replace": lambda b, ops, m: m["replace"]("x" * 10**5, "", "y" * 10**4),
    "join": lambda b, ops, m: m["join"]("," * 10**6, ["a"] * 10**3),
    "extend": lambda b, ops, m: m["extend"]([], range(BIG)),
    "set update": lambda b, ops, m: m["update"](set(), range(BIG)),
    "union": lambda b, ops, m: m["union"]({1}, range(BIG)),
    "dict update": lambda b, ops, m: m["update"]({}, [(1, 2)] * 10**6),
}


@pytest.mark.parametrize("name", sorted(ALLOCATIONS))
def test_big_allocations_are_refused_before_allocating(name):
    _, b, ops, m = _tools()
    _raises_at_once(lambda: ALLOCATIONS[name](b, ops, m))


def test_required_memory_cases():
    """The brief's three named cases, explicitly."""
    _, b, ops, _ = _tools()
    _raises_at_once(lambda: ops["mul"]([0], 10**9))
    _raises_at_once(lambda: b["numpy.zeros"](10**9))
    _raises_at_once(lambda: b["list"](range(10**9)))


def test_concatenation_is_charged():
    meter, b, ops, _ = _tools()
    s = ops["mul"]("x", 20_000_000)
    assert meter.memory >= 20_000_000
    with pytest.raises(MemoryLimitExceeded):
        ops["add"](s, s)


def test_unsized_iterables_are_consumed_in_charged_chunks():
    meter, b, _, m = _tools(memory=5_000_000)
    with pytest.raises(MemoryLimitExceeded):
        b["list"](b["zip"](range(10**9), range(10**9)))
    meter, b, _, m = _tools(memory=5_000_000)
    with pytest.raises(MemoryLimitExceeded):
        m["extend"]([], (i for i in range(10**9)))
    meter, b, _, _ = _tools()
    assert b["list"](x for x in range(10)) == list(range(10))
    assert meter.memory > 10 * 8


def test_appending_big_strings_hits_the_limit():
    """c37: chunks.append("x" * 1000000) forever."""
    meter, _, ops, m = _tools()
    chunks: list = []
    with pytest.raises(MemoryLimitExceeded):
        for _ in range(1000):
            m["append"](chunks, ops["mul"]("x", 1_000_000))
    assert len(chunks) < 50


def test_small_work_fits():
    meter, b, ops, m = _tools()
    assert b["sorted"](range(1000))[-1] == 999
    assert m["join"](",", map(str, range(100))).count(",") == 99
    assert meter.memory < 1_000_000


# -- deadline ------------------------------------------------------------------
# Long enough that no machine gets through one in the 0.2 s deadline (CPython's own loops
# take seconds), finite so that a builtin not checking the deadline returns (and fails the
# test) instead of hanging it.
HUGE = 10**8


@pytest.mark.parametrize(
    "call",
    [
        lambda b: b["max"](range(HUGE)),
        lambda b: b["all"](b["map"](b["abs"], range(-HUGE, -1))),
        lambda b: b["sum"](range(HUGE)),
        lambda b: b["all"](b["zip"](range(1, HUGE))),
        lambda b: b["min"](b["reversed"](range(HUGE))),
        lambda b: b["max"](b["filter"](None, range(HUGE))),
        lambda b: [x for x, _ in b["enumerate"](range(HUGE)) if x < 0],
    ],
)
def test_builtins_consuming_huge_ranges_check_the_deadline(call):
    meter = Meter(Limits(deadline=0.2))
    b = make_builtins(meter)
    with pytest.raises(DeadlineExceeded):
        call(b)
