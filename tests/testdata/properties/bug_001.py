# while/else whose loop never breaks: the engine fails to load the program
# ("internal error in code generation: IndentationError: expected an indented
# block after 'if' statement"). CPython returns 3.


def main():
    k = 0
    while k < 3:
        k += 1
    else:
        pass
    return k
