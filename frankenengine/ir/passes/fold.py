"""Constant folding: replace an operation on constants by the constant it computes.

An instruction whose value operands are all `const` rows is rewritten in place
(same row, so no value is renumbered) into a `const` row holding the result.
Only opcodes that the opcode table marks pure on immutable inputs fold (an
`inplace` row when its operation does: on constants, `x op= y` is `x op y`),
and of those: binary arithmetic and bitwise operators (not `@`) and their
`inplace` forms, unary `- + ~ not`,
the comparisons `< <= > >= == !=` on None/bool/int/float/str, `in`/`not in`
between strings, and `build_tuple` of None/bool/int/float/str items. `is` and
`is not` are never folded: the identity of constants is not semantic.

Results are computed with CPython's own operators on the constant values, so
they are exactly what CPython gives (floats bit for bit: -0.0, inf, nan).
Nothing is folded, and the operation is left to raise at run time, when:
- it raises (1 // 0, 1 < "a", (-8) ** 0.5 -> complex is refused too);
- an operand or the result is an int outside the signed 64-bit range (the
  engine raises OverflowError there), or of a type other than
  None/bool/int/float/str/tuple (of such scalars);
- a str or tuple result would be longer than MAX_LEN items;
- it could be expensive to compute: int ** int with |exponent| > 64, `<<`
  by more than 63, `str % ...` (a format width can be huge);
- it is `~` of a bool (deprecated: CPython 3.12+ warns at run time).
Constants are looked up in `fn.consts` by identity (type and repr, floats by
their bits), never by ==, and appended when new. Folding repeats to a fixpoint
within each function, then the operand pool is compacted.
"""

from __future__ import annotations

import operator

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.builder import const_key
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.passes.compact import compact
from frankenengine.language.ints import fits_int64

MAX_LEN = 4096
_SCALARS = (type(None), bool, int, float, str)

_BINARY = {
    Op.add: operator.add,
    Op.sub: operator.sub,
    Op.mul: operator.mul,
    Op.truediv: operator.truediv,
    Op.floordiv: operator.floordiv,
    Op.mod: operator.mod,
    Op.pow: operator.pow,
    Op.lshift: operator.lshift,
    Op.rshift: operator.rshift,
    Op.bitand: operator.and_,
    Op.bitor: operator.or_,
    Op.bitxor: operator.xor,
}
_COMPARE = {
    Op.lt: operator.lt,
    Op.le: operator.le,
    Op.gt: operator.gt,
    Op.ge: operator.ge,
    Op.eq: operator.eq,
    Op.ne: operator.ne,
}
_CONTAINS = {Op.in_: lambda a, b: a in b, Op.not_in: lambda a, b: a not in b}
_UNARY = {
    Op.neg: operator.neg,
    Op.pos: operator.pos,
    Op.invert: operator.invert,
    Op.not_: operator.not_,
}


# Only operations that are pure on immutable inputs (the opcode table's effects
# column) fold; every operand of a fold is a constant, so immutable. `x op= y`
# on constants is `x op y`, so an `inplace` row folds when its operation does.
_FOLDABLE = tuple(info.pure for info in OPCODES)


class _NoFold(Exception):
    """The operation is left for run time."""


def run(module: IRModule) -> IRModule:
    module.functions = [fold_function(fn) for fn in module.functions]
    return module


