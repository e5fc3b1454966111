"""Reads the text form of `printer` back into IR tables.

The grammar is documented in `printer`. Parsing is driven by the same opcode
table shapes as printing, and it rebuilds exactly the tables that were
printed: parse(print(x)) equals x field by field, so print -> parse -> print is
the identity. Text that does not follow the grammar raises `IRParseError`
(a ValueError) naming the line. Constants are read by a hand-written literal
reader; only a single string token is handed to `ast.literal_eval`, and
nothing is ever evaluated.
"""

from __future__ import annotations

import ast
import re
import struct
import warnings

import numpy as np

from frankenengine.ir import types as T
from frankenengine.ir.function import (
    BLOCK_DTYPE,
    BLOCK_KINDS,
    INST_DTYPE,
    IRFunction,
    IRModule,
    Signature,
)
from frankenengine.ir.opcodes import BY_NAME
from frankenengine.ir.printer import const_text, op_syntax


class IRParseError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.line = line


_STRING = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
_NUMBER = r"-?\d+(?:\.\d*)?(?:e[+-]?\d+)?(?![\w.])"
_SPECIAL_FLOAT = r"(?:nan\(0x[0-9a-f]{16}\)|-?inf|nan)(?!\w)"
_WORD = r"[A-Za-z_]\w*"
_INT = r"-?\d+(?!\w)"
_KEYWORD_CONSTS = {"None": None, "True": True, "False": False}
_BLOCK_HEAD = r"b\d+(?!\w)"
_NEXT_ITEM = r"(?:b\d+|function)(?!\w)"  # a line that ends the current block


class _Cursor:
    """A position in one line of text, with regex-driven reads that skip blanks."""

    def __init__(self, text: str, line: int):
        self.text = text
        self.pos = 0
        self.line = line

    def error(self, message: str) -> IRParseError:
        return IRParseError(f"{message} at column {self.pos + 1}: {self.text.strip()!r}", self.line)

    def take(self, pattern: str) -> str | None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        m = re.compile(pattern).match(self.text, self.pos)
        if m is None:
            return None
        self.pos = m.end()
        return m.group()

    def expect(self, pattern: str, what: str) -> str:
        token = self.take(pattern)
        if token is None:
            raise self.error(f"expected {what}")
        return token

    def int(self) -> int:
        return int(self.expect(_INT, "an integer"))

    def opcode(self) -> int:
        token = self.expect(r"[a-z_]+\w*|op\d+", "an opcode name")
        if token in BY_NAME:
            return BY_NAME[token].code
        if token.startswith("op") and token[2:].isdigit():
            return int(token[2:])
        raise self.error(f"unknown opcode {token!r}")

    def ref(self, letter: str) -> int:
        token = self.expect(rf"{letter}\d+(?!\w)|-\d+(?!\w)", f"a {letter}-reference")
        return int(token.lstrip(letter))

    def string(self) -> str:
        return self._literal(self.expect(_STRING, "a quoted string"))

    def _literal(self, token: str) -> str:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                value = ast.literal_eval(token)
        except (SyntaxError, ValueError, Warning) as exc:
            raise self.error(f"bad string literal ({exc})") from None
        return value

    def name(self) -> str:
        return self.take(_WORD) or self.string()

    def seq(self, item, open_: str = r"\[", close: str = r"\]") -> list:
        """`[item, item, ...]` (the opening bracket not yet read)."""
        self.expect(open_, "an opening bracket")
        items = []
        while self.take(close) is None:
            if items:
                self.expect(",", "','")
            items.append(item())
        return items

    def const(self):
        if (token := self.take(_STRING)) is not None:
            return self._literal(token)
        if (token := self.take(_SPECIAL_FLOAT)) is not None:
            if token.startswith("nan("):
                return struct.unpack("<d", struct.pack("<Q", int(token[4:-1], 16)))[0]
            return float(token)
        if (token := self.take(_NUMBER)) is not None:
            return float(token) if any(ch in token for ch in ".e") else int(token)
        if (token := self.take(r"(?:None|True|False)(?!\w)")) is not None:
            return _KEYWORD_CONSTS[token]
        if self.take(r"\(") is not None:
            items = []
            while self.take(r"\)") is None:
                items.append(self.const())
                if self.take(",") is None:
                    self.expect(r"\)", "',' or ')'")
                    if len(items) == 1:
                        raise self.error("a 1-tuple needs a trailing comma")
                    break
            return tuple(items)
        raise self.error("expected a constant")

    def end(self) -> None:
        if self.take(r"$") is None:
            raise self.error("unexpected text")


