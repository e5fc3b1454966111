"""A condition evaluated before a loop or a join, and again inside the loop or after the join.

Found by tests/properties/test_mutation_vs_cpython.py: common-subexpression
elimination reused `not x` from a dominating block (before an if/else, a
`while` condition, the previous statement of a loop body) although the block
in between mutated `x` through an alias or a one-item box, so loop bodies and
the code after a join saw a stale truth value.
"""


def main():
    out = []
    todo = [-2, 4]
    alias = todo
    rounds = 0
    while alias and rounds < 3:
        rounds += 1
        out.append(not alias)
        todo.pop()
        out.append(not alias)

    pending = set()
    view = pending
    guard = 0
    while not view and guard < 1:
        guard += 1
        pending.update([-2, 3])
        out.append(not view)

    registry = {"b": -1}
    box = [registry]
    for _ in range(2):
        out.append(not registry)
        box[0].clear()
        out.append(not registry)
        box[0]["d"] = 2

    slots = {}
    if slots:
        out.append("has slots")
    else:
        if not slots:
            slots["b"] = -2
        out.append(not slots)

    cells = [0]
    if not cells:
        out.append("no cells")
    if cells:
        cells.pop()
    if not cells:
        out.append("emptied")
    return out
