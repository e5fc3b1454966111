# Seed: -2**63 // -1 does not fit in 64 bits: OverflowError (deliberate difference 1).
# entry: f0
# args: [-9223372036854775808, -1]
import math
import numpy as np


def f0(p, q):
    s = 0
    for i in range(3):
        s += i
    return s + p // q
