def safe(x):
    try:
        y = 1 / x
    return y  ### cpython
