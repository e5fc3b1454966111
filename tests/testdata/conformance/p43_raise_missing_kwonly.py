# raises: TypeError
"""TypeError at run time: a call leaves out a required keyword-only argument."""


def scaled(value, *, factor):
    return value * factor


def main():
    results = [scaled(2, factor=3)]
    results.append(scaled(5))
    return results
