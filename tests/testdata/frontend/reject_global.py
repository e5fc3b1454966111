# ruff: noqa
# fmt: off
COUNTER = 0


def bump():
    global COUNTER  ### "'global' is not supported"
    COUNTER += 1
    return COUNTER
