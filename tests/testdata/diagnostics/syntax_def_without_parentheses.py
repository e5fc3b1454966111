def main:  ### cpython
    return 1
