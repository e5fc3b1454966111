def unfinished(x):
    if x > 1:  ### cpython IndentationError
