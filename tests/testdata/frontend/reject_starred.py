# ruff: noqa
# fmt: off
def main(xs, d):
    first, *rest = xs  ### "starred assignment targets are not supported"
    for a, *b in [xs]:  ### "starred assignment targets are not supported"
        pass
    merged = [*xs, *rest]  ### "starred expressions are not supported" "starred expressions are not supported"
    both = {**d, "k": 1}  ### "'\*\*' unpacking is not supported"
    t = (*xs,)  ### "starred expressions are not supported"
    return first, merged, both, t
