def title():
    return "Report  ### cpython
