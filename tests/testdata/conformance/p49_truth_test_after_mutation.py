# A truth test, a comparison or a length read repeated after the container
# changed must see the change (a binary heap's "is it empty now?"): the IR
# passes may not reuse the first evaluation across a mutation.


def heap_pop_until_empty(h):
    if not h:
        return "empty at entry"
    h.pop()
    if not h:
        return "empty after pop"
    return h[0]


def fill(s):
    s["k"] = 1


def flag_across_call():
    s = {}
    flag = not s
    fill(s)
    if not s:
        return [flag, "still empty"]
    return [flag, "filled"]


def equal_across_append(xs, ys):
    before = xs == ys
    xs.append(4)
    after = xs == ys
    return [before, after]


def through_alias():
    a = [1, 2]
    b = a
    n = 2 in a
    b.remove(2)
    return [n, 2 in a, len(a)]


def main():
    return [
        heap_pop_until_empty([7]),
        heap_pop_until_empty([7, 8]),
        heap_pop_until_empty([]),
        flag_across_call(),
        equal_across_append([1, 2, 3], [1, 2, 3]),
        through_alias(),
    ]
