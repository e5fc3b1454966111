"""Loop outlining for in-call tier-up: one loop of a function as a function of its own.

A loop that runs long inside one call moves to native code at the top of an
iteration (on-stack replacement). The interpreter then passes the values the
loop reads, and the loop runs to its end as a separate function, which gives
back what the rest of the function reads after it.

`loop_interface(fn, header, frozen)` is what the interpreter's code generator
needs (cheap, at load): the values passed (the header's phis, the values
from before the loop, and for a `for` loop over `range` its item and
iterator), the values given back (`outs`) and whether a `return` inside the
loop leaves the function; or why the loop cannot be entered this way.

`outline(fn, interface)` builds the function (at tier-up):

    b0      params; constants, built-ins and frozen globals the loop reads,
            made again; a range loop's iterator made again from the range that
            remains (`range(item, stop, step)`): the loop re-takes the item
    ...     the loop's blocks, unchanged but for renumbering; the header's
            entry edge comes from b0; every jump to the loop's exit and every
            `return` go to the exit block instead
    exit    phis of what comes back, then `ret (*outs)`, or, when the loop
            returns, `ret (returned, value, *outs)`

A phi of the exit block names itself on an edge that carries no value for it
(the returned value on a normal exit, the outs on a return): the edge leaves
it as it was, which nobody reads.

Invariants: the outlined function charges exactly the fuel the loop charges
(b0 charges none); it is marked `continues_frame`, so entering and leaving it
changes no call depth; every instruction keeps its line; the loop's region
is every block reached from the header before its exit, and only the header
is entered from outside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.builder import const_key
from frankenengine.ir.cfg import successors
from frankenengine.ir.function import (
    BLOCK_DTYPE,
    INST_DTYPE,
    LOOP_FOR,
    LOOP_TEST,
    LOOP_WHILE,
    PLAIN,
    IRFunction,
    IRModule,
    Signature,
)
from frankenengine.ir.opcodes import CALLS, OPCODES, WRITES, Op

# Terminators and instructions a loop entered from outside its function cannot hold.
_REFUSED_TERMINATORS = {
    Op.try_except: "a try statement",
    Op.try_finally: "a try statement",
    Op.reraise: "a try statement",
}
_REFUSED_OPS = {Op.yield_: "a yield", Op.caught: "a try statement"}


@dataclass(frozen=True)
class LoopInterface:
    """How a function's loop is entered natively: what goes in and what comes back."""

    fid: int
    header: int
    line: int
    phis: tuple[int, ...]  # the header's phis: their current values, passed first
    live_ins: tuple[int, ...]  # values from before the loop it reads, passed next
    item: int  # a `for` loop over `range`: its item (passed as the range's new start) ...
    iterator: int  # ... and its iterator (passed as the range's stop and step); -1, -1
    outs: tuple[int, ...]  # values read after the loop, given back in this order
    returns: bool  # a `return` inside the loop: the result is (returned, value, *outs)
    remade: tuple[int, ...]  # values from before the loop made again in b0, in row order
    fuel: int  # the `fuel` an iteration charges first (its body's first row): the poll site
    encloses: bool  # it holds another loop
    region: tuple[int, ...]  # its blocks (`loop_region`), in order

    @property
    def n_params(self) -> int:
        return len(self.phis) + len(self.live_ins) + (3 if self.item >= 0 else 0)


def loop_region(fn: IRFunction, header: int, succs: list[list[int]]) -> list[int]:
    """Every block reached from `header` before its exit (the header's merge), in order."""
    exit_block = int(fn.blocks[header]["merge"])
    region, stack = set(), [header]
    while stack:
        b = stack.pop()
        if b in region or b == exit_block:
            continue
        region.add(b)
        stack.extend(succs[b])
    return sorted(region)


def loop_interface(fn: IRFunction, fid: int, header: int, frozen) -> LoopInterface | str:
    """The interface of the loop at `header`, or why it cannot be entered from outside.
    `frozen`: the globals fixed once the module has loaded (read again in b0)."""
    return FunctionLoops(fn, fid, frozen).interface(header)


