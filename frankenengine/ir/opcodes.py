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
    effects     what running it may do besides computing its value (`Effect`,
                below): the one column every pass reads before it merges,
                moves or drops an instruction
    terminator  it ends a block (exactly one per block, last)
    jit         the JIT lane may compile it: JIT eligibility (`jit.typing`) rejects
                every function holding an opcode whose column is False, with that
                opcode's reason; one marked True may still be rejected for the
                types of its operands
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property


class Effect(enum.IntFlag):
    """What an instruction may do besides computing its value.

    No flag at all (`PURE`) means "pure on immutable inputs": the value is a
    function of the operands alone when they are of immutable built-in types
    (None, bool, int, float, str). On a mutable operand (a list, a dict, an
    array, anything of unknown type) the same instruction reads that
    operand's current state, so it may give another answer after a write;
    passes merge or move a PURE instruction only when the `type` column
    proves every operand (and the result) immutable.
    """

    PURE = 0
    READS = 1  # reads state that is not an operand: a variable cell, a global, the caught exception
    WRITES = 2  # writes state: a variable, a container, an iterator's position
    RAISES = 4  # may raise (passes refine this with the operand types)
    CALLS = 8  # calls out (a function, a method, a host call): may read, write and raise anything
    CONTROL = 16  # orders execution (terminators, fuel, yield, handler entry): stays where it is


PURE, READS, WRITES, RAISES, CALLS, CONTROL = (
    Effect.PURE,
    Effect.READS,
    Effect.WRITES,
    Effect.RAISES,
    Effect.CALLS,
    Effect.CONTROL,
)
# An instruction with one of these is kept even when its value is unused.
PINNED = WRITES | CALLS | CONTROL
# An instruction with one of these depends on more than its operands' values.
IMPURE = READS | WRITES | CALLS | CONTROL


@dataclass(frozen=True)
class OpInfo:
    code: int
    name: str
    shape: str
    defines: bool
    effects: Effect
    terminator: bool
    jit: bool
    list_kind: str = "v"
    symbol: str = ""  # operator text for binary/compare/unary ops

    @cached_property
    def value_fields(self) -> tuple[str, ...]:
        """The fixed fields (of `a`, `b`, `c`) that hold a value id: shape letter `v`."""
        return tuple(
            field for field, letter in zip("abc", self.shape, strict=True) if letter == "v"
        )

    @cached_property
    def list_fields(self) -> tuple[str, str] | None:
        """The fields holding its operand list's start and length (`L`, `n`), or None."""
        k = self.shape.find("L")
        return None if k < 0 else ("abc"[k], "abc"[k + 1])

    @property
    def pinned(self) -> bool:
        """Kept even when its value is unused: it writes, calls out or orders execution."""
        return bool(self.effects & PINNED)

    @property
    def pure(self) -> bool:
        """Pure on immutable inputs (see `Effect`); it may still raise."""
        return not self.effects & IMPURE


