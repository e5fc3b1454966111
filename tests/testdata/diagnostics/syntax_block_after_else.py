def parity(n):
    if n % 2:
        return "odd"
    else:
    return "even"  ### cpython IndentationError
