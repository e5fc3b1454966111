# ruff: noqa
# fmt: off
def main(xs):
    if (n := len(xs)) > 3:  ### "':=' is not supported"
        return n
    return [y for x in xs if (y := x * 2) > 1]  ### "':=' is not supported"
