"""math functions, including domain and range errors caught by the program."""

import math


def attempt(fn, x):
    try:
        return fn(x)
    except ValueError:
        return "ValueError"
    except OverflowError:
        return "OverflowError"


def main():
    out = [
        attempt(lambda v: math.sqrt(v), -1.0),
        attempt(lambda v: math.sqrt(v), 16.0),
        attempt(lambda v: math.log(v), 0.0),
        attempt(lambda v: math.log(v), -2.0),
        attempt(lambda v: math.acos(v), 2.0),
        attempt(lambda v: math.exp(v), 1000.0),
        attempt(lambda v: math.log10(v), 1000.0),
        attempt(lambda v: math.pow(0.0, v), -1.0),
        attempt(lambda v: math.fmod(v, 0.0), 1.0),
        attempt(lambda v: math.asin(v), -1.5),
        attempt(lambda v: math.log2(v), 1024),
    ]
    try:
        math.sqrt(-4)
        out.append("no error")
    except ValueError:
        out.append("caught sqrt")
    out.extend(
        [
            math.floor(-2.5),
            math.ceil(-2.5),
            math.trunc(2.9),
            math.floor(7),
            math.fabs(-3),
            math.copysign(3, -0.0),
            math.gcd(0, 12),
            math.gcd(-12, 18),
            math.hypot(3, 4),
            math.isnan(math.nan),
            math.isinf(-math.inf),
            math.isfinite(math.inf),
            math.atan2(-0.0, -1.0),
            math.sin(math.pi),
            math.log(math.e),
            math.log(8, 2),
            math.exp(0),
            math.sqrt(2) ** 2,
            math.pow(2, 10),
            math.expm1(1e-5),
            math.log1p(-0.5),
            math.tau / 2 == math.pi,
        ]
    )
    return out
