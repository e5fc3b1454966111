def mean(xs):
    total = sum(xs))  ### cpython
    return total / len(xs)
