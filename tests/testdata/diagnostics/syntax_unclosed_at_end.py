# The file ends inside a dict display.
TABLE = {"a": 1, "b": 2}


def lookup(key):
    return {"x": key,  ### cpython
