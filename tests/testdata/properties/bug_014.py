# try statements nested 10 deep in `except` handlers: CPython accepts this
# (its limit is exactly 10 here) and returns 110. The engine fails to load it:
# "internal error in code generation: SyntaxError: too many statically nested
# blocks". The generated code nests one block more than the source: plain
# nested try/except fails at 19 levels (CPython accepts 19), and random
# programs mixing loops, try and handlers hit it at moderate depths.


def main():
    x = 0
    try:
        x += 1
        raise ValueError("v")
    except ValueError:
        try:
            x += 1
            raise ValueError("v")
        except ValueError:
            try:
                x += 1
                raise ValueError("v")
            except ValueError:
                try:
                    x += 1
                    raise ValueError("v")
                except ValueError:
                    try:
                        x += 1
                        raise ValueError("v")
                    except ValueError:
                        try:
                            x += 1
                            raise ValueError("v")
                        except ValueError:
                            try:
                                x += 1
                                raise ValueError("v")
                            except ValueError:
                                try:
                                    x += 1
                                    raise ValueError("v")
                                except ValueError:
                                    try:
                                        x += 1
                                        raise ValueError("v")
                                    except ValueError:
                                        try:
                                            x += 1
                                            raise ValueError("v")
                                        except ValueError:
                                            x += 100
    return x
