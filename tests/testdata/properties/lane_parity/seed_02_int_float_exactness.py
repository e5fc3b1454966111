# Seed: ints are exact 64-bit values, not doubles. Comparisons between an int
# and a float are exact, int / int is correctly rounded, math.floor of an int
# is the int itself (p = 2**53 + 1 is not a double).
# entry: f0
# args: [9007199254740993, 9007199254740992.0]
import math
import numpy as np


def f0(p, x):
    return (
        p == x,
        p > x,
        float(p) == x,
        p / 3,
        p / 7,
        math.floor(p),
        math.trunc(p),
        int(float(p)),
        p - int(x),
        max(p, 1) - 1,
    )
