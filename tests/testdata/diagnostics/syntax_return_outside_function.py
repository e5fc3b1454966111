def ok():
    return 1


return 2  ### cpython
