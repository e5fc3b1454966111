"""Bounds of the int values of a counted loop's body, for arithmetic without overflow checks.

Int arithmetic is checked for 64-bit overflow (`checked.int_add`, ...), which keeps LLVM
from vectorising or simplifying an integer loop: `total += i * i % 7` ran at half its
Numba twin's speed. In a loop run with its fuel charged before it (`jit.loops`), the
generated code also checks once that the loop variable stays within +-SMALL (both ends
of its range), so its bounds are known; from them, this module bounds every int value
the body computes from the variable, constants and other bounded values:

    constant c            [c, c]           a + b, a - b, -a    from the operands' bounds
    the loop variable     [-SMALL, SMALL]  a * b               the extreme products
    a % c  (c > 0)        [0, c - 1]       a // c  (c != 0)    the extreme quotients
    a phi of the body     the union of its operands' bounds

A value read from memory, a call's result or a value carried from iteration to
iteration (a header phi) has no bounds, nor does anything computed from it. An operation
whose result is bounded within 64 bits cannot overflow (nor divide by zero: its divisor
is a nonzero constant), so it is emitted as plain arithmetic, which Numba gives Python's
semantics for `%` and `//`.
"""

from __future__ import annotations

from frankenengine.ir.function import IRFunction
from frankenengine.ir.opcodes import Op
from frankenengine.jit.jtypes import BOOL, INT
from frankenengine.language.ints import INT64_MAX, INT64_MIN

SMALL = (1 << 31) - 1  # the loop variable's bound, checked before the loop
_ARITHMETIC = (Op.add, Op.sub, Op.mul, Op.mod, Op.floordiv)


def body_bounds(
    fn: IRFunction, ops: list, types: list, rows: list[int], variable: int | None
) -> dict[int, tuple[int, int]]:
    """Bounds (low, high) of the int values among `rows` (a loop body's instructions)
    that have them, given the loop `variable` within +-SMALL (None: not bounded)."""
    bounds: dict[int, tuple[int, int]] = {} if variable is None else {variable: (-SMALL, SMALL)}
    for r, op in enumerate(ops):  # constants, wherever the function defines them
        if op == Op.const and types[r] in (INT, BOOL):
            bounds[r] = _bound(fn, ops, r, bounds, set())
    body = set(rows)
    changed = True
    while changed:  # a body's values settle in as many passes as its blocks are deep
        changed = False
        for r in rows:
            if r in bounds or types[r] not in (INT, BOOL):
                continue
            found = _bound(fn, ops, r, bounds, body)
            if found is not None:
                bounds[r] = found
                changed = True
    return bounds


def fits(bound: tuple[int, int]) -> bool:
    return INT64_MIN <= bound[0] and bound[1] <= INT64_MAX


def _bound(fn: IRFunction, ops: list, r: int, bounds: dict, body: set) -> tuple | None:
    op = ops[r]
    if op == Op.const:
        value = fn.consts[int(fn.insts["a"][r])]
        return (int(value), int(value)) if type(value) in (int, bool) else None
    operands = fn.value_operands(r)
    if op == Op.phi:  # a merge within the body: the union of what reaches it
        if not all(u in bounds for u in operands):
            return None
        return min(bounds[u][0] for u in operands), max(bounds[u][1] for u in operands)
    if op == Op.inplace:
        op = int(fn.insts["c"][r])
    if op == Op.neg and operands[0] in bounds:
        low, high = bounds[operands[0]]
        return -high, -low
    if op not in _ARITHMETIC or len(operands) != 2:
        return None
    a, b = operands
    if a not in bounds or b not in bounds:
        return None
    (a0, a1), (b0, b1) = bounds[a], bounds[b]
    if op == Op.add:
        return a0 + b0, a1 + b1
    if op == Op.sub:
        return a0 - b1, a1 - b0
    if op == Op.mul:
        products = (a0 * b0, a0 * b1, a1 * b0, a1 * b1)
        return min(products), max(products)
    if b0 != b1 or b0 == 0 or ops[b] != Op.const:
        return None  # `%` and `//` by a nonzero constant only
    if op == Op.mod:
        return (0, b0 - 1) if b0 > 0 else (b0 + 1, 0)
    quotients = (a0 // b0, a1 // b0)
    return min(quotients), max(quotients)
