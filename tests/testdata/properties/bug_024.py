# A module-level read of a global before its assignment raised NameError with
# the generated code's wording (`cannot access free variable 'g1' ...`), in the
# extension's own handler as well as at load, instead of CPython's
# `name 'Y' is not defined`.
try:
    X = Y + 1
except NameError as e:
    print("caught:", e)
    X = 0
Y = 2


def main():
    return X, Y
