# Seed: CPython raises where IEEE 754 would return inf: a float power that
# overflows is an OverflowError (also math.exp(1000), not reached here).
# entry: f0
# args: [10.0, 400]
import math
import numpy as np


def f0(x, n):
    y = x ** 2
    if n > 300:
        y = x ** 400
    return y + math.exp(n)
