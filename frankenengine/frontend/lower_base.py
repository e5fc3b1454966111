"""Shared pieces of the lowering: errors, per-function state, operator tables.

The lowering is one class (`lower.Lowerer`) assembled from three parts with
one job each: statements (`lower_statements`), expressions
(`lower_expressions`) and comprehensions (`lower_comprehensions`). This
module holds what they share and nothing that depends on them.

`literal(text)` reads a number or string token; it is the lowering's only
use of `ast`, and holds a lock while it runs: CPython 3.11 keeps the AST
constructor's recursion depth in state shared by every thread, so two threads
reading literals at once can fail with "AST constructor recursion depth
mismatch" (CPython gh-106905) when extensions load concurrently.
"""

from __future__ import annotations

import ast
import threading

from frankenengine.frontend.scopes import Scope
from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.opcodes import Op

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


class _Leaf:
    """A stand-in node carrying only a position, for diagnostics."""

    def __init__(self, line: int, col: int):
        self.start_pos = (line, col)


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
    return literal(prefix + quote + text + quote)


_AST_LOCK = threading.Lock()


def literal(text: str):
    """The value of a number or string literal token (`ast.literal_eval`, one thread at once)."""
    with _AST_LOCK:
        return ast.literal_eval(text)


def _listed(node, list_type: str) -> list:
    """The items of a comma-separated node of `list_type`, or the node itself alone."""
    if node.type == list_type:
        return [c for c in node.children if c.type != "operator"]
    return [node]


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
