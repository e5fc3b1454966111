# ruff: noqa
# fmt: off
import json
import math
import numpy as np

from host import fs, net


def main(a, s):
    a.tofile("x")  ### "unknown attribute 'tofile'"
    p = a.ctypes  ### "unknown attribute 'ctypes'"
    z = np.load("f")  ### "'numpy' has no attribute 'load'"
    r = np.random.rand(3)  ### "'numpy.random' is not supported"
    m = math.factorial(3)  ### "'math.factorial' is not supported"
    j = json.dump(1)  ### "'json' has no attribute 'dump'"
    f = fs.open("x")  ### "'fs' has no attribute 'open'"
    n = net.socket()  ### "'net' has no attribute 'socket'"
    e = s.encode()  ### "unknown attribute 'encode'"
    t = np.float64(1.0).real  ### "unknown attribute 'real'"
    ok = [a.shape, a.sum(), s.upper(), np.float64, np.int64, np.bool_, math.pi]
    mod = np  ### "module 'numpy' is not a value"
    return p, z, r, m, j, f, n, e, t, ok, mod
