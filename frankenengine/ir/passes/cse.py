"""Common-subexpression elimination over the dominator tree.

An instruction is merged into an identical one (same opcode, same operands)
in a dominating position, and its uses read the earlier value, when the
opcode table's `effects` column and the `type` column together prove that
both compute the same value:
- the opcode is pure on immutable inputs (no READS, WRITES, CALLS or
  CONTROL effect), and
- every value operand and the result are of an immutable built-in type
  (None, bool, int, float, str).

The operand rule is what makes it sound across mutation: `not xs`, `len`-like
tests, `xs == ys` or `xs[i]` read the current state of a list, dict, set or
array, and a store, a method call or any call between two evaluations can
change it. Operands of unknown type (ANY) are never merged either: they may
be any of those. The result rule keeps identities apart: `a + b` on lists,
or a fresh `[]`, makes distinct objects the program can tell apart. An
operation that may raise is still safe to merge: the earlier, identical one
raised first. Constants are merged by `const_key` (type and bits).

Invariant: a row is merged only into a row that dominates it (earlier in the
same block, or in a dominating block), so the kept value dominates every use
of the dropped one.
"""

from __future__ import annotations

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.builder import const_key
from frankenengine.ir.cfg import immediate_dominators, successors
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.passes.compact import compact

# Opcodes whose value depends on their operands alone (refined by their types below).
_MERGEABLE = frozenset(info.code for info in OPCODES if info.pure and info.defines) - {Op.const}
IMMUTABLE = frozenset({T.NONE, T.BOOL, T.INT, T.FLOAT, T.STR})


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
            elif op in _MERGEABLE and _immutable_operands(fn, row):
                value_fields = OPCODES[op].value_fields
                key = (op, *(int(canonical[row[f]]) for f in value_fields), *_immediates(row))
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


def _immutable_operands(fn: IRFunction, row) -> bool:
    """The result and every value operand are of an immutable built-in type."""
    info = OPCODES[int(row["op"])]
    if int(row["type"]) not in IMMUTABLE or info.list_fields is not None:
        return False
    types = fn.insts["type"]
    return all(row[f] >= 0 and int(types[row[f]]) in IMMUTABLE for f in info.value_fields)


def _immediates(row) -> tuple[int, ...]:
    """The non-value fields, which are part of what the instruction computes (`item v1, 2`)."""
    value_fields = OPCODES[int(row["op"])].value_fields
    return tuple(int(row[f]) for f in "abc" if f not in value_fields)


def _rewrite_uses(fn: IRFunction, canonical: np.ndarray) -> None:
    insts = fn.insts
    infos = [OPCODES[op] for op in insts["op"].tolist()]
    for field in "abc":
        mask = np.array([field in info.value_fields for info in infos], dtype=bool)
        insts[field][mask] = canonical[insts[field][mask]]
    for v, info in enumerate(infos):
        if info.list_fields is not None and info.list_kind == "v":
            start_field, count_field = info.list_fields
            start = int(insts[v][start_field])
            count = int(insts[v][count_field])
            fn.operands[start : start + count] = canonical[fn.operands[start : start + count]]
