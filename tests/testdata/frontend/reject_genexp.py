# ruff: noqa
# fmt: off
def main(xs):
    gen = (x * 2 for x in xs)  ### "generator expression must be passed directly to a call"
    pair = ((x for x in xs), 1)  ### "generator expression must be passed directly to a call"
    ok = sum(x for x in xs) + max((x for x in xs), default=0)
    return (x for x in xs)  ### "generator expression must be passed directly to a call"
