# try/except/else whose else block is only `pass`: the engine fails to load
# the program ("internal error in code generation: IndentationError: expected
# an indented block after 'else' statement"). CPython returns [1].


def main():
    out = []
    try:
        out.append(1)
    except ValueError:
        out.append(2)
    else:
        pass
    return out
