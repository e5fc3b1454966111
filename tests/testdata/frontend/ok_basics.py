# ruff: noqa
# fmt: off
"""Literals, operators and expressions of the subset: none of this is rejected."""

BIG = 123_456_789 * 1_000
HEX = 0xFF + 0o17 + 0b1010 + 0x_FF
FLOATS = [1.5, 0.5, 1e10, 1.5e-7, 3.0, 1_000.5, 1e-3]
HUGE = 99999999999999999999999999
TEXT = "double" + "single" + """triple""" + r"raw\n" + "concatenated"
UNICODE = "Wörld ☃"


def arithmetic(a, b):
    out = [a + b, a - b, a * b, a / b, a // b, a % b, a**b, -a, +a, ~a]
    out.append([a & b, a | b, a ^ b, a << 2, a >> 1])
    out.append([a < b, a <= b, a == b, a != b, a > b, a >= b, 1 < a < 3 <= b])
    out.append([a in [1, 2], a not in (3, 4), not a, a and b, a or b])
    out.append(a if a > b else b)
    return out


def identity(x):
    return [x is None, x is not None, x is True, False is x, x is not False]


def strings(name, value, width):
    parts = [
        f"{name}:{value:.2f}|{value:>10}|{width:05d}",
        f"{name!r} {name!s} {name!a} {value:{width}.{width}f}",
        f"{'nested'} {value + 1} {[1, 2][0]} {name[1:]}",
        f"{value:e}{width:x}",
        "%s=%d (%.3f) %5s%%" % (name, width, value, "ok"),
        "{}-{}-{:>4}".format("a", 1, "z"),
        "{0} {name}".format(1, name="n"),
    ]
    return parts


def subscripts(xs, grid):
    return [xs[0], xs[-1], xs[1:3], xs[::2], xs[::-1], xs[1:5:2], grid[1, 2], grid[:, 0]]


def displays():
    empty = [(), [], {}, set()]
    one = (1,)
    nested = {"k": [1, (2, 3), {4, 5}], "t": {"x": None}}
    return empty, one, nested, True, False, None
