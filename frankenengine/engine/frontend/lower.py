"""Lowering: a checked parso tree becomes an IRModule in SSA form.

One `FunctionBuilder` per function (`def`, `lambda`, generator expression,
and function 0 for the module's top-level code). Structured statements map
to the structured CFG of `ir.function`: every `br` of an `if` records its
join block, loops record their exit, try statements record their join.

Decisions made here, visible in the IR:
- metering: a `fuel` instruction opens every loop body and every function;
- `and`/`or` and chained comparisons produce values through phis, so every
  `br` has a single join;
- list, set and dict comprehensions are inlined as loops; generator
  expressions become generator functions (`yield`), passed to their consumer;
- module-level names are globals; a function's locals are SSA variables,
  except slots (captured by closures, or assigned inside `try`).

Invariant: the lowering only sees trees the checker accepted; anything it
still cannot lower is reported as a diagnostic, never as an exception.
"""

from __future__ import annotations

import ast

from ...ir.builder import FunctionBuilder
from ...ir.function import LOOP_FOR, LOOP_TEST, LOOP_WHILE, IRFunction, IRModule, Signature
from ...ir.opcodes import Op
from .. import surface
from ..diagnostics import Diagnostic
from .scopes import COMPREHENSIONS, Scope, ScopeBuilder

BINARY = {
    "+": Op.add,
    "-": Op.sub,
    "*": Op.mul,
    "/": Op.truediv,
    "//": Op.floordiv,
    "%": Op.mod,
    "**": Op.pow,
    "<<": Op.lshift,
    ">>": Op.rshift,
    "&": Op.bitand,
    "|": Op.bitor,
    "^": Op.bitxor,
    "@": Op.matmul,
}
COMPARE = {
    "<": Op.lt,
    "<=": Op.le,
    ">": Op.gt,
    ">=": Op.ge,
    "==": Op.eq,
    "!=": Op.ne,
    "in": Op.in_,
    "not in": Op.not_in,
    "is": Op.is_,
    "is not": Op.is_not,
}
UNARY = {"-": Op.neg, "+": Op.pos, "~": Op.invert}
_ACCUMULATORS = {"list": Op.build_list, "set": Op.build_set, "dict": Op.build_dict}
CONVERSIONS = {"s": 1, "r": 2, "a": 3}
SEQUENCE_ATOMS = {"(": Op.build_tuple, "[": Op.build_list}