class FunctionLoops:
    """The loop interfaces of one function: its successors, the block of each row and the
    uses of each row are computed once for all its loops."""

    def __init__(self, fn: IRFunction, fid: int, frozen):
        self.fn = fn
        self.fid = fid
        self.frozen = frozen
        self.succs = successors(fn)
        self.owner = fn.block_of()
        self.uses = fn.all_value_operands()

    def interface(self, header: int) -> LoopInterface | str:
        """`loop_interface` of the loop at `header`."""
        fn, fid, frozen = self.fn, self.fid, self.frozen
        succs, owner, uses = self.succs, self.owner, self.uses
        kind = int(fn.blocks[header]["kind"])
        if kind not in (LOOP_WHILE, LOOP_FOR):
            return "not a loop header"
        region = loop_region(fn, header, succs)
        inside = set(region)
        exit_block = int(fn.blocks[header]["merge"])
        ops = fn.insts["op"]
        for b in region:
            term = fn.terminator(b)
            why = _REFUSED_TERMINATORS.get(int(ops[term]))
            if why is not None:
                return f"the loop holds {why}"
            if b != header and any(int(p) not in inside for p in fn.preds(b)):
                return "the loop is entered other than at its header"
        if exit_block >= 0 and any(int(p) not in inside for p in fn.preds(exit_block)):
            return "the loop's exit is reached from outside it"
        rows = [r for b in region for r in range(*_rows(fn, b))]
        for r in rows:
            why = _REFUSED_OPS.get(int(ops[r]))
            if why is not None:
                return f"the loop holds {why}"
        item = iterator = -1
        term = fn.terminator(header)
        if kind == LOOP_FOR:
            iterator = int(fn.insts["a"][term])
            if not _is_range_iterator(fn, iterator):
                return "a for loop over something other than range"
            item = term
            body = int(fn.insts["b"][term])
        else:
            body = _while_body(fn, header, region)
        fuel = int(fn.blocks[body]["start"]) if body >= 0 else -1
        if fuel < 0 or ops[fuel] != Op.fuel:
            return "no fuel charged at the top of its body"
        if kind == LOOP_WHILE and not _test_is_pure(fn, header, body, exit_block, succs):
            return "its test calls or writes (it would run twice)"
        header_preds = [int(p) for p in fn.preds(header)]
        phis = tuple(r for r in range(*_rows(fn, header)) if ops[r] == Op.phi)
        needed: list[int] = []  # values from before the loop, in order of first use
        for r in rows:
            used = uses[r]
            if r in phis:  # the entry edge's inputs are replaced by the phis' current values
                used = [u for u, p in zip(used, header_preds, strict=True) if p in inside]
            elif r == term and item >= 0:
                used = []  # the iterator is made again from its range
            needed.extend(u for u in used if u >= 0 and int(owner[u]) not in inside)
        exit_phis: list[int] = []
        if exit_block >= 0:
            exit_phis = [r for r in range(*_rows(fn, exit_block)) if ops[r] == Op.phi]
            for r in exit_phis:
                needed.extend(u for u in uses[r] if u >= 0 and int(owner[u]) not in inside)
        remade: set[int] = set()
        live_ins: list[int] = []
        for u in dict.fromkeys(needed):
            if not _remake(fn, u, frozen, remade):
                live_ins.append(u)
        exit_set = set(exit_phis)
        later = [r for r in range(len(ops)) if int(owner[r]) not in inside and r not in exit_set]
        region_rows = set(rows)
        outs = list(exit_phis)
        for r in later:
            for u in uses[r]:
                if u in region_rows and u not in outs and ops[u] not in (Op.const, Op.builtin):
                    outs.append(u)
        ret_blocks = {b for b in region if ops[fn.terminator(b)] == Op.ret}
        for b in region:  # a return leaves the outlined loop by a `break`: one level only
            if b != header and fn.blocks[b]["kind"] in (LOOP_WHILE, LOOP_FOR):
                if ret_blocks & set(loop_region(fn, b, succs)):
                    return "a return inside a nested loop"
        returns = bool(ret_blocks)
        return LoopInterface(
            fid=fid,
            header=header,
            line=min(
                (int(fn.insts["line"][r]) for r in rows if fn.insts["line"][r]), default=fn.line
            ),
            phis=phis,
            live_ins=tuple(live_ins),
            item=item,
            iterator=iterator,
            outs=tuple(outs),
            returns=returns,
            remade=tuple(sorted(remade)),
            fuel=fuel,
            encloses=any(
                b != header and fn.blocks[b]["kind"] in (LOOP_WHILE, LOOP_FOR) for b in region
            ),
            region=tuple(region),
        )


