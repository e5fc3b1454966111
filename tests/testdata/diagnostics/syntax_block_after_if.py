def check(x):
    if x:
    return 1  ### cpython IndentationError
    return 0