class LoweringError(Exception):
    """Raised inside the lowering to abandon one statement; becomes a diagnostic."""

    def __init__(self, node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


def _pos(node) -> tuple[int, int]:
    line, col = node.start_pos
    return line, col


class _Loop:
    __slots__ = ("header", "exit", "handlers")

    def __init__(self, header: int, exit_block: int, handlers: int):
        self.header = header
        self.exit = exit_block
        self.handlers = handlers  # `except ... as` names bound when the loop began


class _FunctionState:
    """Lowering state of one IR function."""

    def __init__(self, fn_id: int, scope: Scope, builder: FunctionBuilder):
        self.fn_id = fn_id
        self.scope = scope
        self.b = builder
        self.loops: list[_Loop] = []
        self.handler_names: list[tuple[str, int, int]] = []  # open `except ... as` names


class Lowerer:
    def __init__(self, tree, filename: str, module_name: str):
        self.tree = tree
        self.filename = filename
        self.module_name = module_name
        self.scopes = ScopeBuilder()
        self.root = self.scopes.build(tree)
        self.functions: list[IRFunction | None] = []
        self.globals: list[str] = sorted(self.root.locals)
        self.global_index = {name: i for i, name in enumerate(self.globals)}
        self.aliases: dict[str, str] = {}  # name -> "numpy", "math.sqrt", ...
        self.exports: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.fn: _FunctionState  # the function being lowered
        self.scope: Scope  # the innermost scope (a comprehension's, inside one)
        self._scope_fn_ids: dict[int, int] = {}
        self._builders: dict[int, FunctionBuilder] = {}

    # -- entry --------------------------------------------------------------
    def lower(self) -> IRModule:
        self._collect_imports(self.tree)
        for name in list(self.globals):
            if name in self.aliases:
                self.globals.remove(name)
        self.global_index = {name: i for i, name in enumerate(self.globals)}
        self._lower_function_body(self.root, "<module>", Signature(), 0, self.tree.children)
        return IRModule(
            name=self.module_name,
            filename=self.filename,
            functions=list(self.functions),
            globals=tuple(self.globals),
            exports=tuple(self.exports),
        )

    def _collect_imports(self, tree) -> None:
        for node in _walk_statements(tree):
            if node.type == "import_name":
                for dotted, alias in _import_names(node):
                    self.aliases[alias] = dotted
            elif node.type == "import_from":
                module = _dotted(node.children[1])
                for name, alias in _import_from_names(node):
                    self.aliases[alias] = f"{module}.{name}"

    def _reserve_function(self, scope: Scope) -> int:
        self.functions.append(None)
        fn_id = len(self.functions) - 1
        self._scope_fn_ids[id(scope)] = fn_id
        return fn_id

    def _lower_function_body(self, scope, name, signature, line, body, *, params=(), expr=None):
        fn_id = self._reserve_function(scope)
        outer = getattr(self, "fn", None)
        outer_scope = getattr(self, "scope", None)
        builder = FunctionBuilder(name, signature, line)
        self._builders[fn_id] = builder
        self.fn = _FunctionState(fn_id, scope, builder)
        self.scope = scope
        for slot in sorted(n for n in scope.locals if scope.is_slot(n) and scope.binds(n)):
            builder.slot(slot)
        builder.emit(Op.fuel, line=line)
        for index, pname in enumerate(params):
            value = builder.emit(Op.param, index, line=line)
            self._store_name(pname, value, line, 0)
        if expr is not None:
            result = self.expr(expr)
            if scope.kind == "genexp":
                raise AssertionError("generator expressions are lowered elsewhere")
            builder.emit(Op.ret, result, line=_pos(expr)[0])
        else:
            self.block(body)
            if not builder.is_terminated():
                none = builder.const(None)
                builder.emit(Op.ret, none, line=line)
        parent = -1 if outer is None else outer.fn_id
        self.functions[fn_id] = builder.finish(parent, is_generator=scope.kind == "genexp")
        if outer is not None:
            self.fn = outer
            self.scope = outer_scope
        return fn_id

    # -- diagnostics --------------------------------------------------------
    def error(self, node, message: str) -> LoweringError:
        return LoweringError(node, message)

    def _report(self, err: LoweringError) -> None:
        line, col = _pos(err.node)
        self.diagnostics.append(Diagnostic(self.filename, line, col + 1, err.message))

    # -- statements ---------------------------------------------------------
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
            target = node.children[1]
            targets = (
                [c for c in target.children if c.type != "operator"]
                if target.type == "exprlist"
                else [target]
            )
            for t in targets:
                container, key = self._subscript_parts(t)
                b.emit(Op.delitem, container, key, line=line, col=col)
            return
        if kind == "assert_stmt":
            self.stmt_assert(node)
            return
        if kind in ("import_name", "import_from", "nonlocal_stmt"):
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
        header = b.new_block(LOOP_WHILE)
        exit_block = b.new_block()
        b.set_merge(header, exit_block)
        b.emit(Op.jump, header, line=line, col=col)
        b.switch_to(header)
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
        b.seal(body)
        b.switch_to(body)
        b.emit(Op.fuel, line=line, col=col)
        self._loop_rest(header, exit_block, else_block, children[3], children[6:7])

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
        header = b.new_block(LOOP_FOR)
        exit_block = b.new_block()
        b.set_merge(header, exit_block)
        b.emit(Op.jump, header, line=line, col=col)
        b.switch_to(header)
        body = b.new_block()
        else_block = b.new_block() if len(children) > 6 else exit_block
        item = b.emit(Op.for_iter, iterator, body, else_block, line=line, col=col)
        b.seal(body)
        b.switch_to(body)
        b.emit(Op.fuel, line=line, col=col)
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

    # -- assignment ---------------------------------------------------------
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

    def _store_name(self, name: str, value: int, line: int, col: int) -> None:
        b = self.fn.b
        owner = self.scope.resolve(name)
        if owner is None or owner is self.root:
            index = self.global_index.get(name)
            if index is None:
                raise LoweringError(_Leaf(line, col), f"cannot assign to '{name}'")
            b.emit(Op.store_global, index, value, line=line, col=col)
        elif owner.function() is self.fn.scope:
            if owner.is_slot(name):
                slot = b.slot(self._slot_name(owner, name))
                b.emit(Op.store_var, slot, value, line=line, col=col)
            else:
                b.write_var(self._var_key(owner, name), value)
        else:
            fn_id, slot = self._outer_slot(owner, name)
            b.emit(Op.store_outer, fn_id, slot, value, line=line, col=col)

    def _unbind(self, name: str, line: int, col: int) -> None:
        """The end of `except ... as name`: CPython deletes the name.

        The name is assigned inside a try, so it is a slot, a global, or a
        variable of an enclosing function (`nonlocal`); never an SSA value.
        """
        b = self.fn.b
        owner = self.scope.resolve(name)
        if owner is None or owner is self.root:
            b.emit(Op.del_global, self.global_index[name], line=line, col=col)
        elif owner.function() is self.fn.scope:
            b.emit(Op.del_var, b.slot(self._slot_name(owner, name)), line=line, col=col)
        else:
            fn_id, slot = self._outer_slot(owner, name)
            b.emit(Op.del_outer, fn_id, slot, line=line, col=col)

    def _var_key(self, owner: Scope, name: str) -> str:
        return name if owner.is_function else f"{name}@{id(owner)}"

    def _slot_name(self, owner: Scope, name: str) -> str:
        return name if owner.is_function else f"{name}@{owner.node.start_pos[0]}"

    def _outer_slot(self, owner: Scope, name: str) -> tuple[int, int]:
        """(function id, slot) of a variable of an enclosing function, allocating the slot."""
        fn_id = self._scope_fn_ids[id(owner.function())]
        return fn_id, self._builders[fn_id].slot(self._slot_name(owner, name))

    # -- names --------------------------------------------------------------
    def load_name(self, leaf) -> int:
        b = self.fn.b
        name = leaf.value
        line, col = _pos(leaf)
        owner = self.scope.resolve(name)
        if owner is None or owner.kind == "module":
            if name in self.aliases:
                return self._alias_value(leaf, self.aliases[name])
            if name in self.global_index:
                return b.emit(Op.load_global, self.global_index[name], line=line, col=col)
            if name in surface.BUILTIN_NAMES:
                return b.emit(Op.builtin, b.const_index(name), line=line, col=col)
            raise self.error(leaf, f"undefined name '{name}'")
        if owner.function() is self.fn.scope:
            if owner.is_slot(name):
                slot = b.slot(self._slot_name(owner, name))
                return b.emit(Op.load_var, slot, line=line, col=col)
            return b.read_var(self._var_key(owner, name))
        fn_id, slot = self._outer_slot(owner, name)
        return b.emit(Op.load_outer, fn_id, slot, line=line, col=col)

    def _alias_value(self, node, dotted: str) -> int:
        package, _, member = dotted.partition(".")
        if package == surface.HOST_PACKAGE and member in surface.HOST_EXPORTED_NAMES:
            dotted = member  # `from host import CapabilityDenied` is the built-in type
        if dotted in surface.MODULE_MEMBERS or dotted == surface.HOST_PACKAGE:
            raise self.error(node, f"module '{dotted}' cannot be used as a value")
        if dotted.startswith(surface.HOST_PACKAGE + ".") and dotted.count(".") == 1:
            raise self.error(node, f"module '{dotted}' cannot be used as a value")
        b = self.fn.b
        line, col = _pos(node)
        return b.emit(Op.builtin, b.const_index(dotted), line=line, col=col)

    # -- expressions --------------------------------------------------------
    def expr(self, node) -> int:
        kind = node.type
        handler = getattr(self, "expr_" + kind, None)
        if handler is None:
            raise self.error(node, f"'{kind}' is not supported")
        return handler(node)

    def expr_name(self, node) -> int:
        return self.load_name(node)

    def expr_keyword(self, node) -> int:
        constants = {"None": None, "True": True, "False": False}
        if node.value not in constants:
            raise self.error(node, f"'{node.value}' is not supported")
        return self.fn.b.const(constants[node.value], *_pos(node))

    def expr_number(self, node) -> int:
        text = node.value
        if text[-1] in "jJ":
            raise self.error(node, "complex numbers are not supported")
        return self.fn.b.const(ast.literal_eval(text), *_pos(node))

    def expr_string(self, node) -> int:
        value = ast.literal_eval(node.value)
        if isinstance(value, bytes):
            raise self.error(node, "bytes literals are not supported")
        return self.fn.b.const(value, *_pos(node))

    def expr_strings(self, node) -> int:
        if all(child.type == "string" for child in node.children):
            text = "".join(ast.literal_eval(child.value) for child in node.children)
            return self.fn.b.const(text, *_pos(node))
        parts = [self.expr(child) for child in node.children]
        return self.fn.b.emit_list(Op.build_str, parts, line=_pos(node)[0], col=_pos(node)[1])

    def expr_fstring(self, node) -> int:
        b = self.fn.b
        parts = self._fstring_parts(node.children[1:-1], node.children[0].value)
        line, col = _pos(node)
        return b.emit_list(Op.build_str, parts, line=line, col=col)

    def _fstring_parts(self, children, start: str) -> list[int]:
        b = self.fn.b
        parts: list[int] = []
        for child in children:
            if child.type == "fstring_string":
                parts.append(b.const(_fstring_text(child.value, start), *_pos(child)))
                continue
            # fstring_expr: '{' expr [conversion] [format_spec] '}'
            inner = child.children
            value = self.expr(inner[1])
            conversion = 0
            spec = -1
            for extra in inner[2:-1]:
                if extra.type == "fstring_conversion":
                    conversion = CONVERSIONS[extra.children[1].value]
                elif extra.type == "fstring_format_spec":
                    spec_parts = self._fstring_parts(extra.children[1:], start)
                    spec = b.emit_list(Op.build_str, spec_parts, line=_pos(extra)[0])
                elif extra.type == "operator" and extra.value == "=":
                    raise self.error(extra, "'=' in f-strings is not supported")
            line, col = _pos(child)
            parts.append(b.emit(Op.format, value, spec, conversion, line=line, col=col))
        return parts

    def expr_atom(self, node) -> int:
        b = self.fn.b
        open_ = node.children[0].value
        line, col = _pos(node)
        if len(node.children) == 2:  # () [] {}
            empty = {"(": Op.build_tuple, "[": Op.build_list, "{": Op.build_dict}[open_]
            return b.emit_list(empty, [], line=line, col=col)
        inner = node.children[1]
        if open_ == "(":
            if inner.type == "testlist_comp" and inner.children[-1].type in COMPREHENSIONS:
                return self._genexp(node)
            if inner.type in ("testlist_comp",) or (inner.type == "testlist_star_expr"):
                items = [self.expr(c) for c in inner.children if c.type != "operator"]
                return b.emit_list(Op.build_tuple, items, line=line, col=col)
            return self.expr(inner)  # parenthesised expression
        if open_ == "[":
            if inner.type == "testlist_comp":
                if inner.children[-1].type in COMPREHENSIONS:
                    return self._comprehension(node, "list")
                items = [self.expr(c) for c in inner.children if c.type != "operator"]
            else:
                items = [self.expr(inner)]
            return b.emit_list(Op.build_list, items, line=line, col=col)
        # '{'
        if inner.type == "dictorsetmaker":
            children = inner.children
            if children[-1].type in COMPREHENSIONS:
                is_dict = (
                    len(children) > 1
                    and children[1].type == "operator"
                    and (children[1].value == ":")
                )
                return self._comprehension(node, "dict" if is_dict else "set")
            if len(children) > 1 and children[1].value == ":":
                items = []
                for i in range(0, len(children), 4):
                    if children[i].type == "operator" and children[i].value == "**":
                        raise self.error(children[i], "'**' in dict displays is not supported")
                    items.append(self.expr(children[i]))
                    items.append(self.expr(children[i + 2]))
                return b.emit_list(Op.build_dict, items, line=line, col=col)
            items = [self.expr(c) for c in children if c.type != "operator"]
            return b.emit_list(Op.build_set, items, line=line, col=col)
        return b.emit_list(Op.build_set, [self.expr(inner)], line=line, col=col)

    def expr_testlist_star_expr(self, node) -> int:
        items = [self.expr(c) for c in node.children if c.type != "operator"]
        line, col = _pos(node)
        return self.fn.b.emit_list(Op.build_tuple, items, line=line, col=col)

    expr_testlist = expr_testlist_star_expr
    expr_exprlist = expr_testlist_star_expr

    def _binary_chain(self, node) -> int:
        b = self.fn.b
        children = node.children
        left = self.expr(children[0])
        for i in range(1, len(children), 2):
            op = children[i]
            right = self.expr(children[i + 1])
            line, col = _pos(op)
            left = b.emit(BINARY[op.value], left, right, line=line, col=col)
        return left

    expr_arith_expr = _binary_chain
    expr_term = _binary_chain
    expr_shift_expr = _binary_chain
    expr_and_expr = _binary_chain
    expr_xor_expr = _binary_chain
    expr_expr = _binary_chain

    def expr_power(self, node) -> int:
        children = node.children
        if len(children) >= 3 and children[-2].type == "operator" and children[-2].value == "**":
            if len(children) == 3:
                base = self.expr(children[0])
            else:
                base = self._trailers(children[0], children[1:-2])
            exponent = self.expr(children[-1])
            line, col = _pos(children[-2])
            return self.fn.b.emit(Op.pow, base, exponent, line=line, col=col)
        return self._trailers(children[0], children[1:])

    def expr_atom_expr(self, node) -> int:
        if node.children[0].type == "keyword" and node.children[0].value == "await":
            raise self.error(node, "'await' is not supported")
        return self._trailers(node.children[0], node.children[1:])

    def expr_factor(self, node) -> int:
        op = node.children[0]
        operand = node.children[1]
        line, col = _pos(op)
        if op.value == "-" and operand.type == "number" and operand.value[-1] not in "jJ":
            value = ast.literal_eval(operand.value)
            return self.fn.b.const(-value, line, col)
        value = self.expr(operand)
        return self.fn.b.emit(UNARY[op.value], value, line=line, col=col)

    def expr_not_test(self, node) -> int:
        value = self.expr(node.children[1])
        line, col = _pos(node)
        return self.fn.b.emit(Op.not_, value, line=line, col=col)

    def _short_circuit(self, node, is_and: bool) -> int:
        b = self.fn.b
        operands = node.children[::2]
        join = b.new_block()
        result_key = f"$sc{id(node)}"
        for operand in operands[:-1]:
            value = self.expr(operand)
            b.write_var(result_key, value)
            nxt = b.new_block()
            b.set_merge(b.current, join)
            line, col = _pos(operand)
            if is_and:
                b.emit(Op.br, value, nxt, join, line=line, col=col)
            else:
                b.emit(Op.br, value, join, nxt, line=line, col=col)
            b.seal(nxt)
            b.switch_to(nxt)
        last = self.expr(operands[-1])
        b.write_var(result_key, last)
        b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)
        return b.read_var(result_key)

    def expr_and_test(self, node) -> int:
        return self._short_circuit(node, True)

    def expr_or_test(self, node) -> int:
        return self._short_circuit(node, False)

    def expr_comparison(self, node) -> int:
        b = self.fn.b
        children = node.children
        ops = [_compare_op(c) for c in children[1::2]]
        operands = children[::2]
        left = self.expr(operands[0])
        if len(ops) == 1:
            right = self.expr(operands[1])
            line, col = _pos(children[1])
            return b.emit(COMPARE[ops[0]], left, right, line=line, col=col)
        # a < b < c: evaluate b once; stop at the first false comparison.
        join = b.new_block()
        result_key = f"$cmp{id(node)}"
        for index, op in enumerate(ops):
            right = self.expr(operands[index + 1])
            line, col = _pos(children[2 * index + 1])
            result = b.emit(COMPARE[op], left, right, line=line, col=col)
            b.write_var(result_key, result)
            if index == len(ops) - 1:
                b.emit(Op.jump, join)
                break
            nxt = b.new_block()
            b.set_merge(b.current, join)
            b.emit(Op.br, result, nxt, join, line=line, col=col)
            b.seal(nxt)
            b.switch_to(nxt)
            left = right
        b.seal(join)
        b.switch_to(join)
        return b.read_var(result_key)

    def expr_test(self, node) -> int:
        # body if cond else other
        b = self.fn.b
        body, cond, other = node.children[0], node.children[2], node.children[4]
        test = self.expr(cond)
        then = b.new_block()
        els = b.new_block()
        join = b.new_block()
        b.set_merge(b.current, join)
        line, col = _pos(node)
        b.emit(Op.br, test, then, els, line=line, col=col)
        key = f"$if{id(node)}"
        for block, branch in ((then, body), (els, other)):
            b.seal(block)
            b.switch_to(block)
            b.write_var(key, self.expr(branch))
            b.emit(Op.jump, join)
        b.seal(join)
        b.switch_to(join)
        return b.read_var(key)

    def expr_lambdef(self, node) -> int:
        scope = self.scopes.scope_of(node)
        params = [c for c in node.children[1:-2] if c.type == "param"]
        return self._make_function(node, scope, "<lambda>", params, None, expr=node.children[-1])

    def expr_namedexpr_test(self, node) -> int:
        raise self.error(node, "':=' is not supported")

    def expr_yield_expr(self, node) -> int:
        raise self.error(node, "'yield' is not supported")

    def expr_star_expr(self, node) -> int:
        raise self.error(node, "starred expressions are not supported")

    # -- trailers: calls, subscripts, attributes ----------------------------
    def _trailers(self, base_node, trailers) -> int:
        trailers = list(trailers)
        # Module members: np.zeros, math.pi, fs.read_text ...
        if base_node.type == "name" and trailers and trailers[0].children[0].value == ".":
            name = base_node.value
            if self.scope.resolve(name) in (None, self.root) and name in self.aliases:
                member = trailers[0].children[1].value
                value = self._alias_value(trailers[0], f"{self.aliases[name]}.{member}")
                return self._apply_trailers(value, trailers[1:])
        value = self.expr(base_node)
        return self._apply_trailers(value, trailers)

    def _apply_trailers(self, value: int, trailers) -> int:
        b = self.fn.b
        i = 0
        while i < len(trailers):
            trailer = trailers[i]
            opener = trailer.children[0].value
            line, col = _pos(trailer)
            if opener == ".":
                name = trailer.children[1].value
                if i + 1 < len(trailers) and trailers[i + 1].children[0].value == "(":
                    args, kwnames = self._arguments(trailers[i + 1])
                    value = b.emit_list(
                        Op.call_method,
                        [value, *args],
                        b.const_index((name, tuple(kwnames))),
                        line=line,
                        col=col,
                    )
                    i += 2
                    continue
                value = b.emit(Op.getattr, value, b.const_index(name), line=line, col=col)
            elif opener == "(":
                args, kwnames = self._arguments(trailer)
                if kwnames:
                    value = b.emit_list(
                        Op.call_kw, [value, *args], b.const_index(tuple(kwnames)), line, col
                    )
                else:
                    value = b.emit_list(Op.call, [value, *args], line=line, col=col)
            else:  # '['
                key = self._subscript_key(trailer.children[1])
                value = b.emit(Op.getitem, value, key, line=line, col=col)
            i += 1
        return value

    def _arguments(self, trailer) -> tuple[list[int], list[str]]:
        if len(trailer.children) == 2:
            return [], []
        inner = trailer.children[1]
        nodes = (
            [c for c in inner.children if not (c.type == "operator" and c.value == ",")]
            if inner.type == "arglist"
            else [inner]
        )
        positional: list[int] = []
        keyword_values: list[int] = []
        keyword_names: list[str] = []
        for node in nodes:
            if node.type == "argument":
                first = node.children[0]
                if first.type == "operator":
                    raise self.error(node, "star-arguments are not supported")
                if node.children[-1].type in COMPREHENSIONS:
                    positional.append(self._genexp(node))
                    continue
                if len(node.children) == 3 and node.children[1].value == "=":
                    keyword_names.append(first.value)
                    keyword_values.append(self.expr(node.children[2]))
                    continue
                raise self.error(node, "unsupported argument")
            if keyword_names:
                raise self.error(node, "positional argument follows keyword argument")
            positional.append(self.expr(node))
        return positional + keyword_values, keyword_names

    def _subscript_key(self, node) -> int:
        b = self.fn.b
        line, col = _pos(node)
        if node.type == "subscriptlist":
            items = [self._subscript_key(c) for c in node.children if not _is_comma(c)]
            return b.emit_list(Op.build_tuple, items, line=line, col=col)
        if node.type == "subscript" or (node.type == "operator" and node.value == ":"):
            return self._slice(node)
        return self.expr(node)

    def _slice(self, node) -> int:
        b = self.fn.b
        line, col = _pos(node)
        parts: list = [None, None, None]
        children = node.children if node.type == "subscript" else [node]
        index = 0
        for child in children:
            if child.type == "operator" and child.value == ":":
                index += 1
            elif child.type == "sliceop":
                if len(child.children) > 1:
                    parts[2] = child.children[1]
            else:
                parts[index] = child
        values = [self.expr(p) if p is not None else b.const(None, line, col) for p in parts]
        return b.emit(Op.build_slice, *values, line=line, col=col)

    # -- comprehensions -----------------------------------------------------
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
        header = b.new_block(LOOP_FOR)
        exit_block = b.new_block()
        b.set_merge(header, exit_block)
        b.emit(Op.jump, header)
        b.switch_to(header)
        loop_body = b.new_block()
        item = b.emit(Op.for_iter, iterator, loop_body, exit_block, line=line, col=col)
        b.seal(loop_body)
        b.switch_to(loop_body)
        b.emit(Op.fuel, line=line, col=col)
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


