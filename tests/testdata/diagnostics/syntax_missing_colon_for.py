def total(xs):
    s = 0
    for x in xs  ### cpython
        s += x
    return s
