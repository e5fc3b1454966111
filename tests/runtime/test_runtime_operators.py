"""make_operators against Python's operators, with the 64-bit rule."""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runtime_oracle import new_meter, normalise, oracle_outcome, outcome, raises_before_the_work

from frankenengine.language.ints import INT64_MAX as INT_MAX
from frankenengine.language.ints import INT64_MIN as INT_MIN
from frankenengine.runtime.operators import (
    ELEMENT_TYPES,
    make_operators,
    to_python_scalar,
)

OPS = make_operators(new_meter())
PY_BINARY = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "lshift": operator.lshift,
    "rshift": operator.rshift,
    "bitand": operator.and_,
    "bitor": operator.or_,
    "bitxor": operator.xor,
    "matmul": operator.matmul,
}
PY_UNARY = {"neg": operator.neg, "pos": operator.pos, "invert": operator.invert}

VALUES = [
    0,
    7,
    -7,
    3,
    True,
    False,
    2.5,
    -0.0,
    float("inf"),
    float("nan"),
    "ab",
    "%s!",
    [1, 2],
    (1,),
    {"a": 1},
    {1, 2},
    None,
    INT_MAX,
    INT_MIN,
]


def test_operator_keys():
    assert set(OPS) == set(PY_BINARY) | set(PY_UNARY)


@pytest.mark.parametrize("name", sorted(PY_BINARY))
def test_binary_matches_python_on_samples(name):
    for a in VALUES:
        for b in VALUES:
            if name in ("pow", "lshift") and type(b) is int and abs(b) > 1000:
                continue  # the oracle would build a huge int; covered by the overflow tests
            if name == "mul" and isinstance(a, (str, list, tuple)) and type(b) is int and b > 100:
                continue
            if name == "mul" and isinstance(b, (str, list, tuple)) and type(a) is int and a > 100:
                continue
            expected = oracle_outcome(PY_BINARY[name], a, b)
            assert outcome(OPS[name], a, b) == expected, (name, a, b)


@pytest.mark.parametrize("name", sorted(PY_UNARY))
def test_unary_matches_python_on_samples(name):
    for a in VALUES:
        assert outcome(OPS[name], a) == oracle_outcome(PY_UNARY[name], a), (name, a)


def test_percent_formatting_and_repetition():
    assert OPS["mod"]("%s=%d (%.3f) %5s%%", ("n", 42, 3.14159, "ok")) == "n=42 (3.142)    ok%"
    assert OPS["mod"]("%(a)s-%(b)r", {"a": 1, "b": "x"}) == "1-'x'"
    assert OPS["mod"]("%*d|%-*s|", (5, 3, 4, "x")) == "    3|x   |"
    assert OPS["mul"]("ab", 3) == "ababab" and OPS["mul"](2, [0]) == [0, 0]
    assert OPS["mul"]([1], -2) == [] and OPS["mul"]((1,), True) == (1,)
    with pytest.raises(TypeError):
        OPS["mod"]("%d", "x")
    with pytest.raises(TypeError):
        OPS["mul"]("ab", 2.0)


def test_pow_negative_exponent_gives_float_like_python():
    assert OPS["pow"](2, -2) == 0.25 and type(OPS["pow"](2, -2)) is float
    assert OPS["pow"](-2, 63) == INT_MIN
    with pytest.raises(ZeroDivisionError):
        OPS["pow"](0, -1)


def test_shift_rules():
    with pytest.raises(ValueError, match="negative shift count"):
        OPS["lshift"](1, -1)
    with pytest.raises(ValueError, match="negative shift count"):
        OPS["rshift"](1, -1)
    assert OPS["lshift"](0, 10**18) == 0
    assert OPS["rshift"](-5, 10**18) == -1
    assert OPS["lshift"](1, 62) == 2**62
    assert OPS["lshift"](-1, 63) == INT_MIN


@pytest.mark.parametrize(
    ("name", "a", "b"),
    [
        ("pow", 2, 10**9),
        ("pow", -3, 2**62),
        ("lshift", 1, 10**6),
        ("lshift", -1, 2**62),
        ("pow", 2, 63),
        ("pow", 2, 64),
        ("lshift", 1, 63),
        ("add", INT_MAX, 1),
        ("sub", INT_MIN, 1),
        ("mul", 2**32, 2**31),
        ("floordiv", INT_MIN, -1),
        ("pow", np.int64(2), np.int64(10**9)),
        ("add", np.int64(INT_MAX), 1),
        ("mul", INT_MAX, True + True),
    ],
)
def test_int_overflow_raises_at_once(name, a, b):
    raises_before_the_work(lambda: OPS[name](a, b), OverflowError, "integer overflow")


