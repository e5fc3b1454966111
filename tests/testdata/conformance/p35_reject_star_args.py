# compile-error: 5
"""Compile error: star-arguments are not in the subset."""


def total(*values):
    return sum(values)


def main():
    return total(1, 2, 3)
