"""`x == y`, `x != y`, `x <= y` compared again after one side is mutated, in branches and straight code.

Found by tests/properties/test_mutation_vs_cpython.py: common-subexpression
elimination merged a comparison of two containers (a bool result) into an
earlier identical one although a list, dict or set operand had changed in
between, so the second branch went the first one's way.
"""


def main():
    out = []
    mine = [2]
    theirs = [2]
    if mine == theirs:
        out.append("equal at first")
    mine.append(2)
    if mine == theirs:
        out.append("still equal after append")
    else:
        out.append("different after append")

    left = [1, 2, 0]
    right = [1, 2, 0]
    out.append(left != right)
    left.pop()
    out.append(left != right)

    config = {"b": -2}
    alias = config
    copy = {"b": -2}
    out.append(alias == copy)
    config.update({"d": 4})
    out.append(alias == copy)

    small = {1, 2}
    big = {1, 2}
    out.append(small <= big)
    small.add(3)
    out.append(small <= big)

    counts = {"d": 3, "c": 0}
    expected = {"d": 3, "c": 0}
    for _ in range(2):
        out.append(counts == expected)
        if "c" in counts:
            counts.pop("c")
        out.append(counts == expected)
    return out
