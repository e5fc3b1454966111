"""Text form of the IR: prints a function or a module so that `textparse` can read it back.

The text is a complete representation of well-formed tables: every field of
every table (instructions, blocks, operand pool, constants, metadata) can be
recovered from it, so print -> parse -> print is the identity. Printing is
driven by the opcode table's operand shapes; no opcode has printing code of
its own.

Grammar (one item per line, indentation is cosmetic, blank lines are ignored):

    module   := 'module' STR 'file' STR / 'globals' names / 'exports' names / function*
    function := 'function' [INT] NAME '(' params ')' 'parent' INT 'line' INT
                'generator' ('true'|'false') ['file' STR]
                / 'slots' names / 'consts' '[' const, ... ']'
                / ['operands' '[' INT, ... ']'] / block*
    params   := [NAME['='], ...] ['*', NAME['='], ...]      ('=': has a default)
    block    := 'b'N KIND 'merge' BREF 'preds' list ':' / inst*
    inst     := ['v'N '='] OPNAME operand, ... [':' TYPE] '@' LINE ':' COL
    operand  := one per shape letter: v -> 'v'N, b -> 'b'N, k -> the constant,
                i -> INT, L -> list (its length is the `n` field), '-' -> nothing
    list     := ['&' START] '[' ('v'N | 'b'N), ... ']'

STR is a Python string literal; NAME an ASCII identifier or a STR; a constant
is Python's repr, with `nan`, `inf`, `-inf` and `nan(0x<16 hex digits>)` (a
NaN whose bits differ from float('nan')) for the special floats.

Rows and blocks are numbered by position: `vN =` is printed for instructions
that define a value and must equal the row; blocks are contiguous in order, so
their start/end rows are implied. A reference field holding -1 prints as `-1`.
`TYPE` is omitted when it is `nothing`, `file` when the function has no file
of its own. A constant operand prints as its spelling (`const_text`) when
that is the first pool entry with that spelling, otherwise as `k<index>`.
The operand pool is implied when it has the canonical layout (instruction
lists in row order, then predecessor lists in block order); otherwise it is
printed on an `operands` line and every list carries its start as `&START`.
So that even a malformed table can be printed and read back, an unused field
that is not -1 prints as `!INT` in its place, and codes outside the tables
print as numbers: `op<code> a, b, c`, `: <type code>`, a block kind as an
integer.
"""

from __future__ import annotations

import math
import re
import struct

from frankenengine.ir import types as T
from frankenengine.ir.function import BLOCK_KINDS, IRFunction, IRModule, Signature
from frankenengine.ir.opcodes import OPCODES

_UNKNOWN_SHAPE = "iii"  # how an opcode outside the table prints: `op<code> a, b, c`
_CANONICAL_NAN = struct.unpack("<Q", struct.pack("<d", math.nan))[0]
_BARE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def op_syntax(op: int) -> tuple[str, str, bool, str]:
    """Name, shape, defines and list kind of an opcode (also for codes outside the table)."""
    if 0 <= op < len(OPCODES):
        info = OPCODES[op]
        return info.name, info.shape, info.defines, info.list_kind
    return f"op{op}", _UNKNOWN_SHAPE, False, "v"


