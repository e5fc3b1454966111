# jit: horner, running_max, clipped_sum, bisect_root
"""Numeric kernels in the JIT subset (floats, ints, tuples, arrays, math)."""

import math

import numpy as np


def horner(coeffs, x):
    acc = 0.0
    for i in range(coeffs.shape[0] - 1, -1, -1):
        acc = acc * x + coeffs[i]
    return acc


def running_max(a):
    out = np.empty(a.shape[0])
    best = -math.inf
    for i in range(a.shape[0]):
        if a[i] > best:
            best = a[i]
        out[i] = best
    return out


def clipped_sum(a, lo, hi):
    s = 0
    for i in range(a.shape[0]):
        v = a[i]
        if v < lo:
            v = lo
        elif v > hi:
            v = hi
        s += v
    return s


def bisect_root(c, lo, hi, steps):
    for _ in range(steps):
        mid = (lo + hi) / 2.0
        if mid * mid - c > 0.0:
            hi = mid
        else:
            lo = mid
    return lo, hi


def main():
    coeffs = np.array([1.0, -3.0, 0.5, 2.0])
    xs = np.linspace(-2.0, 2.0, 9)
    values = [horner(coeffs, float(x)) for x in xs]
    a = np.sin(np.arange(20) * 0.7) * 10.0
    ints = np.arange(-10, 10) * 3
    return [
        values,
        running_max(a),
        clipped_sum(ints, -5, 12),
        list(bisect_root(2.0, 0.0, 2.0, 60)),
        math.sqrt(2.0),
    ]
