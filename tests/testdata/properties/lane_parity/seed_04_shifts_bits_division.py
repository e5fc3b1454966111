# Seed: shifts by 63 and beyond, bitwise ops on the int64 extremes, floor
# division and modulo rounding toward negative infinity.
# entry: f0
# args: [-9223372036854775808, 3, -7]
import math
import numpy as np


def f0(p, q, r):
    return (
        p >> 63,
        p >> 64,
        q >> 64,
        q >> 65,
        0 << 64,
        ~p,
        p & -q,
        p ^ q,
        r // 2,
        r % 2,
        q // r,
        q % r,
        r // -1,
        7.5 // -2.0,
        -7.5 % 2.0,
        math.gcd(r, 21),
    )