def _fstring_text(source: str, start: str) -> str:
    """The value of a literal piece of an f-string, from its source text.

    `{{`/`}}` are literal braces in the source, undone before escapes are
    decoded (so `\\x7b` stays a brace); the piece is then read as a string
    literal with the f-string's own prefix and quotes, by a literal reader.
    """
    text = source.replace("{{", "{").replace("}}", "}")
    prefix = "".join(c for c in start if c.isalpha() and c not in "fF")
    if "r" in prefix.lower():
        return text  # a raw piece is its own value
    quote = start.lstrip("rRfFbBuU")
    if text.endswith(quote[0]) and not text.endswith("\\" + quote[0]):
        text = text[:-1] + "\\" + quote[0]  # a quote right before the closing quotes
    return ast.literal_eval(prefix + quote + text + quote)


def _is_comma(node) -> bool:
    return node.type == "operator" and node.value == ","


def _suite_statements(node) -> list:
    if node.type == "suite":
        return [c for c in node.children if c.type != "newline"]
    return [node]


def _compare_op(node) -> str:
    if node.type == "comp_op":
        return " ".join(c.value for c in node.children)
    return node.value


def _sequence_items(node) -> list:
    if node.type == "atom":
        if len(node.children) == 2:
            return []
        inner = node.children[1]
        if inner.type in ("testlist_comp", "exprlist", "testlist_star_expr"):
            return [c for c in inner.children if c.type != "operator"]
        return [inner]
    return [c for c in node.children if c.type != "operator"]


