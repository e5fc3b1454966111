"""Matrix multiply with the triple loop (i, j, t order) over 2-d float64 arrays."""

import numpy as np


def matmul(a, b):
    n, k = a.shape
    m = b.shape[1]
    c = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            acc = 0.0
            for t in range(k):
                acc += a[i, t] * b[t, j]
            c[i, j] = acc
    return c
