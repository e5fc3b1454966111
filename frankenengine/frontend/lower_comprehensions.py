"""Lowering of comprehensions and generator expressions.

List, set and dict comprehensions are inlined as loops into an accumulator;
generator expressions, and comprehensions whose variables a closure captures,
become functions of their own (fresh cells per run, lazy evaluation).
"""

from __future__ import annotations

from frankenengine.frontend.lower_base import _ACCUMULATORS, _FunctionState, _pos
from frankenengine.frontend.scopes import COMPREHENSIONS
from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import LOOP_FOR, Signature
from frankenengine.ir.opcodes import Op


class ComprehensionLowering:
    """The comprehension methods of `lower.Lowerer`."""

    def _comprehension(self, node, kind: str) -> int:
        """Inline `[e for ...]`, `{e for ...}`, `{k: v for ...}` as loops into an accumulator."""
        scope = self.scopes.scope_of(node)
        if scope.kind == "compfn":
            return self._comprehension_function(node, kind)
        b = self.fn.b
        line, col = _pos(node)
        inner = node.children[1]
        comp = inner.children[-1]
        accumulator = b.emit_list(_ACCUMULATORS[kind], [], line=line, col=col)
        first_iter = self.expr(comp.children[3])
        outer_scope = self.scope
        self.scope = scope
        try:
            self._comp_loops(comp, first_iter, lambda: self._comp_element(kind, inner, accumulator))
        finally:
            self.scope = outer_scope
        return accumulator

    def _comp_element(self, kind: str, inner, accumulator: int) -> None:
        """The innermost step of a comprehension: add one element (or yield it)."""
        b = self.fn.b
        line, col = _pos(inner)
        if kind == "dict":
            key = self.expr(inner.children[0])
            value = self.expr(inner.children[2])
            b.emit(Op.setitem, accumulator, key, value, line=line, col=col)
            return
        element = self.expr(inner.children[0])
        if kind == "genexp":
            b.emit(Op.yield_, element, line=line, col=col)
            return
        method = "append" if kind == "list" else "add"
        b.emit_list(
            Op.call_method, [accumulator, element], b.const_index((method, ())), line=line, col=col
        )

    def _comp_loops(self, comp, iterable: int, body) -> None:
        """Emit the nested loops of a comprehension clause chain, then `body()` innermost."""
        b = self.fn.b
        line, col = _pos(comp)
        iterator = b.emit(Op.get_iter, iterable, line=line, col=col)
        header, exit_block = self._open_loop(LOOP_FOR, line, col)
        loop_body = b.new_block()
        item = b.emit(Op.for_iter, iterator, loop_body, exit_block, line=line, col=col)
        self._enter_body(loop_body, line, col)
        self.assign(comp.children[1], item)
        self._comp_rest(comp.children[4:], body, header)
        if not b.is_terminated():
            b.emit(Op.jump, header)
        b.seal(header)
        b.seal(exit_block)
        b.switch_to(exit_block)

    def _comp_rest(self, rest, body, header: int) -> None:
        b = self.fn.b
        if not rest:
            body()
            return
        clause = rest[0]
        if clause.type in COMPREHENSIONS:
            self._comp_loops(clause, self.expr(clause.children[3]), body)
            return
        # comp_if: 'if' test [comp_iter]
        test = self.expr(clause.children[1])
        then = b.new_block()
        join = b.new_block()
        b.set_merge(b.current, join)
        line, col = _pos(clause)
        b.emit(Op.br, test, then, join, line=line, col=col)
        b.seal(then)
        b.switch_to(then)
        self._comp_rest(list(clause.children[2:]), body, header)
        if not b.is_terminated():
            b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)

    def _genexp(self, node) -> int:
        """A generator expression: a generator function, called at once on its first iterable."""
        return self._comprehension_function(node, "genexp")

    def _comprehension_function(self, node, kind: str) -> int:
        """A comprehension as a function of its own, called at once on its first iterable.

        Generator expressions always take this form (they run lazily); list, set
        and dict comprehensions only when a closure captures their variables.
        """
        scope = self.scopes.scope_of(node)
        inner = node if node.type == "argument" else node.children[1]
        comp = inner.children[-1]
        b = self.fn.b
        line, col = _pos(node)
        first_iter = self.expr(comp.children[3])
        fn_id = self._reserve_function(scope)
        outer, outer_scope = self.fn, self.scope
        name = "<genexpr>" if kind == "genexp" else f"<{kind}comp>"
        builder = FunctionBuilder(name, Signature(("$it",), 0, (False,)), line)
        self._builders[fn_id] = builder
        self.fn = _FunctionState(fn_id, scope, builder)
        self.scope = scope
        try:
            for slot in sorted(n for n in scope.locals if scope.is_slot(n)):
                builder.slot(slot)
            builder.emit(Op.fuel, line=line)
            source = builder.emit(Op.param, 0, line=line)
            accumulator = -1
            if kind != "genexp":
                accumulator = builder.emit_list(_ACCUMULATORS[kind], [], line=line, col=col)
            self._comp_loops(comp, source, lambda: self._comp_element(kind, inner, accumulator))
            result = accumulator if kind != "genexp" else builder.const(None)
            builder.emit(Op.ret, result, line=line)
            self.functions[fn_id] = builder.finish(outer.fn_id, is_generator=kind == "genexp")
        finally:
            self.fn, self.scope = outer, outer_scope
        function = b.emit_make_function(fn_id, [], line=line, col=col)
        return b.emit_list(Op.call, [function, first_iter], line=line, col=col)
