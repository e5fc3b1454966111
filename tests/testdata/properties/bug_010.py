# 200 consecutive try/except statements: CPython returns 200. The engine fails
# to load it: "internal error in code generation: RecursionError: maximum
# recursion depth exceeded" (about 140 load).


def main():
    x = 0
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    try:
        x += 1
    except ValueError:
        pass
    return x
