"""Churn extension, JIT kind: a numeric kernel that tiers up to the JIT lane.

`blend(n, seed)` runs a linear congruential generator for `n` steps and sums
its outputs scaled to [0, 1): ints and floats only, so the JIT takes it; one
call of n = 20,000 crosses the `auto` lane's fuel threshold, so it tiers up
at its second call.
"""


def blend(n, seed):
    state = seed
    total = 0.0
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        total += (state % 1000) / 1000.0
    return total
