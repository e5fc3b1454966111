# A closure over a comprehension whose `for` target is a subscript did not
# capture what the target reads (`a`, `i`): the lambda failed with
# NameError on a minted name instead of storing into `a[1]` as CPython does.
def g(a, i):
    h = lambda: [0 for a[i] in [7]]
    h()
    return a


def main():
    return g([0, 0], 1)
