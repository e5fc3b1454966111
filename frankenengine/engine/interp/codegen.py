"""IR -> Python source for the interpreter lane, built only from engine templates.

Each IR function becomes one Python `def`, nested where the IR says (closures
are Python closures); the module becomes a factory function whose cells hold
the module's globals, constants, built-ins and the metering counters, so the
hot paths read them as fast closure variables.

Safety invariant: no text the extension wrote reaches the generated source.
Identifiers are minted (`v12` values, `p0` parameters, `s3_1` slots, `g4`
globals, `k7` constants, `b2` built-ins, `f5` functions); constants and
built-ins travel through tables by index; attribute names are emitted only
after being looked up in the engine's own surface table.

Structure invariant: control flow is rebuilt from the IR's explicit structure
(block kinds and merges), never guessed from the graph: a `br` is an if/else
meeting at its merge, loop headers become `for`/`while True`, jumps to a
loop's header or exit become `continue`/`break`, try regions become
try/except/else/finally. Phis become parallel assignments on their edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...ir import types as T
from ...ir.builder import const_key
from ...ir.function import LOOP_FOR, LOOP_TEST, LOOP_WHILE, PLAIN, IRFunction, IRModule
from ...ir.opcodes import BY_NAME, OPCODES, Op
from ...ir.passes.compact import value_operands
from .. import surface

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
GROWN_THRESHOLD = 256  # sequences longer than this are charged when an operation makes them

_CHECKED_INT_OPS = {Op.add, Op.sub, Op.mul, Op.floordiv, Op.neg}
_INLINE_BINARY = {
    Op.add,
    Op.sub,
    Op.truediv,
    Op.floordiv,
    Op.mod,
    Op.rshift,
    Op.bitand,
    Op.bitor,
    Op.bitxor,
}
_HELPER_BINARY = {Op.mul: "mul", Op.pow: "pow", Op.lshift: "lshift", Op.matmul: "matmul"}
_SINGLE_GROWTH = frozenset({"append", "add", "insert", "setdefault"})
_DIRECT_BUILTINS = {"min": "_min", "max": "_max"}
_ARRAY_REDUCTIONS = frozenset({"sum", "min", "max", "mean"})


class CodegenError(Exception):
    """The IR does not have the structure the generator relies on (an engine bug)."""


@dataclass
class GeneratedModule:
    source: str
    line_map: list[int]  # generated line (1-based index) -> extension line
    function_of_line: list[int]  # generated line -> IR function id
    builtins: list[str]  # built-in names, in the order of the `b` table
    constants: list  # the `k` table
    static_types: list  # the `t` table: built-in type names of isinstance calls
    signatures: dict = field(default_factory=dict)  # "f12" -> Signature


class _Writer:
    def __init__(self):
        self.lines: list[str] = []
        self.src_lines: list[int] = []
        self.fn_ids: list[int] = []
        self.indent = 0
        self.line = 0
        self.fn_id = 0

    def emit(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)
        self.src_lines.append(self.line)
        self.fn_ids.append(self.fn_id)


class _Ctx:
    __slots__ = ("stop", "header", "exit", "flag")

    def __init__(self, stop=-1, header=-1, exit_block=-1, flag=None):
        self.stop = stop
        self.header = header
        self.exit = exit_block
        self.flag = flag

    def with_stop(self, stop: int) -> _Ctx:
        return _Ctx(stop, self.header, self.exit, self.flag)


class ModuleCodegen:
    def __init__(self, module: IRModule, wrapped_methods: frozenset[str]):
        self.module = module
        self.wrapped_methods = wrapped_methods
        self.out = _Writer()
        self.builtins: list[str] = []
        self._builtin_index: dict[str, int] = {}
        self.constants: list = []
        self._const_index: dict[tuple, int] = {}
        self.signatures: dict = {}
        self.static_types: list[tuple[str, ...]] = []  # isinstance type arguments
        self.children: dict[int, list[int]] = {}
        for fid, fn in enumerate(module.functions):
            self.children.setdefault(fn.parent, []).append(fid)

    # -- tables -------------------------------------------------------------
    def builtin_name(self, name: str) -> str:
        if name not in self._builtin_index:
            self._builtin_index[name] = len(self.builtins)
            self.builtins.append(name)
        return f"b{self._builtin_index[name]}"

    def static_types_name(self, names: tuple[str, ...]) -> str:
        if names not in self.static_types:
            self.static_types.append(names)
        return f"t{self.static_types.index(names)}"

    def const_name(self, value) -> str:
        key = const_key(value)
        if key not in self._const_index:
            self._const_index[key] = len(self.constants)
            self.constants.append(value)
        return f"k{self._const_index[key]}"

    # -- module -------------------------------------------------------------
    def generate(self) -> GeneratedModule:
        w = self.out
        w.emit("def factory(env):")
        w.indent += 1
        w.emit("_M = env.meter")
        w.emit("_ops = env.operators")
        w.emit("_methods = env.methods")
        w.emit("_ovf = env.overflow")
        w.emit("_grown = env.grown")
        w.emit("_iter = env.iterate")
        w.emit("_fmt = env.format_value")
        w.emit("_match = env.exc_match")
        w.emit("_callkw = env.call_kw")
        w.emit("_scalar = env.scalar_classes")
        w.emit("_unpack = env.unpack")
        w.emit("_join = env.join")
        w.emit("_UNDEF, _unbound = env.undef, env.unbound")
        w.emit("_isinstance = env.isinstance")
        w.emit("_bind = env.bind")
        w.emit("_min, _max = env.min, env.max")
        w.emit("_ndarray = env.ndarray")
        w.emit("_type, _int, _float, _str, _len = env.type, env.int, env.float, env.str, env.len")
        w.emit("_slice = slice")
        w.emit("_set = set")
        w.emit("_fuel = 0")
        w.emit("_depth = 0")
        w.emit("_dmax = 0")
        w.emit("_grow = 0")
        n_globals = len(self.module.globals)
        if n_globals:
            # Bind the globals as cells of the factory, then leave them unbound until the
            # module's code assigns them (reading one earlier is a NameError, as in Python).
            names = ", ".join(f"g{i}" for i in range(n_globals))
            w.emit(f"{names.replace(', ', ' = ')} = None")
            w.emit(f"del {names}")
        table_at = len(w.lines)
        w.emit("def reset(fuel, dmax, grow):")
        w.emit("    nonlocal _fuel, _depth, _dmax, _grow")
        w.emit("    _fuel, _depth, _dmax, _grow = fuel, 0, dmax, grow")
        w.emit("def counters():")
        w.emit("    return _fuel, _depth")
        self.function(0)
        getters = ", ".join(f"lambda: g{i}" for i in range(n_globals))
        w.emit(f"getters = ({getters}{',' if n_globals == 1 else ''})")
        w.emit("return f0, reset, counters, getters")
        # Bind the tables now that every constant and built-in is known.
        prelude = [f"    k{i} = env.constants[{i}]" for i in range(len(self.constants))]
        prelude += [f"    b{i} = env.builtins[{i}]" for i in range(len(self.builtins))]
        prelude += [f"    t{i} = env.static_types[{i}]" for i in range(len(self.static_types))]
        w.lines[table_at:table_at] = prelude
        w.src_lines[table_at:table_at] = [0] * len(prelude)
        w.fn_ids[table_at:table_at] = [0] * len(prelude)
        return GeneratedModule(
            source="\n".join(w.lines) + "\n",
            line_map=[0, *w.src_lines],
            function_of_line=[0, *w.fn_ids],
            builtins=self.builtins,
            constants=self.constants,
            static_types=self.static_types,
            signatures=self.signatures,
        )

    # -- functions ----------------------------------------------------------
    def function(self, fid: int, defaults: list[str] | None = None) -> None:
        fn = self.module.functions[fid]
        w = self.out
        saved_fn = w.fn_id
        w.fn_id = fid
        w.line = fn.line
        self.signatures[f"f{fid}"] = fn.signature
        params = self._params(fn, defaults or [])
        w.emit(f"def f{fid}({params}):")
        w.indent += 1
        nonlocals = ["_fuel", "_grow"] + ([] if fn.is_generator else ["_depth"])
        nonlocals += self._stored_outer_names(fid)
        if fid == 0:
            nonlocals += [f"g{i}" for i in range(len(self.module.globals))]
        w.emit("nonlocal " + ", ".join(nonlocals))
        if not fn.is_generator:
            # No function-wide try/finally (it would cost one of CPython's 20
            # statically nested blocks): the frame keeps its depth in `_d`, a return
            # restores `_d - 1`, an exception handler restores `_d` for the frames the
            # exception left, and a `finally` suite runs at `_d` and then puts back
            # whatever depth it found (a pending return's `_d - 1`).
            w.emit("_depth = _d = _depth + 1")
            w.emit("if _d > _dmax: _M.too_deep()")
        _FunctionCodegen(self, fid, fn).body()
        w.indent -= 1
        w.fn_id = saved_fn

    def _params(self, fn: IRFunction, defaults: list[str]) -> str:
        sig = fn.signature
        parts = []
        pending = iter(defaults)
        for index, has_default in enumerate(sig.has_default):
            if index == sig.n_positional and sig.n_kwonly:
                parts.append("*")
            parts.append(f"p{index}={next(pending)}" if has_default else f"p{index}")
        return ", ".join(parts)

    def _stored_outer_names(self, fid: int) -> list[str]:
        fn = self.module.functions[fid]
        names = set()
        for row in fn.insts[np.isin(fn.insts["op"], (Op.store_outer, Op.del_outer))]:
            names.add(f"s{row['a']}_{row['b']}")
        return sorted(names)


class _FunctionCodegen:
    """Emits the body of one IR function."""

    def __init__(self, mod: ModuleCodegen, fid: int, fn: IRFunction):
        self.mod = mod
        self.fid = fid
        self.fn = fn
        self.w = mod.out
        self.insts = fn.insts
        self.ops = fn.insts["op"]
        self.types = fn.insts["type"]
        self.emitted: set[int] = set()
        self.unpack_targets: dict[int, list[str]] = {}
        self.item_folded: set[int] = set()
        self._plan_uses()
        self._flags = 0

    # -- naming -------------------------------------------------------------
    def name(self, v: int) -> str:
        op = self.ops[v]
        row = self.insts[v]
        if op == Op.const:
            value = self.fn.consts[row["a"]]
            return self.mod.const_name(value)
        if op == Op.param:
            return f"p{row['a']}"
        if op == Op.builtin:
            return self.mod.builtin_name(self.fn.consts[row["a"]])
        if op == Op.undef:
            return "_UNDEF"
        return f"v{v}"

    def operands(self, v: int) -> list[int]:
        row = self.insts[v]
        shape = OPCODES[self.ops[v]].shape
        if "L" not in shape:
            return []
        field = "abc"[shape.index("L")]
        count = "abc"[shape.index("n")]
        start = int(row[field])
        return [int(x) for x in self.fn.operands[start : start + int(row[count])]]

    def _plan_uses(self) -> None:
        """Who uses each value: drives unpack folding, unused results and fused tests."""
        self.users: list[list[int]] = [[] for _ in range(len(self.insts))]
        self.uses: list[list[int]] = value_operands(self.fn)
        for v, used in enumerate(self.uses):
            for ref in used:
                self.users[ref].append(v)
        # Values that may be unbound (a variable read on a path where it was never
        # assigned): `_UNDEF` flows through phis; a real use checks for it.
        self.maybe_undef = {v for v in range(len(self.insts)) if self.ops[v] == Op.undef}
        changed = bool(self.maybe_undef)
        while changed:
            changed = False
            for v in np.nonzero(self.ops == Op.phi)[0].tolist():
                if v not in self.maybe_undef and any(x in self.maybe_undef for x in self.uses[v]):
                    self.maybe_undef.add(v)
                    changed = True
        for u in np.nonzero(self.ops == Op.unpack)[0].tolist():
            uses = self.users[u]
            if all(self.ops[x] == Op.item for x in uses):
                targets = ["_"] * int(self.insts[u]["b"])
                for x in uses:
                    targets[int(self.insts[x]["b"])] = f"v{x}"
                    self.item_folded.add(x)
                self.unpack_targets[u] = targets
        # A comparison used only by the `br` right after it is written into the `if`.
        self.fused: dict[int, str] = {}
        for block in self.fn.blocks:
            term = int(block["end"]) - 1
            cond = term - 1
            if (
                cond >= int(block["start"])
                and self.ops[term] == Op.br
                and int(self.insts[term]["a"]) == cond
                and self.users[cond] == [term]
                and (self.ops[cond] in _COMPARE_CODES or self.ops[cond] == Op.not_)
            ):
                self.fused[cond] = ""

    # -- body ---------------------------------------------------------------
    def body(self) -> None:
        before = len(self.w.lines)
        self.block(0, _Ctx())
        if len(self.w.lines) == before:
            self.w.emit("pass")

    def block(self, b: int, ctx: _Ctx) -> None:
        if b in self.emitted:
            raise CodegenError(f"function {self.fn.name!r}: block b{b} reached twice")
        self.emitted.add(b)
        row = self.fn.blocks[b]
        start, end = int(row["start"]), int(row["end"])
        for v in range(start, end - 1):
            self.instruction(v)
        self.terminator(b, end - 1, ctx)

    def edge(self, src: int, dst: int, ctx: _Ctx) -> None:
        """Control passes from block `src` to `dst`: phi moves, then the structured jump."""
        self.moves(src, dst)
        if self.leave(dst, ctx):
            return
        kind = self.fn.blocks[dst]["kind"]
        if kind in (LOOP_WHILE, LOOP_FOR):
            self.loop(dst, ctx)
            return
        preds = self.fn.preds(dst)
        if len(preds) != 1:
            raise CodegenError(
                f"function {self.fn.name!r}: unstructured jump b{src} -> b{dst} "
                f"({len(preds)} predecessors)"
            )
        self.block(dst, ctx)

    def moves(self, src: int, dst: int) -> None:
        row = self.fn.blocks[dst]
        preds = self.fn.preds(dst)
        positions = [i for i, p in enumerate(preds) if p == src]
        if not positions:
            return
        position = positions[0]
        targets, sources = [], []
        for v in range(int(row["start"]), int(row["end"])):
            if self.ops[v] != Op.phi:
                continue
            incoming = int(self.fn.operands[self.insts[v]["a"] + position])
            if incoming < 0 or incoming == v:
                continue
            targets.append(f"v{v}")
            sources.append(self.name(incoming))
        if len(targets) == 1:
            self.w.emit(f"{targets[0]} = {sources[0]}")
        elif targets:
            self.w.emit(f"{', '.join(targets)} = {', '.join(sources)}")

    def leave(self, dst: int, ctx: _Ctx) -> bool:
        """Reaching `dst` leaves the current structure: fall through, `continue` or `break`."""
        if dst == ctx.stop:
            return True
        if dst == ctx.header:
            self.w.emit("continue")
            return True
        if dst == ctx.exit:
            if ctx.flag is not None:
                self.w.emit(f"{ctx.flag} = False")
            self.w.emit("break")
            return True
        return False

    def continue_at(self, merge: int, ctx: _Ctx) -> None:
        """After a structure closes, emission continues at its merge block."""
        if merge >= 0 and not self.leave(merge, ctx):
            self.block(merge, ctx)

    def nested(self, emit) -> None:
        """Emit an indented suite; Python needs `pass` where a structure emits nothing."""
        self.w.indent += 1
        before = len(self.w.lines)
        emit()
        if len(self.w.lines) == before:
            self.w.emit("pass")
        self.w.indent -= 1

    def arm(self, src: int, dst: int, ctx: _Ctx) -> None:
        self.nested(lambda: self.edge(src, dst, ctx))

    # -- terminators --------------------------------------------------------
    def terminator(self, b: int, v: int, ctx: _Ctx) -> None:
        w = self.w
        row = self.insts[v]
        op = self.ops[v]
        w.line = int(row["line"])
        block_row = self.fn.blocks[b]
        self.check_bound(v)
        if op == Op.jump:
            self.edge(b, int(row["a"]), ctx)
        elif op == Op.ret:
            if not self.fn.is_generator:
                w.emit("_depth = _d - 1")
            w.emit(f"return {self.name(row['a'])}")
        elif op == Op.raise_:
            w.emit(f"raise {self.name(row['a'])}")
        elif op == Op.reraise:
            w.emit("raise")
        elif op == Op.br and block_row["kind"] == LOOP_TEST:
            cond, body, other = self.test_expr(int(row["a"])), int(row["b"]), int(row["c"])
            w.emit(f"if not ({cond}):")
            if other == ctx.exit:
                self.arm(b, other, ctx)
            else:  # a while/else: leave the loop with the flag set, run `else` after it
                self.nested(lambda: (self.moves(b, other), w.emit("break")))
            self.edge(b, body, ctx)
        elif op == Op.br:
            merge = int(block_row["merge"])
            inner = ctx.with_stop(merge)
            w.emit(f"if {self.test_expr(int(row['a']))}:")
            self.arm(b, int(row["b"]), inner)
            src, other = b, int(row["c"])
            while self._is_elif(other, merge):  # flat `elif` chains, not nested else/if
                self.emitted.add(other)
                test = self.insts[self.fn.terminator(other)]
                w.line = int(test["line"])
                w.emit(f"elif {self.test_expr(int(test['a']))}:")
                self.arm(other, int(test["b"]), inner)
                src, other = other, int(test["c"])
            w.emit("else:")
            self.arm(src, other, inner)
            self.continue_at(merge, ctx)
        elif op == Op.try_except:
            self.try_except(b, v, ctx)
        elif op == Op.try_finally:
            merge = int(block_row["merge"])
            body, fin = int(row["a"]), int(row["b"])
            w.emit("try:")
            self.arm(b, body, ctx.with_stop(fin))
            w.emit("finally:")
            w.indent += 1
            w.emit("if not _M.halted:")

            def finally_suite() -> None:
                if self.fn.is_generator:
                    self.block(fin, ctx.with_stop(merge))
                    return
                self._flags += 1
                saved = f"_ds{self._flags}"
                w.emit(f"{saved}, _depth = _depth, _d")
                self.block(fin, ctx.with_stop(merge))
                w.emit(f"_depth = {saved}")

            self.nested(finally_suite)
            w.indent -= 1
            self.continue_at(merge, ctx)
        else:
            raise CodegenError(f"unexpected terminator {OPCODES[op].name} in b{b}")

    def _is_elif(self, block: int, merge: int) -> bool:
        """An else arm that is only another if/else test with the same join."""
        row = self.fn.blocks[block]
        term = int(row["end"]) - 1
        if (
            block in self.emitted
            or row["kind"] != PLAIN
            or int(row["merge"]) != merge
            or self.ops[term] != Op.br
            or len(self.fn.preds(block)) != 1
        ):
            return False
        for v in range(int(row["start"]), term):
            silent = self.ops[v] in (Op.const, Op.builtin, Op.param) or v in self.fused
            if not silent or any(ref in self.maybe_undef for ref in self.uses[v]):
                return False
        return not any(ref in self.maybe_undef for ref in self.uses[term])

    def try_except(self, b: int, v: int, ctx: _Ctx) -> None:
        w = self.w
        row = self.insts[v]
        merge = int(self.fn.blocks[b]["merge"])
        body, dispatch, else_block = int(row["a"]), int(row["b"]), int(row["c"])
        caught = int(self.fn.blocks[dispatch]["start"])
        while self.ops[caught] != Op.caught:
            caught += 1
        w.emit("try:")
        self.arm(b, body, ctx.with_stop(else_block if else_block >= 0 else merge))
        w.emit(f"except Exception as v{caught}:")

        def handler() -> None:
            if not self.fn.is_generator:
                w.emit("_depth = _d")  # frames the exception left did not return
            self.edge(b, dispatch, ctx.with_stop(merge))

        self.nested(handler)
        if else_block >= 0:
            w.emit("else:")
            self.nested(lambda: self.block(else_block, ctx.with_stop(merge)))
        self.continue_at(merge, ctx)

    def loop(self, header: int, ctx: _Ctx) -> None:
        w = self.w
        row = self.fn.blocks[header]
        exit_block = int(row["merge"])
        self.emitted.add(header)
        term = int(row["end"]) - 1
        outer = ctx
        if row["kind"] == LOOP_FOR:
            inst = self.insts[term]
            body, exhausted = int(inst["b"]), int(inst["c"])
            w.line = int(inst["line"])
            w.emit(f"for v{term} in {self.name(inst['a'])}:")
            inner = _Ctx(-1, header, exit_block)
            self.arm(header, body, inner)
            if exhausted != exit_block or self._has_moves(header, exit_block):
                w.emit("else:")
                self.arm(header, exhausted, outer.with_stop(exit_block))
        else:
            flag = None
            test_else = self._while_else(header)
            if test_else is not None:
                self._flags += 1
                flag = f"e{self._flags}"
                w.emit(f"{flag} = True")
            w.emit("while True:")
            inner = _Ctx(-1, header, exit_block, flag)

            def loop_body() -> None:
                for v in range(int(row["start"]), term):
                    self.instruction(v)
                self.edge(header, int(self.insts[term]["a"]), inner)

            self.nested(loop_body)
            if flag is not None:
                w.emit(f"if {flag}:")
                self.nested(lambda: self.block(test_else, outer.with_stop(exit_block)))
        self.continue_at(exit_block, outer)

    def _has_moves(self, src: int, dst: int) -> bool:
        if dst < 0:
            return False
        row = self.fn.blocks[dst]
        return any(self.ops[v] == Op.phi for v in range(int(row["start"]), int(row["end"])))

    def _while_else(self, header: int) -> int | None:
        """The else block of a while loop, if it has one (the test's false target != exit)."""
        exit_block = int(self.fn.blocks[header]["merge"])
        for b, row in enumerate(self.fn.blocks):
            if row["kind"] != LOOP_TEST:
                continue
            term = self.insts[int(row["end"]) - 1]
            other = int(term["c"])
            if other != exit_block and self._loop_of_test(b) == header:
                return other
        return None

    def _loop_of_test(self, test_block: int) -> int:
        """The while header whose test this is: walk single predecessors back to it."""
        b = test_block
        seen = set()
        while b not in seen:
            seen.add(b)
            if self.fn.blocks[b]["kind"] == LOOP_WHILE:
                return b
            preds = self.fn.preds(b)
            if len(preds) == 0:
                return -1
            b = int(preds[0])
        return -1

    # -- instructions -------------------------------------------------------
    def check_bound(self, v: int) -> None:
        """Before a real use of a value that may be unbound: raise UnboundLocalError as CPython."""
        if self.ops[v] == Op.phi or not self.maybe_undef:
            return
        for ref in dict.fromkeys(self.uses[v]):
            if ref in self.maybe_undef:
                self.w.emit(f"if {self.name(ref)} is _UNDEF: _unbound()")

    def variable(self, op: int, row) -> str:
        """The minted name of a variable outside SSA: a slot of this function (`s3_1`),
        of an enclosing one (same spelling, reached as a Python closure), or a global."""
        if op in (Op.load_var, Op.store_var, Op.del_var):
            return f"s{self.fid}_{row['a']}"
        if op in (Op.load_outer, Op.store_outer, Op.del_outer):
            return f"s{row['a']}_{row['b']}"
        return f"g{row['a']}"

    def target(self, v: int) -> str:
        """`vN = ` for a value someone uses; nothing for a call made for its effect."""
        return f"v{v} = " if self.users[v] else ""

    def test_expr(self, v: int) -> str:
        """The text of a branch condition: a fused comparison, or the value's name."""
        if v not in self.fused:
            return self.name(v)
        row = self.insts[v]
        if self.ops[v] == Op.not_:
            return f"not {self.name(row['a'])}"
        return f"{self.name(row['a'])} {OPCODES[self.ops[v]].symbol} {self.name(row['b'])}"

    def instruction(self, v: int) -> None:
        op = self.ops[v]
        row = self.insts[v]
        w = self.w
        w.line = int(row["line"])
        if op == Op.store_var and self.ops[int(row["b"])] == Op.undef:
            w.emit(f"del s{self.fid}_{row['a']}")
            return
        self.check_bound(v)
        if v in self.fused:
            return
        if op in (Op.const, Op.param, Op.builtin, Op.phi, Op.undef, Op.caught):
            if op == Op.const:
                value = self.fn.consts[row["a"]]
                if type(value) is int and not INT_MIN <= value <= INT_MAX:
                    w.emit("_ovf()")
            return
        n = f"v{v}"
        a = self.name(row["a"]) if OPCODES[op].shape[0] == "v" else None
        if op in _INLINE_BINARY or op in _HELPER_BINARY:
            self.binary(v, op, a, self.name(row["b"]))
        elif op == Op.inplace:
            self.inplace(v, int(row["c"]), a, self.name(row["b"]))
        elif op == Op.neg:
            w.emit(f"{n} = -{a}")
            self.check_result(v)
        elif op == Op.pos:
            w.emit(f"{n} = +{a}")
            self.check_result(v)  # `+array` is a new array
        elif op == Op.invert:
            w.emit(f"{n} = ~{a}")
            self.check_result(v)
        elif op == Op.not_:
            w.emit(f"{n} = not {a}")
        elif OPCODES[op].symbol and op in _COMPARE_CODES:
            w.emit(f"{n} = {a} {OPCODES[op].symbol} {self.name(row['b'])}")
        elif op in _VARIABLE_ACCESS:
            access, stored = _VARIABLE_ACCESS[op]
            variable = self.variable(op, row)
            if access == "load":
                w.emit(f"{n} = {variable}")
            elif access == "store":
                w.emit(f"{variable} = {self.name(row[stored])}")
            else:
                w.emit(f"del {variable}")
        elif op in _BUILDERS:
            self.build(v, op)
        elif op == Op.build_slice:
            w.emit(f"{n} = _slice({a}, {self.name(row['b'])}, {self.name(row['c'])})")
        elif op == Op.format:
            spec = self.name(row["b"]) if row["b"] >= 0 else "None"
            w.emit(f"{n} = _fmt({a}, {spec}, {int(row['c'])})")
        elif op == Op.getitem:
            w.emit(f"{n} = {a}[{self.name(row['b'])}]")
            key_type = self.types[int(row["b"])]
            if key_type == T.SLICE:  # a slice copies (lists, strings) or views (arrays)
                w.emit(f"if _len({n}) > {GROWN_THRESHOLD}: _grown({n})")
            elif key_type not in (T.INT, T.BOOL, T.STR):  # a mask or index array copies
                w.emit(f"if _type({n}) is _ndarray: _grown({n})")
            if self.types[int(row["a"])] not in (T.LIST, T.DICT, T.STR, T.TUPLE):
                self.python_scalar(v)
        elif op == Op.setitem:
            w.emit(f"{a}[{self.name(row['b'])}] = {self.name(row['c'])}")
            if self.types[int(row["a"])] in (T.ANY, T.DICT):
                self.grow_tick()
        elif op == Op.delitem:
            w.emit(f"del {a}[{self.name(row['b'])}]")
        elif op == Op.getattr:
            attr = _surface_attribute(self.fn.consts[row["b"]])
            if attr in self.mod.wrapped_methods:
                # A method taken as a value keeps the engine's checks and charges.
                w.emit(f"{n} = _bind(_methods[{attr!r}], {a})")
            else:
                w.emit(f"{n} = {a}.{attr}")
        elif op == Op.unpack:
            targets = self.unpack_targets.get(v)
            if targets is None:
                w.emit(f"{n} = _unpack({a}, {int(row['b'])})")
            elif len(targets) == 1:
                w.emit(f"{targets[0]}, = {a}")
            else:
                w.emit(f"{', '.join(targets)} = {a}")
        elif op == Op.item:
            if v not in self.item_folded:
                w.emit(f"{n} = {a}[{int(row['b'])}]")
        elif op == Op.get_iter:
            w.emit(f"{n} = _iter({a})")
        elif op == Op.call:
            operands = self.operands(v)
            items = [self.name(x) for x in operands]
            static = self._static_isinstance(operands)
            direct = _DIRECT_BUILTINS.get(self._builtin_of(operands[0]))
            if static is not None:
                w.emit(f"{n} = _isinstance({items[1]}, {static})")
            elif direct is not None and len(operands) >= 3:
                # min/max of two or more arguments: no iterable to guard, no new value.
                w.emit(f"{n} = {direct}({', '.join(items[1:])})")
            else:
                w.emit(f"{self.target(v)}{items[0]}({', '.join(items[1:])})")
                if (self._builtin_of(operands[0]) or "").startswith("numpy.") and self.users[v]:
                    self.python_scalar(v)
        elif op == Op.call_kw:
            items = [self.name(x) for x in self.operands(v)]
            names = self.fn.consts[row["c"]]
            split = len(items) - len(names)
            args = _tuple(items[1:split])
            w.emit(
                f"{n} = _callkw({items[0]}, {args}, {self.mod.const_name(names)}, "
                f"{_tuple(items[split:])})"
            )
        elif op == Op.call_method:
            self.method_call(v)
        elif op == Op.make_function:
            defaults = [self.name(x) for x in self.operands(v)]
            fid = int(row["a"])
            self.mod.function(fid, defaults)
            w.line = int(row["line"])
            w.emit(f"{n} = f{fid}")
        elif op == Op.exc_match:
            w.emit(f"{n} = _match({a}, {self.name(row['b'])})")
        elif op == Op.fuel:
            w.emit("_fuel -= 1")
            w.emit("if _fuel < 0: _fuel = _M.refuel(_fuel)")
        elif op == Op.yield_:
            w.emit(f"yield {a}")
        else:
            raise CodegenError(f"opcode {OPCODES[op].name} is not supported by the interpreter")

    def _safe_floordiv(self, v: int) -> bool:
        """`a // c` with a constant c other than -1 (and 0) cannot leave 64 bits: |a // c| <= |a|."""
        row = self.insts[v]
        if self.ops[v] != Op.floordiv or self.ops[int(row["b"])] != Op.const:
            return False
        divisor = self.fn.consts[self.insts[int(row["b"])]["a"]]
        return type(divisor) is int and divisor not in (0, -1)

    def _unit_step(self, v: int) -> bool:
        """`i + 1`, `i - 1` (or 0) on the item of a `for i in range(...)` loop: cannot overflow.

        The items of `range(stop)` and `range(start, stop)` lie in [start, stop - 1]
        with stop <= INT_MAX, so `i + 1 <= INT_MAX`; `i - 1` is safe when start is 0
        or a constant above INT_MIN.
        """
        row = self.insts[v]
        op = self.ops[v]
        if op not in (Op.add, Op.sub):
            return False
        item, step = int(row["a"]), int(row["b"])
        if self.ops[item] == Op.const and op == Op.add:
            item, step = step, item
        if self.ops[step] != Op.const or self.fn.consts[self.insts[step]["a"]] not in (0, 1):
            return False
        if type(self.fn.consts[self.insts[step]["a"]]) is not int:
            return False
        range_args = self._range_args(item)
        if range_args is None:
            return False
        if op == Op.add or len(range_args) == 1:
            return True
        start = range_args[0]
        return self.ops[start] == Op.const and self.fn.consts[self.insts[start]["a"]] > INT_MIN

    def _range_args(self, item: int) -> list[int] | None:
        """The arguments of `range(...)` (1 or 2 of them) if `item` is such a loop's item."""
        if self.ops[item] != Op.for_iter:
            return None
        iterator = int(self.insts[item]["a"])
        if self.ops[iterator] != Op.get_iter:
            return None
        call = int(self.insts[iterator]["a"])
        if self.ops[call] != Op.call:
            return None
        operands = self.operands(call)
        if self._builtin_of(operands[0]) != "range" or len(operands) not in (2, 3):
            return None
        return operands[1:]

    def _builtin_of(self, v: int) -> str | None:
        if self.ops[v] != Op.builtin:
            return None
        return self.fn.consts[self.insts[v]["a"]]

    def _static_isinstance(self, operands: list[int]) -> str | None:
        """`isinstance(x, T)` with T built-in types known here: the real types, bound once."""
        if len(operands) != 3 or self._builtin_of(operands[0]) != "isinstance":
            return None
        spec = operands[2]
        if self.ops[spec] == Op.build_tuple:
            names = tuple(self._builtin_of(x) for x in self.operands(spec))
        else:
            names = (self._builtin_of(spec),)
        if not names or None in names:
            return None
        return self.mod.static_types_name(names)

    def binary(self, v: int, op: int, a: str, b: str) -> None:
        n = f"v{v}"
        row = self.insts[v]
        ta, tb = self.types[int(row["a"])], self.types[int(row["b"])]
        numeric = ta in T.NUMERIC and tb in T.NUMERIC
        if op in _HELPER_BINARY and not (numeric and op == Op.mul):
            self.w.emit(f"{n} = _ops[{_HELPER_BINARY[op]!r}]({a}, {b})")
            return
        if op == Op.mod and ta not in T.NUMERIC:
            # `str % args` formats: widths can ask for gigabytes, so it is charged first.
            self.w.emit(f"if _type({a}) is _str: {n} = _ops['mod']({a}, {b})")
            self.w.emit(f"else: {n} = {a} % {b}")
        else:
            self.w.emit(f"{n} = {a} {OPCODES[op].symbol} {b}")
        if numeric:
            if (
                T.FLOAT in (ta, tb)
                or op not in _CHECKED_INT_OPS
                or self._unit_step(v)
                or self._safe_floordiv(v)
            ):
                return
            self.w.emit(f"if not {INT_MIN} <= {n} <= {INT_MAX}: _ovf()")
            return
        self.check_result(v)

    def inplace(self, v: int, binop: int, a: str, b: str) -> None:
        """`a op= b`: in place for lists, sets and arrays, as Python does."""
        n = f"v{v}"
        row = self.insts[v]
        ta, tb = self.types[int(row["a"])], self.types[int(row["b"])]
        if ta in T.NUMERIC and tb in T.NUMERIC:
            self.binary(v, binop, a, b)
            return
        if binop == Op.mod:  # `s %= args` formats (charged first); arrays stay in place
            self.w.emit(f"if _type({a}) is _str: {n} = _ops['mod']({a}, {b})")
            self.w.emit("else:")
            self.w.emit(f"    {n} = {a}")
            self.w.emit(f"    {n} %= {b}")
            self.check_result(v)
            return
        symbol = OPCODES[binop].symbol
        if binop in _HELPER_BINARY:
            self.w.emit(f"if _type({a}) is _ndarray:")
            self.w.emit(f"    {n} = {a}")
            self.w.emit(f"    {n} {symbol}= {b}")
            self.w.emit("else:")
            self.w.emit(f"    {n} = _ops[{_HELPER_BINARY[binop]!r}]({a}, {b})")
            return
        self.w.emit(f"{n} = {a}")
        self.w.emit(f"{n} {symbol}= {b}")
        if tb in T.NUMERIC:  # no container grows by a number: an int, float or array result
            self.check_result(v)
            return
        self.w.emit(f"if (t := _type({n})) is _int:")
        self.w.emit(f"    if not {INT_MIN} <= {n} <= {INT_MAX}: _ovf()")
        self.w.emit(f"elif {n} is {a}: _grown({b})")
        self.w.emit(f"elif t is not _float: _grown({n})")

    def check_result(self, v: int) -> None:
        """Result of an operation on values of unknown type: check ints, charge big values."""
        n = f"v{v}"
        kind = self.types[v]
        if kind in (T.FLOAT, T.BOOL):
            return
        if kind == T.INT:
            self.w.emit(f"if not {INT_MIN} <= {n} <= {INT_MAX}: _ovf()")
        elif kind in (T.STR, T.LIST, T.TUPLE):
            self.w.emit(f"if _len({n}) > {GROWN_THRESHOLD}: _grown({n})")
        else:
            self.w.emit(f"if (t := _type({n})) is _int:")
            self.w.emit(f"    if not {INT_MIN} <= {n} <= {INT_MAX}: _ovf()")
            self.w.emit(f"elif t is not _float: _grown({n})")

    def python_scalar(self, v: int) -> None:
        """Values read out of arrays are Python scalars in the interpreter, as in the JIT:
        int arithmetic on them is checked for overflow, float division by zero raises."""
        self.w.emit(f"if _type(v{v}) in _scalar: v{v} = v{v}.item()")

    def grow_tick(self) -> None:
        self.w.emit("_grow -= 1")
        self.w.emit("if _grow < 0: _grow = _M.grow()")

    def build(self, v: int, op: int) -> None:
        items = [self.name(x) for x in self.operands(v)]
        n = f"v{v}"
        if op == Op.build_list:
            self.w.emit(f"{n} = [{', '.join(items)}]")
        elif op == Op.build_tuple:
            self.w.emit(f"{n} = {_tuple(items)}")
        elif op == Op.build_set:
            self.w.emit(f"{n} = {{{', '.join(items)}}}" if items else f"{n} = _set()")
        elif op == Op.build_dict:
            pairs = [f"{items[i]}: {items[i + 1]}" for i in range(0, len(items), 2)]
            self.w.emit(f"{n} = {{{', '.join(pairs)}}}")
        elif op == Op.build_str:
            if len(items) == 1:
                self.w.emit(f"{n} = {items[0]}")
            else:
                self.w.emit(f"{n} = ''.join({_tuple(items)})")

    def method_call(self, v: int) -> None:
        row = self.insts[v]
        items = [self.name(x) for x in self.operands(v)]
        method, kwnames = self.fn.consts[row["c"]]
        attr = _surface_attribute(method)
        receiver, args = items[0], items[1:]
        n = f"v{v}"
        split = len(args) - len(kwnames)
        positional = args[:split]
        if attr == "join" and len(args) == 1 and not kwnames:
            self.w.emit(f"{n} = _join({receiver}, {args[0]})")
            return
        if attr in self.mod.wrapped_methods and attr not in _SINGLE_GROWTH:
            call = f"_methods[{attr!r}]"
            head = [receiver, *positional]
        else:
            call = f"{receiver}.{attr}"
            head = positional
        if kwnames:
            names = self.mod.const_name(tuple(kwnames))
            self.w.emit(f"{n} = _callkw({call}, {_tuple(head)}, {names}, {_tuple(args[split:])})")
        else:
            self.w.emit(f"{self.target(v)}{call}({', '.join(head)})")
        if attr in _SINGLE_GROWTH:
            self.grow_tick()
        elif attr in _ARRAY_REDUCTIONS and self.users[v]:
            self.python_scalar(v)


# Variables outside SSA: opcode -> (access, field holding the stored value).
_VARIABLE_ACCESS = {
    Op.load_var: ("load", ""),
    Op.load_outer: ("load", ""),
    Op.load_global: ("load", ""),
    Op.store_var: ("store", "b"),
    Op.store_outer: ("store", "c"),
    Op.store_global: ("store", "b"),
    Op.del_var: ("del", ""),
    Op.del_outer: ("del", ""),
    Op.del_global: ("del", ""),
}
_COMPARE_CODES = frozenset(
    BY_NAME[name].code for name in "lt le gt ge eq ne in not_in is is_not".split()
)
_BUILDERS = frozenset({Op.build_list, Op.build_tuple, Op.build_set, Op.build_dict, Op.build_str})


def _tuple(items: list[str]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return f"({', '.join(items)})"


_ATTRIBUTE_SPELLING: dict[str, str] = {name: name for name in surface.ALL_ATTRIBUTES}


def _surface_attribute(name: str) -> str:
    """The engine's own spelling of an attribute name, or an error if it is not in the table."""
    spelling = _ATTRIBUTE_SPELLING.get(name)
    if spelling is None:
        raise CodegenError(f"attribute {name!r} is not in the language surface")
    return spelling


def generate(module: IRModule, wrapped_methods: frozenset[str]) -> GeneratedModule:
    return ModuleCodegen(module, wrapped_methods).generate()
