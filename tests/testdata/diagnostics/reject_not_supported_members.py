# Module members CPython (or NumPy) has and the language lacks are "not supported";
# members that reach outside the sandbox, and members that do not exist, are absent.
import json
import math
import numpy as np
from math import fsum, factorial as fact  ### "^'math.fsum' is not supported$" "^'math.factorial' is not supported$"
from numpy import linalg  ### "^'numpy.linalg' is not supported$"
from numpy import load, fromfile  ### "^cannot import 'load' from 'numpy'$" "^cannot import 'fromfile' from 'numpy'$"
from json import dump  ### "^cannot import 'dump' from 'json'$"
from math import nothing  ### "^cannot import 'nothing' from 'math'$"


def main(xs, a):
    s = math.fsum(xs) + math.prod(xs) + math.isqrt(9)  ### "'math.fsum' is not" "'math.prod' is not" "'math.isqrt' is not"
    f = np.fft.fft(a)  ### "^'numpy.fft' is not supported$"
    n = np.linalg.norm(a)  ### "^'numpy.linalg' is not supported$"
    m = np.mean(a) + np.std(a)  ### "^'numpy.mean' is not supported$" "^'numpy.std' is not supported$"
    e = json.JSONDecodeError  ### "^'json.JSONDecodeError' is not supported$"
    l = np.load("x.npy")  ### "^'numpy' has no attribute 'load'$"
    t = np.savetxt("x", a), np.memmap("y")  ### "^'numpy' has no attribute 'savetxt'$" "^'numpy' has no attribute 'memmap'$"
    d = json.dump(xs, None)  ### "^'json' has no attribute 'dump'$"
    c = json.codecs  ### "^'json' has no attribute 'codecs'$"
    z = math.nothing + np.nothing  ### "^'math' has no attribute 'nothing'$" "^'numpy' has no attribute 'nothing'$"
    return s, f, n, m, e, l, t, d, c, z, fsum, fact, linalg, load, fromfile, dump, nothing
