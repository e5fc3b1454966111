"""Keyword-only parameters, defaults evaluated once, keyword calls in any order."""

LIMIT = 10


def clamp(value, lo=0, hi=LIMIT, *, wrap=False):
    if wrap:
        span = hi - lo
        return lo + (value - lo) % span
    return max(lo, min(hi, value))


def remember(item, seen=[]):  # noqa: B006
    seen.append(item)
    return len(seen), list(seen)


def tagged(text, *, prefix="<", suffix=">", upper=False):
    body = text.upper() if upper else text
    return prefix + body + suffix


def fresh(item, seen=None):
    if seen is None:
        seen = []
    seen.append(item)
    return seen


def main():
    global_limit_before = clamp(50)
    out = [
        global_limit_before,
        clamp(-3),
        clamp(7, 5),
        clamp(13, hi=12),
        clamp(13, wrap=True),
        clamp(hi=4, value=9, lo=1),
        clamp(-1, 0, 4, wrap=True),
        remember("a"),
        remember("b"),
        remember("c", []),
        remember("d"),
        tagged("x"),
        tagged("x", suffix="!", prefix="?"),
        tagged("x", upper=True),
        fresh(1),
        fresh(2),
        fresh(3, [0]),
    ]
    return out
