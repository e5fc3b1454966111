"""`not x` evaluated again after `x` is mutated: a fresh truth value each time, never the first one.

Found by tests/properties/test_mutation_vs_cpython.py: common-subexpression
elimination merged the second `not x` (bool result) into the first across a
mutation of `x` (its operand is a list, dict, set or array, not an immutable
value), through the name itself, an alias, a one-item box and a helper
function that mutates its argument.
"""

import numpy as np


def grow(v):
    v.append(1)


def empty(v):
    v.clear()


def main():
    items = []
    first = not items
    items.append(2)
    lists = [first, not items]

    table = {}
    before = not table
    table["a"] = 0
    dicts = [before, not table]

    seen = {1}
    before = not seen
    seen.discard(1)
    sets = [before, not seen]

    flags = np.array([0])
    before = not flags
    flags[0] = 3
    arrays = [before, not flags]

    stack = [5]
    alias = stack
    box = [stack]
    before = not alias
    box[0].clear()
    through_box = [before, not alias]

    queue = []
    before = not queue
    grow(queue)
    after_grow = not queue
    empty(queue)
    through_helpers = [before, after_grow, not queue]

    return {
        "list": lists,
        "dict": dicts,
        "set": sets,
        "array": arrays,
        "box": through_box,
        "helpers": through_helpers,
    }
