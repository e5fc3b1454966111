# Seed: m[0, 3] on a 2 x 3 array is out of bounds on axis 1 (IndexError),
# even though the flat offset 0 * 3 + 3 is a valid element (m[1, 0]).
# entry: f0
# args: [np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], dtype=np.float64).reshape(2, 3), 3]
import math
import numpy as np


def f0(m, j):
    total = 0.0
    for i in range(m.shape[0]):
        total += m[i, -1]
    return total + m[0, j]
