def update(d, key):
    d.get(key) = 1  ### cpython
    return d
