### line 5: cpython
# The docstring below is never closed: CPython reports it at its opening quotes
# and says where it noticed (the last line).
def documented():
    """Return the answer.

    The closing quotes are missing.
    return 42
