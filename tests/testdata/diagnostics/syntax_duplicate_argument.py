def mix(a, b, a):  ### cpython
    return a + b
