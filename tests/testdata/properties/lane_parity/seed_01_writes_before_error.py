# Seed (hand-written from the generator's grammar): writes into an argument
# array, then an int result overflows. The writes happen exactly once in
# every lane (a lane that falls back and re-runs the call would apply them twice).
# entry: f0
# args: [np.array([1.0, 2.0, -0.0], dtype=np.float64), 4611686018427387904]
import math
import numpy as np


def f0(a, n):
    for i in range(a.shape[0]):
        a[i] += 1.0
    a[-1] *= -1.0
    return n * 4