def test_unary_overflow():
    with pytest.raises(OverflowError):
        OPS["neg"](INT_MIN)
    with pytest.raises(OverflowError):
        OPS["neg"](np.int64(INT_MIN))
    assert OPS["invert"](INT_MIN) == INT_MAX
    assert OPS["neg"](True) == -1 and OPS["pos"](True) == 1


def test_numpy_scalars_follow_python_semantics():
    assert ELEMENT_TYPES == (np.bool_, np.int64, np.float64)
    with pytest.raises(ZeroDivisionError):
        OPS["truediv"](np.float64(1.0), 0)
    with pytest.raises(ZeroDivisionError):
        OPS["floordiv"](np.int64(1), np.int64(0))
    assert OPS["pow"](np.int64(2), -1) == 0.5
    r = OPS["add"](np.float64(0.5), 1)
    assert r == 1.5 and type(r) is float
    assert type(OPS["add"](np.int64(1), 1)) is int
    assert OPS["add"](np.bool_(True), np.bool_(True)) == 2
    assert OPS["mul"]([1, 2], np.int64(2)) == [1, 2, 1, 2]
    for v, expected in ((np.float64(2.5), 2.5), (np.int64(3), 3), (np.bool_(True), True)):
        out = to_python_scalar(v)
        assert out == expected and type(out) is type(expected)
    assert to_python_scalar("x") == "x"


def test_arrays_follow_numpy():
    a = np.arange(4)
    for name, pyop in PY_BINARY.items():
        if name in ("lshift", "rshift", "bitand", "bitor", "bitxor", "matmul"):
            b = 2
        else:
            b = np.array([1.5, 2.0, -1.0, 0.0])
        with np.errstate(all="ignore"):
            expected = outcome(pyop, a, b)
        assert outcome(OPS[name], a, b) == expected, name
    big = np.array([INT_MAX])
    assert OPS["add"](big, 1)[0] == INT_MIN  # wraps, as NumPy does
    assert normalise(OPS["matmul"](np.ones((2, 3)), np.ones(3))) == normalise(np.full(2, 3.0))
    assert normalise(OPS["neg"](a)) == normalise(-a)
    assert normalise(OPS["add"]([1, 2], a[:2])) == normalise(np.array([1, 3]))
    with pytest.raises(ValueError):
        OPS["add"](np.zeros(2), np.zeros(3))
    with pytest.raises(TypeError):
        OPS["add"](np.zeros(2), "ab")
    with pytest.raises(TypeError):
        OPS["add"](np.zeros(2), ["a", "b"])
    with pytest.raises(ValueError):
        OPS["add"](np.zeros(2), [[1], [2, 3]])


INT64 = st.integers(min_value=INT_MIN, max_value=INT_MAX)
SMALL = st.integers(min_value=-100, max_value=100)
NUMBERS = st.one_of(INT64, SMALL, st.floats(), st.booleans())


def _same(name, a, b):
    assert outcome(OPS[name], a, b) == oracle_outcome(PY_BINARY[name], a, b), (name, a, b)


@settings(max_examples=200, deadline=None)
@given(INT64 | SMALL, INT64 | SMALL)
def test_int_arithmetic_property(a, b):
    for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "bitand", "bitor", "bitxor"):
        _same(name, a, b)
    for name in ("neg", "pos", "invert"):
        assert outcome(OPS[name], a) == oracle_outcome(PY_UNARY[name], a)


@settings(max_examples=200, deadline=None)
@given(INT64 | SMALL, st.integers(min_value=-70, max_value=130))
def test_pow_and_shift_property(a, b):
    for name in ("pow", "lshift", "rshift"):
        _same(name, a, b)


@settings(max_examples=200, deadline=None)
@given(NUMBERS, NUMBERS)
def test_mixed_number_property(a, b):
    for name in ("add", "sub", "mul", "truediv", "floordiv", "mod"):
        _same(name, a, b)
    if not (isinstance(a, int) and isinstance(b, int) and abs(b) > 200):
        _same("pow", a, b)
