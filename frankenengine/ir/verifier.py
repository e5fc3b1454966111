"""Checks the invariants of IR tables and reports every violation found.

Run after lowering and (under a debug flag) after every pass. The checks,
driven by the opcode table wherever possible:

- instructions: valid opcode; valid type code, and `nothing` for opcodes that
  define no value; each field used as its shape letter says (values, blocks,
  constants in range, operand lists inside the pool, unused fields -1); value
  operands name value-defining instructions; a few immediates in range
  (`param`, slots, globals, function ids).
- blocks: rows form a contiguous, in-order partition of the instructions; no
  block is empty; exactly one terminator, last; phis and undefs only at the
  start; a phi has one input per predecessor; the predecessor list is exactly
  the multiset of CFG edges implied by the terminators; `merge` in range or
  -1; every block reachable from the entry; LOOP_FOR blocks end in
  `for_iter`, LOOP_TEST blocks in `br`.
- SSA: every use is dominated by its definition (a phi input dominates the end
  of its predecessor, unless it is the phi itself: that edge carries no value
  for it, as in an outlined loop's exit block; within a block, definitions
  come before uses);
  `for_iter` iterates over a `get_iter`; `caught` is the first non-phi
  instruction of a try_except dispatch block.

CFG edges: jump a; br b, c; for_iter b, c; try_except a, b (body, exception
dispatch; its `c` is the else block, not an edge); try_finally a, b (body,
finally block). A field listed in OPTIONAL_FIELDS may hold -1 ("absent"). Later checks skip what earlier ones found broken,
so a malformed table never crashes the verifier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from frankenengine.ir import types as T
from frankenengine.ir.cfg import immediate_dominators
from frankenengine.ir.function import BLOCK_KINDS, LOOP_FOR, LOOP_TEST, IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op

# Block fields of terminators that are CFG edges, by opcode.
EDGE_FIELDS: dict[int, str] = {
    Op.jump: "a",
    Op.br: "bc",
    Op.for_iter: "bc",
    Op.try_except: "ab",
    Op.try_finally: "ab",
}
# Fields that may hold -1 for "absent": format's spec, try_except's else block.
OPTIONAL_FIELDS: dict[int, str] = {Op.format: "b", Op.try_except: "c"}
_PHI_LIKE = (Op.phi, Op.undef)


@dataclass(frozen=True)
class VerifierError:
    function: str
    block: int  # -1: not about one block
    inst: int  # -1: not about one instruction
    message: str
    context: str = ""  # "add @4:8" for an instruction

    def __str__(self) -> str:
        where = f"function {self.function!r}"
        if self.block >= 0:
            where += f" b{self.block}"
        if self.inst >= 0:
            where += f" v{self.inst}"
        if self.context:
            where += f" ({self.context})"
        return f"{where}: {self.message}"


class IRVerifyError(ValueError):
    def __init__(self, errors: list[VerifierError]):
        self.errors = list(errors)
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"IR verification failed ({len(self.errors)} problems):\n{lines}")


def successors(fn: IRFunction, row: int) -> list[int]:
    """Blocks that the terminator at `row` can transfer to (may be out of range)."""
    inst = fn.insts[row]
    return [int(inst[f]) for f in EDGE_FIELDS.get(int(inst["op"]), "")]


class _Checker:
    def __init__(self, fn: IRFunction, module: IRModule | None):
        self.fn = fn
        self.module = module
        self.errors: list[VerifierError] = []
        self.n, self.nblocks = len(fn.insts), len(fn.blocks)
        # Columns as Python lists: cheap to index.
        self.ops: list[int] = fn.insts["op"].tolist()
        self.fields: list[tuple[int, int, int]] = list(
            zip(fn.insts["a"].tolist(), fn.insts["b"].tolist(), fn.insts["c"].tolist(), strict=True)
        )
        self.pool: list[int] = fn.operands.tolist()
        self.owner: list[int] = [-1] * self.n
        # Immediates (field a) that index a table: opcode -> (table size, what).
        self.limits = {
            Op.param: (len(fn.signature.names), "parameters"),
            Op.load_var: (len(fn.slots), "slots"),
            Op.store_var: (len(fn.slots), "slots"),
        }
        if module is not None:
            n_globals = (len(module.globals), "globals")
            self.limits.update({Op.load_global: n_globals, Op.store_global: n_globals})
            self.limits[Op.make_function] = (len(module.functions), "functions")

    def error(self, message: str, block: int = -1, inst: int = -1) -> None:
        context = ""
        if 0 <= inst < self.n:
            op = self.ops[inst]
            name = OPCODES[op].name if op < len(OPCODES) else f"op{op}"
            row = self.fn.insts[inst]
            context = f"{name} @{int(row['line'])}:{int(row['col'])}"
            block = self.owner[inst] if block < 0 else block
        self.errors.append(VerifierError(self.fn.name, block, inst, message, context))

    def defines(self, row: int) -> bool:
        return self.ops[row] < len(OPCODES) and OPCODES[self.ops[row]].defines

    def pool_slice(self, start: int, count: int) -> list[int] | None:
        if count < 0 or start < 0 or start + count > len(self.pool):
            return None
        return self.pool[start : start + count]

    def block_rows(self, b: int) -> range:
        return range(int(self.fn.blocks[b]["start"]), int(self.fn.blocks[b]["end"]))

    def block_preds(self, b: int) -> list[int] | None:
        return self.pool_slice(int(self.fn.blocks[b]["preds"]), int(self.fn.blocks[b]["npreds"]))

    # -- per function -------------------------------------------------------
    def run(self) -> list[VerifierError]:
        self.check_metadata()
        if not self.check_partition():
            return self.errors
        valid_ops = True
        for r in range(self.n):
            valid_ops &= self.check_inst(r)
        if not valid_ops:
            return self.errors
        dispatch = {
            f[1] for op, f in zip(self.ops, self.fields, strict=True) if op == Op.try_except
        }
        for b in range(self.nblocks):
            self.check_block(b, dispatch)
        self.check_cfg()
        return self.errors

    def check_metadata(self) -> None:
        sig = self.fn.signature
        if len(sig.has_default) != len(sig.names):
            self.error(f"signature has {len(sig.names)} names but {len(sig.has_default)} defaults")
        if not 0 <= sig.n_kwonly <= len(sig.names):
            self.error(f"signature has {sig.n_kwonly} keyword-only of {len(sig.names)} names")
        if self.module is not None and not -1 <= self.fn.parent < len(self.module.functions):
            self.error(f"parent {self.fn.parent} out of range")

    def check_partition(self) -> bool:
        if self.nblocks == 0:
            self.error("function has no blocks")
            return False
        ok, expected = True, 0
        for b in range(self.nblocks):
            start, end = int(self.fn.blocks[b]["start"]), int(self.fn.blocks[b]["end"])
            if start != expected:
                self.error(f"block starts at row {start}, expected {expected}", b)
                ok = False
            if end < start:
                self.error(f"block ends at row {end} before its start {start}", b)
                ok = False
            elif end == start:
                self.error("empty block", b)
            expected = max(end, start)
        if expected != self.n:
            self.error(f"blocks cover rows [0, {expected}) of {self.n} instructions")
            ok = False
        if ok:
            for b in range(self.nblocks):
                for r in self.block_rows(b):
                    self.owner[r] = b
        return ok

    def check_value(self, r: int, x: int, may_be_none: bool = False) -> None:
        if may_be_none and x == -1:
            return
        if not 0 <= x < self.n:
            self.error(f"operand v{x} out of range", inst=r)
        elif not self.defines(x):
            self.error(f"operand v{x} defines no value", inst=r)

    def check_block_ref(self, r: int, x: int, may_be_none: bool = False) -> None:
        if not 0 <= x < self.nblocks and not (may_be_none and x == -1):
            self.error(f"block b{x} out of range", inst=r)

    def check_inst(self, r: int) -> bool:
        """Check one row by its opcode's shape; False if the opcode itself is invalid."""
        op, t = self.ops[r], int(self.fn.insts[r]["type"])
        if op >= len(OPCODES):
            self.error(f"invalid opcode {op}", inst=r)
            return False
        info = OPCODES[op]
        if t >= len(T.NAMES):
            self.error(f"invalid type code {t}", inst=r)
        elif not info.defines and t != T.NOTHING:
            self.error(f"defines no value but has type {T.NAMES[t]}", inst=r)
        fields = self.fields[r]
        optional = OPTIONAL_FIELDS.get(op, "")
        for k, letter in enumerate(info.shape):
            x, name = fields[k], "abc"[k]
            if letter == "-" and x != -1:
                self.error(f"unused field {name} is {x}, expected -1", inst=r)
            elif letter == "v":
                self.check_value(r, x, may_be_none=name in optional)
            elif letter == "b":
                self.check_block_ref(r, x, may_be_none=name in optional)
            elif letter == "k" and not 0 <= x < len(self.fn.consts):
                self.error(f"constant k{x} out of range", inst=r)
            elif letter == "o" and not 0 <= x < len(OPCODES):
                self.error(f"opcode {x} out of range", inst=r)
            elif letter == "L":
                items = self.pool_slice(x, fields[k + 1])
                if items is None:
                    where = f"[{x}:+{fields[k + 1]}]"
                    self.error(f"operand list {where} outside the pool ({len(self.pool)})", inst=r)
                    continue
                check = self.check_block_ref if info.list_kind == "b" else self.check_value
                for item in items:
                    check(r, item)
        if op in self.limits and not 0 <= fields[0] < self.limits[op][0]:
            size, what = self.limits[op]
            self.error(f"{info.name} {fields[0]} out of range ({size} {what})", inst=r)
        return True

    # -- per block ----------------------------------------------------------
    def check_block(self, b: int, dispatch: set[int]) -> None:
        kind, merge = int(self.fn.blocks[b]["kind"]), int(self.fn.blocks[b]["merge"])
        if kind >= len(BLOCK_KINDS):
            self.error(f"invalid block kind {kind}", b)
        if not -1 <= merge < self.nblocks:
            self.error(f"merge b{merge} out of range", b)
        preds = self.block_preds(b)
        if preds is None:
            self.error("predecessor list outside the pool", b)
        for p in preds or []:
            if not 0 <= p < self.nblocks:
                self.error(f"predecessor b{p} out of range", b)
        rows = self.block_rows(b)
        if not rows:
            return
        body_started = False
        for r in rows:
            op = self.ops[r]
            info = OPCODES[op]
            if info.terminator and r != rows[-1]:
                self.error("terminator before the end of the block", inst=r)
            if op in _PHI_LIKE:
                if body_started:
                    self.error(f"{info.name} after the start of the block", inst=r)
            elif op == Op.caught and (body_started or b not in dispatch):
                message = "caught is not the first instruction of a try_except dispatch block"
                self.error(message, inst=r)
            body_started |= op not in _PHI_LIKE
            n_in = self.fields[r][1]
            if op == Op.phi and preds is not None and n_in != len(preds):
                message = f"phi has {n_in} inputs but the block has {len(preds)} predecessors"
                self.error(message, inst=r)
            it = self.fields[r][0]
            if op == Op.for_iter and 0 <= it < self.n and self.ops[it] != Op.get_iter:
                self.error(f"for_iter operand v{it} is not a get_iter", inst=r)
        last = self.ops[rows[-1]]
        if not OPCODES[last].terminator:
            self.error("block does not end in a terminator", inst=rows[-1])
        if kind == LOOP_FOR and last != Op.for_iter:
            self.error("for block does not end in for_iter", b)
        if kind == LOOP_TEST and last != Op.br:
            self.error("test block does not end in br", b)

    # -- control flow and dominance -----------------------------------------
    def check_cfg(self) -> None:
        succs: list[list[int]] = []
        incoming: list[Counter] = [Counter() for _ in range(self.nblocks)]
        for b in range(self.nblocks):
            rows = self.block_rows(b)
            out = successors(self.fn, rows[-1]) if rows else []
            succs.append([s for s in out if 0 <= s < self.nblocks])
            for s in succs[-1]:
                incoming[s][b] += 1
        for b in range(self.nblocks):
            preds = self.block_preds(b)
            if preds is not None and Counter(preds) != incoming[b]:
                edges = _blocks(sorted(incoming[b].elements()))
                self.error(
                    f"predecessors {_blocks(sorted(preds))} differ from the edges into the block {edges}",
                    b,
                )
        idom = immediate_dominators(succs)
        for b in range(self.nblocks):
            if idom[b] < 0:
                self.error("block unreachable from the entry", b)

        def dominates(a: int, b: int) -> bool:
            while b != a and b != 0 and idom[b] >= 0:
                b = idom[b]
            return a == b

        for b in range(self.nblocks):
            if idom[b] < 0:
                continue
            preds = self.block_preds(b) or []
            for r in self.block_rows(b):
                for i, u in enumerate(self.value_uses(r)):
                    if not (0 <= u < self.n and self.defines(u)):
                        continue  # reported already
                    d = self.owner[u]
                    if self.ops[r] == Op.phi:
                        p = preds[i] if i < len(preds) else -1
                        if u == r:  # the edge carries no value for it (`ir.outline`)
                            continue
                        if 0 <= p < self.nblocks and idom[p] >= 0 and not dominates(d, p):
                            self.error(f"phi input v{u} does not dominate predecessor b{p}", inst=r)
                    elif d == b and u >= r:
                        self.error(f"v{u} is used before its definition", inst=r)
                    elif not dominates(d, b):
                        self.error(f"use of v{u} is not dominated by its definition", inst=r)

    def value_uses(self, r: int) -> list[int]:
        """The value operands of row `r`: fields, then value-list entries, in shape order."""
        info = OPCODES[self.ops[r]]
        fields = self.fields[r]
        uses = []
        for k, letter in enumerate(info.shape):
            if letter == "v":
                uses.append(fields[k])
            elif letter == "L" and info.list_kind == "v":
                uses.extend(self.pool_slice(fields[k], fields[k + 1]) or [])
        return uses


def _blocks(ids) -> str:
    return "[" + ", ".join(f"b{b}" for b in ids) + "]"


def verify_function(fn: IRFunction, module: IRModule | None = None) -> list[VerifierError]:
    return _Checker(fn, module).run()


def verify_module(mod: IRModule) -> list[VerifierError]:
    errors = []
    for fn in mod.functions:
        errors.extend(verify_function(fn, mod))
    return errors


def check(ir: IRModule | IRFunction) -> None:
    """Raise IRVerifyError listing every problem of a module (or a single function)."""
    errors = verify_module(ir) if isinstance(ir, IRModule) else verify_function(ir)
    if errors:
        raise IRVerifyError(errors)
