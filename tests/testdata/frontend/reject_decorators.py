# ruff: noqa
# fmt: off
def deco(f):
    return f


@deco  ### "decorators are not supported"
def one():
    return 1


@deco  ### "decorators are not supported"
@deco  ### "decorators are not supported"
def two():
    return 2


@staticmethod  ### "decorators are not supported" "'staticmethod' is not supported"
def three():
    return 3
