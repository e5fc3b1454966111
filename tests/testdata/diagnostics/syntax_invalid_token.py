def add(a, b):
    return a +  ### cpython