def _while_body(fn: IRFunction, header: int, region: list[int]) -> int:
    """The first block of a while loop's body: its test's true target (the test of this
    loop, not of a loop inside it: the first test block reached from the header without
    entering a loop), or for `while True` the header's jump target."""
    term = fn.terminator(header)
    b = int(fn.insts["a"][term])
    seen = set()
    stack = [b]
    while stack:
        b = stack.pop()
        if b in seen or b == header:
            continue
        seen.add(b)
        kind = int(fn.blocks[b]["kind"])
        if kind == LOOP_TEST:
            return int(fn.insts["b"][fn.terminator(b)])
        if kind in (LOOP_WHILE, LOOP_FOR):
            continue
        last = fn.terminator(b)
        if fn.insts["op"][last] == Op.jump:
            stack.append(int(fn.insts["a"][last]))
        elif fn.insts["op"][last] == Op.br:
            stack.extend((int(fn.insts["b"][last]), int(fn.insts["c"][last])))
    return int(fn.insts["a"][term])  # `while True`: no test


def _test_is_pure(fn, header: int, body: int, exit_block: int, succs) -> bool:
    """Whether the rows from a while loop's header to its body (its test) neither call nor
    write: entered natively at the header, they run again."""
    seen, stack = set(), [header]
    while stack:
        b = stack.pop()
        if b in seen or b in (body, exit_block):
            continue
        seen.add(b)
        for r in range(*_rows(fn, b)):
            if OPCODES[int(fn.insts["op"][r])].effects & (CALLS | WRITES):
                return False
        if fn.blocks[b]["kind"] != LOOP_TEST:  # past the test: the body, the exit, an else
            stack.extend(succs[b])
    return True


def _rows(fn: IRFunction, b: int) -> tuple[int, int]:
    row = fn.blocks[b]
    return int(row["start"]), int(row["end"])


def _is_range_iterator(fn: IRFunction, iterator: int) -> bool:
    """`iterator` is `get_iter(call(builtin 'range', 1 to 3 arguments))`."""
    insts = fn.insts
    if iterator < 0 or insts["op"][iterator] != Op.get_iter:
        return False
    source = int(insts["a"][iterator])
    if insts["op"][source] != Op.call:
        return False
    operands = fn.list_operands(source)
    callee = operands[0]
    return (
        insts["op"][callee] == Op.builtin
        and fn.consts[int(insts["a"][callee])] == "range"
        and 2 <= len(operands) <= 4
    )


def _remake(fn: IRFunction, v: int, frozen, remade: set[int]) -> bool:
    """Whether value `v` (from before the loop) can be made again at the loop's entry
    (a constant, a built-in, a frozen global, an attribute of one): those are added to
    `remade` with what they read."""
    op = int(fn.insts["op"][v])
    if op in (Op.const, Op.builtin):
        ok = True
    elif op == Op.load_global:
        ok = int(fn.insts["a"][v]) in frozen
    elif op == Op.getattr:
        ok = _remake(fn, int(fn.insts["a"][v]), frozen, remade)
    else:
        ok = False
    if ok:
        remade.add(v)
    return ok


def module_with(module: IRModule, outlined: IRFunction) -> IRModule:
    """`module` with the outlined loop `outlined` appended as its last function (the
    module a loop's compile is typed in: its calls reach the module's functions)."""
    functions = [*module.functions, outlined]
    return IRModule(module.name, module.filename, functions, module.globals, module.exports)


def outline(fn: IRFunction, loop: LoopInterface) -> IRFunction:
    """The loop of `loop` as a function of its own (see the module docstring)."""
    return _Outliner(fn, loop).build()


