def pairs(xs):
    return [(x, x * 2] for x in xs]  ### cpython