def float_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def const_text(value) -> str:
    """The spelling of a constant: Python's repr, except `nan`, `inf`, `-inf`, `nan(0x<bits>)`."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            bits = float_bits(value)
            return "nan" if bits == _CANONICAL_NAN else f"nan(0x{bits:016x})"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(float(value))
    if isinstance(value, tuple):
        items = [const_text(item) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    raise TypeError(f"unsupported constant of type {type(value).__name__}")


def name_text(name: str) -> str:
    return name if _BARE_NAME.fullmatch(name) else repr(name)


def _names(names) -> str:
    return "[" + ", ".join(name_text(n) for n in names) + "]"


def _ref(letter: str, x: int) -> str:
    return f"{letter}{x}" if x >= 0 else str(x)


def params_text(sig: Signature) -> str:
    parts = []
    for i, name in enumerate(sig.names):
        if sig.n_kwonly and i == sig.n_positional:
            parts.append("*")
        default = i < len(sig.has_default) and sig.has_default[i]
        parts.append(name_text(name) + ("=" if default else ""))
    return ", ".join(parts)


def list_layout(fn: IRFunction) -> list[tuple[int, int]]:
    """(start, count) of every operand list in canonical order: instruction lists by row, then preds."""
    lists = []
    for row in fn.insts:
        _, shape, _, _ = op_syntax(int(row["op"]))
        k = shape.find("L")
        if k >= 0:
            fields = (int(row["a"]), int(row["b"]), int(row["c"]))
            lists.append((fields[k], fields[k + 1]))
    lists.extend((int(row["preds"]), int(row["npreds"])) for row in fn.blocks)
    return lists


def is_canonical_pool(fn: IRFunction) -> bool:
    pos = 0
    for start, count in list_layout(fn):
        if start != pos or count < 0:
            return False
        pos += count
    return pos == len(fn.operands)


def _list(fn: IRFunction, letter: str, start: int, count: int, explicit: bool) -> str:
    items = fn.operands[max(start, 0) : max(start, 0) + max(count, 0)].tolist()
    body = "[" + ", ".join(_ref(letter, int(x)) for x in items) + "]"
    return f"&{start}{body}" if explicit else body


def _inst(fn: IRFunction, r: int, explicit: bool, first_const: dict[str, int]) -> str:
    row = fn.insts[r]
    name, shape, defines, list_kind = op_syntax(int(row["op"]))
    fields = (int(row["a"]), int(row["b"]), int(row["c"]))
    parts = []
    for k, letter in enumerate(shape):
        x = fields[k]
        if letter in "vb":
            parts.append(_ref(letter, x))
        elif letter == "k":
            text = const_text(fn.consts[x]) if 0 <= x < len(fn.consts) else None
            parts.append(text if text is not None and first_const[text] == x else f"k{x}")
        elif letter == "i":
            parts.append(str(x))
        elif letter == "o":
            parts.append(OPCODES[x].name if 0 <= x < len(OPCODES) else f"op{x}")
        elif letter == "L":
            parts.append(_list(fn, list_kind, x, fields[k + 1], explicit))
        elif letter == "-" and x != -1:
            parts.append(f"!{x}")
    text = name + (" " + ", ".join(parts) if parts else "")
    if defines:
        text = f"v{r} = {text}"
    t = int(row["type"])
    if t != T.NOTHING:
        text += f" : {T.NAMES[t] if t < len(T.NAMES) else t}"
    return f"{text} @{int(row['line'])}:{int(row['col'])}"


def print_function(fn: IRFunction, fn_id: int | None = None) -> str:
    explicit = not is_canonical_pool(fn)
    spellings = [const_text(c) for c in fn.consts]
    first_const: dict[str, int] = {}
    for i, text in enumerate(spellings):
        first_const.setdefault(text, i)
    head = "function" + ("" if fn_id is None else f" {fn_id}")
    lines = [
        f"{head} {name_text(fn.name)}({params_text(fn.signature)}) parent {fn.parent}"
        f" line {fn.line} generator {'true' if fn.is_generator else 'false'}"
        + (f" file {fn.filename!r}" if fn.filename else "")
        + (" continues_frame" if fn.continues_frame else ""),
        f"  slots {_names(fn.slots)}",
        f"  consts [{', '.join(spellings)}]",
    ]
    if explicit:
        lines.append(f"  operands [{', '.join(str(x) for x in fn.operands.tolist())}]")
    for b, row in enumerate(fn.blocks):
        kind = int(row["kind"])
        kind_text = BLOCK_KINDS[kind] if kind < len(BLOCK_KINDS) else str(kind)
        preds = _list(fn, "b", int(row["preds"]), int(row["npreds"]), explicit)
        merge = _ref("b", int(row["merge"]))
        lines.append(f"  b{b} {kind_text} merge {merge} preds {preds}:")
        for r in range(int(row["start"]), int(row["end"])):
            lines.append("    " + _inst(fn, r, explicit, first_const))
    return "\n".join(lines) + "\n"


def print_module(mod: IRModule) -> str:
    lines = [
        f"module {repr(mod.name)} file {repr(mod.filename)}",
        f"globals {_names(mod.globals)}",
        f"exports {_names(mod.exports)}",
    ]
    text = "\n".join(lines) + "\n"
    for i, fn in enumerate(mod.functions):
        text += "\n" + print_function(fn, i)
    return text
