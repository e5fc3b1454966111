"""Lowering of expressions: names, literals, operators, calls, subscripts, f-strings.

`and`/`or`, chained comparisons and conditional expressions produce their
value through a phi, so every `br` has a single join.
"""

from __future__ import annotations

from frankenengine.frontend.lower_base import (
    BINARY,
    COMPARE,
    CONVERSIONS,
    UNARY,
    _compare_op,
    _fstring_text,
    _is_comma,
    _pos,
    literal,
)
from frankenengine.frontend.scopes import COMPREHENSIONS
from frankenengine.ir.opcodes import Op


class ExpressionLowering:
    """The expression methods of `lower.Lowerer`."""

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
        return self.fn.b.const(literal(text), *_pos(node))

    def expr_string(self, node) -> int:
        value = literal(node.value)
        if isinstance(value, bytes):
            raise self.error(node, "bytes literals are not supported")
        return self.fn.b.const(value, *_pos(node))

    def expr_strings(self, node) -> int:
        if all(child.type == "string" for child in node.children):
            text = "".join(literal(child.value) for child in node.children)
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
            value = literal(operand.value)
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

    def _trailers(self, base_node, trailers) -> int:
        trailers = list(trailers)
        # Module members: np.zeros, math.pi, fs.read_text ...
        if base_node.type == "name" and trailers and trailers[0].children[0].value == ".":
            name = base_node.value
            if self.scope.resolve(name) in (None, self.root) and name in self.module_aliases:
                return self._own_module_trailers(self.module_aliases[name], base_node, trailers)
            if self.scope.resolve(name) in (None, self.root) and name in self.aliases:
                member = trailers[0].children[1].value
                self._check_imported(name, base_node)
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
