# A list display whose closing bracket is missing: CPython reports the bracket
# that was never closed, not the line where parsing gave up.
def weights():
    values = [1.0, 2.0,  ### cpython
        3.0, 4.0
    total = sum(values)
    return total / len(values)
