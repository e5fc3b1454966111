# raises: ValueError
"""ValueError from int() of a string that is not a number."""


def parse(fields):
    return [int(f) for f in fields]


def main():
    return parse("10,20,x,40".split(","))
