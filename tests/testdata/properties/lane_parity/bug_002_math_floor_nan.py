# Bug (jit lane; found with bug_001): math.floor / math.ceil / math.trunc of
# nan returned -2**63 instead of raising ValueError (and of inf, instead of
# OverflowError).
# entry: f0
# args: [math.nan]
import math
import numpy as np


def f0(x):
    return math.floor(x)
