# raises: ValueError
# oracle: none
"""Deliberate difference 5: format fields that reach into a value raise ValueError."""


def main():
    pair = [1, 2]
    ok = "{0}-{1}".format("a", "b")  # noqa: UP030
    return [ok, "{0[1]}".format(pair)]  # noqa: UP030, UP032
