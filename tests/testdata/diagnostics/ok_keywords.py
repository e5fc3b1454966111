# Keyword arguments the engine's functions take, and calls the checker cannot
# resolve statically (a shadowed built-in, a function value): all load.
import json
import math
import numpy as np
from numpy import linspace


def main(x, xs, a):
    out = [
        json.dumps(x, indent=2, sort_keys=True, separators=(",", ": ")),
        json.dumps(obj=x),
        json.loads(s="[1]"),
        sorted(xs, key=len, reverse=True),
        max(xs, key=abs, default=0),
        min(xs, default=None),
        sum(xs, start=0),
        round(number=2.5, ndigits=1),
        pow(base=2, exp=10, mod=7),
        int("ff", base=16),
        str(object=3),
        dict(a=1, b=2),
        list(zip(xs, xs, strict=True)),
        list(enumerate(iterable=xs, start=1)),
        print(x, sep="-", end="\n", file=None, flush=True),
        np.zeros(shape=3, dtype=np.int64),
        np.ones(3, dtype=np.float64),
        np.full(shape=(2, 2), fill_value=1.5, dtype=np.float64),
        np.arange(start=0, stop=10, step=2, dtype=np.int64),
        linspace(start=0.0, stop=1.0, num=5, endpoint=False, dtype=np.float64, axis=0),
        np.array(object=[1, 2], dtype=np.int64),
        np.sum(a=a, axis=0, dtype=np.float64),
        np.cumsum(a, axis=0),
        np.argmax(a=a, axis=None),
        np.dot(a=a, b=a),
        np.copy(a=a),
        np.zeros_like(a=a, dtype=np.int64),
        np.empty_like(a, dtype=np.float64),
        math.sqrt(2.0),
    ]
    return out


def shadow(len, f):
    return len(1, anything=2), f(x=1)


def local_dumps(obj, *, ensure_ascii=True):
    return obj


def uses_local():
    return local_dumps(1, ensure_ascii=False)