def fold_function(fn: IRFunction) -> IRFunction:
    """Fold `fn` to a fixpoint; returns `fn` itself when nothing folds."""
    op = fn.insts["op"].tolist()
    a, b, c = (fn.insts[f].tolist() for f in "abc")
    pool = fn.operands.tolist()
    index: dict[tuple, int] = {}
    for k, value in enumerate(fn.consts):
        index.setdefault(const_key(value), k)

    def value_of(v: int) -> object:
        if op[v] != Op.const:
            raise _NoFold
        value = fn.consts[a[v]]
        _check(value)
        return value

    folded: dict[int, object] = {}
    changed = True
    while changed:
        changed = False
        for r in range(len(op)):
            if not _FOLDABLE[op[r] if op[r] != Op.inplace else c[r]]:
                continue
            try:
                result = _evaluate(op[r], a[r], b[r], c[r], pool, value_of)
                _check(result)
            except _NoFold:
                continue
            key = const_key(result)
            if key not in index:
                index[key] = len(fn.consts)
                fn.consts.append(result)
            op[r], a[r], b[r], c[r] = Op.const, index[key], -1, -1
            folded[r] = result
            changed = True
    if not folded:
        return fn
    rows = np.fromiter(folded, dtype=np.int64)
    fn.insts["op"][rows] = Op.const
    fn.insts["a"][rows] = [a[r] for r in folded]
    fn.insts["b"][rows] = -1
    fn.insts["c"][rows] = -1
    fn.insts["type"][rows] = [T.of_python_value(value) for value in folded.values()]
    return compact(fn, np.ones(len(op), dtype=bool))  # drops folded tuples' operand lists


def _check(value: object) -> None:
    """Refuse values the constant pool may not hold or the engine would reject."""
    kind = type(value)
    if kind is int and not fits_int64(value):
        raise _NoFold
    if kind is tuple:
        if len(value) > MAX_LEN:
            raise _NoFold
        for item in value:
            if type(item) not in _SCALARS:
                raise _NoFold
            _check(item)
    elif kind is str:
        if len(value) > MAX_LEN:
            raise _NoFold
    elif kind not in _SCALARS:
        raise _NoFold


def _evaluate(op: int, a: int, b: int, c: int, pool: list[int], value_of) -> object:
    """The constant `op` computes from constant operands, or _NoFold."""
    if op == Op.inplace:
        op = c
    try:
        if op in _BINARY:
            lhs, rhs = value_of(a), value_of(b)
            _guard_binary(op, lhs, rhs)
            return _BINARY[op](lhs, rhs)
        if op in _COMPARE:
            lhs, rhs = value_of(a), value_of(b)
            if type(lhs) not in _SCALARS or type(rhs) not in _SCALARS:
                raise _NoFold
            return _COMPARE[op](lhs, rhs)
        if op in _CONTAINS:
            lhs, rhs = value_of(a), value_of(b)
            if type(lhs) is not str or type(rhs) is not str:
                raise _NoFold
            return _CONTAINS[op](lhs, rhs)
        if op in _UNARY:
            value = value_of(a)
            if op == Op.invert and type(value) is bool:
                raise _NoFold  # deprecated since Python 3.12: let it warn at run time
            return _UNARY[op](value)
        if op == Op.build_tuple:
            items = tuple(value_of(v) for v in pool[a : a + b])
            if any(type(item) not in _SCALARS for item in items):
                raise _NoFold
            return items
    except _NoFold:
        raise
    except Exception as exc:  # raises at run time: leave it there
        raise _NoFold from exc
    raise _NoFold


def _guard_binary(op: int, lhs: object, rhs: object) -> None:
    """Refuse operations whose cost or result size is not obviously small."""
    intlike = (bool, int)
    if op == Op.pow and type(lhs) in intlike and type(rhs) in intlike and abs(rhs) > 64:
        raise _NoFold
    if op == Op.lshift and type(rhs) in intlike and rhs > 63:
        raise _NoFold
    if op == Op.mod and type(lhs) is str:
        raise _NoFold
    if op == Op.mul:
        seq, count = (lhs, rhs) if type(rhs) in intlike else (rhs, lhs)
        if type(seq) in (str, tuple) and type(count) in intlike and len(seq) * count > MAX_LEN:
            raise _NoFold
    if op == Op.add and type(lhs) in (str, tuple) and type(rhs) is type(lhs):
        if len(lhs) + len(rhs) > MAX_LEN:
            raise _NoFold
