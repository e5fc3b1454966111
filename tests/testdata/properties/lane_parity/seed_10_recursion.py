# Seed: a bounded recursive helper called from an array loop.
# entry: f1
# args: [np.array([3, -1, 2, 4], dtype=np.int64)]
import math
import numpy as np


def f0(n, x):
    if n <= 0:
        return x
    return f0(n - 1, x * 0.5 + 1.0) + f0(n - 2, x)


def f1(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += f0(min(a[i], 4), float(i))
    return s
