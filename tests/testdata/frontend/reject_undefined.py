# ruff: noqa
# fmt: off
import math


def main(xs):
    total = helper(xs)  ### "undefined name 'helper'"
    for x in xs:
        total += x
    inner = [y for y in xs if y > limit]  ### "undefined name 'limit'"
    after = [y for y in xs] + [y]  ### "undefined name 'y'"
    return total, inner, after, hex(3), BaseException, frozenset()  ### "'hex' is not supported" "'BaseException' is not supported" "'frozenset' is not supported"


def scoped():
    def inner():
        return local_of_other  ### "undefined name 'local_of_other'"

    return inner


def other():
    local_of_other = 1
    return local_of_other, numpy.zeros(3), math  ### "undefined name 'numpy'" "module 'math' is not a value"
