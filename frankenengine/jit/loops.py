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

_LOOPS = (LOOP_FOR, LOOP_WHILE)
# A loop of more IR instructions is left as it is: its unit an iteration costs little beside
# its body, and the body's second copy costs compile time (n-body's first call took 6.0 s
# without copies, 8.7 s with every loop copied, 8.0 s with those of 32 instructions or
# fewer, for no measurable gain in its run time).
MAX_INSTRUCTIONS = 16


@dataclass(frozen=True)
class CountedLoop:
    """A loop whose fuel may be charged before it runs: its blocks, and its counters.

    A counter is an int carried by the loop (a phi of its header) that each iteration
    keeps or adds a positive constant to (`count += 1`): `counters` gives each its
    greatest step, `additions` the instructions adding to them. Run with its fuel charged
    before it, the loop checks once that no counter can leave 64 bits in its iterations
    (`start <= INT64_MAX - trips * step`) and then adds without a check.
    """

    blocks: frozenset[int]
    counters: tuple[tuple[int, int], ...]
    additions: frozenset[int]


def counted_loops(fn: IRFunction, types: list) -> dict[int, CountedLoop]:
    """The loops of `fn` whose fuel may be charged before they run, by header block."""
    ops = fn.insts["op"].tolist()
    succs = successors(fn)
    idom = immediate_dominators(succs)
    owner = fn.block_of()
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
            counters, additions = [], set()
            for phi in range(int(row["start"]), int(row["end"])):
                if ops[phi] == Op.phi and types[phi] == INT:
                    step = _counter(fn, ops, types, owner, header, phi, blocks, additions)
                    if step:
                        counters.append((phi, step))
            found[header] = CountedLoop(frozenset(blocks), tuple(counters), frozenset(additions))
    return found


def _counter(
    fn: IRFunction, ops: list, types: list, owner, header: int, phi: int, blocks, additions: set
) -> int:
    """The greatest step of header phi `phi` if it is a counter (see `CountedLoop`), else
    0; its additions are added to `additions`."""
    preds = fn.preds(header).tolist()
    incoming = fn.list_operands(phi)
    pending = [v for p, v in zip(preds, incoming, strict=True) if p in blocks]
    seen: set[int] = set()
    found: set[int] = set()
    step = 0
    while pending:
        v = pending.pop()
        if v == phi or v in seen:
            continue
        seen.add(v)
        if ops[v] == Op.phi and owner[v] in blocks:
            pending.extend(fn.list_operands(v))
            continue
        added = _added_constant(fn, ops, v, phi) if types[v] == INT else 0
        if not added:
            return 0
        step = max(step, added)
        found.add(v)
    additions |= found
    return step


def _added_constant(fn: IRFunction, ops: list, v: int, phi: int) -> int:
    """c when `v` is `phi + c` (or `c + phi`) for an int constant 0 < c < 2**31, else 0."""
    op = ops[v]
    if op == Op.inplace and int(fn.insts["c"][v]) == Op.add:
        operands = fn.value_operands(v)
    elif op == Op.add:
        operands = fn.value_operands(v)
    else:
        return 0
    others = [u for u in operands if u != phi]
    if len(operands) != 2 or len(others) != 1 or ops[others[0]] != Op.const:
        return 0
    value = fn.consts[int(fn.insts["a"][others[0]])]
    return value if type(value) is int and 0 < value < 1 << 31 else 0


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
