"""Control-flow facts shared by the verifier and the passes.

`successors(fn)` lists each block's CFG successors as the terminators define
them (the same edges the predecessor lists record); `immediate_dominators`
computes the dominator tree (Cooper, Harvey and Kennedy, "A Simple, Fast
Dominance Algorithm"); `loop_blocks` the blocks of a natural loop.
"""

from __future__ import annotations

from frankenengine.ir.function import IRFunction
from frankenengine.ir.opcodes import Op

_EDGE_FIELDS = {
    Op.jump: ("a",),
    Op.br: ("b", "c"),
    Op.for_iter: ("b", "c"),
    Op.try_except: ("a", "b"),
    Op.try_finally: ("a", "b"),
}


def successors(fn: IRFunction) -> list[list[int]]:
    out = []
    for block in fn.blocks:
        term = fn.insts[int(block["end"]) - 1]
        out.append([int(term[f]) for f in _EDGE_FIELDS.get(int(term["op"]), ())])
    return out


def immediate_dominators(succs: list[list[int]]) -> list[int]:
    """Immediate dominators (Cooper, Harvey, Kennedy); -1 for unreachable blocks, idom[0] = 0."""
    n = len(succs)
    order: list[int] = []  # postorder
    seen = [False] * n
    seen[0] = True
    stack = [(0, iter(succs[0]))]
    while stack:
        b, it = stack[-1]
        nxt = next((s for s in it if not seen[s]), None)
        if nxt is None:
            order.append(b)
            stack.pop()
        else:
            seen[nxt] = True
            stack.append((nxt, iter(succs[nxt])))
    number = {b: i for i, b in enumerate(order)}
    preds: list[list[int]] = [[] for _ in range(n)]
    for b in order:
        for s in succs[b]:
            preds[s].append(b)
    idom = [-1] * n
    idom[0] = 0

    def intersect(a: int, b: int) -> int:
        while a != b:
            while number[a] < number[b]:
                a = idom[a]
            while number[b] < number[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for b in reversed(order):
            if b == 0:
                continue
            new = -1
            for p in preds[b]:
                if idom[p] >= 0:
                    new = p if new < 0 else intersect(p, new)
            if new != idom[b]:
                idom[b] = new
                changed = True
    return idom


def loop_blocks(header: int, succs: list[list[int]], idom: list[int]) -> set[int]:
    """The blocks of the natural loop of `header`: the header and every block from which
    a back edge into it (from a block the header dominates) is reached without passing
    through the header."""

    def dominated(b: int) -> bool:
        while b >= 0:
            if b == header:
                return True
            if b == idom[b]:
                return False
            b = idom[b]
        return False

    preds: list[list[int]] = [[] for _ in succs]
    for b, targets in enumerate(succs):
        for s in targets:
            preds[s].append(b)
    body = {header}
    stack = [p for p in preds[header] if dominated(p)]
    while stack:
        b = stack.pop()
        if b not in body:
            body.add(b)
            stack.extend(preds[b])
    return body