class _Lines:
    """The non-blank lines of the text, with their 1-based line numbers."""

    def __init__(self, text: str):
        self.items = [(n, s) for n, s in enumerate(text.splitlines(), 1) if s.strip()]
        self.index = 0

    def peek(self, pattern: str) -> bool:
        return self.index < len(self.items) and re.match(pattern, self.items[self.index][1].strip())

    def next(self, what: str) -> _Cursor:
        if self.index >= len(self.items):
            last = self.items[-1][0] if self.items else 1
            raise IRParseError(f"unexpected end of text, expected {what}", last)
        n, s = self.items[self.index]
        self.index += 1
        return _Cursor(s, n)


def _params(cur: _Cursor) -> Signature:
    names, defaults, n_kwonly = [], [], -1
    cur.expect(r"\(", "'('")
    while cur.take(r"\)") is None:
        if names or n_kwonly >= 0:
            cur.expect(",", "','")
        if n_kwonly < 0 and cur.take(r"\*") is not None:
            n_kwonly = len(names)
            continue
        names.append(cur.name())
        defaults.append(cur.take("=") is not None)
    if n_kwonly == len(names):
        raise cur.error("'*' must be followed by a parameter")
    n_kwonly = len(names) - n_kwonly if n_kwonly >= 0 else 0
    return Signature(tuple(names), n_kwonly, tuple(defaults))


def _list(cur: _Cursor, letter: str, explicit: bool) -> tuple[int, list[int]]:
    start = -1
    if cur.take("&") is not None:
        if not explicit:
            raise cur.error("a list start ('&') needs an 'operands' line")
        start = cur.int()
    elif explicit:
        raise cur.error("with an 'operands' line every list needs its start ('&')")
    return start, cur.seq(lambda: cur.ref(letter))


