def spaced(x):
    return x + 1  ### cpython
