def scaled(x):
    return x * 3rd  ### cpython
