# Seed: range with a negative step, continue, for/else, a counted while loop
# with break, np.empty filled before use, an int64 allocation, a tuple result.
# entry: f0
# args: [7]
import math
import numpy as np


def f0(n):
    s = 0
    for i in range(n, -3, -2):
        if i == 1:
            continue
        s = s * 3 + i
    else:
        s += 100
    k = 0
    while k < 10:
        k += 1
        if k * k > n:
            break
    t = np.empty(n % 5)
    for i in range(t.shape[0]):
        t[i] = i * 0.5
    c = np.zeros((2, 3), dtype=np.int64)
    c[1, 2] = s
    return s, k, t[-1], c[-1, -1], t.shape[0]
