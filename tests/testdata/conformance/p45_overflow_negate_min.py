# raises: OverflowError
# oracle: none
"""Deliberate difference 1: negating the smallest 64-bit int does not fit in 64 bits."""


def main():
    min_int = -(2**62) * 2
    values = [min_int + 1, -(min_int + 1)]
    values.append(-min_int)
    return values