class _Outliner:
    def __init__(self, fn: IRFunction, loop: LoopInterface):
        self.fn = fn
        self.loop = loop
        self.consts = list(fn.consts)
        self.rows: list[list] = []  # [op, type, a, b, c, line, col] per new row
        self.lists: dict[int, list[int]] = {}  # new row -> its operand list
        self.block_rows: list[tuple[int, int]] = []
        self.block_preds: list[list[int]] = []
        self.block_info: list[tuple[int, int]] = []  # (kind, merge as an old block id or -1)
        self.value: dict[int, int] = {}  # old value -> new value

    # -- building rows --------------------------------------------------------------
    def add(self, op: int, a=-1, b=-1, c=-1, line=0, type_=T.ANY, operands=None) -> int:
        row = len(self.rows)
        self.rows.append([op, type_ if OPCODES[op].defines else T.NOTHING, a, b, c, line, 0])
        if operands is not None:
            self.lists[row] = list(operands)
        return row

    def const_index(self, value) -> int:
        """`value`'s index in the constant pool, added when it is not there yet."""
        key = const_key(value)
        for index, known in enumerate(self.consts):
            if const_key(known) == key:
                return index
        self.consts.append(value)
        return len(self.consts) - 1

    def const(self, value, line: int) -> int:
        index = self.const_index(value)
        return self.add(Op.const, index, line=line, type_=T.of_python_value(value))

    def build(self) -> IRFunction:
        fn, loop = self.fn, self.loop
        region = loop.region
        line = loop.line
        exit_old = int(fn.blocks[loop.header]["merge"])
        exits = [int(p) for p in fn.preds(exit_old)] if exit_old >= 0 else []
        rets = [b for b in region if fn.insts["op"][fn.terminator(b)] == Op.ret]
        has_exit_block = bool(exits or rets)
        # Block ids: b0, the region in order, then the exit block.
        new_block = {old: i + 1 for i, old in enumerate(region)}
        exit_new = len(region) + 1 if has_exit_block else -1
        if exit_old >= 0:
            new_block[exit_old] = exit_new
        self._new_block = new_block
        # b0: parameters, the values made again, the range's iterator.
        start = 0
        params = list(loop.phis) + list(loop.live_ins)
        for index, old in enumerate(params):
            self.value[old] = self.add(Op.param, index, line=line)
        iterator_new = -1
        if loop.item >= 0:
            first = len(params)
            bounds = [self.add(Op.param, first + k, line=line) for k in range(3)]
        for old in loop.remade:
            self.value[old] = self.copy(old)
        if loop.item >= 0:
            callee = self.add(Op.builtin, self.const_index("range"), line=line)
            call = self.add(Op.call, -1, 4, line=line, operands=[callee, *bounds])
            iterator_new = self.add(Op.get_iter, call, line=line)
        kinds = ()
        if loop.returns:
            kinds = (self.const(0, line), self.const(1, line))
        self.add(Op.jump, new_block[loop.header], line=line)
        self.block_rows.append((start, len(self.rows)))
        self.block_preds.append([])
        self.block_info.append((PLAIN, -1))
        # The region, rows first (values defined before they are renumbered).
        header_preds = [int(p) for p in fn.preds(loop.header)]
        region_set = set(region)
        placed: list[tuple[int, int]] = []
        next_row = len(self.rows)
        for b in region:
            lo, hi = _rows(fn, b)
            for old in range(lo, hi):
                self.value[old] = next_row + (old - lo)
            next_row += hi - lo
            placed.append((lo, hi))
        for b, (lo, hi) in zip(region, placed, strict=True):
            begin = len(self.rows)
            for old in range(lo, hi):
                self.copy_region_row(old, b, header_preds, region_set, iterator_new, exit_new)
            self.block_rows.append((begin, len(self.rows)))
            if b == loop.header:
                preds = [0] + [new_block[p] for p in header_preds if p in region_set]
                merge = exit_new  # the exit block is the loop's exit
            else:
                preds = [new_block[int(p)] for p in fn.preds(b)]
                merge = new_block.get(int(fn.blocks[b]["merge"]), -1)
            self.block_preds.append(preds)
            self.block_info.append((int(fn.blocks[b]["kind"]), merge))
        if has_exit_block:
            self.exit_block(exits, rets, new_block, kinds, line)
        return self.finish()

    def copy(self, old: int) -> int:
        """A row of the function before the loop, made again in b0 (constants, built-ins,
        frozen globals, attributes of those)."""
        row = self.fn.insts[old]
        op = int(row["op"])
        a, b, c = int(row["a"]), int(row["b"]), int(row["c"])
        if op == Op.getattr:
            a = self.value[a]
        return self.add(op, a, b, c, line=int(row["line"]), type_=int(row["type"]))

    def copy_region_row(self, old, block, header_preds, region_set, iterator_new, exit_new):
        fn, loop = self.fn, self.loop
        row = fn.insts[old]
        op = int(row["op"])
        info = OPCODES[op]
        fields = [int(row["a"]), int(row["b"]), int(row["c"])]
        line = int(row["line"])
        if op == Op.ret:  # leaves the function: the exit block gives the value back
            self.add(Op.jump, exit_new, line=line)
            return
        operands = None
        if op == Op.phi:
            incoming = fn.list_operands(old)
            if block == loop.header:  # the entry edge (from b0) brings the phi's own param
                pairs = zip(incoming, header_preds, strict=True)
                kept = [self.map_value(u) for u, p in pairs if p in region_set]
                operands = [loop.phis.index(old), *kept]  # param rows come first, in order
            else:
                operands = [self.map_value(u) for u in incoming]
            fields = [-1, len(operands), -1]
        else:
            for k, letter in enumerate(info.shape):
                if op == Op.for_iter and old == loop.item and k == 0:
                    fields[0] = iterator_new  # made again from what remains of its range
                elif letter == "v" and fields[k] >= 0:
                    fields[k] = self.map_value(fields[k])
                elif letter == "b" and fields[k] >= 0:
                    fields[k] = self.map_block(fields[k], exit_new)
                elif letter == "L":
                    entries = fn.list_operands(old)
                    if info.list_kind == "v":
                        operands = [self.map_value(u) for u in entries]
                    else:
                        operands = [self.map_block(b, exit_new) for b in entries]
        self.add(op, *fields, line=line, type_=int(row["type"]), operands=operands)
        self.rows[-1][6] = int(row["col"])

    def map_value(self, old: int) -> int:
        return self.value[old] if old >= 0 else old

    def map_block(self, old: int, exit_new: int) -> int:
        exit_old = int(self.fn.blocks[self.loop.header]["merge"])
        if old == exit_old:
            return exit_new
        return self._new_block[old]

    def exit_block(self, exits, rets, new_block, kinds, line) -> None:
        fn, loop = self.fn, self.loop
        begin = len(self.rows)
        exit_old = int(fn.blocks[loop.header]["merge"])
        n_exits = len(exits)
        preds = [new_block[p] for p in exits] + [new_block[b] for b in rets]
        returned = [self.map_value(int(fn.insts["a"][fn.terminator(b)])) for b in rets]
        owner = fn.block_of()
        slots: list[int] = []
        if loop.returns:
            kind = self.phi([kinds[0]] * n_exits + [kinds[1]] * len(rets), line)
            value = self.phi([None] * n_exits + returned, line)
            slots += [kind, value]
        for out in loop.outs:
            if exit_old >= 0 and fn.insts["op"][out] == Op.phi and owner[out] == exit_old:
                incoming = [self.map_value(u) for u in fn.list_operands(out)]
            else:
                incoming = [self.map_value(out)] * n_exits
            slots.append(self.phi(incoming + [None] * len(rets), line))
        if slots:
            result = self.add(Op.build_tuple, -1, len(slots), line=line, operands=slots)
        else:
            result = self.const(None, line)
        self.add(Op.ret, result, line=line)
        self.block_rows.append((begin, len(self.rows)))
        self.block_preds.append(preds)
        self.block_info.append((PLAIN, -1))

    def phi(self, incoming: list[int | None], line: int) -> int:
        """A phi of the exit block; None: the edge carries no value (the phi names itself)."""
        row = len(self.rows)
        return self.add(
            Op.phi,
            -1,
            len(incoming),
            line=line,
            operands=[row if u is None else u for u in incoming],
        )

    def finish(self) -> IRFunction:
        pool: list[int] = []
        insts = np.zeros(len(self.rows), dtype=INST_DTYPE)
        for r, fields in enumerate(self.rows):
            entries = self.lists.get(r)
            if entries is not None:
                info = OPCODES[fields[0]]
                at = "abc".index(info.list_fields[0])
                fields[1 + 1 + at] = len(pool)  # the list's start (after op and type)
                fields[1 + 1 + at + 1] = len(entries)
                pool.extend(entries)
            insts[r] = tuple(fields)
        blocks = np.zeros(len(self.block_rows), dtype=BLOCK_DTYPE)
        for b, ((lo, hi), preds, (kind, merge)) in enumerate(
            zip(self.block_rows, self.block_preds, self.block_info, strict=True)
        ):
            blocks[b] = (lo, hi, len(pool), len(preds), kind, merge)
            pool.extend(preds)
        loop = self.loop
        names = tuple(f"p{i}" for i in range(loop.n_params))
        return IRFunction(
            name=self.fn.name,
            signature=Signature(names=names, has_default=(False,) * len(names)),
            insts=insts,
            blocks=blocks,
            operands=np.asarray(pool, dtype=np.int32),
            consts=self.consts,
            slots=self.fn.slots,
            parent=-1,
            line=self.fn.line,
            filename=self.fn.filename,
            continues_frame=True,
        )
