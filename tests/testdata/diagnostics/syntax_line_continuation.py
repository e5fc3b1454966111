def h(a, b):
    return a + \ b  ### cpython
