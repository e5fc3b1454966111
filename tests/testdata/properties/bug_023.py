# A module read `math.pi` above `import math` and loaded: imports of built-in
# modules were static aliases bound everywhere, where CPython binds the name
# when the import statement runs (NameError: name 'math' is not defined).
X = math.pi / 2
import math


def main():
    return X
