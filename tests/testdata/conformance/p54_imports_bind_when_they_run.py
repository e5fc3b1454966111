"""An import binds its name when it runs, as in CPython: a module-level read above it is a NameError.

Imports of the built-in modules are static in the engine (`math.sqrt` is the
built-in itself), so a read before the import statement would find the
module; module-level code that may run before its import checks it first.
Reads after the import, in functions, defaults and comprehensions behave as
usual.
"""

try:
    EARLY = math.pi
except NameError as e:
    EARLY = str(e)

try:
    ROOT = sqrt(2.0)
except NameError as e:
    ROOT = "missing: " + str(e)

try:
    LATE_GLOBAL = LATER + 1
except NameError as e:
    LATE_GLOBAL = str(e)

LATER = 41

import math
from math import sqrt

SQUARES = [sqrt(i) for i in range(4)]


def scaled(x, factor=math.tau):
    return x * factor


for flag in (False, True):
    if flag:
        import json
    else:
        try:
            json.dumps(1)
        except NameError as e:
            print("before the conditional import:", e)
print(json.dumps({"after": True}))


def main():
    print(EARLY)
    print(ROOT)
    print(LATE_GLOBAL)
    print(SQUARES, scaled(1.0), math.floor(2.5))
    try:
        print(UNDEFINED_LATER)
    except NameError as e:
        print("in a function:", e)
    return [EARLY, ROOT, LATE_GLOBAL]


if len(SQUARES) > 10:
    UNDEFINED_LATER = None
