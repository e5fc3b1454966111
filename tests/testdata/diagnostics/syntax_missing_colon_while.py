def countdown(n):
    while n > 0  ### cpython
        n -= 1
    return n