_R, _W, _X, _C, _K = READS, WRITES, RAISES, CALLS, CONTROL
_ROWS: list[tuple] = [
    # name, shape, defines, effects, terminator, jit, extra
    # -- values
    ("const", "k--", True, _X, False, True, {}),  # raises: an int literal beyond 64 bits
    ("param", "i--", True, PURE, False, True, {}),
    ("phi", "Ln-", True, PURE, False, True, {}),
    # the value of a variable no path assigned; `a` names it (for UnboundLocalError)
    ("undef", "k--", True, PURE, False, False, {}),  # the JIT has no unbound values
    ("builtin", "k--", True, PURE, False, True, {}),
    ("caught", "---", True, _R | _K, False, False, {}),  # the exception a handler binds
    # -- variables that live outside SSA (captured by closures, or live across try)
    ("load_var", "i--", True, _R | _X, False, False, {}),  # raises: unbound
    ("store_var", "iv-", False, _W, False, False, {}),
    ("del_var", "i--", False, _W, False, False, {}),  # `except ... as e` unbinds e at its end
    ("del_outer", "ii-", False, _W | _X, False, False, {}),
    ("del_global", "i--", False, _W | _X, False, False, {}),
    ("load_outer", "ii-", True, _R | _X, False, False, {}),
    ("store_outer", "iiv", False, _W, False, False, {}),
    ("load_global", "i--", True, _R | _X, False, True, {}),
    ("store_global", "iv-", False, _W, False, False, {}),
    # -- arithmetic
    ("add", "vv-", True, _X, False, True, {"symbol": "+"}),
    ("sub", "vv-", True, _X, False, True, {"symbol": "-"}),
    ("mul", "vv-", True, _X, False, True, {"symbol": "*"}),
    ("truediv", "vv-", True, _X, False, True, {"symbol": "/"}),
    ("floordiv", "vv-", True, _X, False, True, {"symbol": "//"}),
    ("mod", "vv-", True, _X, False, True, {"symbol": "%"}),
    ("pow", "vv-", True, _X, False, True, {"symbol": "**"}),
    ("lshift", "vv-", True, _X, False, True, {"symbol": "<<"}),
    ("rshift", "vv-", True, _X, False, True, {"symbol": ">>"}),
    ("bitand", "vv-", True, _X, False, True, {"symbol": "&"}),
    ("bitor", "vv-", True, _X, False, True, {"symbol": "|"}),
    ("bitxor", "vv-", True, _X, False, True, {"symbol": "^"}),
    ("matmul", "vv-", True, _X, False, False, {"symbol": "@"}),
    ("neg", "v--", True, _X, False, True, {"symbol": "-"}),
    ("pos", "v--", True, _X, False, True, {"symbol": "+"}),
    ("invert", "v--", True, _X, False, True, {"symbol": "~"}),
    ("not", "v--", True, _X, False, True, {"symbol": "not "}),
    # `x op= y`: c is the opcode of the binary operation; in place where Python is
    ("inplace", "vvo", True, _W | _X, False, True, {}),
    # -- comparisons
    ("lt", "vv-", True, _X, False, True, {"symbol": "<"}),
    ("le", "vv-", True, _X, False, True, {"symbol": "<="}),
    ("gt", "vv-", True, _X, False, True, {"symbol": ">"}),
    ("ge", "vv-", True, _X, False, True, {"symbol": ">="}),
    ("eq", "vv-", True, _X, False, True, {"symbol": "=="}),
    ("ne", "vv-", True, _X, False, True, {"symbol": "!="}),
    ("in", "vv-", True, _X, False, True, {"symbol": "in"}),
    ("not_in", "vv-", True, _X, False, True, {"symbol": "not in"}),
    ("is", "vv-", True, PURE, False, False, {"symbol": "is"}),
    ("is_not", "vv-", True, PURE, False, False, {"symbol": "is not"}),
    # -- containers and attributes (a fresh list, set or dict is mutable: never merged)
    ("build_list", "Ln-", True, PURE, False, True, {}),
    ("build_tuple", "Ln-", True, PURE, False, True, {}),
    ("build_set", "Ln-", True, _X, False, False, {}),  # raises: unhashable item
    ("build_dict", "Ln-", True, _X, False, False, {}),
    ("build_slice", "vvv", True, PURE, False, True, {}),
    ("build_str", "Ln-", True, _X, False, False, {}),
    ("format", "vvi", True, _X, False, False, {}),
    ("getitem", "vv-", True, _X, False, True, {}),
    ("setitem", "vvv", False, _W | _X, False, True, {}),
    ("delitem", "vv-", False, _W | _X, False, False, {}),
    ("getattr", "vk-", True, _X, False, True, {}),
    ("unpack", "vi-", True, _W | _X, False, True, {}),  # writes: consumes an iterator operand
    ("item", "vi-", True, _X, False, True, {}),  # raises unless its source is an in-range unpack
    ("get_iter", "v--", True, _X, False, True, {}),
    # -- calls and functions
    ("call", "Ln-", True, _C, False, True, {}),
    ("call_kw", "Lnk", True, _C, False, True, {}),
    ("call_method", "Lnk", True, _C, False, True, {}),
    ("make_function", "iLn", True, PURE, False, False, {}),
    ("exc_match", "vv-", True, _X, False, False, {}),
    ("fuel", "---", False, _K | _X, False, True, {}),  # raises FuelExhausted
    ("yield", "v--", False, _K | _C, False, False, {}),
    # -- terminators
    ("jump", "b--", False, _K, True, True, {}),
    ("br", "vbb", False, _K | _X, True, True, {}),  # raises: the truth of an array
    ("for_iter", "vbb", True, _K | _W | _X, True, True, {}),  # advances the iterator
    ("ret", "v--", False, _K, True, True, {}),
    ("raise", "v--", False, _K | _X, True, True, {}),
    ("reraise", "---", False, _K | _X, True, False, {}),
    ("try_except", "bbb", False, _K, True, False, {}),
    ("try_finally", "bb-", False, _K, True, False, {}),
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
