"""Raises from a function of another module: the traceback names this file."""


def validate(values):
    for value in values:
        check_one(value)
    return len(values)


def check_one(value):
    if value < 0:
        raise ValueError(f"negative value {value}")
