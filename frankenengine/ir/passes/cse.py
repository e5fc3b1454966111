"""Common-subexpression elimination over the dominator tree.

An arithmetic, comparison or unary instruction with the same opcode and
operands as one in a dominating position is dropped, and its uses read the
earlier value. This is sound for results of immutable types only (int,
float, bool, str): for lists, `a + b` twice makes two distinct objects that
the program may tell apart by mutating one. An operation that can raise is
safe to drop too: the earlier, identical one raised first.

Invariant: a row is merged only into a row that dominates it (earlier in the
same block, or in a dominating block), so the kept value dominates every use
of the dropped one.
"""

from __future__ import annotations

import numpy as np

from .. import types as T
from ..builder import const_key
from ..cfg import immediate_dominators, successors
from ..function import IRFunction, IRModule
from ..opcodes import BINARY_OPS, COMPARE_OPS, OPCODES, UNARY_OPS, Op
from .compact import compact

_PURE = frozenset(BINARY_OPS | COMPARE_OPS | UNARY_OPS) - {Op.matmul, Op.in_, Op.not_in}
_IMMUTABLE = frozenset({T.INT, T.FLOAT, T.BOOL, T.STR})
_LIST_FIELD = {info.code: "abc"[info.shape.index("L")] for info in OPCODES if "L" in info.shape}


def run(module: IRModule) -> IRModule:
    module.functions = [run_function(fn) for fn in module.functions]
    return module


def run_function(fn: IRFunction) -> IRFunction:
    n = len(fn.insts)
    canonical = np.arange(n + 1, dtype=np.int64)  # canonical[-1] stays -1 for "none"
    canonical[n] = -1
    keep = np.ones(n, dtype=bool)
    idom = immediate_dominators(successors(fn))
    children: list[list[int]] = [[] for _ in range(len(fn.blocks))]
    for b, parent in enumerate(idom):
        if b != 0 and parent >= 0:
            children[parent].append(b)
    # Preorder walk of the dominator tree with a scoped table of available values.
    stack: list[tuple[int, dict]] = [(0, {})]
    while stack:
        b, available = stack.pop()
        available = dict(available)
        block = fn.blocks[b]
        for v in range(int(block["start"]), int(block["end"])):
            row = fn.insts[v]
            op = int(row["op"])
            if op == Op.const:
                key = (op, const_key(fn.consts[row["a"]]))
            elif op in _PURE and int(row["type"]) in _IMMUTABLE:
                key = (op, int(canonical[row["a"]]), int(canonical[row["b"]]))
            else:
                continue
            first = available.setdefault(key, v)
            if first != v:
                canonical[v] = first
                keep[v] = False
        stack.extend((child, available) for child in children[b])
    if keep.all():
        return fn
    _rewrite_uses(fn, canonical)
    return compact(fn, keep)


def _rewrite_uses(fn: IRFunction, canonical: np.ndarray) -> None:
    insts = fn.insts
    ops = insts["op"]
    for k, field in enumerate("abc"):
        mask = np.array([OPCODES[op].shape[k] == "v" for op in ops], dtype=bool)
        insts[field][mask] = canonical[insts[field][mask]]
    for v in range(len(insts)):
        op = int(ops[v])
        if op in _LIST_FIELD and OPCODES[op].list_kind == "v":
            start_field = _LIST_FIELD[op]
            count_field = "abc"["abc".index(start_field) + 1]
            start = int(insts[v][start_field])
            count = int(insts[v][count_field])
            fn.operands[start : start + count] = canonical[fn.operands[start : start + count]]
