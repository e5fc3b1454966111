# raises: TypeError
"""TypeError from an operator applied to operands of the wrong types."""


def accumulate(items):
    total = 0
    for item in items:
        total = total + item
    return total


def main():
    return accumulate([1, 2, "3", 4])
