# compile-error: 9
"""Compile error: global statements are not in the subset."""

COUNTER = 0


def bump():
    # mutate module state
    global COUNTER
    COUNTER += 1
    return COUNTER


def main():
    return bump()
