"""Builds one IRFunction with on-the-fly SSA construction.

The algorithm is Braun et al., "Simple and Efficient Construction of Static
Single Assignment Form" (CC 2013): variables are read and written per block;
reading in a block whose predecessors are not all known yet (unsealed) creates
an operandless phi that is completed when the block is sealed; trivial phis
are removed as soon as they are complete.

While building, instructions live in Python lists with provisional ids; the
`finish` step drops unreachable blocks, lays blocks out in creation order,
renumbers every value to its final row index and emits the NumPy tables.

Invariants of the result: every block ends in exactly one terminator; phi
inputs follow the order of the block's predecessor list; every block is
reachable from the entry.
"""

from __future__ import annotations

import struct

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.function import BLOCK_DTYPE, INST_DTYPE, PLAIN, IRFunction, Signature
from frankenengine.ir.opcodes import OPCODES, Op

_NONE = -1


class _Inst:
    __slots__ = ("op", "type", "a", "b", "c", "line", "col", "block", "operands")

    def __init__(self, op, a, b, c, line, col, block, operands=None):
        self.op = op
        self.type = T.ANY if OPCODES[op].defines else T.NOTHING
        self.a = a
        self.b = b
        self.c = c
        self.line = line
        self.col = col
        self.block = block
        self.operands = operands  # list of value ids (or block ids) for list-shaped ops


class _Block:
    __slots__ = ("phis", "body", "preds", "sealed", "kind", "merge", "incomplete")

    def __init__(self, kind):
        self.phis: list[int] = []
        self.body: list[int] = []
        self.preds: list[int] = []
        self.sealed = False
        self.kind = kind
        self.merge = _NONE
        self.incomplete: dict[str, int] = {}


def const_key(value) -> tuple:
    """Identity of a constant for deduplication: floats by their bits (NaN payloads, -0.0)."""
    if isinstance(value, float):
        return ("float", struct.pack("<d", value))
    if isinstance(value, tuple):
        return ("tuple", tuple(const_key(item) for item in value))
    return (type(value).__name__, repr(value))


def _successors(inst: _Inst) -> list[int]:
    op = inst.op
    if op == Op.jump:
        return [inst.a]
    if op in (Op.br, Op.for_iter):
        return [inst.b, inst.c]
    if op == Op.try_except:
        return [inst.a, inst.b]
    if op == Op.try_finally:
        return [inst.a, inst.b]
    return []


