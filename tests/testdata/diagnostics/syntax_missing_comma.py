def corners(w, h):
    return [(0, 0), (w, 0), (w h), (0, h)]  ### cpython
