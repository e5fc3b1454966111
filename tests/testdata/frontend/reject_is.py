# ruff: noqa
# fmt: off
def main(a, b):
    same = a is b  ### "'is' is only supported with None, True or False"
    other = a is not b  ### "'is' is only supported with None, True or False"
    ok = a is None or None is not b or a is True or b is False
    lit = a is 1  ### "'is' is only supported with None, True or False"
    return same, other, ok, lit
