def scale(xs, k):
    out = [x * k for x in xs]
        out.reverse()  ### cpython IndentationError
    return out
