def price(x):
    return x * 1.2 € 3  ### cpython
