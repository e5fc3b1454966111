"""Control flow for the interpreter's code generator: the IR's structure becomes Python's.

A `br` becomes if/elif/else meeting at its merge; loop headers become `for`
and `while True`; jumps to a loop's header or exit become `continue` and
`break`; try regions become try/except/else/finally; phis become parallel
assignments on their edges. Nothing is guessed from the graph: a jump the
structure does not explain is a CodegenError (an engine bug).
"""

from __future__ import annotations

from ...ir.function import LOOP_FOR, LOOP_TEST, LOOP_WHILE, PLAIN
from ...ir.opcodes import OPCODES, Op
from .codegen_base import CodegenError


class _Ctx:
    __slots__ = ("stop", "header", "exit", "flag")

    def __init__(self, stop=-1, header=-1, exit_block=-1, flag=None):
        self.stop = stop
        self.header = header
        self.exit = exit_block
        self.flag = flag

    def with_stop(self, stop: int) -> _Ctx:
        return _Ctx(stop, self.header, self.exit, self.flag)


class StructureEmitter:
    """The control-flow methods of `codegen._FunctionCodegen`."""

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
