"""Set operations, compared as sets or through sorted lists, never by iteration order."""


def main():
    a = {1, 2, 3, 4, 5}
    b = {4, 5, 6, 7}
    c = set("mississippi")
    a.add(10)
    a.add(1)
    a.discard(2)
    a.discard(99)
    b.remove(7)
    try:
        b.remove(7)
        removed_twice = "no error"
    except KeyError:
        removed_twice = "KeyError"
    union = a | b
    inter = a & b
    diff = a - b
    sym = a ^ b
    squares = {x * x % 7 for x in range(20)}
    empty = set()
    return [
        sorted(a),
        sorted(b),
        sorted(c),
        removed_twice,
        sorted(union),
        sorted(inter),
        sorted(diff),
        sorted(sym),
        sorted(squares),
        len(c),
        len(empty),
        3 in a,
        2 in a,
        union == {1, 3, 4, 5, 6, 10},
        inter == {4, 5},
        set([1, 1, 2]) == {2, 1},
        sum(a),
        max(sym),
        sorted(set("hello") | set("world")),
    ]
