"""Counted loops whose fuel is charged once, before they run.

A `for` loop charges a fuel unit at every iteration: a load, a store and a test that
branches to `refuel` in the loop, which kept LLVM from optimising the loop as a whole
(Floyd-Warshall on lists ran at half its array twin's speed for it alone). A loop
qualifies when, once it starts, the interpreter charges exactly one unit an iteration
and only an exception can end it early:

- it walks a `range`;
- its body (the natural loop of its header) holds no other loop and calls no extension
  function (either would charge fuel of its own while the loop runs);
- its body leaves only through the header: no `break`, `return` or `raise` statement;
- it is small (MAX_INSTRUCTIONS): the unit an iteration weighs on a short body only.

The generated code (`codegen`) first asks `checked.charge_loop` to charge all its
iterations at once. When the fuel holds them (and every list the loop indexes by its
variable, with a length that cannot change, holds the whole range: `checked.range_within`,
so those indexes need no check), a copy of the loop without the per-iteration unit runs and counts the iterations still to come in a local; a helper that raises in it
records that count with its site (`state.split_site`), and the engine gives those units
back, so the fuel used is the interpreter's. When it does not, the loop runs as before,
a unit an iteration, and runs out of fuel exactly where the interpreter does.
"""

from __future__ import annotations

from dataclasses import dataclass

from frankenengine.ir.cfg import immediate_dominators, loop_blocks, successors
from frankenengine.ir.function import LOOP_FOR, LOOP_WHILE, IRFunction
from frankenengine.ir.opcodes import Op
from frankenengine.jit.jtypes import INT, RANGE, Function
from frankenengine.jit.ranges import body_bounds, fits

_LOOPS = (LOOP_FOR, LOOP_WHILE)
# A loop of more IR instructions is left as it is: its unit an iteration costs little beside
# its body, and the body's second copy costs compile time (n-body's first call took 6.0 s
# without copies, 8.7 s with every loop copied, 8.0 s with those of 32 instructions or
# fewer, for no measurable gain in its run time).
MAX_INSTRUCTIONS = 16


@dataclass(frozen=True)
class CountedLoop:
    """A loop whose fuel may be charged before it runs: its blocks, its counters and the
    int arithmetic of its body that cannot overflow (`jit.ranges`).

    A counter is an int carried by the loop (a phi of its header) that each iteration
    keeps or adds a bounded value to (`count += 1`, `total += i % 7`, `left -= 1`): `counters` gives
    each with the least and greatest step. Run with its fuel charged before it, the loop
    checks once that no counter can leave 64 bits in its iterations (`start <= INT64_MAX
    - trips * high`, and the same below) and that its variable stays within
    `ranges.SMALL` when a bound depends on it (`bounds_variable`); `plain` lists the
    instructions then emitted without a check (the counters' additions among them).
    """

    blocks: frozenset[int]
    counters: tuple[tuple[int, int, int], ...]
    plain: frozenset[int]
    bounds_variable: bool


def counted_loops(fn: IRFunction, types: list) -> dict[int, CountedLoop]:
    """The loops of `fn` whose fuel may be charged before they run, by header block."""
    ops = fn.insts["op"].tolist()
    succs = successors(fn)
    idom = immediate_dominators(succs)
    found = {}
    for header, row in enumerate(fn.blocks):
        if row["kind"] != LOOP_FOR or idom[header] < 0:
            continue
        iterator = int(fn.insts["a"][fn.terminator(header)])
        if types[int(fn.insts["a"][iterator])] != RANGE:
            continue
        blocks = loop_blocks(header, succs, idom)
        size = sum(int(fn.blocks[b]["end"]) - int(fn.blocks[b]["start"]) for b in blocks)
        if size <= MAX_INSTRUCTIONS and all(
            _straight(fn, ops, types, b, succs[b], blocks) for b in blocks - {header}
        ):
            found[header] = _counted(fn, ops, types, header, blocks)
    return found


