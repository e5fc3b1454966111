"""One-shot program: a NumPy mandelbrot, 400 x 400 points, 100 iterations, run once."""

import numpy as np


def mandelbrot(w, h, limit):
    counts = np.zeros((h, w), dtype=np.int64)
    for y in range(h):
        ci = -1.5 + 3.0 * y / h
        for x in range(w):
            cr = -2.0 + 3.0 * x / w
            zr = 0.0
            zi = 0.0
            n = limit
            for i in range(limit):
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    n = i
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
            counts[y, x] = n
    return counts


def main():
    counts = mandelbrot(400, 400, 100)
    print(int(counts.sum()))
