"""Sieve of Eratosthenes on a NumPy bool array: the count of primes below n and the largest."""

import numpy as np


def sieve(n):
    flags = np.ones(n, dtype=np.bool_)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i < n:
        if flags[i]:
            for j in range(i * i, n, i):
                flags[j] = False
        i += 1
    count = 0
    last = 0
    for k in range(n):
        if flags[k]:
            count += 1
            last = k
    return count, last
