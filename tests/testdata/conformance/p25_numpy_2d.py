"""2-D and 3-D arrays: a[i, j] indexing, rows and columns, slices as views, copies."""

import numpy as np


def main():
    n, m = 3, 4
    a = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            a[i, j] = i * 10.0 + j
    row = a[1]
    col = a[:, 2]
    block = a[1:, 1:3]
    row[0] = -1.0
    block[0, 0] = -2.0
    snapshot = a.copy()
    col[2] = -3.0
    flat = np.arange(12).reshape((3, 4))
    flat[2, 3] = 99
    t = np.zeros((2, 3, 4), dtype=np.int64)
    t[1, 2, 3] = 7
    t[0, 1] = 5
    rev = a[::-1, ::2]
    total = 0.0
    for i in range(n):
        total += a[i, i]
    return [
        a,
        snapshot,
        a[2][1],
        float(a[1, 2]),
        a[-1, -1],
        a.shape,
        block.shape,
        rev,
        flat,
        flat.shape,
        int(flat.sum()),
        t.shape,
        t.ndim,
        t.size,
        int(t.sum()),
        t[1],
        total,
        float(col.sum()),
        row.size,
        np.array([[1, 2], [3, 4]]) * np.array([10, 100]),
        np.array([[True, False]]),
    ]
