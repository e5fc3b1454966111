# ruff: noqa
# fmt: off
def comprehensions(xs, words):
    grid = [[r * 3 + c for c in range(3)] for r in range(3)]
    flat = [v for row in grid for v in row if v % 2 == 0 if v > 0]
    squares = {k: k * k for k in range(5)}
    inverse = {v: k for k, v in squares.items()}
    evens = {v for v in range(10) if v % 2 == 0}
    pairs = [(i, w) for i, w in enumerate(words)]
    shadow = [xs for xs in xs]
    return grid, flat, squares, inverse, evens, pairs, shadow


def consume(it):
    return list(it)


def generators(xs, words):
    return [
        sum(x * x for x in xs),
        any(x > 9 for x in xs),
        all(x > 0 for x in xs),
        max(len(w) for w in words),
        min((len(w), w) for w in words),
        sorted(w[::-1] for w in words),
        sorted((w for w in words), key=len, reverse=True),
        list(x for x in xs if x % 3 == 0),
        tuple(w[0] for w in words),
        ",".join(str(x) for x in xs[:4]),
        dict((w, len(w)) for w in words),
        set(len(w) for w in words),
        list(enumerate(x for x in xs)),
        list(zip(xs, (w for w in words))),
        consume(x for x in xs),
        consume((x for x in xs)),
    ]
