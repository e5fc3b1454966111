# print() with flush=True: CPython prints "1-2!" and returns None; the engine
# raises TypeError (its print accepts only sep= and end=). Nothing in
# LANGUAGE.md restricts print's keywords; flush= has no effect outside the
# sandbox. (print(1, file=None) differs the same way.)


def main():
    print(1, 2, sep="-", end="!", flush=True)
    return None
