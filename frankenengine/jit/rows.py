"""Lists of lists in native code: a `RowsCell` holds the row cells of one outer list.

A list of lists of one scalar type (a matrix, n-body's bodies) is a Numba structref
with `rows`, a typed list owning the row cells (`cells.ListCell`, one per Python row
object, so a row reachable twice is one object), `ptrs`, the meminfo address of each
row cell in the same order, and `n`. Reading a typed list's item costs a function call
and two reference-count updates, which made a list matrix multiply 60x slower than its
array twin; `a[i][j]` reads `ptrs[i]` instead and reaches the row's items and length
through that address without taking a reference (`row_items`, `row_len`): 2.7x the
twin, a tenth of CPython. A row taken as a value (`row = a[i]`, `for row in a`) is made
from the same address with one reference (`row_cell`). An address stays valid while the row is in `rows`; generated
code uses one only between reading it and the next statement that can replace a row.

Invariant: `ptrs[k]` is the meminfo address of `rows[k]` for k < n, kept by every
helper that changes a row (append, store, pop, repeat). Operations have CPython's
semantics and the interpreter's charges, as in `cells`.
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.core.imputils import RefType, iternext_impl, lower_builtin
from numba.experimental import structref
from numba.extending import intrinsic, register_model
from numba.typed import List

from frankenengine.jit.cells import (
    NUMPY_DTYPES,
    OPTIONS,
    SEQ_SLOT,
    ListIterModel,
    ListIterType,
    _charge,
    _grow_event,
    borrowed_view,
    cell_type,
    charge_repeat,
    copy_items,
    list_ix,
    list_store_ix,
    new_cell,
    start_iterator,
    step_iterator,
)
from frankenengine.jit.state import ST_SITE


@structref.register
class RowsCellType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class RowsCell(structref.StructRefProxy):
    """A list of lists seen from Python (the engine's boundary)."""

    def __new__(cls, rows, ptrs, n):
        return structref.StructRefProxy.__new__(cls, rows, ptrs, n)


structref.define_proxy(RowsCell, RowsCellType, ["rows", "ptrs", "n"])


def rows_type(dtype: str) -> RowsCellType:
    """The Numba type of a list of lists of `dtype` ("bool", "int64", "float64")."""
    return RowsCellType(
        [
            ("rows", types.ListType(cell_type(dtype))),
            ("ptrs", types.Array(types.int64, 1, "C")),
            ("n", types.int64),
        ]
    )


# -- addresses ----------------------------------------------------------------------
@intrinsic
def address(typingctx, cell):
    """The address of a row cell's meminfo: its identity, constant for its life."""

    def codegen(context, builder, signature, args):
        meminfo = structref._Utils(context, builder, cell).get_struct_ref(args[0]).meminfo
        return builder.ptrtoint(meminfo, ir.IntType(64))

    return types.int64(cell), codegen


@intrinsic
def ptrs(typingctx, outer):
    """The outer cell's row addresses, borrowed (no reference taken)."""
    array_type = outer.field_dict["ptrs"]

    def codegen(context, builder, signature, args):
        fields = structref._Utils(context, builder, outer).get_data_struct(args[0])
        return borrowed_view(context, builder, array_type, fields.ptrs)

    return array_type(outer), codegen


def _row_ref(context, builder, row_type, at):
    """The row cell whose meminfo is at address `at` (no reference taken)."""
    ref = cgutils.create_struct_proxy(row_type)(context, builder)
    ref.meminfo = builder.inttoptr(at, ref.meminfo.type)
    return ref._getvalue()


def _row_payload(context, builder, row_type, at):
    value = _row_ref(context, builder, row_type, at)
    return structref._Utils(context, builder, row_type).get_data_struct(value)


@intrinsic
def row_cell(typingctx, outer, at):
    """The row cell at address `at` of `outer`, as an owned value (one reference taken)."""
    row_type = outer.field_dict["rows"].item_type

    def codegen(context, builder, signature, args):
        value = _row_ref(context, builder, row_type, args[1])
        context.nrt.incref(builder, row_type, value)
        return value

    return row_type(outer, types.int64), codegen


@intrinsic
def row_items(typingctx, outer, at):
    """The items of the row at address `at` of `outer`, borrowed."""
    row_type = outer.field_dict["rows"].item_type
    array_type = row_type.field_dict["data"]

    def codegen(context, builder, signature, args):
        fields = _row_payload(context, builder, row_type, args[1])
        return borrowed_view(context, builder, array_type, fields.data)

    return array_type(outer, types.int64), codegen


@intrinsic
def row_len(typingctx, outer, at):
    """The length of the row at address `at` of `outer`."""
    row_type = outer.field_dict["rows"].item_type

    def codegen(context, builder, signature, args):
        return _row_payload(context, builder, row_type, args[1]).n

    return types.int64(outer, types.int64), codegen


@njit(**OPTIONS)
def row_at(outer, i, st, site):
    """The address of row `i` (checked as CPython checks `a[i]`)."""
    return ptrs(outer)[list_ix(i, outer.n, st, site)]


# -- making ---------------------------------------------------------------------------
def _empty(dtype: str):
    row_type = cell_type(dtype)

    @njit(**OPTIONS)
    def empty():
        return RowsCell(List.empty_list(row_type), np.empty(4, np.int64), 0)

    return empty


empty_rows_bool = _empty("bool")
empty_rows_int64 = _empty("int64")
empty_rows_float64 = _empty("float64")
EMPTY_ROWS = {"bool": empty_rows_bool, "int64": empty_rows_int64, "float64": empty_rows_float64}


@njit(**OPTIONS)
def rows_from(rows):
    """A list of lists over a typed list of row cells (made by the boundary)."""
    n = len(rows)
    at = np.empty(max(n, 4), np.int64)
    for k in range(n):
        at[k] = address(rows[k])
    return RowsCell(rows, at, n)


@njit(**OPTIONS)
def rows_header(outer):
    return outer.rows, outer.n


# -- the boundary in bulk (called from Python: one call a list, not one a row) ----------
@njit(**OPTIONS)
def fill_rows(outer, data, lengths):
    """Push onto `outer` a new row cell per entry of `lengths`, row k holding the next
    `lengths[k]` items of `data` (its own array, exactly as long as the row)."""
    start = 0
    for k in range(lengths.shape[0]):
        m = lengths[k]
        push_row(outer, new_cell(data[start : start + m].copy(), m))
        start += m
    return outer


@njit(**OPTIONS)
def rows_keep(outer):
    """Another list of lists holding the same row cells (a reference to each): what the
    boundary reads back every row through, whatever native code did to `outer`."""
    return RowsCell(outer.rows.copy(), outer.ptrs.copy(), outer.n)


@njit(**OPTIONS)
def rows_ptrs(outer):
    """A copy of the row addresses, in order: the outer list's structure."""
    return ptrs(outer)[: outer.n].copy()


@njit(**OPTIONS)
def rows_lengths(outer):
    at = ptrs(outer)
    lengths = np.empty(outer.n, np.int64)
    for k in range(outer.n):
        lengths[k] = row_len(outer, at[k])
    return lengths


def _exporter(dtype: str):
    np_dtype = NUMPY_DTYPES[dtype]

    @njit(**OPTIONS)
    def export(outer):
        """(the items of every row concatenated, each row's length)."""
        at = ptrs(outer)
        lengths = rows_lengths(outer)
        data = np.empty(lengths.sum(), np_dtype)
        start = 0
        for k in range(outer.n):
            copy_items(data[start:], 0, row_items(outer, at[k]), lengths[k])
            start += lengths[k]
        return data, lengths

    return export


EXPORT_ROWS = {dtype: _exporter(dtype) for dtype in NUMPY_DTYPES}


@njit(**OPTIONS)
def row_of(outer, k):
    """Row k of `outer` (in range), the same cell as in `outer`."""
    return outer.rows[k]


@njit(**OPTIONS)
def push_row(outer, row):
    """Add a row, uncharged (a display's rows: the interpreter charges a display nothing)."""
    n = outer.n
    outer.rows.append(row)
    if n == outer.ptrs.shape[0]:
        grown = np.empty(2 * n, np.int64)
        copy_items(grown, 0, ptrs(outer), n)
        outer.ptrs = grown
    ptrs(outer)[n] = address(row)
    outer.n = n + 1


# -- list operations ------------------------------------------------------------------
@njit(**OPTIONS)
def rows_append(outer, row, st, site):
    """`outer.append(row)`: a growth event; the slot is charged when the capacity grows."""
    _grow_event(st, site)
    if outer.n == outer.ptrs.shape[0]:
        _charge(outer.n * SEQ_SLOT, st, site)
    push_row(outer, row)


@njit(**OPTIONS)
def rows_get(outer, i, st, site):
    """`outer[i]` as a value: the row cell itself (the same object as in `outer`)."""
    return row_cell(outer, row_at(outer, i, st, site))


@njit(**OPTIONS)
def rows_set(outer, i, row, st, site):
    k = list_store_ix(i, outer.n, st, site)
    outer.rows[k] = row
    ptrs(outer)[k] = address(row)


@njit(**OPTIONS)
def rows_pop(outer, st, site):
    n = outer.n
    if n == 0:
        st[ST_SITE] = site
        raise IndexError("pop from empty list")
    outer.n = n - 1
    return outer.rows.pop()


@njit(**OPTIONS)
def rows_repeat(outer, times, st, site):
    """`outer * times`: the same row objects repeated, charged first as a list."""
    m = outer.n
    n = charge_repeat(m, times, st, site)
    rows = outer.rows.copy()
    rows.clear()
    out = RowsCell(rows, np.empty(max(n, 4), np.int64), 0)
    for _ in range(max(times, 0)):
        for k in range(m):
            push_row(out, outer.rows[k])
    return out


class EachRowType(ListIterType):
    """The iterator of a `for` loop over a list of lists (`each_row`)."""

    def __init__(self, outer_type):
        super().__init__("each_row", outer_type, outer_type.field_dict["rows"].item_type)


register_model(EachRowType)(ListIterModel)


@intrinsic
def each_row(typingctx, outer):
    """The rows of a `for` loop, each an owned row cell (the length read at every step,
    as CPython's list iterator does)."""
    iter_type = EachRowType(outer)

    def codegen(context, builder, signature, args):
        return start_iterator(context, builder, iter_type, outer, args[0])

    return iter_type(outer), codegen


def _row(context, builder, iter_type, fields, index):
    """The row at `index`, with one reference taken (the iterator yields new references)."""
    array_type = iter_type.list_type.field_dict["ptrs"]
    array = context.make_array(array_type)(context, builder, value=fields.ptrs)
    row = _row_ref(
        context, builder, iter_type.yield_type, builder.load(builder.gep(array.data, [index]))
    )
    context.nrt.incref(builder, iter_type.yield_type, row)
    return row


@lower_builtin("iternext", EachRowType)
@iternext_impl(RefType.NEW)
def _each_row_next(context, builder, signature, args, result):
    step_iterator(context, builder, signature, args, result, _row)


@njit(**OPTIONS)
def address_of(cell):
    """The meminfo address of a list cell or a list of lists, seen from Python: its
    identity (no two live cells share one)."""
    return address(cell)
