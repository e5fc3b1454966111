# Bug (jit lane; found by test_jit_lane_matches_cpython_and_interp, reduced):
# int / int with a zero dividend and a divisor beyond 2**53 never returned
# (the native code looped without counting fuel, so no limit stopped it);
# CPython gives 0.0. (1 / 2**62 and 0 / 3 were fine.)
# entry: f0
# args: [0]
import math
import numpy as np


def f0(p):
    return p / 4611686018427387904, p / 9007199254740993