def _counted(fn: IRFunction, ops: list, types: list, header: int, blocks: set) -> CountedLoop:
    variable = fn.terminator(header)
    owner = fn.block_of()
    rows = [
        r
        for b in sorted(blocks - {header})
        for r in range(int(fn.blocks[b]["start"]), int(fn.blocks[b]["end"]))
    ]
    bounds = body_bounds(fn, ops, types, rows, variable)
    without = body_bounds(fn, ops, types, rows, None)  # the variable not bounded
    plain = {r for r in rows if r in bounds and r != variable and _arithmetic(fn, ops, r)}
    plain = {r for r in plain if fits(bounds[r])}
    counters = []
    row = fn.blocks[header]
    for phi in range(int(row["start"]), int(row["end"])):
        if ops[phi] == Op.phi and types[phi] == INT:
            step = _counter(fn, ops, owner, header, phi, blocks, bounds)
            if step is not None:
                counters.append((phi, *step[0]))
                plain |= step[1]
    uses_variable = any(
        r not in without or without[r] != bounds[r] for r in plain if r in bounds
    ) or any(
        _counter(fn, ops, owner, header, phi, blocks, without) is None for phi, _, _ in counters
    )
    return CountedLoop(frozenset(blocks), tuple(counters), frozenset(plain), uses_variable)


def _arithmetic(fn: IRFunction, ops: list, r: int) -> bool:
    op = int(fn.insts["c"][r]) if ops[r] == Op.inplace else ops[r]
    return op in (Op.add, Op.sub, Op.mul, Op.mod, Op.floordiv, Op.neg)


def _counter(
    fn: IRFunction, ops: list, owner, header: int, phi: int, blocks, bounds: dict
) -> tuple[tuple[int, int], set[int]] | None:
    """((least step, greatest step), its additions) of header phi `phi` if it is a counter
    (see `CountedLoop`), else None."""
    preds = fn.preds(header).tolist()
    incoming = fn.list_operands(phi)
    pending = [v for p, v in zip(preds, incoming, strict=True) if p in blocks]
    seen: set[int] = set()
    additions: set[int] = set()
    low = high = 0
    while pending:
        v = pending.pop()
        if v == phi or v in seen:
            continue
        seen.add(v)
        if ops[v] == Op.phi and owner[v] in blocks:
            pending.extend(fn.list_operands(v))
            continue
        step = _added(fn, ops, v, phi, bounds)
        if step is None:
            return None
        low, high = min(low, step[0]), max(high, step[1])
        additions.add(v)
    if not additions:
        return None
    return (low, high), additions


def _added(fn: IRFunction, ops: list, v: int, phi: int, bounds: dict) -> tuple[int, int] | None:
    """The bounds of the step when `v` is `phi + x`, `x + phi` or `phi - x` for a bounded x
    within +-2**32 (so that `trips * x` cannot overflow a check), else None."""
    op = int(fn.insts["c"][v]) if ops[v] == Op.inplace else ops[v]
    operands = fn.value_operands(v)
    if op not in (Op.add, Op.sub) or len(operands) != 2 or operands.count(phi) != 1:
        return None
    if op == Op.sub and operands[0] != phi:
        return None
    other = operands[1] if operands[0] == phi else operands[0]
    if other not in bounds or max(abs(b) for b in bounds[other]) >= 1 << 32:
        return None
    low, high = bounds[other]
    return (low, high) if op == Op.add else (-high, -low)


def _straight(
    fn: IRFunction, ops: list, types: list, b: int, targets: list[int], blocks: set[int]
) -> bool:
    """Whether block `b` of a loop body stays in the loop, holds no loop and calls no
    extension function."""
    row = fn.blocks[b]
    if row["kind"] in _LOOPS:
        return False
    term = fn.terminator(b)
    if ops[term] not in (Op.jump, Op.br):
        return False
    if not set(targets) <= blocks:
        return False
    for r in range(int(row["start"]), term):
        if ops[r] in (Op.call, Op.call_kw):
            if isinstance(types[fn.value_operands(r)[0]], Function):
                return False
    return True
