# ruff: noqa  (the program is wrong on purpose: it tests Python's scoping)
# A module-level name that a function also assigns is local to the whole
# function: reading it first raises UnboundLocalError in CPython; the engine
# raises NameError (a different exception type).

G = 1


def main():
    x = G
    G = 2
    return x, G
