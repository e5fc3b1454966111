# ruff: noqa
# fmt: off
def gen(n):
    i = 0
    while i < n:
        yield i  ### "'yield' is not supported"
        i += 1


def delegate(xs):
    yield from xs  ### "'yield from' is not supported"


def receive():
    x = yield  ### "'yield' is not supported"
    y = (yield x)  ### "'yield' is not supported"
    return x, y
