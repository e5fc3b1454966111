"""Static value types of the IR: the lattice that type inference computes.

A type is a small integer stored in the `type` column of the instruction
table. `ANY` (0) is the top of the lattice (nothing known); `NOTHING` marks
instructions that define no value. The numeric tower `BOOL < INT < FLOAT` is
used by inference for arithmetic; everything else joins to `ANY`.
"""

from __future__ import annotations

ANY = 0
NOTHING = 1
NONE = 2
BOOL = 3
INT = 4
FLOAT = 5
STR = 6
LIST = 7
TUPLE = 8
DICT = 9
SET = 10
ARRAY = 11
FUNCTION = 12
RANGE = 13
ITERATOR = 14
EXCEPTION = 15
SLICE = 16
MODULE_VALUE = 17

NAMES: tuple[str, ...] = (
    "any",
    "nothing",
    "none",
    "bool",
    "int",
    "float",
    "str",
    "list",
    "tuple",
    "dict",
    "set",
    "array",
    "function",
    "range",
    "iterator",
    "exception",
    "slice",
    "module_value",
)
BY_NAME: dict[str, int] = {name: code for code, name in enumerate(NAMES)}

NUMERIC: frozenset[int] = frozenset({BOOL, INT, FLOAT})


def join(a: int, b: int) -> int:
    """Least upper bound of two types (NOTHING is the bottom, ANY the top)."""
    if a == b:
        return a
    if a == NOTHING:
        return b
    if b == NOTHING:
        return a
    return ANY


def of_python_value(value: object) -> int:
    """The static type of a constant."""
    if value is None:
        return NONE
    if value is True or value is False:
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STR
    if isinstance(value, tuple):
        return TUPLE
    return ANY
