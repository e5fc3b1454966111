"""Where generated code may read a list's items and length once instead of at every use.

A list cell's items are reached through its payload in memory (`cells.items(c)`, `c.n`),
and so is a row of a list of lists (`rows.row_items`, `rows.row_len` at its address).
Read at every use, those loads are repeated after every store into a float or int item
(the compiler cannot tell a store into the items from a store into the payload), which
made list kernels 1.5x to 3x slower than their array twins. This module decides, for one
typed function, which values may instead be read once, where they are made, into locals
(a "view": the items array and the length):

- a *resize* is an instruction that can change a list's length, reallocate its items or
  take a row out of a list of lists: a list method of the library whose `resizes` is
  set, a store of a row (`a[i] = row`), or a call that passes a list to a function of
  the extension (which may do any of these);
- an instruction is *settled* when no resize can run after it: none later in its block,
  none in a block reachable from its block's end (a loop reaches its own blocks);
- a list value made by a settled instruction (a parameter, a row, a list made in native
  code) and indexed somewhere gets a view, read right after it is made. No resize runs
  between that read and any use (every use is dominated by the definition), so the view
  and length stay exact;
- a row `a[i]` that is only ever indexed (`a[i][j]`, `r = a[i]; r[j] = x`) is read by its
  address, without a reference, when it is settled (no row can be taken out of any list
  of lists after it; then `len(r)` may read its view too), or when nothing between it
  and its uses, all in its block, could take one out.

Views hold no reference: each use names the cell (or the outer list) the view reads, so
the value stays alive up to that use (`cells.keep`).
"""

from __future__ import annotations

from dataclasses import dataclass

from frankenengine.ir.cfg import successors
from frankenengine.ir.function import IRFunction
from frankenengine.ir.opcodes import Op
from frankenengine.jit import library as lib
from frankenengine.jit.jtypes import BOOL, INT, SLICE, Builtin, Function, ListT

_INTLIKE = (BOOL, INT)
_NOT_MADE_HERE = (Op.phi, Op.for_iter)  # values assigned on more than one path


@dataclass(frozen=True)
class ListPlan:
    """`row_addresses`: rows read by address; `views`: values read once into a view."""

    row_addresses: frozenset[int]
    views: frozenset[int]


def plan_lists(fn: IRFunction, types: list, users: list[list[int]]) -> ListPlan:
    ops = fn.insts["op"].tolist()
    owner = fn.block_of()
    settled = _settled(fn, ops, types, owner)
    addresses = set()
    for r, op in enumerate(ops):
        if op != Op.getitem or not _is_row(fn, types, r) or not users[r]:
            continue
        uses = [_use(fn, ops, types, u, r) for u in users[r]]
        if settled[r] and "index" in uses and set(uses) <= {"index", "len"}:  # and a view
            addresses.add(r)
        elif set(uses) == {"index"} and _unchanged_until_used(fn, ops, types, r, users[r], owner):
            addresses.add(r)
    views = {
        r
        for r, t in enumerate(types)
        if isinstance(t, ListT)
        and not t.nested
        and ops[r] not in _NOT_MADE_HERE
        and settled[r]
        and any(_indexes(fn, ops, types, u, r) for u in users[r])
    }
    return ListPlan(frozenset(addresses), frozenset(views))


def _indexes(fn: IRFunction, ops: list, types: list, u: int, r: int) -> bool:
    """Whether instruction `u` indexes list `r` with an int (reads or stores an item)."""
    if ops[u] not in (Op.getitem, Op.setitem):
        return False
    operands = fn.value_operands(u)
    return operands[0] == r and types[operands[1]] != SLICE


def _resizes(fn: IRFunction, ops: list, types: list, r: int) -> bool:
    op = ops[r]
    if op == Op.call_method:
        receiver = types[fn.value_operands(r)[0]]
        if not isinstance(receiver, ListT):
            return False
        table = lib.ROWS_METHODS if receiver.nested else lib.LIST_METHODS
        name = fn.consts[int(fn.insts["c"][r])][0]
        method = table.get((name, len(fn.value_operands(r)) - 1))
        return method is None or method.resizes
    if op == Op.setitem:
        target = types[fn.value_operands(r)[0]]
        return isinstance(target, ListT) and target.nested
    if op in (Op.call, Op.call_kw):
        operands = fn.value_operands(r)
        return isinstance(types[operands[0]], Function) and any(
            isinstance(types[a], ListT) for a in operands[1:]
        )
    return False


def _settled(fn: IRFunction, ops: list, types: list, owner) -> list[bool]:
    """For each instruction: whether no resize can run after it."""
    n_blocks = len(fn.blocks)
    last = [-1] * n_blocks  # the last resize of each block
    for r in range(len(ops)):
        if _resizes(fn, ops, types, r):
            last[owner[r]] = r
    succs = successors(fn)
    resize_after = []  # a resize is reachable from the block's end
    for b in range(n_blocks):
        seen: set[int] = set()
        stack = list(succs[b])
        found = False
        while stack and not found:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                found = last[c] >= 0
                stack.extend(succs[c])
        resize_after.append(found)
    return [not resize_after[owner[r]] and last[owner[r]] < r for r in range(len(ops))]


def _is_row(fn: IRFunction, types: list, r: int) -> bool:
    """Whether `r` is `a[i]` of a list of lists with an int index (a row)."""
    outer, index = fn.value_operands(r)
    t = types[outer]
    return isinstance(t, ListT) and t.nested and types[index] in _INTLIKE


def _use(fn: IRFunction, ops: list, types: list, u: int, r: int) -> str:
    """How instruction `u` uses list `r`: "index" (`r[j]`, read or stored), "len"
    (`len(r)`), or "other"."""
    operands = fn.value_operands(u)
    if ops[u] in (Op.getitem, Op.setitem) and operands[0] == r and r not in operands[1:]:
        return "index"
    if ops[u] == Op.call and types[operands[0]] == Builtin("len") and operands[1:] == [r]:
        return "len"
    return "other"


def _unchanged_until_used(
    fn: IRFunction, ops: list, types: list, r: int, users: list[int], owner
) -> bool:
    """Whether every use of row `r` follows it in its block with nothing between that
    could take a row out of a list of lists (a call, a row stored)."""
    if any(owner[u] != owner[r] or u <= r for u in users):
        return False
    for between in range(r + 1, max(users)):
        op = ops[between]
        if op in (Op.call, Op.call_kw, Op.call_method):
            return False
        if op == Op.setitem:
            target = types[fn.value_operands(between)[0]]
            if isinstance(target, ListT) and target.nested:
                return False
    return True
