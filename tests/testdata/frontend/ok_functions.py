# ruff: noqa
# fmt: off
"""Functions: defaults, keyword-only parameters, closures, nonlocal, lambdas, recursion."""


def power(base, exp=2, *, scale=1):
    return scale * base**exp


def only_keywords(*, a, b=2):
    return a + b


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step


def deep():
    a = 1

    def middle():
        nonlocal a

        def inner():
            nonlocal a
            a += 1
            return a

        return inner()

    return middle()


def compose(f, g):
    return lambda x: f(g(x))


def adders():
    return [lambda v, k=k: v + k for k in range(3)]


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def uses_later_global():
    return LATER * 2 + helper_defined_later(1)


def shadowing(values):
    len = 3
    max = lambda a, b: a
    return len, max(1, 2), min(values)


def print(*, sep=" "):
    return sep


def main():
    c = make_counter(10)
    c()
    c(5)
    twice = compose(lambda x: x * 2, lambda x: x + 1)
    return [
        power(3),
        power(2, 8),
        power(2, exp=3),
        power(base=5, scale=2),
        only_keywords(a=1),
        c(),
        twice(4),
        deep(),
        fib(10),
        list(map(lambda v: v * 10, [1, 2, 3])),
        list(filter(lambda v: v > 1, [1, 2, 3])),
        uses_later_global(),
    ]


def helper_defined_later(x):
    return x


LATER = 21
