# A variable that starts as an int constant and becomes a float (`total = 0`, then floats
# added): the JIT keeps it as a float and a flag. The tests run each function in CPython
# (the oracle), in the interpreter lane and in the JIT lane. `# rejected` marks functions
# the JIT must leave to the interpreter, with the reason given after it.

import math


def sum_of_squares(xs):
    total = 0
    for x in xs:
        total += x * x
    return total


def mean(xs):
    s = 0
    for x in xs:
        s += x
    return s / len(xs)


def halves(n):
    t = 0
    for i in range(n):
        t = t + 0.5 * i
    return t


def divided(n, d):
    t = 0
    for _ in range(n):
        t += 0.5
    return t / d


def best(xs):
    b = 0
    for x in xs:
        if x > b:
            b = x
    return b


def sign_of_zero(n):
    t = 0
    for _ in range(n):
        t = t * -1.0
    return t


def truthy(n):
    t = 0
    for i in range(n):
        t += i * 0.25
    if not t:
        return -1
    if t:
        return 1
    return 2


def early_zero(n):
    if n == 0:
        return 0
    t = 0
    for i in range(n):
        t += 1.5
    return t


def compared_to_int(n, k):
    t = 0
    for _ in range(n):
        t += 0.5
    return t < k, t == k, k >= t


def nested_loops(n):  # rejected: '+' of int
    total = 0
    for i in range(n):
        row = 0
        for j in range(i):
            row += j * 0.5
        total = total + row
    return total


def floor_mod(n):
    t = 7
    for i in range(n):
        t = t % 2.5 + i
    return t // 1.5


def sums(xs, ys):
    a = sum(xs)
    total = a + sum(ys) * 2.0
    if not sum(ys):
        total = total * 3.0
    return total + a, a < 1, a == 0


def sum_returned(xs, k):
    kept = [x for x in xs if x > k]
    return sum(kept)


def norm(xs):
    total = 0
    for x in xs:
        total += x * x
    return math.sqrt(total), float(total), bool(total), math.exp(total)


def roots_of_halves(n):
    t = 0
    for _ in range(n):
        t += 0.5
    return math.sqrt(t), math.log1p(t), math.atan2(t, 1.0)


def as_ints(n):
    t = 0
    for _ in range(n):
        t += 2.75
    return int(t), math.floor(t), math.ceil(t), math.trunc(t)


def absolute(n):  # rejected: abs of a float that may still be an int
    t = 0
    for _ in range(n):
        t -= 0.5
    return abs(t)


def from_a_variable(xs, start):  # rejected: value is float and int on different paths
    t = start
    for x in xs:
        t += x
    return t


def best_from(xs, start):  # rejected: value is float and int on different paths
    b = start
    for x in xs:
        if x > b:
            b = x
    return b


def too_big_for_a_float(xs):  # rejected: value is float and int on different paths
    t = 2**60 + 1
    for x in xs:
        t += x
    return t


def int_arithmetic(xs):  # rejected: '+' of float that may still be an int and int
    t = 0
    for x in xs:
        t += x
    return t + 1
