# Seed (hand-written): lists in the JIT lane (issue 13, slice 1). A host list is written
# in place, item by item, until an index error part-way: the writes before it stay in
# the caller's list in every lane; a list made in native code is summed exactly.
# entry: f0
# args: [[1, 2, 3, 4, 5], 7]
import math
import numpy as np


def f0(xs, k):
    flags = [True] * (k + 1)
    flags[0] = False
    for i in range(2, k + 1):
        for j in range(i * i, k + 1, i):
            flags[j] = False
    n = sum(flags)
    for i in range(1, k):
        xs[i] += xs[i - 1] * n
    return [n, -n]
