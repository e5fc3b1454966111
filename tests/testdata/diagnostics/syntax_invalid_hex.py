MASK = 0xFFG  ### cpython
