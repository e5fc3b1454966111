def permissions():
    return 0755  ### cpython
