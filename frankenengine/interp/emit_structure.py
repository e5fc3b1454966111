"""Control flow for the interpreter's code generator: the IR's structure becomes Python's.

The walk itself (if/elif/else, loops, break/continue, phi moves) is shared
with the JIT's generator (`ir.structured`); this module adds what only the
interpreter has: returns that restore the call depth, raise and re-raise, and
try regions as try/except/else/finally (a `finally` suite does not run while
an engine error stops the run). A jump the structure does not explain is a
CodegenError (an engine bug).
"""

from __future__ import annotations

from frankenengine.interp.codegen_base import CodegenError
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.structured import Ctx, StructuredEmitter


class StructureEmitter(StructuredEmitter):
    """The control-flow methods of `codegen._FunctionCodegen`."""

    def before_terminator(self, v: int) -> None:
        self.check_bound(v)

    def silent(self, v: int) -> bool:
        silent = self.ops[v] in (Op.const, Op.builtin, Op.param, Op.br) or v in self.fused
        return silent and not any(ref in self.maybe_undef for ref in self.uses[v])

    def for_header(self, term: int) -> str:
        return f"for v{term} in {self.name(self.insts[term]['a'])}:"

    def exit_terminator(self, b: int, v: int, ctx: Ctx) -> None:
        w = self.w
        row = self.insts[v]
        op = self.ops[v]
        if op == Op.ret:
            if not self.fn.is_generator:
                w.emit("_depth = _d - 1")
            w.emit(f"return {self.name(row['a'])}")
        elif op == Op.raise_:
            w.emit(f"raise {self.name(row['a'])}")
        elif op == Op.reraise:
            w.emit("raise")
        elif op == Op.try_except:
            self.try_except(b, v, ctx)
        elif op == Op.try_finally:
            self.try_finally(b, v, ctx)
        else:
            raise CodegenError(f"unexpected terminator {OPCODES[op].name} in b{b}")

    def try_finally(self, b: int, v: int, ctx: Ctx) -> None:
        w = self.w
        row = self.insts[v]
        merge = int(self.fn.blocks[b]["merge"])
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

    def try_except(self, b: int, v: int, ctx: Ctx) -> None:
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
            w.emit(f"_named(v{caught})")  # an unbound global's NameError, in CPython's words
            if not self.fn.is_generator:
                w.emit("_depth = _d")  # frames the exception left did not return
            self.edge(b, dispatch, ctx.with_stop(merge))

        self.nested(handler)
        if else_block >= 0:
            w.emit("else:")
            self.nested(lambda: self.block(else_block, ctx.with_stop(merge)))
        self.continue_at(merge, ctx)
