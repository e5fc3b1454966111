"""Dead-code elimination: drop instructions whose values nothing needs, then renumber.

Liveness is a mark phase from roots over the use graph (`v` fields, operand
lists, phi inputs), so phi cycles used only by each other are dead. Roots,
read from the opcode table's `effects` column:
- pinned instructions: those that write, call out or order execution
  (terminators, fuel, `caught`, which marks where a handler binds the
  exception);
- instructions that may raise. Python raises from pure-looking operations
  (`d[k]`, `a + b` on mismatched types, 1 // 0, int overflow, a big int
  literal), and an unused `x = d[k]` must still raise as CPython does. An
  operation is taken not to raise only when its opcode has no `RAISES`
  effect, or when the operands prove it: a const in the 64-bit range, the
  items of an unpack, and operand types in the `type` column (float
  arithmetic `+ - *`, comparisons of scalars and strings, `not` of a known
  non-array type, ...). With no type inference before it (every type ANY),
  the pass stays sound.

A `make_function` whose value is unused goes; the nested function's IR stays
in the module. Dead rows are removed with `compact`, which renumbers every
value reference and rebuilds the operand pool; blocks keep their terminators,
so none becomes empty. Unused entries of the constant pool are kept.
"""

from __future__ import annotations

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import CALLS, OPCODES, RAISES, Op
from frankenengine.ir.passes.compact import compact
from frankenengine.language.ints import fits_int64

_NEVER_RAISES = frozenset(info.code for info in OPCODES if not info.effects & (RAISES | CALLS))
_SCALAR = frozenset({T.NONE, T.BOOL, T.INT, T.FLOAT, T.STR})
# bool() of these never raises (an array's does).
_TRUTHY = _SCALAR | {T.LIST, T.TUPLE, T.DICT, T.SET, T.RANGE, T.FUNCTION, T.SLICE}


def run(module: IRModule) -> IRModule:
    module.functions = [eliminate(fn) for fn in module.functions]
    return module


def eliminate(fn: IRFunction) -> IRFunction:
    """`fn` without its dead instructions (`fn` itself when everything is live)."""
    uses = fn.all_value_operands()
    live = np.zeros(len(fn.insts), dtype=bool)
    work = [r for r in range(len(fn.insts)) if _is_root(fn, r, uses[r])]
    live[work] = True
    while work:
        for u in uses[work.pop()]:
            if not live[u]:
                live[u] = True
                work.append(u)
    return fn if live.all() else compact(fn, live)


def _is_root(fn: IRFunction, r: int, uses: list[int]) -> bool:
    op = int(fn.insts["op"][r])
    return OPCODES[op].pinned or may_raise(fn, r, uses)


def may_raise(fn: IRFunction, r: int, uses: list[int]) -> bool:
    """False only when row `r` surely completes without an exception."""
    insts = fn.insts
    op = int(insts["op"][r])
    if op in _NEVER_RAISES:
        return False
    if op == Op.const:
        value = fn.consts[int(insts["a"][r])]
        return type(value) is int and not fits_int64(value)
    if op == Op.item:
        src = int(insts["a"][r])
        return not (insts["op"][src] == Op.unpack and 0 <= insts["b"][r] < insts["b"][src])
    types = [int(insts["type"][u]) for u in uses]
    if op == Op.not_:
        return types[0] not in _TRUTHY
    if op == Op.build_str:
        return any(t != T.STR for t in types)
    if op in (Op.neg, Op.pos):
        return not (types[0] == T.FLOAT or (op == Op.pos and types[0] in T.NUMERIC))
    if op in (Op.eq, Op.ne):
        return not (types[0] in _SCALAR and types[1] in _SCALAR)
    if op in (Op.lt, Op.le, Op.gt, Op.ge):
        both_numeric = types[0] in T.NUMERIC and types[1] in T.NUMERIC
        return not (both_numeric or types[0] == types[1] == T.STR)
    if op in (Op.add, Op.sub, Op.mul):  # float arithmetic: inf and nan, never an exception
        return not (T.FLOAT in types and all(t in T.NUMERIC for t in types))
    return True
