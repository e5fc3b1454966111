# Seed (hand-written): lists in the JIT lane (issue 13, slice 1). Floats stay floats and
# bools stay bools in the list returned; -0.0 keeps its sign through the host list.
# entry: f0
# args: [[0.5, -0.0, 2.0], [True, False]]
import math
import numpy as np


def f0(xs, bs):
    out = [0.0] * len(xs)
    acc = -0.0
    for i in range(len(xs)):
        acc = acc + xs[i]
        out[i] = acc
    bs[-1] = bs[0]
    for b in bs:
        if b:
            xs[0] = xs[0] * 2.0
    return out
