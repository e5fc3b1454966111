# ruff: noqa
# fmt: off
def lists():
    xs = [5, 3, 8, 1]
    ys = xs.copy()
    ys.append(7)
    ys.extend([0, 4])
    ys.insert(2, 11)
    ys.remove(8)
    ys.sort(key=lambda v: -v, reverse=True)
    ys.reverse()
    n = ys.index(3) + ys.count(3) + ys.pop() + ys.pop(0)
    ys.clear()
    return xs, ys, n, (1, 2).index(2), (1, 2).count(1)


def dicts():
    d = {"b": 2, "a": 1}
    d.update({"a": 10})
    d.setdefault("e", 5)
    got = [d.get("a"), d.get("zz", -1), d.pop("b"), list(d.keys()), list(d.values())]
    for k, v in d.items():
        got.append((k, v))
    e = d.copy()
    e.clear()
    return got, e


def sets():
    a = {1, 2, 3}
    b = set([3, 4])
    a.add(9)
    a.discard(1)
    a.remove(2)
    return [a | b, a & b, a - b, a ^ b, a.union(b), a.issubset(b), a.isdisjoint(b)]


def strings(s):
    t = s.strip().lower().upper().replace("l", "L", 1)
    return [
        t.split(","),
        t.split(",", 1),
        "-".join(["a", "b"]),
        t.startswith("H"),
        t.endswith("!"),
        t.find("W"),
        t.count("l"),
        t.isalpha(),
        t.isdigit(),
        t.zfill(8),
        t.center(9, "*"),
        t.splitlines(keepends=True),
        t.partition(":"),
        t.title(),
        t.ljust(3),
        t.removeprefix("a"),
    ]


def unpacking(pairs):
    a, b = 1, 2
    a, b = b, a
    (c, d), e = (3, 4), 5
    [f, g] = [6, 7]
    h = i = 8
    for j, (k, v) in enumerate(pairs):
        a += j * v
    p, q, r = (1, 2, 3)
    grid = [[0] * 3 for _ in range(3)]
    grid[0][1] = 1
    grid[1][2] += 3
    x, [y, (z, w)] = 1, [2, (3, 4)]
    return [a, b, c, d, e, f, g, h, i, p + q + r, grid, x, y, z, w]


def builtins(xs):
    return [
        abs(-1),
        chr(97),
        ord("a"),
        divmod(7, 2),
        pow(2, 10, 1000),
        round(2.5),
        repr(1.5),
        isinstance(3, int),
        bool(0),
        float("1.5"),
        int("42"),
        str(3),
        list(reversed(xs)),
        list(range(10, 0, -3)),
        len(xs),
        tuple(xs),
        print("a", "b", sep="-", end="!\n"),
    ]
