# CPython reports its symbol table's errors before its compiler's, wherever they are.
def early():
    return 1


return 0


def late(x, x):  ### cpython
    return x
