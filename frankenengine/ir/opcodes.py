"""The opcode table: one row per opcode, the single source of truth for the IR.

The printer, parser, verifier, passes, the interpreter's code generator and
the JIT all read this table; adding an opcode is adding one row here (and
teaching the back ends that claim to support it).

Operand shape: three letters, one for each of the fixed fields `a`, `b`, `c`
of an instruction row:

    -  unused (stored as -1)
    v  a value id (the row index of the defining instruction)
    b  a block id
    k  an index into the constant pool
    i  an immediate integer
    o  an opcode (printed by name: `inplace v1, v2, add`)
    L  the start of an operand list in the shared operand pool; the next
       field (shape letter `n`) holds its length. Entries of the list are
       value ids, except where the opcode's `list_kind` says blocks.

Flags:
    defines     the instruction defines a value (its row index)
    effects     it must not be removed even when its value is unused
    terminator  it ends a block (exactly one per block, last)
    jit         the JIT lane can compile it (refined by types at compile time)
    host        it is a host call (goes through the sentinel)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpInfo:
    code: int
    name: str
    shape: str
    defines: bool
    effects: bool
    terminator: bool
    jit: bool
    host: bool = False
    list_kind: str = "v"
    symbol: str = ""  # operator text for binary/compare/unary ops


_ROWS: list[tuple] = [
    # name, shape, defines, effects, terminator, jit, extra
    # -- values
    ("const", "k--", True, False, False, True, {}),
    ("param", "i--", True, False, False, True, {}),
    ("phi", "Ln-", True, False, False, True, {}),
    ("undef", "---", True, False, False, False, {}),
    ("builtin", "k--", True, False, False, True, {}),
    ("caught", "---", True, False, False, False, {}),
    # -- variables that live outside SSA (captured by closures, or live across try)
    ("load_var", "i--", True, False, False, False, {}),
    ("store_var", "iv-", False, True, False, False, {}),
    ("del_var", "i--", False, True, False, False, {}),  # `except ... as e` unbinds e at its end
    ("del_outer", "ii-", False, True, False, False, {}),
    ("del_global", "i--", False, True, False, False, {}),
    ("load_outer", "ii-", True, False, False, False, {}),
    ("store_outer", "iiv", False, True, False, False, {}),
    ("load_global", "i--", True, False, False, True, {}),
    ("store_global", "iv-", False, True, False, False, {}),
    # -- arithmetic
    ("add", "vv-", True, False, False, True, {"symbol": "+"}),
    ("sub", "vv-", True, False, False, True, {"symbol": "-"}),
    ("mul", "vv-", True, False, False, True, {"symbol": "*"}),
    ("truediv", "vv-", True, False, False, True, {"symbol": "/"}),
    ("floordiv", "vv-", True, False, False, True, {"symbol": "//"}),
    ("mod", "vv-", True, False, False, True, {"symbol": "%"}),
    ("pow", "vv-", True, False, False, True, {"symbol": "**"}),
    ("lshift", "vv-", True, False, False, True, {"symbol": "<<"}),
    ("rshift", "vv-", True, False, False, True, {"symbol": ">>"}),
    ("bitand", "vv-", True, False, False, True, {"symbol": "&"}),
    ("bitor", "vv-", True, False, False, True, {"symbol": "|"}),
    ("bitxor", "vv-", True, False, False, True, {"symbol": "^"}),
    ("matmul", "vv-", True, False, False, False, {"symbol": "@"}),
    ("neg", "v--", True, False, False, True, {"symbol": "-"}),
    ("pos", "v--", True, False, False, True, {"symbol": "+"}),
    ("invert", "v--", True, False, False, True, {"symbol": "~"}),
    ("not", "v--", True, False, False, True, {"symbol": "not "}),
    # `x op= y`: c is the opcode of the binary operation; in place where Python is
    ("inplace", "vvo", True, False, False, True, {}),
    # -- comparisons
    ("lt", "vv-", True, False, False, True, {"symbol": "<"}),
    ("le", "vv-", True, False, False, True, {"symbol": "<="}),
    ("gt", "vv-", True, False, False, True, {"symbol": ">"}),
    ("ge", "vv-", True, False, False, True, {"symbol": ">="}),
    ("eq", "vv-", True, False, False, True, {"symbol": "=="}),
    ("ne", "vv-", True, False, False, True, {"symbol": "!="}),
    ("in", "vv-", True, False, False, False, {"symbol": "in"}),
    ("not_in", "vv-", True, False, False, False, {"symbol": "not in"}),
    ("is", "vv-", True, False, False, True, {"symbol": "is"}),
    ("is_not", "vv-", True, False, False, True, {"symbol": "is not"}),
    # -- containers and attributes
    ("build_list", "Ln-", True, False, False, False, {}),
    ("build_tuple", "Ln-", True, False, False, True, {}),
    ("build_set", "Ln-", True, False, False, False, {}),
    ("build_dict", "Ln-", True, False, False, False, {}),
    ("build_slice", "vvv", True, False, False, True, {}),
    ("build_str", "Ln-", True, False, False, False, {}),
    ("format", "vvi", True, False, False, False, {}),
    ("getitem", "vv-", True, False, False, True, {}),
    ("setitem", "vvv", False, True, False, True, {}),
    ("delitem", "vv-", False, True, False, False, {}),
    ("getattr", "vk-", True, False, False, True, {}),
    ("unpack", "vi-", True, False, False, True, {}),
    ("item", "vi-", True, False, False, True, {}),
    ("get_iter", "v--", True, False, False, True, {}),
    # -- calls and functions
    ("call", "Ln-", True, True, False, True, {}),
    ("call_kw", "Lnk", True, True, False, True, {}),
    ("call_method", "Lnk", True, True, False, True, {}),
    ("make_function", "iLn", True, False, False, False, {}),
    ("exc_match", "vv-", True, False, False, False, {}),
    ("fuel", "---", False, True, False, True, {}),
    ("yield", "v--", False, True, False, False, {}),
    # -- terminators
    ("jump", "b--", False, True, True, True, {}),
    ("br", "vbb", False, True, True, True, {}),
    ("for_iter", "vbb", True, True, True, True, {}),
    ("ret", "v--", False, True, True, True, {}),
    ("raise", "v--", False, True, True, True, {}),
    ("reraise", "---", False, True, True, False, {}),
    ("try_except", "bbb", False, True, True, False, {}),
    ("try_finally", "bb-", False, True, True, False, {}),
]

OPCODES: tuple[OpInfo, ...] = tuple(
    OpInfo(code, name, shape, defines, effects, term, jit, **extra)
    for code, (name, shape, defines, effects, term, jit, extra) in enumerate(_ROWS)
)
BY_NAME: dict[str, OpInfo] = {info.name: info for info in OPCODES}


class Op:
    """Opcode numbers as attributes: `Op.add`, `Op.jump`, ... (generated from the table)."""


for _info in OPCODES:
    setattr(Op, _info.name, _info.code)
# Names that are Python keywords are also reachable with a trailing underscore.
for _name in ("in", "not", "is", "raise", "yield"):
    setattr(Op, _name + "_", BY_NAME[_name].code)

BINARY_OPS: frozenset[int] = frozenset(
    BY_NAME[n].code
    for n in "add sub mul truediv floordiv mod pow lshift rshift bitand bitor bitxor matmul".split()
)
COMPARE_OPS: frozenset[int] = frozenset(
    BY_NAME[n].code for n in "lt le gt ge eq ne in not_in is is_not".split()
)
UNARY_OPS: frozenset[int] = frozenset(BY_NAME[n].code for n in "neg pos invert not".split())
