"""Lowering of statements: assignment, if, loops, try, def, assert, del, return, raise.

Every structured statement records its structure in the IR (merges, loop
kinds, try regions), so code generators never rebuild it from the graph.
"""

from __future__ import annotations

from frankenengine.frontend.lower_base import (
    BINARY,
    LoweringError,
    _listed,
    _Loop,
    _pos,
    _sequence_items,
    _suite_statements,
)
from frankenengine.ir.function import LOOP_FOR, LOOP_TEST, LOOP_WHILE, Signature
from frankenengine.ir.opcodes import Op


class StatementLowering:
    """The statement methods of `lower.Lowerer`."""

    def block(self, statements) -> None:
        for stmt in statements:
            if stmt.type in ("endmarker", "newline"):
                continue
            if self.fn.b.is_terminated():
                # Code after return/break/raise: lower into an unreachable block.
                self.fn.b.switch_to(self.fn.b.new_block())
            try:
                self.statement(stmt)
            except LoweringError as err:
                self._report(err)
                if not self.fn.b.is_terminated():
                    self.fn.b.emit(Op.reraise)

    def suite(self, node) -> None:
        self.block(_suite_statements(node))

    def statement(self, node) -> None:
        kind = node.type
        if kind == "simple_stmt":
            for child in node.children:
                if child.type not in ("newline",) and not (
                    child.type == "operator" and child.value == ";"
                ):
                    if self.fn.b.is_terminated():
                        self.fn.b.switch_to(self.fn.b.new_block())
                    self.small_statement(child)
            return
        handler = getattr(self, "stmt_" + kind, None)
        if handler is None:
            raise self.error(node, f"'{kind}' is not supported")
        handler(node)

    def small_statement(self, node) -> None:
        kind = node.type
        b = self.fn.b
        line, col = _pos(node)
        if kind == "keyword":
            if node.value == "pass":
                return
            if node.value in ("break", "continue"):
                loop = self.fn.loops[-1]
                # Leaving `except ... as e` handlers unbinds their names, as CPython does.
                for name, name_line, name_col in reversed(self.fn.handler_names[loop.handlers :]):
                    self._unbind(name, name_line, name_col)
                target = loop.exit if node.value == "break" else loop.header
                b.emit(Op.jump, target, line=line, col=col)
                return
            if node.value == "return":
                b.emit(Op.ret, b.const(None, line, col), line=line, col=col)
                return
            if node.value == "raise":
                b.emit(Op.reraise, line=line, col=col)
                return
        if kind == "expr_stmt":
            self.stmt_expr(node)
            return
        if kind == "return_stmt":
            value = self.expr(node.children[1])
            b.emit(Op.ret, value, line=line, col=col)
            return
        if kind == "raise_stmt":
            if len(node.children) > 2:
                raise self.error(node, "'raise ... from' is not supported")
            value = self.expr(node.children[1])
            b.emit(Op.raise_, value, line=line, col=col)
            return
        if kind == "del_stmt":
            for t in _listed(node.children[1], "exprlist"):
                container, key = self._subscript_parts(t)
                b.emit(Op.delitem, container, key, line=line, col=col)
            return
        if kind == "assert_stmt":
            self.stmt_assert(node)
            return
        if kind in ("import_name", "import_from"):
            self.stmt_import(node)  # a package's own modules; other imports are static
            return
        if kind == "nonlocal_stmt":
            return
        if kind in ("global_stmt",):
            raise self.error(node, "'global' is not supported")
        # An expression statement.
        if kind == "string" or kind == "strings":
            return  # docstring or bare string: no effect
        self.expr(node)

    def stmt_expr(self, node) -> None:
        children = node.children
        line, col = _pos(node)
        op = children[1]
        if op.type == "operator" and op.value == "=":
            value = self.expr(children[-1])
            for target in children[:-1:2]:
                self.assign(target, value)
            return
        if op.type == "operator" and op.value.endswith("=") and len(children) == 3:
            binop = BINARY[op.value[:-1]]
            target = children[0]
            b = self.fn.b
            if target.type == "name":
                current = self.load_name(target)
                rhs = self.expr(children[2])
                result = b.emit(Op.inplace, current, rhs, binop, line=line, col=col)
                self._store_name(target.value, result, line, col)
                return
            container, key = self._subscript_parts(target)
            current = b.emit(Op.getitem, container, key, line=line, col=col)
            rhs = self.expr(children[2])
            result = b.emit(Op.inplace, current, rhs, binop, line=line, col=col)
            b.emit(Op.setitem, container, key, result, line=line, col=col)
            return
        raise self.error(node, "annotated assignment is not supported")

    def stmt_assert(self, node) -> None:
        b = self.fn.b
        line, col = _pos(node)
        test = self.expr(node.children[1])
        fail = b.new_block()
        join = b.new_block()
        b.set_merge(b.current, join)
        b.emit(Op.br, test, join, fail, line=line, col=col)
        b.seal(fail)
        b.switch_to(fail)
        args = [self.expr(node.children[3])] if len(node.children) > 3 else []
        exc_type = b.emit(Op.builtin, b.const_index("AssertionError"), line=line, col=col)
        exc = b.emit_list(Op.call, [exc_type, *args], line=line, col=col)
        b.emit(Op.raise_, exc, line=line, col=col)
        b.seal(join)
        b.switch_to(join)

    def stmt_if_stmt(self, node) -> None:
        b = self.fn.b
        children = node.children
        join = b.new_block()
        i = 0
        while i < len(children):
            keyword = children[i].value
            if keyword in ("if", "elif"):
                test = self.expr(children[i + 1])
                then = b.new_block()
                other = b.new_block()
                b.set_merge(b.current, join)
                line, col = _pos(children[i])
                b.emit(Op.br, test, then, other, line=line, col=col)
                b.seal(then)
                b.seal(other)
                b.switch_to(then)
                self.suite(children[i + 3])
                if not b.is_terminated():
                    b.emit(Op.jump, join)
                b.switch_to(other)
                i += 4
            else:  # else
                self.suite(children[i + 2])
                i += 3
        if not b.is_terminated():
            b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)

    def stmt_while_stmt(self, node) -> None:
        b = self.fn.b
        children = node.children
        line, col = _pos(node)
        header, exit_block = self._open_loop(LOOP_WHILE, line, col)
        test_node = children[1]
        always = test_node.type == "keyword" and test_node.value == "True"
        body = b.new_block()
        else_block = b.new_block() if len(children) > 4 else exit_block
        if always:
            b.emit(Op.jump, body, line=line, col=col)
        else:
            test_start = b.new_block()
            b.emit(Op.jump, test_start)
            b.seal(test_start)
            b.switch_to(test_start)
            test = self.expr(test_node)
            b.blocks[b.current].kind = LOOP_TEST
            b.emit(Op.br, test, body, else_block, line=line, col=col)
        self._enter_body(body, line, col)
        self._loop_rest(header, exit_block, else_block, children[3], children[6:7])

    def _open_loop(self, kind: int, line: int, col: int) -> tuple[int, int]:
        """Jump into a new loop header of `kind`; returns it and its exit (the header's merge)."""
        b = self.fn.b
        header = b.new_block(kind)
        exit_block = b.new_block()
        b.set_merge(header, exit_block)
        b.emit(Op.jump, header, line=line, col=col)
        b.switch_to(header)
        return header, exit_block

    def _enter_body(self, body: int, line: int, col: int) -> None:
        """Start emitting a loop body: every iteration costs one unit of fuel."""
        b = self.fn.b
        b.seal(body)
        b.switch_to(body)
        b.emit(Op.fuel, line=line, col=col)

    def _loop_rest(self, header, exit_block, else_block, body_suite, else_suites) -> None:
        """Body (entered already), back edge, optional else clause; continue at the exit."""
        b = self.fn.b
        self.fn.loops.append(_Loop(header, exit_block, len(self.fn.handler_names)))
        self.suite(body_suite)
        self.fn.loops.pop()
        if not b.is_terminated():
            b.emit(Op.jump, header)
        b.seal(header)
        if else_block != exit_block:
            b.seal(else_block)
            b.switch_to(else_block)
            self.suite(else_suites[0])
            if not b.is_terminated():
                b.emit(Op.jump, exit_block)
        b.seal(exit_block)
        b.switch_to(exit_block)

    def stmt_for_stmt(self, node) -> None:
        b = self.fn.b
        children = node.children
        line, col = _pos(node)
        iterable = self.expr(children[3])
        iterator = b.emit(Op.get_iter, iterable, line=line, col=col)
        header, exit_block = self._open_loop(LOOP_FOR, line, col)
        body = b.new_block()
        else_block = b.new_block() if len(children) > 6 else exit_block
        item = b.emit(Op.for_iter, iterator, body, else_block, line=line, col=col)
        self._enter_body(body, line, col)
        self.assign(children[1], item)
        self._loop_rest(header, exit_block, else_block, children[5], children[8:9])

    def stmt_try_stmt(self, node) -> None:
        b = self.fn.b
        children = node.children
        line, col = _pos(node)
        body_suite = children[2]
        handlers: list[tuple[object, object]] = []  # (except_clause or keyword, suite)
        else_suite = finally_suite = None
        i = 3
        while i < len(children):
            child = children[i]
            if child.type == "except_clause" or (
                child.type == "keyword" and child.value == "except"
            ):
                handlers.append((child, children[i + 2]))
                i += 3
            elif child.value == "else":
                else_suite = children[i + 2]
                i += 3
            else:  # finally
                finally_suite = children[i + 2]
                i += 3
        join = b.new_block()
        if finally_suite is not None:
            inner = b.new_block()
            fin = b.new_block()
            b.set_merge(b.current, join)
            b.emit(Op.try_finally, inner, fin, line=line, col=col)
            b.seal(inner)
            b.switch_to(inner)
            if handlers:
                self._try_except(body_suite, handlers, else_suite, fin, line, col)
            else:
                self.suite(body_suite)
                if not b.is_terminated():
                    b.emit(Op.jump, fin)
            b.seal(fin)
            b.switch_to(fin)
            self.suite(finally_suite)
            if not b.is_terminated():
                b.emit(Op.jump, join)
        else:
            self._try_except(body_suite, handlers, else_suite, join, line, col)
        b.seal(join)
        b.switch_to(join)

    def _try_except(self, body_suite, handlers, else_suite, after: int, line, col) -> None:
        b = self.fn.b
        body = b.new_block()
        dispatch = b.new_block()
        else_block = b.new_block() if else_suite is not None else -1
        join = b.new_block()
        b.set_merge(b.current, join)
        b.emit(Op.try_except, body, dispatch, else_block, line=line, col=col)
        b.seal(body)
        b.seal(dispatch)
        b.switch_to(body)
        self.suite(body_suite)
        if not b.is_terminated():
            b.emit(Op.jump, else_block if else_block != -1 else join)
        b.switch_to(dispatch)
        exc = b.emit(Op.caught, line=line, col=col)
        for clause, suite in handlers:
            if clause.type == "keyword":  # bare except
                self.suite(suite)
                if not b.is_terminated():
                    b.emit(Op.jump, join)
                break
            cl_line, cl_col = _pos(clause)
            exc_type = self.expr(clause.children[1])
            matched = b.emit(Op.exc_match, exc, exc_type, line=cl_line, col=cl_col)
            handler = b.new_block()
            nxt = b.new_block()
            b.set_merge(b.current, join)
            b.emit(Op.br, matched, handler, nxt, line=cl_line, col=cl_col)
            b.seal(handler)
            b.seal(nxt)
            b.switch_to(handler)
            bound = clause.children[3] if len(clause.children) == 4 else None
            if bound is not None:
                self._store_name(bound.value, exc, *_pos(bound))
                self.fn.handler_names.append((bound.value, *_pos(bound)))
            self.suite(suite)
            if bound is not None:
                self.fn.handler_names.pop()
            if not b.is_terminated():
                if bound is not None:
                    self._unbind(bound.value, *_pos(bound))
                b.emit(Op.jump, join)
            b.switch_to(nxt)
        if not b.is_terminated():
            b.emit(Op.reraise, line=line, col=col)
        if else_block != -1:
            b.seal(else_block)
            b.switch_to(else_block)
            self.suite(else_suite)
            if not b.is_terminated():
                b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)
        b.emit(Op.jump, after)

    def stmt_funcdef(self, node) -> None:
        name_leaf = node.children[1]
        scope = self.scopes.scope_of(node)
        params = [c for c in node.children[2].children if c.type == "param"]
        fn_value = self._make_function(node, scope, name_leaf.value, params, node.children[-1])
        line, col = _pos(node)
        if self.scope.kind == "module" and name_leaf.value not in self.exports:
            self.exports.append(name_leaf.value)
        self._store_name(name_leaf.value, fn_value, line, col)

    def _signature(self, node, params) -> Signature:
        names, defaults, kwonly = [], [], 0
        star_seen = False
        children = node.children[2].children if node.type == "funcdef" else node.children[1:-2]
        for child in children:
            if child.type == "operator" and child.value == "*":
                star_seen = True
            elif child.type == "param":
                names.append(child.name.value)
                defaults.append(child.default is not None)
                if star_seen:
                    kwonly += 1
        return Signature(tuple(names), kwonly, tuple(defaults))

    def _make_function(self, node, scope, name, params, body, *, expr=None) -> int:
        b = self.fn.b
        line, col = _pos(node)
        default_values = [self.expr(p.default) for p in params if p.default is not None]
        signature = self._signature(node, params)
        fn_id = self._lower_function_body(
            scope,
            name,
            signature,
            line,
            [] if expr is not None else _suite_statements(body),
            params=[p.name.value for p in params],
            expr=expr,
        )
        return b.emit_make_function(fn_id, default_values, line=line, col=col)

    def assign(self, target, value: int) -> None:
        b = self.fn.b
        line, col = _pos(target)
        kind = target.type
        if kind == "name":
            self._store_name(target.value, value, line, col)
            return
        if kind in ("testlist_star_expr", "exprlist", "testlist", "testlist_comp") or (
            kind == "atom" and target.children[0].value in "(["
        ):
            items = _sequence_items(target)
            unpacked = b.emit(Op.unpack, value, len(items), line=line, col=col)
            for index, item in enumerate(items):
                element = b.emit(Op.item, unpacked, index, line=line, col=col)
                self.assign(item, element)
            return
        if kind in ("atom_expr", "power"):
            container, key = self._subscript_parts(target)
            b.emit(Op.setitem, container, key, value, line=line, col=col)
            return
        raise self.error(target, "cannot assign to this target")

    def _subscript_parts(self, node) -> tuple[int, int]:
        """`a[i]` as (container value, key value); raises for anything else."""
        if node.type not in ("atom_expr", "power") or node.children[-1].type != "trailer":
            raise self.error(node, "cannot assign to this target")
        trailer = node.children[-1]
        if trailer.children[0].value != "[":
            raise self.error(node, "cannot assign to an attribute")
        container = self._trailers(node.children[0], node.children[1:-1])
        return container, self._subscript_key(trailer.children[1])
