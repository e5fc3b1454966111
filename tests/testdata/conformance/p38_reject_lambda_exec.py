# compile-error: 4
"""Compile error: exec does not exist, even inside a lambda."""

RUN = lambda text: exec(text)  # noqa: E731


def main():
    return RUN("x = 1")
