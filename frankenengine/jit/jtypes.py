"""The JIT lane's value types: what a value of a specialised function can be.

Richer than the IR's lattice (`ir.types`): arrays carry their dtype, number of
dimensions and layout, tuples their item types. Only the JIT subset of
LANGUAGE.md has a type here (bool, int, float, None, tuples of those, arrays
of bool/int64/float64 with 1 to 3 dimensions, lists of one exact element type
bool, int or float), plus the compile-time-only
values a function may name: extension functions, built-ins, ranges.

Types are immutable and hashable: a tuple of them is the key of a
specialisation. `key_of_value` computes the type of a host value (None when the
value is outside the subset).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from frankenengine.language.ints import INT64_MAX, INT64_MIN


@dataclass(frozen=True)
class Scalar:
    name: str  # "bool", "int", "float", "none"

    def __repr__(self) -> str:
        return self.name


BOOL = Scalar("bool")
INT = Scalar("int")
FLOAT = Scalar("float")
NONE = Scalar("none")
NUMBERS = (BOOL, INT, FLOAT)
# A variable that holds an int constant until a float replaces it (`total = 0` before a
# loop that adds floats). In native code: a float64 (the constant converted exactly: at
# most 2**53 in size) and a flag saying it is still the int. Not among NUMBERS: only the
# rules that give it CPython's results take it (`jit.typing`, `int_or_float_*`).
INT_OR_FLOAT = Scalar("float that may still be an int")
EXACT_INT_IN_FLOAT = 2**53  # ints of at most this size convert to a float exactly

DTYPES = ("bool", "int64", "float64")
ELEMENT_OF_DTYPE = {"bool": BOOL, "int64": INT, "float64": FLOAT}
DTYPE_OF_ELEMENT = {BOOL: "bool", INT: "int64", FLOAT: "float64"}


@dataclass(frozen=True)
class Array:
    dtype: str  # one of DTYPES
    ndim: int  # 1 to 3
    layout: str = "C"  # "C" (contiguous) or "A" (any strides)

    @property
    def element(self) -> Scalar:
        return ELEMENT_OF_DTYPE[self.dtype]

    def __repr__(self) -> str:
        return f"array({self.dtype}, {self.ndim}d, {self.layout})"


@dataclass(frozen=True)
class Tuple:
    items: tuple

    def __repr__(self) -> str:
        return f"tuple({', '.join(map(repr, self.items))})"


@dataclass(frozen=True)
class ListT:
    """A Python list whose elements all have the one exact type `item` (bool, int or float).

    In native code a list is a cell (`jit.cells.ListCell`: a growable array of the item's
    dtype and a length); a host list is copied into one at the call and written back
    into the same Python object when the call leaves.
    """

    item: Scalar | ListT  # a list of lists: `ListT(ListT(FLOAT))` (two levels at most)

    @property
    def dtype(self) -> str:
        """The dtype of the scalars at the bottom of the list."""
        return self.item.dtype if isinstance(self.item, ListT) else DTYPE_OF_ELEMENT[self.item]

    @property
    def nested(self) -> bool:
        return isinstance(self.item, ListT)

    @property
    def element(self) -> Scalar:
        return self.item

    def __repr__(self) -> str:
        return f"list[{self.item!r}]"


_LIST_ITEM_KEYS = {bool: BOOL, int: INT, float: FLOAT}


def list_key(value: list, depth: int = 0):
    """The ListT of a host list, or a reason (str) why no specialisation can take it."""
    kinds = set(map(type, value))
    if not kinds:
        return "an empty list"
    if len(kinds) > 1:
        return "a list of mixed element types"
    if kinds == {list}:
        if depth > 0:
            return "a list nested more than twice"
        inner = set(map(type, chain.from_iterable(value)))
        if all(value) and len(inner) == 1 and inner <= _LIST_ITEM_KEYS.keys() - {int}:
            return ListT(ListT(_LIST_ITEM_KEYS[inner.pop()]))  # rows of floats or bools
        rows = {list_key(row, depth + 1) for row in value}
        if len(rows) > 1:
            reasons = sorted(r for r in rows if isinstance(r, str))
            return reasons[0] if reasons else "a list of lists of mixed element types"
        row = rows.pop()
        return row if isinstance(row, str) else ListT(row)
    item = _LIST_ITEM_KEYS.get(kinds.pop())
    if item is None:
        return f"a list of {type(value[0]).__name__}"
    if item == INT and not all(INT64_MIN <= x <= INT64_MAX for x in value):
        return "a list of ints outside 64 bits"
    return ListT(item)


@dataclass(frozen=True)
class Function:
    """An extension function known at compile time (a top-level `def` bound once)."""

    fid: int


@dataclass(frozen=True)
class Builtin:
    """A built-in or module member named by a `builtin` instruction (`range`, `math.sqrt`)."""

    name: str


@dataclass(frozen=True)
class Range:
    """A `range(...)` value: only ever iterated by a `for` loop."""


RANGE = Range()


@dataclass(frozen=True)
class Walk:
    """`enumerate(x[, start])` or `zip(x, y, ...)` over ranges, 1-d arrays and lists: only
    ever iterated by a `for` loop. Its items are tuples."""

    kind: str  # "enumerate" or "zip"
    over: tuple  # the iterables walked

    @property
    def element(self) -> Tuple:
        items = tuple(INT if t == RANGE else t.element for t in self.over)
        return Tuple((INT, *items) if self.kind == "enumerate" else items)


@dataclass(frozen=True)
class Slice:
    """A slice `a:b:c` (of ints or None): only ever the index of a list."""


SLICE = Slice()


@dataclass(frozen=True)
class Text:
    """A constant string: only ever the message of a raised exception."""


TEXT = Text()


@dataclass(frozen=True)
class Raised:
    """An exception instance made only to be raised: its type and message constant."""

    name: str
    message: int  # the row of the message constant, or -1


def key_of_value(value: object):
    """The JIT type of a host value, or None when no specialisation can take it."""
    cls = value.__class__
    if cls is bool:
        return BOOL
    if cls is int:
        return INT if INT64_MIN <= value <= INT64_MAX else None
    if cls is float:
        return FLOAT
    if value is None:
        return NONE
    if cls is np.ndarray:
        dtype = value.dtype
        if dtype == np.float64:
            name = "float64"
        elif dtype == np.int64:
            name = "int64"
        elif dtype == np.bool_:
            name = "bool"
        else:
            return None
        if not 1 <= value.ndim <= 3 or not value.dtype.isnative:
            return None
        return Array(name, value.ndim, "C" if value.flags.c_contiguous else "A")
    if cls is list:
        key = list_key(value)
        return key if isinstance(key, ListT) else None
    if cls is tuple:
        items = tuple(key_of_value(item) for item in value)
        if any(item is None or isinstance(item, Array | ListT) for item in items):
            return None
        return Tuple(items)
    return None
