# ruff: noqa
# fmt: off
def main(obj, xs):
    obj.value = 1  ### "attribute assignment is not supported"
    obj.count += 1  ### "attribute assignment is not supported"
    a, xs.b = 1, 2  ### "attribute assignment is not supported"
    obj.__dict__ = {}  ### "attribute assignment is not supported" "dunder name '__dict__' is not allowed"
    xs[0] = 1
    return obj
