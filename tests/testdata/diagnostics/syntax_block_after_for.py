def squares(n):
    out = []
    for i in range(n):
    out.append(i * i)  ### cpython IndentationError
    return out
