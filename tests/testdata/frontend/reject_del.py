# ruff: noqa
# fmt: off
def main(d, xs, obj):
    del d["key"]
    del xs[0], xs[1:3]
    x = 1
    del x  ### "'del' of a name is not supported"
    del obj.attr  ### "'del' of an attribute is not supported"
    del (xs[0], d)  ### "'del' of a name is not supported"
    return d