class _FunctionParser:
    def __init__(self, lines: _Lines):
        self.lines = lines
        self.rows: list[list[int]] = []  # op, type, a, b, c, line, col
        self.block_rows: list[list[int]] = []  # start, end, preds, npreds, kind, merge
        # Operand lists as (row, field, start, items, line): instruction lists, then preds.
        self.inst_lists: list[tuple[list[int], int, int, list[int], int]] = []
        self.pred_lists: list[tuple[list[int], int, int, list[int], int]] = []

    def parse(self) -> tuple[int | None, IRFunction]:
        cur = self.lines.next("a function header")
        head = cur.line
        cur.expect(r"function(?!\w)", "'function'")
        fn_id = int(token) if (token := cur.take(_INT)) is not None else None
        name = cur.name()
        signature = _params(cur)
        cur.expect(r"parent(?!\w)", "'parent'")
        parent = cur.int()
        cur.expect(r"line(?!\w)", "'line'")
        line = cur.int()
        cur.expect(r"generator(?!\w)", "'generator'")
        is_generator = cur.expect(r"(?:true|false)(?!\w)", "true or false") == "true"
        filename = cur.string() if cur.take(r"file(?!\w)") is not None else ""
        continues_frame = cur.take(r"continues_frame(?!\w)") is not None
        cur.end()
        cur = self.lines.next("'slots'")
        cur.expect(r"slots(?!\w)", "'slots'")
        slots = tuple(cur.seq(cur.name))
        cur.end()
        cur = self.lines.next("'consts'")
        cur.expect(r"consts(?!\w)", "'consts'")
        consts = cur.seq(cur.const)
        cur.end()
        first_const: dict[str, int] = {}
        for i, value in enumerate(consts):
            first_const.setdefault(const_text(value), i)
        pool = None
        if self.lines.peek(r"operands(?!\w)"):
            cur = self.lines.next("'operands'")
            cur.expect(r"operands", "'operands'")
            pool = cur.seq(cur.int)
            cur.end()
        while self.lines.peek(_BLOCK_HEAD):
            self._block(pool is not None)
            while self.lines.index < len(self.lines.items) and not self.lines.peek(_NEXT_ITEM):
                self._inst(self.lines.next("an instruction"), first_const, pool is not None)
            self.block_rows[-1][1] = len(self.rows)
        pool = self._layout(pool)  # fills in the list starts of rows and blocks
        try:
            insts = np.array([tuple(r) for r in self.rows], dtype=INST_DTYPE)
            blocks = np.array([tuple(r) for r in self.block_rows], dtype=BLOCK_DTYPE)
            operands = np.array(pool, dtype=np.int32)
        except OverflowError as exc:
            raise IRParseError(f"a number does not fit its table column ({exc})", head) from None
        fn = IRFunction(
            name=name,
            signature=signature,
            insts=insts,
            blocks=blocks,
            operands=operands,
            consts=consts,
            slots=slots,
            parent=parent,
            is_generator=is_generator,
            line=line,
            filename=filename,
            continues_frame=continues_frame,
        )
        return fn_id, fn

    def _block(self, explicit: bool) -> None:
        cur = self.lines.next("a block header")
        number = cur.ref("b")
        if number != len(self.block_rows):
            raise cur.error(f"expected block b{len(self.block_rows)}")
        word = cur.expect(rf"{_WORD}|\d+", "a block kind")
        if word.isdigit():
            kind = int(word)
        elif word in BLOCK_KINDS:
            kind = BLOCK_KINDS.index(word)
        else:
            raise cur.error(f"unknown block kind {word!r}")
        cur.expect(r"merge(?!\w)", "'merge'")
        merge = cur.ref("b")
        cur.expect(r"preds(?!\w)", "'preds'")
        start, preds = _list(cur, "b", explicit)
        cur.expect(":", "':'")
        cur.end()
        row = [len(self.rows), len(self.rows), start, len(preds), kind, merge]
        self.block_rows.append(row)
        self.pred_lists.append((row, 2, start, preds, cur.line))

    def _inst(self, cur: _Cursor, first_const: dict[str, int], explicit: bool) -> None:
        r = len(self.rows)
        label = cur.take(r"v\d+\s*=(?!=)")
        name = cur.expect(_WORD, "an opcode")
        if (info := BY_NAME.get(name)) is not None:
            op = info.code
        elif re.fullmatch(r"op\d+", name) and op_syntax(int(name[2:]))[0] == name:
            op = int(name[2:])
        else:
            raise cur.error(f"unknown opcode {name!r}")
        _, shape, defines, list_kind = op_syntax(op)
        if defines != (label is not None):
            raise cur.error(f"{name} {'defines' if defines else 'does not define'} a value")
        if label is not None and int(label[1:].split("=")[0]) != r:
            raise cur.error(f"expected value v{r}")
        row = [op, T.NOTHING, -1, -1, -1, 0, 0]
        printed = 0
        for k, letter in enumerate(shape):
            if letter == "n":
                continue
            if letter == "-":
                if cur.take(r"!" if printed == 0 else r",\s*!") is not None:
                    row[2 + k] = cur.int()
                    printed += 1
                continue
            if printed:
                cur.expect(",", "','")
            printed += 1
            if letter in "vb":
                row[2 + k] = cur.ref(letter)
            elif letter == "i":
                row[2 + k] = cur.int()
            elif letter == "o":
                row[2 + k] = cur.opcode()
            elif letter == "k":
                row[2 + k] = self._const(cur, first_const)
            elif letter == "L":
                start, items = _list(cur, list_kind, explicit)
                row[3 + k] = len(items)
                self.inst_lists.append((row, 2 + k, start, items, cur.line))
        if cur.take(":") is not None:
            word = cur.expect(rf"{_WORD}|\d+", "a type")
            if word.isdigit():
                row[1] = int(word)
            elif word in T.BY_NAME:
                row[1] = T.BY_NAME[word]
            else:
                raise cur.error(f"unknown type {word!r}")
        cur.expect("@", "'@line:col'")
        row[5] = cur.int()
        cur.expect(":", "':'")
        row[6] = cur.int()
        cur.end()
        self.rows.append(row)

    def _const(self, cur: _Cursor, first_const: dict[str, int]) -> int:
        if (token := cur.take(r"k\d+(?!\w)")) is not None:
            return int(token[1:])
        line = cur.pos
        text = const_text(cur.const())
        if text not in first_const:
            cur.pos = line
            raise cur.error(f"constant {text} is not in the pool")
        return first_const[text]

    def _layout(self, pool: list[int] | None) -> list[int]:
        """Place the operand lists: in the canonical order, or check them against the given pool."""
        ordered = self.inst_lists + self.pred_lists  # the canonical order
        if pool is None:
            pool = []
            for row, k, _, items, _ in ordered:
                row[k] = len(pool)
                pool.extend(items)
            return pool
        for row, k, start, items, line in ordered:
            if start < 0 or pool[start : start + len(items)] != items:
                raise IRParseError(f"list &{start} does not match the operand pool", line)
            row[k] = start
        return pool


def parse_function(text: str) -> IRFunction:
    lines = _Lines(text)
    _, fn = _FunctionParser(lines).parse()
    if lines.index < len(lines.items):
        raise lines.next("the end").error("unexpected text after the function")
    return fn


def parse_module(text: str) -> IRModule:
    lines = _Lines(text)
    cur = lines.next("a module header")
    cur.expect(r"module(?!\w)", "'module'")
    name = cur.string()
    cur.expect(r"file(?!\w)", "'file'")
    filename = cur.string()
    cur.end()
    tables = {}
    for key in ("globals", "exports"):
        cur = lines.next(f"'{key}'")
        cur.expect(rf"{key}(?!\w)", f"'{key}'")
        tables[key] = tuple(cur.seq(cur.name))
        cur.end()
    functions = []
    while lines.index < len(lines.items):
        line = lines.items[lines.index][0]
        fn_id, fn = _FunctionParser(lines).parse()
        if fn_id != len(functions):
            raise IRParseError(f"expected function {len(functions)}", line)
        functions.append(fn)
    return IRModule(name, filename, functions, tables["globals"], tables["exports"])
