def stop(x):
    if x:
        break  ### cpython
    return x
