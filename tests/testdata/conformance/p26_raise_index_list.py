# raises: IndexError
"""IndexError from a list index past the end, raised two calls deep."""


def nth(xs, k):
    return xs[k]


def pick(xs):
    total = 0
    for k in range(len(xs) + 1):
        total += nth(xs, k)
    return total


def main():
    print("before")
    return pick([1, 2, 3])