class FunctionBuilder:
    """Emits instructions into blocks and resolves variables to SSA values."""

    def __init__(self, name: str, signature: Signature | None = None, line: int = 0):
        self.name = name
        self.signature = signature or Signature()
        self.line = line
        self.insts: list[_Inst] = []
        self.blocks: list[_Block] = []
        self.consts: list = []
        self._const_index: dict[tuple, int] = {}
        self.slots: list[str] = []
        self._defs: dict[str, dict[int, int]] = {}
        self._replaced: dict[int, int] = {}
        self._phi_variable: dict[int, str] = {}  # phi -> the variable it merges
        self.current = -1
        self.entry = self.new_block()
        self.seal(self.entry)
        self.switch_to(self.entry)

    # -- blocks -------------------------------------------------------------
    def new_block(self, kind: int = PLAIN) -> int:
        self.blocks.append(_Block(kind))
        return len(self.blocks) - 1

    def switch_to(self, block: int) -> None:
        self.current = block

    def set_merge(self, block: int, merge: int) -> None:
        self.blocks[block].merge = merge

    def is_terminated(self, block: int | None = None) -> bool:
        body = self.blocks[self.current if block is None else block].body
        return bool(body) and OPCODES[self.insts[body[-1]].op].terminator

    def seal(self, block: int) -> None:
        info = self.blocks[block]
        if info.sealed:
            return
        info.sealed = True
        for var, phi in list(info.incomplete.items()):
            self._add_phi_operands(var, phi)
        info.incomplete.clear()

    # -- constants ----------------------------------------------------------
    def const_index(self, value) -> int:
        key = const_key(value)
        index = self._const_index.get(key)
        if index is None:
            index = len(self.consts)
            self.consts.append(value)
            self._const_index[key] = index
        return index

    def slot(self, name: str) -> int:
        if name not in self.slots:
            self.slots.append(name)
        return self.slots.index(name)

    # -- instructions -------------------------------------------------------
    def emit(self, op: int, a: int = _NONE, b: int = _NONE, c: int = _NONE, line=0, col=0) -> int:
        assert not self.is_terminated(), f"emit after terminator in block {self.current}"
        inst = _Inst(op, a, b, c, line, col, self.current)
        self.insts.append(inst)
        vid = len(self.insts) - 1
        self.blocks[self.current].body.append(vid)
        if OPCODES[op].terminator:
            for succ in _successors(inst):
                self.blocks[succ].preds.append(self.current)
        return vid

    def emit_list(self, op: int, operands: list[int], c: int = _NONE, line=0, col=0) -> int:
        """An instruction whose shape starts with an operand list (`Ln`)."""
        vid = self.emit(op, _NONE, len(operands), c, line, col)
        self.insts[vid].operands = list(operands)
        return vid

    def emit_make_function(self, fn_id: int, defaults: list[int], line=0, col=0) -> int:
        vid = self.emit(Op.make_function, fn_id, _NONE, len(defaults), line, col)
        self.insts[vid].operands = list(defaults)
        return vid

    def const(self, value, line=0, col=0) -> int:
        vid = self.emit(Op.const, self.const_index(value), line=line, col=col)
        self.insts[vid].type = T.of_python_value(value)
        return vid

    # -- SSA variables ------------------------------------------------------
    def write_var(self, name: str, value: int, block: int | None = None) -> None:
        self._defs.setdefault(name, {})[self.current if block is None else block] = value

    def read_var(self, name: str, block: int | None = None) -> int:
        block = self.current if block is None else block
        value = self._defs.get(name, {}).get(block)
        if value is not None:
            return self._resolve(value)
        return self._read_recursive(name, block)

    def _read_recursive(self, name: str, block: int) -> int:
        info = self.blocks[block]
        if not info.sealed:
            value = self._new_phi(block, name)
            info.incomplete[name] = value
        elif len(info.preds) == 1:
            value = self.read_var(name, info.preds[0])
        elif not info.preds:
            value = self._new_undef(block, name)
        else:
            value = self._new_phi(block, name)
            self.write_var(name, value, block)
            value = self._add_phi_operands(name, value)
        self.write_var(name, value, block)
        return value

    def _new_phi(self, block: int, variable: str) -> int:
        inst = _Inst(Op.phi, _NONE, 0, _NONE, 0, 0, block, [])
        self.insts.append(inst)
        vid = len(self.insts) - 1
        self.blocks[block].phis.append(vid)
        self._phi_variable[vid] = variable
        return vid

    def _variable_name(self, variable: str) -> int:
        """The constant naming a variable as the source spells it (`x@12` is a `x`)."""
        return self.const_index(variable.partition("@")[0])

    def _new_undef(self, block: int, variable: str) -> int:
        """The value of `variable` where no path assigned it; names it for the error."""
        inst = _Inst(Op.undef, self._variable_name(variable), _NONE, _NONE, 0, 0, block)
        self.insts.append(inst)
        vid = len(self.insts) - 1
        self.blocks[block].phis.append(vid)  # kept with the phis: before the body
        return vid

    def _add_phi_operands(self, name: str, phi: int) -> int:
        for pred in self.blocks[self.insts[phi].block].preds:
            self.insts[phi].operands.append(self.read_var(name, pred))
        return self._try_remove_trivial(phi)

    def _resolve(self, value: int) -> int:
        while value in self._replaced:
            value = self._replaced[value]
        return value

    def _try_remove_trivial(self, phi: int) -> int:
        same = _NONE
        for raw in self.insts[phi].operands:
            op = self._resolve(raw)
            if op == same or op == phi:
                continue
            if same != _NONE:
                return phi
            same = op
        if same == _NONE:
            inst = self.insts[phi]
            inst.op = Op.undef
            inst.operands = None
            inst.a = self._variable_name(self._phi_variable[phi])
            inst.b = _NONE
            return phi
        self._replaced[phi] = same
        self.insts[phi].op = -1  # dead
        users = [
            i
            for i, inst in enumerate(self.insts)
            if inst.op == Op.phi and i != phi and phi in (self._resolve(x) for x in inst.operands)
        ]
        for user in users:
            self._try_remove_trivial(user)
        return self._resolve(same)

    # -- finish -------------------------------------------------------------
    def finish(self, parent: int = -1, is_generator: bool = False) -> IRFunction:
        for b in range(len(self.blocks)):
            self.seal(b)
        reachable = self._reachable()
        self._prune_unreachable_preds(reachable)
        order = [b for b in range(len(self.blocks)) if b in reachable]
        new_block = {old: new for new, old in enumerate(order)}

        rows: list[int] = []
        starts: list[tuple[int, int]] = []
        for b in order:
            info = self.blocks[b]
            live = [v for v in info.phis + info.body if self.insts[v].op != -1]
            starts.append((len(rows), len(rows) + len(live)))
            rows.extend(live)
        new_value = {old: new for new, old in enumerate(rows)}

        def value(v: int) -> int:
            return -1 if v == _NONE else new_value[self._resolve(v)]

        def block(b: int) -> int:
            return new_block.get(b, -1) if b != _NONE else -1

        operands: list[int] = []
        insts = np.zeros(len(rows), dtype=INST_DTYPE)
        for row, old in enumerate(rows):
            inst = self.insts[old]
            info = OPCODES[inst.op]
            fields = [inst.a, inst.b, inst.c]
            if inst.op == Op.phi:
                kept = [value(v) for v in inst.operands]
                fields = [len(operands), len(kept), _NONE]
                operands.extend(kept)
            else:
                for k, letter in enumerate(info.shape):
                    if letter == "v":
                        fields[k] = value(fields[k])
                    elif letter == "b":
                        fields[k] = block(fields[k])
                    elif letter == "L":
                        items = inst.operands or []
                        fields[k] = len(operands)
                        fields[k + 1] = len(items)
                        operands.extend(value(v) for v in items)
            insts[row] = (inst.op, inst.type, *fields, inst.line, inst.col)

        blocks = np.zeros(len(order), dtype=BLOCK_DTYPE)
        for new, old in enumerate(order):
            info = self.blocks[old]
            preds = [new_block[p] for p in info.preds]
            blocks[new] = (
                starts[new][0],
                starts[new][1],
                len(operands),
                len(preds),
                info.kind,
                block(info.merge),
            )
            operands.extend(preds)

        return IRFunction(
            name=self.name,
            signature=self.signature,
            insts=insts,
            blocks=blocks,
            operands=np.asarray(operands, dtype=np.int32),
            consts=list(self.consts),
            slots=tuple(self.slots),
            parent=parent,
            is_generator=is_generator,
            line=self.line,
        )

    def _prune_unreachable_preds(self, reachable: set[int]) -> None:
        """Drop edges from unreachable blocks, then the phis that became trivial."""
        phis = []
        for b in reachable:
            info = self.blocks[b]
            keep = [i for i, p in enumerate(info.preds) if p in reachable]
            if len(keep) != len(info.preds):
                for phi in info.phis:
                    inst = self.insts[phi]
                    if inst.op == Op.phi:
                        inst.operands = [inst.operands[i] for i in keep]
                info.preds = [info.preds[i] for i in keep]
            phis.extend(v for v in info.phis if self.insts[v].op == Op.phi)
        changed = True
        while changed:
            changed = False
            for phi in phis:
                if self.insts[phi].op == Op.phi and self._try_remove_trivial(phi) != phi:
                    changed = True

    def _reachable(self) -> set[int]:
        seen = {self.entry}
        stack = [self.entry]
        while stack:
            b = stack.pop()
            body = self.blocks[b].body
            if not body:
                continue
            for succ in _successors(self.insts[body[-1]]):
                if succ not in seen:
                    seen.add(succ)
                    stack.append(succ)
        return seen
