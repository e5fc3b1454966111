# Seed: a strided 1-D view passed twice (the two parameters alias: reads see
# earlier writes) and a Fortran-ordered 2-D array, written through.
# entry: f0
# args: (lambda A0: [A0, A0, np.asfortranarray(np.array([1.5, -2.0, 0.0, 4.0, 5.0, -6.0], dtype=np.float64).reshape(2, 3))])(np.array([0.0, -99.5, 5.0, -99.5, 7.0, -99.5], dtype=np.float64)[::2])
import math
import numpy as np


def f0(a, b, m):
    for i in range(1, a.shape[0]):
        b[i] = a[i - 1] + 1.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1] - 1, -1, -1):
            m[i, j] = m[i, j] * 10.0 + i - j
    return a[-1], m[-1, -3], m.shape[1]
