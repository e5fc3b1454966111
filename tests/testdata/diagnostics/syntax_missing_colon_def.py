def area(width, height)  ### cpython
    return width * height
