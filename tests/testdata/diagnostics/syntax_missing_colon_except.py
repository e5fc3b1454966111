def parse(text):
    try:
        return int(text)
    except ValueError  ### cpython
        return None
