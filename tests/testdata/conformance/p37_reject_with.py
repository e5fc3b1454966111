# compile-error: 7
"""Compile error: with statements are not in the subset."""


def main():
    total = 0
    with total:
        total += 1
    return total
