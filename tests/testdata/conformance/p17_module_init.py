"""Module-level init code: tables built with loops, prints, constants used by functions."""

import math

PRIMES = []
candidate = 2
while len(PRIMES) < 10:
    for p in PRIMES:
        if candidate % p == 0:
            break
    else:
        PRIMES.append(candidate)
    candidate += 1

SQUARES = {n: n * n for n in range(1, 6)}
NAMES = ("zero", "one", "two", "three")
LOOKUP = {}
for index, name in enumerate(NAMES):
    LOOKUP[name] = index
HALF_PI = math.pi / 2
print("loaded", len(PRIMES), "primes")


def spell(n):
    return NAMES[n] if n < len(NAMES) else str(n)


def total_of_squares():
    return sum(SQUARES.values())


def main():
    print("main called")
    return [
        PRIMES,
        SQUARES,
        LOOKUP,
        HALF_PI,
        spell(2),
        spell(9),
        total_of_squares(),
        candidate,
    ]
