# Bug (jit lane; found by test_jit_lane_matches_cpython_and_interp, reduced):
# math.ceil / math.floor / math.trunc of a float outside the int64 range
# returned -2**63 instead of raising OverflowError (deliberate difference 1:
# CPython's big int result does not fit in 64 bits).
# entry: f0
# args: [5]
import math
import numpy as np


def f0(p):
    v = math.ceil(-1e308)
    w = math.floor(p * 1e19)
    return p, v, w
