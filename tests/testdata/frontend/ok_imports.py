# ruff: noqa
# fmt: off
import json
import math
import numpy
import numpy as np
from math import pi, sqrt
from numpy import float64

from host import CapabilityDenied, clock, env, fs, log, net, proc

SCALE = math.sqrt(2.0) / 2 + pi + sqrt(4.0)


def arrays(n):
    a = np.zeros((n, n))
    b = np.ones(n, dtype=np.bool_)
    c = numpy.arange(n) * 1.5
    d = np.cumsum(np.ones(5, dtype=np.int64))
    e = np.array([1.0, 2.0], dtype=float64)
    f = np.where(c > 3.0, c, -c) + np.minimum(c, 4.0) + np.maximum(c, 1.0)
    g = c.reshape((2, 3)).copy()
    g.fill(0.0)
    stats = [c.sum(), c.min(), c.max(), c.mean(), c.shape[0], c.size, c.ndim, str(c.dtype)]
    return [a, b, d, e, f, g, stats, np.dot(c, c), np.argmax(c), np.float64(1.5)]


def maths(v):
    return [
        math.floor(v),
        math.ceil(v),
        math.isnan(v),
        math.inf,
        math.nan,
        math.tau,
        math.gcd(4, 6),
    ]


def host_calls(path):
    try:
        text = fs.read_text(path)
        fs.write_text(path + ".out", json.dumps({"n": len(text)}, indent=2, sort_keys=True))
    except CapabilityDenied as e:
        log.warn(str(e))
        return None
    reply = net.request("GET", "http://127.0.0.1:8080/", headers={"a": "b"}, timeout=1.0)
    home = env.get("HOME", default="")
    result = proc.run(["/bin/echo", "hi"], input="", timeout=5.0)
    clock.sleep(0.01)
    log.info(home)
    return [json.loads(reply["body"]), result["stdout"], clock.time(), clock.monotonic()]
