"""List, dict and set comprehensions: nested, filtered, and not leaking their variables."""


def main():
    x = "outer x"
    squares = [x * x for x in range(6)]
    after = x
    matrix = [[r * 4 + c for c in range(4)] for r in range(3)]
    transposed = [[row[i] for row in matrix] for i in range(4)]
    flat_even = [v for row in matrix for v in row if v % 2 == 0 if v > 2]
    pairs = [(a, b) for a in range(4) for b in range(a) if (a + b) % 2 == 1]
    words = ["apple", "bob", "kayak", "level", "rust"]
    palins = {w: len(w) for w in words if w == w[::-1]}
    by_first = {w[0]: w for w in words}
    lengths = {len(w) for w in words}
    scale = 10
    scaled = [v * scale for v in range(3)]
    labels = ["even" if v % 2 == 0 else "odd" for v in range(4)]
    nested_dict = {k: {j: k * j for j in range(1, 3)} for k in range(1, 3)}
    cond_expr = [v if v > 0 else -v for v in (-2, -1, 0, 1)]
    chars = [c.upper() for c in "abc"]
    return [
        squares,
        after,
        matrix,
        transposed,
        flat_even,
        pairs,
        palins,
        by_first,
        sorted(lengths),
        scaled,
        labels,
        nested_dict,
        cond_expr,
        chars,
        [[y for y in range(z)] for z in range(4)],
    ]
