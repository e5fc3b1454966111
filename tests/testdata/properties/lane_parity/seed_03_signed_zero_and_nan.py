# Seed: -0.0 and NaN, compared bit for bit: min/max keep the first operand
# when neither is smaller, % follows the divisor's sign (also with an
# infinite divisor), inf - inf is a NaN with the sign bit set on x86.
# entry: f0
# args: [-0.0, 0.0, math.nan, math.inf]
import math
import numpy as np


def f0(x, y, z, w):
    return (
        min(y, x),
        min(x, y),
        max(x, y),
        max(z, 1.0),
        max(1.0, z),
        abs(x),
        math.sqrt(x),
        math.copysign(1.0, x),
        x // 1.0,
        -5.0 % w,
        5.0 % -w,
        y * -1.0,
        x + y,
        -x,
        math.fmod(x, 1.0),
        x % 1.0,
        w - w,
        -(w - w),
        abs(w - w),
        z * 0.0,
    )
