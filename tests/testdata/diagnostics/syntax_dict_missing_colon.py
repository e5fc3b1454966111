def config():
    return {"depth": 3, "width" 4}  ### cpython
