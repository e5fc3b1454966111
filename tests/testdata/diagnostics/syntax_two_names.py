def label(n):
    name = "item" n  ### cpython
    return name
