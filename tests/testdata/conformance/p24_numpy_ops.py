"""NumPy element-wise arithmetic, ufuncs and reductions."""

import numpy as np


def main():
    a = np.arange(6, dtype=np.float64)
    b = np.linspace(0.0, 1.0, 6)
    ints = np.arange(1, 7)
    c = a * 2.0 + b
    d = (a - 1.0) / 2.0
    e = a * b - ints
    f = np.sqrt(a) + np.exp(b) - np.log(ints)
    g = np.abs(np.sin(a) * np.cos(b))
    h = np.minimum(a, 2.5) + np.maximum(b, 0.5)
    w = np.where(a > 2.0, a, 0.0)
    cs = np.cumsum(ints)
    full = np.full(3, 7.5)
    z = np.zeros_like(a)
    z.fill(1.25)
    o = np.ones(4, dtype=np.int64) * 3
    mask = a > 2.5
    return [
        c,
        d,
        e,
        f,
        g,
        h,
        w,
        cs,
        full,
        z,
        o,
        mask,
        float(a.sum()),
        float(a.mean()),
        float(b.max()),
        float(b.min()),
        int(ints.sum()),
        int(np.sum(ints)),
        float(np.dot(a, b)),
        int(np.argmax(e)),
        int(np.argmin(e)),
        a.size,
        a.ndim,
        str(ints.dtype),
        str(mask.dtype),
        -a,
        a**2,
        ints * ints,
        2.0 - a,
    ]
