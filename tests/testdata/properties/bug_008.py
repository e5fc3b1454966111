# 20 nested `if` statements: CPython runs this (returns 2; `if` does not count
# towards CPython's limit of 20 nested loop/try blocks, and even 20 nested
# `for` loops are accepted by CPython). The engine rejects the program:
# "syntax error: too many statically nested blocks". 19 levels load.


def main():
    x = 1
    if x:
        if x:
            if x:
                if x:
                    if x:
                        if x:
                            if x:
                                if x:
                                    if x:
                                        if x:
                                            if x:
                                                if x:
                                                    if x:
                                                        if x:
                                                            if x:
                                                                if x:
                                                                    if x:
                                                                        if x:
                                                                            if x:
                                                                                if x:
                                                                                    x += 1
    return x
