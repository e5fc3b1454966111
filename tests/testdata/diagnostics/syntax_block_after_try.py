def to_int(text):
    try:
    return int(text)  ### cpython IndentationError
    except ValueError:
        return 0
