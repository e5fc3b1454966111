"""for/else and while/else with break and continue; nested loops with break."""


def first_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        return None
    return d


def while_else(limit, stop_at):
    i = 0
    seen = []
    while i < limit:
        i += 1
        if i % 2 == 0:
            continue
        if i == stop_at:
            break
        seen.append(i)
    else:
        seen.append("else")
    return seen


def pairs_summing_to(target, xs):
    found = []
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] + xs[j] == target:
                found.append((xs[i], xs[j]))
                break
            if xs[j] > target:
                break
        else:
            continue
        if len(found) == 2:
            break
    return found


def main():
    grid = []
    for r in range(4):
        row = []
        for c in range(4):
            if c > r:
                break
            if (r + c) % 3 == 0:
                continue
            row.append(r * 10 + c)
        grid.append(row)
    last = None
    for last in range(3):  # noqa: B007
        pass
    countdown = []
    n = 3
    while n:
        countdown.append(n)
        n -= 1
    else:
        countdown.append("liftoff")
    empty_for = []
    for _ in []:
        empty_for.append("body")
    else:
        empty_for.append("else ran")
    return [
        [first_divisor(n) for n in (7, 9, 15, 97)],
        while_else(10, 7),
        while_else(10, 99),
        pairs_summing_to(10, [1, 9, 3, 7, 4, 6, 5]),
        grid,
        last,
        countdown,
        empty_for,
        list(zip(range(3), "abcdef")),  # noqa: B905
        list(enumerate("xy", 5)),
        list(reversed(range(1, 10, 3))),
        [c for c in "hello" if c not in "l"],
    ]
