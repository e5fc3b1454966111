# A call of a function the engine provides, named directly or through its module,
# with a keyword it does not take, is refused when the extension is loaded.
import json
import math
import numpy as np
from math import sqrt
from numpy import zeros as make_zeros


def main(x, xs, a):
    t = json.dumps(x, ensure_ascii=False)  ### "^json\.dumps\(\) got an unexpected keyword argument 'ensure_ascii'$"
    u = json.dumps(x, indent=2, default=str)  ### "^json\.dumps\(\) got an unexpected keyword argument 'default'$"
    v = json.loads(t, strict=False)  ### "^json\.loads\(\) got an unexpected keyword argument 'strict'$"
    n = len(xs, obj=1)  ### "^len\(\) takes no keyword arguments$"
    s = sorted(xs, cmp=None)  ### "^sorted\(\) got an unexpected keyword argument 'cmp'$"
    r = sorted(iterable=xs)  ### "^sorted\(\) got an unexpected keyword argument 'iterable'$"
    p = print(x, fil=None)  ### "^print\(\) got an unexpected keyword argument 'fil'$"
    q = math.sqrt(x=2.0) + sqrt(x=4.0)  ### "^math\.sqrt\(\) takes no keyword arguments$" "^math\.sqrt\(\) takes no keyword arguments$"
    z = np.zeros(3, order="C") + make_zeros(3, like=a)  ### "^numpy\.zeros\(\) got an unexpected keyword argument 'order'$" "^numpy\.zeros\(\) got an unexpected keyword argument 'like'$"
    w = np.sqrt(a, out=a)  ### "^numpy\.sqrt\(\) takes no keyword arguments$"
    m = np.argmax(a, dtype=np.int64)  ### "^numpy\.argmax\(\) got an unexpected keyword argument 'dtype'$"
    e = np.empty_like(a=a)  ### "^numpy\.empty_like\(\) got an unexpected keyword argument 'a'$"
    k = ValueError("bad", code=3)  ### "^ValueError\(\) takes no keyword arguments$"
    i = int("7", base=8) + int(x="7")  ### "^int\(\) got an unexpected keyword argument 'x'$"
    g = range(stop=3), list(iterable=xs)  ### "^range\(\) takes no keyword arguments$" "^list\(\) takes no keyword arguments$"
    h = max(xs, key=len, defualt=0)  ### "^max\(\) got an unexpected keyword argument 'defualt'$"
    nested = len(sorted(xs, reversed=True))  ### "^sorted\(\) got an unexpected keyword argument 'reversed'$"
    return t, u, v, n, s, r, p, q, z, w, m, e, k, i, g, h, nested
