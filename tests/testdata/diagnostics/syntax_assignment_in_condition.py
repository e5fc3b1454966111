def is_zero(x):
    if x = 0:  ### cpython
        return True
    return False
