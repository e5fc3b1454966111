# 20 nested for loops, CPython's limit of statically nested blocks: CPython
# returns 2. The engine fails to load it: "internal error in code generation:
# SyntaxError: too many statically nested blocks". Same family as bug_014:
# the generated code needs more nested blocks than the source (19 loops load;
# nested try/finally, while loops and loops alternating with try fail at or
# below CPython's limit too).


# fmt: off
def main():
    x = 1
    for _i0 in range(1):
        for _i1 in range(1):
            for _i2 in range(1):
                for _i3 in range(1):
                    for _i4 in range(1):
                        for _i5 in range(1):
                            for _i6 in range(1):
                                for _i7 in range(1):
                                    for _i8 in range(1):
                                        for _i9 in range(1):
                                            for _i10 in range(1):
                                                for _i11 in range(1):
                                                    for _i12 in range(1):
                                                        for _i13 in range(1):
                                                            for _i14 in range(1):
                                                                for _i15 in range(1):
                                                                    for _i16 in range(1):
                                                                        for _i17 in range(1):
                                                                            for _i18 in range(1):
                                                                                for _i19 in range(1):
                                                                                    x += 1
    return x
# fmt: on
