"""`a.sum()` and `np.sum(a)` of float arrays in the JIT lane: NumPy's pairwise summation, bit
for bit.

NumPy adds float64 elements pairwise (blocks of 128 with eight accumulators,
halves above that) onto its identity 0.0; the JIT's `array_float_sum` repeats
those additions in that order. These tests compare the JIT lane with the
interpreter (which calls NumPy) on the bits of the result, over sizes around
every threshold, magnitudes that make the order matter, signed zeros, NaN and
infinities, strided 1-d views and C-contiguous 2-d and 3-d arrays. A 2-d array
that is not contiguous stays in the interpreter, with the reason.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest

from frankenengine import Engine

SOURCE = """
import numpy as np

def total(a):
    return a.sum()

def np_total(a):
    return np.sum(a)

def mean_of(a):
    return a.sum() / a.size
"""


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


@pytest.fixture(scope="module")
def lanes():
    return {lane: Engine(lane=lane).load(SOURCE, name="sums") for lane in ("interp", "jit")}


def arrays():
    rng = np.random.default_rng(20261126)
    sizes = [1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 136, 255, 256, 257, 1000, 8192, 8193]
    sizes += [65_537, 100_003]
    for n in sizes:
        yield f"n={n}", rng.standard_normal(n) * 10.0 ** rng.integers(-8, 8, n)
    yield "negative zeros", np.full(9, -0.0)
    yield "one negative zero", np.array([-0.0])
    yield "nan", np.array([1.0, np.nan] + [2.0] * 20)
    yield "infinities", np.array([np.inf] * 10 + [-np.inf])
    yield "overflow", np.full(200, 1e308)
    yield "strided view", (rng.standard_normal(2_001) * 1e6)[::3]
    yield "2-d", rng.standard_normal((37, 41)) * 10.0 ** rng.integers(-6, 6, (37, 41))
    yield "3-d", rng.standard_normal((5, 7, 300))


@pytest.mark.parametrize(("label", "a"), list(arrays()), ids=[label for label, _ in arrays()])
def test_the_jit_sums_floats_as_numpy_does(lanes, label, a):
    for name in ("total", "np_total", "mean_of"):
        expected = lanes["interp"].call(name, a)
        got = lanes["jit"].call(name, a)
        assert bits(got) == bits(expected), (name, label, got, expected)
    for name in ("total", "np_total"):
        assert lanes["jit"].lanes()[name] == {"lane": "jit", "reason": ""}


def test_a_non_contiguous_2d_sum_stays_in_the_interpreter():
    ext = Engine(lane="jit").load(SOURCE, name="sums")
    a = np.arange(60.0).reshape(6, 10)[:, ::2]
    assert ext.call("total", a) == a.sum()
    assert ext.lanes()["total"]["lane"] == "interp"
    assert "not contiguous" in ext.lanes()["total"]["reason"]
