def sign(x):
    if x > 0  ### cpython
        return 1
    return -1 if x < 0 else 0
