# compile-error: 7
"""Compile error: dunder attributes such as __dict__ do not exist."""


def main():
    settings = {"a": 1}
    return settings.__dict__
