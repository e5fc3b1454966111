# try/finally whose body and finally block are only `pass`: the engine fails to
# load the program ("internal error in code generation: IndentationError").
# CPython returns 1.


def main():
    try:
        pass
    finally:
        pass
    return 1
