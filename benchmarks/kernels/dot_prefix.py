"""Dot product and prefix sum over float64 arrays (one pass each, element by element)."""

import numpy as np


def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def prefix_sum(a):
    out = np.empty(a.shape[0])
    acc = 0.0
    for i in range(a.shape[0]):
        acc += a[i]
        out[i] = acc
    return out
