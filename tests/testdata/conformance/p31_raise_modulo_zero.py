# raises: ZeroDivisionError
"""ZeroDivisionError from an integer modulo by zero."""


def buckets(values, width):
    return [v % width for v in values]


def main():
    widths = [3, 2, 1, 0]
    out = []
    for w in widths:
        out.append(buckets([7, 8, 9], w))
    return out
