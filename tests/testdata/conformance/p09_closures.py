"""Nested closures with nonlocal counters, late binding, and lambda defaults."""


def make_counter(start=0, step=1):
    count = start

    def bump():
        nonlocal count
        count += step
        return count

    def peek():
        return count

    return bump, peek


def make_accumulator():
    history = []
    total = 0

    def add(x):
        nonlocal total
        total += x
        history.append(total)
        return total

    def report():
        return list(history), total

    return add, report


def three_levels():
    level1 = 0

    def outer():
        level2 = 0

        def inner():
            nonlocal level1, level2
            level1 += 1
            level2 += 10
            return level1 + level2

        inner()
        return inner() + level2

    return outer() + outer() + level1


def late_binding():
    fs = [lambda: i for i in range(3)]  # noqa: B023
    gs = [lambda i=i: i for i in range(3)]
    return [f() for f in fs], [g() for g in gs]


def reads_later_assignment():
    def get():
        return value

    value = "assigned after def"
    return get()


def main():
    bump_a, peek_a = make_counter()
    bump_b, peek_b = make_counter(100, -5)
    bump_a()
    bump_a()
    bump_b()
    add, report = make_accumulator()
    for v in (5, -2, 10):
        add(v)
    scale = 3
    mul = lambda x, k=scale: x * k  # noqa: E731
    scale = 4
    return [
        peek_a(),
        peek_b(),
        bump_a(),
        report(),
        three_levels(),
        late_binding(),
        reads_later_assignment(),
        mul(2),
        mul(2, 10),
        scale,
        (lambda *, a=1, b=2: a - b)(b=5),
        list(map(lambda x, y: x + y, [1, 2], [10, 20])),
    ]
