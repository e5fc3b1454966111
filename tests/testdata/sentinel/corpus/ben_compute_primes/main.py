"""prime-bench: count the primes below a bound and report the result."""

import json

from host import net


def count_primes(n):
    sieve = [True] * n
    sieve[0] = sieve[1] = False
    i = 2
    while i * i < n:
        if sieve[i]:
            for j in range(i * i, n, i):
                sieve[j] = False
        i += 1
    return sum(1 for flag in sieve if flag)


def main(ctx):
    n = 120000
    count = count_primes(n)
    return net.post(ctx["url"] + "/api/results", json.dumps({"bound": n, "primes": count}))["status"]
