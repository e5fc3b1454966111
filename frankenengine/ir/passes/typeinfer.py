"""Type inference: fill the `type` column of every instruction from the lattice in `types`.

Forward, optimistic dataflow over SSA, solved to the least fixpoint with a
worklist: every value starts at NOTHING (the bottom) and only moves up; a phi
is the `types.join` of its inputs, so a loop-carried INT stays INT. The rules
(`_Infer.transfer`) are sound first and precise second: a type other than ANY
is a promise about every value the instruction can produce at run time (the
interpreter skips overflow checks and the JIT specialises on it), so whatever
is not known for certain is ANY.

Invariants of the result:
- an instruction that defines no value has type NOTHING;
- `undef` has type NOTHING; every other value-defining instruction has a type
  other than NOTHING (a value that can never be produced, such as an
  arithmetic use of an undefined variable, is given ANY);
- the pass reads no type written before it, so running it twice gives the
  same column.

Strictness: an instruction (other than a phi) with an operand still at NOTHING
is itself NOTHING while iterating, which keeps every rule monotone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.language import signatures
from frankenengine.language.ints import fits_int64

_INTLIKE = frozenset({T.BOOL, T.INT})
# Types whose comparisons (< == ...) always give a Python bool.
_COMPARABLE = frozenset({T.NONE, T.BOOL, T.INT, T.FLOAT, T.STR, T.LIST, T.TUPLE, T.DICT, T.SET})
# `<` on lists and tuples returns whatever comparing the first differing items
# returns (a NumPy array for array items), so only == and != are sure to give bools.
_ORDERING = frozenset({Op.lt, Op.le, Op.gt, Op.ge})
_SEQUENCE_ORDER_UNKNOWN = frozenset({T.LIST, T.TUPLE})

# Result type of calling a built-in, by its name (the `builtin` constant): the
# language's result kinds (`language.signatures`), as types of the lattice.
CALL_RESULT: dict[str, int] = {
    **{name: T.BY_NAME[kind] for name, kind in signatures.BUILTIN_RESULTS.items()},
    **{f"math.{name}": T.BY_NAME[f.result] for name, f in signatures.MATH_FUNCTIONS.items()},
}
# `builtin` instructions that are values rather than functions.
BUILTIN_VALUE: dict[str, int] = dict.fromkeys(
    (f"math.{name}" for name in signatures.MATH_CONSTANTS), T.FLOAT
)
_STR_METHODS: dict[str, int] = {
    name: T.BY_NAME[kind] for name, kind in signatures.STR_METHOD_RESULTS.items()
}

_FIXED: dict[int, int] = {
    Op.param: T.ANY,
    Op.load_var: T.ANY,
    Op.load_outer: T.ANY,
    Op.load_global: T.ANY,
    Op.caught: T.ANY,
    Op.call_kw: T.ANY,
    Op.item: T.ANY,
    Op.getattr: T.ANY,
    Op.matmul: T.ANY,
    Op.undef: T.NOTHING,
    Op.not_: T.BOOL,
    Op.in_: T.BOOL,
    Op.not_in: T.BOOL,
    Op.is_: T.BOOL,
    Op.is_not: T.BOOL,
    Op.exc_match: T.BOOL,
    Op.build_list: T.LIST,
    Op.build_tuple: T.TUPLE,
    Op.build_set: T.SET,
    Op.build_dict: T.DICT,
    Op.build_str: T.STR,
    Op.format: T.STR,
    Op.build_slice: T.SLICE,
    Op.make_function: T.FUNCTION,
    Op.unpack: T.TUPLE,
    Op.get_iter: T.ITERATOR,
}


def run(module: IRModule) -> IRModule:
    for fn in module.functions:
        infer_function(fn)
    return module


def infer_function(fn: IRFunction, param_types: Sequence[int] | None = None) -> None:
    """Write the inferred type of every row of `fn` into its `type` column.

    `param_types` (one type per parameter) specialises the inference to
    arguments of those types, as the JIT does per observed signature; by
    default every parameter is ANY.
    """
    _Infer(fn, param_types).solve()


class _Infer:
    def __init__(self, fn: IRFunction, param_types: Sequence[int] | None = None):
        self.fn = fn
        self.param_types = param_types
        self.op = fn.insts["op"].tolist()
        self.a = fn.insts["a"].tolist()
        self.c = fn.insts["c"].tolist()
        self.uses = fn.all_value_operands()
        self.types = [T.NOTHING] * len(self.op)

    def solve(self) -> None:
        n = len(self.op)
        users = self.fn.users(self.uses)
        for r, op in enumerate(self.op):
            if op == Op.for_iter and self.op[self.a[r]] == Op.get_iter:
                users[self.a[self.a[r]]].append(r)  # for_iter also reads the iterable's type
        types, queued, work = self.types, [True] * n, deque(range(n))
        while work:
            r = work.popleft()
            queued[r] = False
            new = T.join(types[r], self.transfer(r))  # the join only guards termination
            if new != types[r]:
                types[r] = new
                for u in users[r]:
                    if not queued[u]:
                        queued[u] = True
                        work.append(u)
        for r, op in enumerate(self.op):
            if not OPCODES[op].defines:
                types[r] = T.NOTHING
            elif types[r] == T.NOTHING and op != Op.undef:
                types[r] = T.ANY  # never produces a value; claim nothing about it
        self.fn.insts["type"] = np.asarray(types, dtype=self.fn.insts["type"].dtype)

    # -- helpers ------------------------------------------------------------
    def const_of(self, v: int) -> tuple[bool, object]:
        if self.op[v] == Op.const:
            return True, self.fn.consts[self.a[v]]
        return False, None

    def name_of_builtin(self, v: int) -> str | None:
        if self.op[v] == Op.builtin:
            name = self.fn.consts[self.a[v]]
            return name if isinstance(name, str) else None
        return None

    # -- rules --------------------------------------------------------------
    def transfer(self, r: int) -> int:
        op, types = self.op[r], self.types
        if not OPCODES[op].defines:
            return T.NOTHING
        uses = self.uses[r]
        if op == Op.phi:
            result = T.NOTHING
            for u in uses:
                result = T.join(result, types[u])
            return result
        if any(types[u] == T.NOTHING for u in uses):
            return T.NOTHING  # strict: no operand value yet, so no result yet
        if op == Op.param and self.param_types is not None:
            return self.param_types[self.a[r]]
        if op in _FIXED:
            return _FIXED[op]
        if op == Op.const:
            value = self.fn.consts[self.a[r]]
            if type(value) is int and not fits_int64(value):
                return T.ANY
            return T.of_python_value(value)
        if op == Op.builtin:
            return BUILTIN_VALUE.get(self.name_of_builtin(r), T.ANY)
        if op in (Op.neg, Op.pos, Op.invert):
            t = types[uses[0]]
            if t in _INTLIKE:
                return T.INT
            return T.FLOAT if t == T.FLOAT and op != Op.invert else T.ANY
        if op == Op.inplace:
            return self.binary(self.c[r], uses[0], uses[1])
        if OPCODES[op].symbol and len(uses) == 2:  # binary operators and comparisons
            return self.binary(op, uses[0], uses[1])
        if op == Op.getitem:
            return _getitem(types[uses[0]], types[uses[1]])
        if op == Op.for_iter:
            if self.op[uses[0]] != Op.get_iter:
                return T.ANY
            iterable = self.a[uses[0]]
            return {T.RANGE: T.INT, T.STR: T.STR}.get(types[iterable], T.ANY)
        if op == Op.call:
            return self.call(uses)
        if op == Op.call_method:
            method = self.fn.consts[self.c[r]][0]
            return _STR_METHODS.get(method, T.ANY) if types[uses[0]] == T.STR else T.ANY
        return T.ANY

    def call(self, uses: list[int]) -> int:
        name = self.name_of_builtin(uses[0])
        if name == "abs":
            if len(uses) != 2:
                return T.ANY
            t = self.types[uses[1]]
            return T.INT if t in _INTLIKE else T.FLOAT if t == T.FLOAT else T.ANY
        return CALL_RESULT.get(name, T.ANY)

    def binary(self, op: int, lhs: int, rhs: int) -> int:
        ta, tb = self.types[lhs], self.types[rhs]
        numeric = ta in T.NUMERIC and tb in T.NUMERIC
        if op in _ORDERING or op in (Op.eq, Op.ne):
            if ta not in _COMPARABLE or tb not in _COMPARABLE:
                return T.ANY
            if op in _ORDERING and (ta in _SEQUENCE_ORDER_UNKNOWN or tb in _SEQUENCE_ORDER_UNKNOWN):
                return T.ANY
            return T.BOOL
        if op in _FIXED:  # in, is, ..., matmul
            return _FIXED[op]
        if op in (Op.add, Op.sub, Op.mul, Op.floordiv, Op.mod) and numeric:
            return T.FLOAT if T.FLOAT in (ta, tb) else T.INT
        if op == Op.truediv:
            return T.FLOAT if numeric else T.ANY
        if op == Op.pow:
            return self.pow(lhs, rhs) if numeric else T.ANY
        if op in (Op.lshift, Op.rshift):
            return T.INT if ta in _INTLIKE and tb in _INTLIKE else T.ANY
        if op in (Op.bitand, Op.bitor, Op.bitxor):
            if ta == tb == T.BOOL:
                return T.BOOL
            return T.INT if ta in _INTLIKE and tb in _INTLIKE else T.ANY
        if op == Op.add and ta == tb and ta in (T.STR, T.LIST, T.TUPLE):
            return ta
        if op == Op.mul:
            if ta in (T.STR, T.LIST, T.TUPLE) and tb in _INTLIKE:
                return ta
            if tb in (T.STR, T.LIST, T.TUPLE) and ta in _INTLIKE:
                return tb
        if op == Op.mod and ta == T.STR:
            return T.STR
        return T.ANY

    def pow(self, lhs: int, rhs: int) -> int:
        """Numeric `**`. int ** -1 is a float and (-8.0) ** 0.5 a complex: only sure cases get a type."""
        ta, tb = self.types[lhs], self.types[rhs]
        rhs_const, exponent = self.const_of(rhs)
        if T.FLOAT not in (ta, tb):
            nonneg = rhs_const and isinstance(exponent, int) and exponent >= 0
            return T.INT if nonneg else T.ANY
        if tb != T.FLOAT:
            return T.FLOAT  # float ** int is always a float (or raises)
        if rhs_const and isinstance(exponent, float) and exponent.is_integer():
            return T.FLOAT
        lhs_const, base = self.const_of(lhs)
        if lhs_const and isinstance(base, int | float) and not base < 0:
            return T.FLOAT
        return T.ANY  # a negative base with a fractional exponent gives a complex


def _getitem(container: int, index: int) -> int:
    if container == T.STR and index in (T.INT, T.BOOL, T.SLICE):
        return T.STR
    if container in (T.LIST, T.TUPLE) and index == T.SLICE:
        return container
    return T.ANY
