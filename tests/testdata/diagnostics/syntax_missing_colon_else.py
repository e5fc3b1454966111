def pick(flag):
    if flag:
        return "yes"
    else  ### cpython
        return "no"
