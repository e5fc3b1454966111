def first(xs):
return xs[0]  ### cpython IndentationError
