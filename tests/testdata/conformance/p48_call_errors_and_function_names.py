# jit: scale
"""Calls that do not bind (CPython's messages, the extension's names) and how functions print.

`scale` is a JIT kernel: called with too many arguments, or with a keyword, it
must raise or bind exactly as CPython does, never run native code with the
extra argument taken for another parameter.
"""


def scale(x, factor):
    return x * factor


def power(base, exp=2, *, mod=0):
    value = base**exp
    return value % mod if mod else value


def clash(p1, *, p0=1, v2=2):
    # parameter names like the generator's own (p0, v2): still bound by name
    return p1 * 100 + p0 * 10 + v2


def maker():
    return lambda item: item * 2


def outer():
    def inner(a, b):
        return a - b

    return inner


def attempt(call):
    try:
        return call()
    except TypeError as exc:
        return "TypeError: " + str(exc)


def shown(fn):
    text = repr(fn)
    return text[: text.index(" at ")] if " at " in text else text


def main():
    out = [scale(3, 4), scale(2.5, 2)]
    out.append(attempt(lambda: scale(1, 2, 3)))
    out.append(attempt(lambda: scale(1)))
    out.append(attempt(lambda: scale(1, factor=5)))
    out.append(attempt(lambda: scale(1, 2, factor=5)))
    out.append(attempt(lambda: scale(1, size=2)))
    out.append(attempt(lambda: power(3)))
    out.append(attempt(lambda: power(3, 3, 5)))
    out.append(attempt(lambda: power(2, mod=3)))
    out.append(attempt(lambda: power()))
    out += [clash(1), clash(1, p0=5), clash(p1=3, v2=7), attempt(lambda: clash(1, 2))]
    out.append(attempt(lambda: clash(1, p1=2)))
    out.append(attempt(lambda: maker()(1, 2)))
    out.append(attempt(lambda: maker()()))
    out.append(attempt(lambda: outer()(1)))
    out += [shown(scale), shown(power), shown(maker()), shown(outer())]
    print(shown(outer()), str(scale)[: len("<function scale")])
    return out