def _walk_statements(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(getattr(current, "children", ()))


def _dotted(node) -> str:
    if node.type == "name":
        return node.value
    if node.type == "dotted_name":
        return "".join(c.value for c in node.children)
    return node.get_code().strip()


def _import_names(node):
    """`import a as b, c` -> [("a", "b"), ("c", "c")]."""
    target = node.children[1]
    items = (
        [c for c in target.children if c.type != "operator"]
        if target.type == "dotted_as_names"
        else [target]
    )
    for item in items:
        if item.type == "dotted_as_name":
            yield _dotted(item.children[0]), item.children[2].value
        else:
            dotted = _dotted(item)
            yield dotted, dotted.split(".")[0]


def _import_from_names(node):
    """`from m import a as b, c` -> [("a", "b"), ("c", "c")]."""
    names = node.children[3:]
    for child in names:
        if child.type == "operator":
            continue
        items = (
            [c for c in child.children if c.type != "operator"]
            if child.type == "import_as_names"
            else [child]
        )
        for item in items:
            if item.type == "import_as_name":
                yield item.children[0].value, item.children[2].value
            elif item.type == "name":
                yield item.value, item.value


class _Leaf:
    """A stand-in node carrying only a position, for diagnostics."""

    def __init__(self, line: int, col: int):
        self.start_pos = (line, col)


def lower_module(tree, filename: str, module_name: str) -> tuple[IRModule, list[Diagnostic]]:
    """Lower a checked tree. Returns the module and any diagnostics found while lowering."""
    lowerer = Lowerer(tree, filename, module_name)
    module = lowerer.lower()
    return module, sorted(set(lowerer.diagnostics))
