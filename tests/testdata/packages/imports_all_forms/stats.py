"""Statistics over lists of numbers; imports geometry too (runs once)."""

import geometry

print("stats: loaded, geometry unit", geometry.UNIT)


def mean(values):
    return sum(values) / len(values)


def spread(values):
    return max(values) - min(values)
