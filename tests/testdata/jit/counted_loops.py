# Loops whose fuel the JIT charges before they run (`jit.loops`): each function raises,
# runs out of fuel or overflows somewhere inside such a loop for some arguments, and the
# tests compare the result, the error and the fuel used with the interpreter's.

import math


def inverse_sum(xs, n):
    t = 0.0
    for i in range(n):
        t += 1.0 / xs[i]  # ZeroDivisionError at a zero
    return t


def roots(xs):
    t = 0.0
    for i in range(len(xs)):
        t += math.sqrt(xs[i])  # ValueError at a negative
    return t


def tripled(n, x):
    for _ in range(n):
        x = x * 3  # OverflowError past 64 bits
    return x


def counter(n, c):
    for _ in range(n):
        c += 1  # a counter: checked once before the loop, or at every step near 2**63
    return c


def counts(xs, step):
    found = 0
    for i in range(0, len(xs), step):
        if xs[i] > 0.5:
            found += 2
    return found


def rows_read(a, j):
    t = 0.0
    for i in range(len(a)):
        t += a[i][j]  # IndexError from a short row
    return t


def grows(n):
    out = []
    for i in range(n):
        out.append(i * 0.5)  # the memory limit
    return len(out)


def backwards(xs, a, b):
    t = 0.0
    for i in range(a, b, -1):
        t = t * 0.5 + xs[i]  # negative indexes count from the end
    return t


def nested(n):
    total = 0
    for i in range(n):
        for j in range(i):
            total += j  # not a counter: adds a variable
    return total



def sum_mod(n):
    total = 0
    for i in range(n):
        total += i * i % 7  # bounded: no check but the one before the loop
    return total


def squares_from(a, n, total):
    for i in range(a, a + n):
        total += i * i  # past +-2**31 the variable is not bounded: checked
    return total


def signed(n):
    t = 0
    for i in range(n, -n, -3):
        t += (i - 50) % -7 + (i * 3) // -4 - i
    return t


def falling(n, total):
    for i in range(n):
        total -= i % 5  # a counter whose steps are negative: checked against -2**63
    return total


def array_fill(a, n):
    for i in range(n):
        a[i] = i * 0.5  # IndexError when n passes the array's end
    return a.sum()


def grid_diagonal(g, n):
    t = 0.0
    for i in range(n):
        t += g[i, i] + g[i, 0]
    return t
