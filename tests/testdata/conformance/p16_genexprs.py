"""Generator expressions passed straight to sum/any/all/min/max/sorted/join and friends."""


def main():
    xs = [4, -1, 7, 0, 3, -8, 5]
    words = ["delta", "alpha", "charlie", "bravo", "echo"]
    checked = []

    def check(v):
        checked.append(v)
        return v > 5

    found = any(check(v) for v in xs)
    checked_any = list(checked)
    checked.clear()
    all_small = all(not check(v) for v in xs)
    return [
        sum(v * v for v in xs),
        sum((v for v in xs if v > 0), 100),
        sum(v / 2 for v in xs),
        found,
        checked_any,
        all_small,
        checked,
        min(abs(v) for v in xs),
        max((len(w), w) for w in words),
        min((w for w in words), key=len),
        max((w for w in words), key=lambda w: w[-1]),
        sorted(w.upper() for w in words),
        sorted((w for w in words), key=len, reverse=True),
        "".join(w[0] for w in words),
        ", ".join(str(v) for v in sorted(xs)),
        list(v for v in xs if v % 2),
        tuple(v // 2 for v in xs),
        dict((w[0], w) for w in words),
        sorted(set(v % 3 for v in xs)),
        any(v > 100 for v in xs),
        all(isinstance(v, int) for v in xs),
        sum(1 for _ in range(1000)),
    ]
