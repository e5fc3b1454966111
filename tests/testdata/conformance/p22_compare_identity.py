"""Chained comparisons, identity with None/True/False, isinstance with tuples, and/or."""


def main():
    calls = []

    def middle(v):
        calls.append(v)
        return v

    chained = [
        1 < middle(2) < 3,
        3 < middle(4) < 2,
        5 > middle(1) > middle(7),
        1 <= 1 < 2 != 3 == 3,
        0 < 1 > -1,
        "a" < "b" < "c",
        [1, 2] < [1, 3] <= [1, 3],
        (1, "a") < (1, "b"),
        1 == 1.0 == True,  # noqa: E712
        2.5 > 2 >= 2.0,
    ]
    value = None
    empty = []
    flag = True
    identity = [
        value is None,
        value is not None,
        empty is None,
        flag is True,
        flag is not False,
        (1 > 0) is True,
        None is None,
    ]
    types = [
        isinstance(3, (int, float)),
        isinstance(3.0, (int, str)),
        isinstance(True, int),
        isinstance(True, (bool,)),
        isinstance(None, (int, str)),
        isinstance([], (tuple, list)),
        isinstance((), list),
        isinstance({}, dict),
        isinstance({1}, set),
        isinstance("s", (list, (dict, str))),
        isinstance(1.5, float),
        isinstance(range(3), range),
    ]
    logic = [
        0 or "default",
        "" or [] or None,
        "first" and "second",
        0 and 1 / 0,
        not [],
        not [0],
        None or 0,
        1 and 2 and 3,
        [] and "never",
        (lambda: "x")() if flag else "y",
        "yes" if empty else "no",
    ]
    membership = [
        3 in range(0, 10, 3),
        4 in range(0, 10, 3),
        "ell" in "hello",
        "z" not in "hello",
        2 in (1, 2),
        "k" in {"k": 1},
        1 in {"k": 1},
        [1] in [[1], [2]],
        1.0 in [1, 2],
    ]
    return [chained, calls, identity, types, logic, membership]
