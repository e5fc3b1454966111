"""Structured Python from the IR: the shared control-flow walk of every code generator.

A back end that emits Python source (the interpreter lane, the JIT lane's
Numba source) subclasses `StructuredEmitter` and supplies the instructions;
this module turns the IR's explicit structure into Python's: a `br` becomes
if/elif/else meeting at its merge, loop headers become `for` and
`while True`, jumps to a loop's header or exit become `continue` and `break`,
and phis become parallel assignments on their edges. `Numbered` numbers the
constants, built-ins and sites a generated module reads from its tables.

Nothing is guessed from the graph: a jump the structure does not explain is a
`StructureError` (an engine bug). Terminators that leave the structure
(return, raise, try regions) are the subclass's (`exit_terminator`), as is the
header of a `for` loop (`for_header`).
"""

from __future__ import annotations

from frankenengine.ir.function import LOOP_FOR, LOOP_TEST, LOOP_WHILE, PLAIN, IRFunction
from frankenengine.ir.opcodes import Op


class StructureError(Exception):
    """The IR does not have the structure code generators rely on (an engine bug)."""


class Numbered:
    """Values numbered in order of first use, for a generated module's tables (`k3`, `b1`):
    `number(value)` is its index, the same for values with the same `key(value)`."""

    def __init__(self, key=lambda value: value):
        self.items: list = []
        self._key = key
        self._index: dict = {}

    def number(self, value) -> int:
        key = self._key(value)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.items)
            self.items.append(value)
        return found


class SourceWriter:
    """Lines of generated source, each remembering the extension line and function it is for."""

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


class Ctx:
    """Where the current suite stops: its join (`stop`), and the loop it is in."""

    __slots__ = ("stop", "header", "exit", "flag")

    def __init__(self, stop=-1, header=-1, exit_block=-1, flag=None):
        self.stop = stop
        self.header = header
        self.exit = exit_block
        self.flag = flag

    def with_stop(self, stop: int) -> Ctx:
        return Ctx(stop, self.header, self.exit, self.flag)


class StructuredEmitter:
    """The control-flow walk. Subclasses set `fn`, `insts`, `ops`, `w`, `emitted`, `_flags`
    and implement `instruction`, `name`, `test_expr`, `exit_terminator`, `for_header`."""

    fn: IRFunction
    w: SourceWriter
    emitted: set[int]
    _flags: int

    # -- hooks ----------------------------------------------------------------
    # A subclass (or a mixin after it) provides `instruction(v)` (emit a
    # non-terminator), `name(v)` (the text of a value), `test_expr(v)` (a branch
    # condition) and `for_header(term)` (the `for ... in ...:` line of a for loop).

    def before_terminator(self, v: int) -> None:
        """Called before a terminator is emitted (the interpreter checks unbound names)."""

    def exit_terminator(self, b: int, v: int, ctx: Ctx) -> None:
        """ret, raise, reraise and try regions."""
        raise StructureError(f"unexpected terminator in b{b}")

    def loop_top(self, header: int, ctx: Ctx) -> None:
        """Called at the top of each iteration of the loop at `header` (the header's phis
        hold the iteration's values; a `for` loop's item is taken): the interpreter's
        in-call tier-up enters native code here. `ctx` is the loop's own."""

    def silent(self, v: int) -> bool:
        """`v` emits no statement before its block's test (so the block can be an `elif`)."""
        return self.ops[v] in (Op.const, Op.builtin, Op.param, Op.br)

    # -- the walk -------------------------------------------------------------
    def block(self, b: int, ctx: Ctx) -> None:
        if b in self.emitted:
            raise StructureError(f"function {self.fn.name!r}: block b{b} reached twice")
        self.emitted.add(b)
        row = self.fn.blocks[b]
        start, end = int(row["start"]), int(row["end"])
        for v in range(start, end - 1):
            self.instruction(v)
        self.terminator(b, end - 1, ctx)

    def edge(self, src: int, dst: int, ctx: Ctx) -> None:
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
            raise StructureError(
                f"function {self.fn.name!r}: unstructured jump b{src} -> b{dst} "
                f"({len(preds)} predecessors)"
            )
        self.block(dst, ctx)

    def phi_moves(self, incoming: int, phi: int) -> list[tuple[str, str]]:
        """The (variable, expression) copies a move into `phi` from value `incoming` makes
        (a hook: a lane may keep a value in more than one variable)."""
        return [(f"v{phi}", self.name(incoming))]

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
            for target, source in self.phi_moves(incoming, v):
                targets.append(target)
                sources.append(source)
        if len(targets) == 1:
            self.w.emit(f"{targets[0]} = {sources[0]}")
        elif targets:
            self.w.emit(f"{', '.join(targets)} = {', '.join(sources)}")

    def leave(self, dst: int, ctx: Ctx) -> bool:
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

    def continue_at(self, merge: int, ctx: Ctx) -> None:
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

    def arm(self, src: int, dst: int, ctx: Ctx) -> None:
        self.nested(lambda: self.edge(src, dst, ctx))

    def terminator(self, b: int, v: int, ctx: Ctx) -> None:
        w = self.w
        row = self.insts[v]
        op = self.ops[v]
        w.line = int(row["line"])
        block_row = self.fn.blocks[b]
        self.before_terminator(v)
        if op == Op.jump:
            self.edge(b, int(row["a"]), ctx)
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
        else:
            self.exit_terminator(b, v, ctx)

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
        return all(self.silent(v) for v in range(int(row["start"]), term + 1))

    def loop(self, header: int, ctx: Ctx) -> None:
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
            w.emit(self.for_header(term))
            inner = Ctx(-1, header, exit_block)
            self.nested(lambda: (self.loop_top(header, inner), self.edge(header, body, inner)))
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
            inner = Ctx(-1, header, exit_block, flag)

            def loop_body() -> None:
                self.loop_top(header, inner)
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
