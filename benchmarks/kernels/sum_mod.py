"""Integer loop for the JIT lane: the sum of i * i % 7 over range(n)."""


def sum_mod(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total
