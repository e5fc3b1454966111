# compile-error: 8
"""Compile error: assignment expressions (walrus) are not in the subset."""


def main():
    data = [1, 5, 9]
    out = []
    if (n := len(data)) > 2:
        out.append(n)
    return out
