# Built-ins CPython has and the language lacks are "not supported"; names neither
# has are undefined; names that reach outside the sandbox keep their refusal.
def main(xs):
    z = complex(1, 2)  ### "^'complex' is not supported$"
    h = hex(255) + bin(3) + oct(8)  ### "^'hex' is not supported$" "^'bin' is not supported$" "^'oct' is not supported$"
    f = frozenset(xs)  ### "^'frozenset' is not supported$"
    s = slice(1, 2)  ### "^'slice' is not supported$"
    a = ascii("x") + format(1.5, ".1f")  ### "^'ascii' is not supported$" "^'format' is not supported$"
    n = hash(3)  ### "^'hash' is not supported$"
    w = Warning  ### "^'Warning' is not supported$"
    b = BaseException("x")  ### "^'BaseException' is not supported$"
    e = GeneratorExit, StopIteration, NotImplemented  ### "^'GeneratorExit' is not supported$" "^'StopIteration' is not supported$" "^'NotImplemented' is not supported$"
    u = unknown_helper(xs)  ### "^undefined name 'unknown_helper'$"
    c = cmp(1, 2) + unichr(3)  ### "^undefined name 'cmp'$" "^undefined name 'unichr'$"
    o = open("/etc/passwd")  ### "^'open' reaches outside the sandbox$"
    g = globals(), vars(), dir(), id(xs)  ### "'globals' reaches outside" "'vars' reaches outside" "'dir' reaches outside" "'id' reaches outside"
    x = eval("1") + exec("2")  ### "^'eval' reaches outside the sandbox$" "^'exec' reaches outside the sandbox$"
    i = __import__("os")  ### "^dunder name '__import__' is not allowed$"
    t = type(xs), getattr(xs, "y"), input()  ### "^'type' is not supported$" "^'getattr' is not supported$" "'input' reaches outside"
    m = memoryview(b"")  ### "'memoryview' reaches outside" "bytes literals are not supported"
    return z, h, f, s, a, n, w, b, e, u, c, o, g, x, i, t, m


def shadowed():
    hex = 3
    complex = lambda a, b: a
    return hex + complex(1, 2)
