def to_float(text):
    try:
        return float(text)
    except ValueError:
    return 0.0  ### cpython IndentationError
