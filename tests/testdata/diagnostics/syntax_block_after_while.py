def halve(n):
    while n > 1:
    n //= 2  ### cpython IndentationError
    return n
