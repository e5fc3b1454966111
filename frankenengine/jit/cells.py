"""Lists in native code: one `ListCell` per Python list, and the list operations on it.

A `ListCell` is a Numba structref holding `data`, a 1-d NumPy array of the element dtype
(bool_, int64 or float64) whose length is the list's capacity, and `n`, the list's
length. Every name bound to one Python list holds the same cell, so aliasing is
CPython's: an append through one name is seen through all of them.

Generated code reaches items through `items(c)`, a view of `data` that holds no
reference (a meminfo-less array): reading a structref's array field otherwise costs
two atomic reference-count updates per access, which made a list sieve 6x slower than
its array twin. The view is valid until the list's data is reallocated; generated code
only ever uses it within one expression, and no helper that reallocates (`_make_room`) runs
inside one.

Each operation has CPython's semantics (messages included: `list index out of range`,
`pop from empty list`, `max() arg is an empty sequence`) and is charged as the
interpreter charges it (`runtime.sizes`: a list is SEQ_HEADER + SEQ_SLOT bytes an item):
`[x] * n` and `a + b` before they are made, `list(range(...))` with a new int an item,
`sorted` and `copy` a new list, `extend` a slot an item.

Growth by `append` and `insert` is where the lanes must differ. The interpreter counts
each as a growth event of a countdown (ST_GROW, handed over by the engine both ways),
charges 64 bytes an event by batches of 1024, and when a batch would cross the limit
recounts the memory really live, which native code cannot do (its values are not Python
objects). Native code ticks the same countdown (so the interpreter's next batch comes at
the same event, and the deadline is checked at the same batch) but charges what it
really allocates instead: the slots added when a list's capacity grows. The limit
holds in both lanes; a list grown by appends alone may get further in native code,
whose items take 8 bytes, than in the interpreter, whose items are objects.
Stores into existing slots charge nothing, in both lanes.
"""

from __future__ import annotations

import sys

import numpy as np
from numba import njit, types
from numba.core import cgutils
from numba.core.imputils import RefType, iternext_impl, lower_builtin
from numba.experimental import structref
from numba.extending import intrinsic, models, register_model

from frankenengine.jit.checked import OPTIONS, _monotonic_ns, _overflow, _sadd
from frankenengine.jit.state import (
    ST_DEADLINE,
    ST_GROW,
    ST_MEMORY,
    ST_SITE,
    ST_TIMED_OUT,
    FuelOut,
    OutOfMemory,
)
from frankenengine.language.ints import INT64_MAX

SEQ_HEADER = 56  # `runtime.sizes.SEQ_HEADER`
SEQ_SLOT = 8  # `runtime.sizes.SEQ_SLOT`
INT_OBJECT = 32  # `runtime.sizes.OBJECT_SIZE`: a new int made by iterating a range
GROW_BATCH = 1 << 10  # `runtime.limits.GROW_BATCH`
GROWN_THRESHOLD = 256  # `interp.codegen_base.GROWN_THRESHOLD`: longer results are charged
# The helpers that tick the interpreter's growth countdown (ST_GROW).
GROWTH_HELPERS = ("list_append", "list_insert", "rows_append")
# CPython 3.12 made `sum` of floats compensated (Neumaier); 3.11 adds left to right.
COMPENSATED_SUM = sys.version_info >= (3, 12)


@structref.register
class ListCellType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class ListCell(structref.StructRefProxy):
    """A list cell seen from Python (the engine's boundary): `header(cell)` reads it."""

    def __new__(cls, data, n):
        return structref.StructRefProxy.__new__(cls, data, n)


structref.define_proxy(ListCell, ListCellType, ["data", "n"])

_DTYPES = {"bool": types.boolean, "int64": types.int64, "float64": types.float64}
NUMPY_DTYPES = {"bool": np.bool_, "int64": np.int64, "float64": np.float64}


def cell_type(dtype: str) -> ListCellType:
    """The Numba type of a list cell of `dtype` ("bool", "int64", "float64")."""
    return ListCellType([("data", types.Array(_DTYPES[dtype], 1, "C")), ("n", types.int64)])


# -- the boundary (called from Python) -------------------------------------------
@njit(**OPTIONS)
def new_cell(data, n):
    """A cell over `data`'s first `n` items (the array becomes the cell's own)."""
    return ListCell(data, n)


@njit(**OPTIONS)
def header(c):
    """(data, n) of a cell: what the engine writes back into a Python list."""
    return c.data, c.n


# -- reading and writing ------------------------------------------------------------
def borrowed_view(context, builder, array_type, array_value):
    """A copy of an array struct without its meminfo: a view that takes no reference."""
    source = context.make_array(array_type)(context, builder, value=array_value)
    view = context.make_array(array_type)(context, builder)
    view.meminfo = cgutils.get_null_value(view.meminfo.type)
    view.parent = cgutils.get_null_value(view.parent.type)
    view.nitems = source.nitems
    view.itemsize = source.itemsize
    view.data = source.data
    view.shape = source.shape
    view.strides = source.strides
    return view._getvalue()


@intrinsic
def items(typingctx, cell):
    """The cell's data array, borrowed: no reference taken (see the module docstring)."""
    array_type = cell.field_dict["data"]

    def codegen(context, builder, signature, args):
        fields = structref._Utils(context, builder, cell).get_data_struct(args[0])
        return borrowed_view(context, builder, array_type, fields.data)

    return array_type(cell), codegen


@intrinsic
def keep(typingctx, view, alive):
    """`view`, a borrowed view of `alive`'s items, with `alive` used here: Numba frees a
    value after its last use, so naming the cell (or the outer list of a row) at each use
    of its view keeps the items alive up to that use (`jit.views`). No code."""

    def codegen(context, builder, signature, args):
        return args[0]

    return view(view, alive), codegen


@njit(**OPTIONS)
def list_ix(i, n, st, site):
    """A checked index into a list of length n, for reading."""
    if i < 0:
        i += n
    if i < 0 or i >= n:
        st[ST_SITE] = site
        raise IndexError("list index out of range")
    return i


@njit(**OPTIONS)
def list_store_ix(i, n, st, site):
    """A checked index into a list of length n, for assignment."""
    if i < 0:
        i += n
    if i < 0 or i >= n:
        st[ST_SITE] = site
        raise IndexError("list assignment index out of range")
    return i


class ListIterType(types.SimpleIteratorType):
    """The iterator of a `for` loop over a list (`each`, and `rows.each_row` for a list of
    lists): the list and an index, the length read at every step. A Numba generator would
    do the same, but a generator's frame leaked a reference to the list it walked."""

    def __init__(self, name: str, list_type, yield_type):
        self.list_type = list_type
        super().__init__(f"{name}({list_type})", yield_type)


class EachType(ListIterType):
    def __init__(self, list_type):
        super().__init__("each", list_type, list_type.field_dict["data"].dtype)


@register_model(EachType)
class ListIterModel(models.StructModel):
    """The data model of every `ListIterType`: the list (one reference held) and an index."""

    def __init__(self, dmm, fe_type):
        members = [("cell", fe_type.list_type), ("index", types.EphemeralPointer(types.int64))]
        super().__init__(dmm, fe_type, members)


def start_iterator(context, builder, iter_type, cell_type, cell):
    """An iterator struct over `cell` (which it holds a reference to), at index 0."""
    it = context.make_helper(builder, iter_type)
    context.nrt.incref(builder, cell_type, cell)
    it.cell = cell
    it.index = cgutils.alloca_once_value(builder, context.get_constant(types.int64, 0))
    return it._getvalue()


def step_iterator(context, builder, signature, args, result, item):
    """One step of a `ListIterType`: while the index is below the list's length, yield
    `item(context, builder, fields, index)` (`fields`: the list's payload) and advance."""
    iter_type = signature.args[0]
    it = context.make_helper(builder, iter_type, value=args[0])
    fields = structref._Utils(context, builder, iter_type.list_type).get_data_struct(it.cell)
    index = builder.load(it.index)
    valid = builder.icmp_signed("<", index, fields.n)
    result.set_valid(valid)
    with builder.if_then(valid):
        result.yield_(item(context, builder, iter_type, fields, index))
        builder.store(builder.add(index, context.get_constant(types.int64, 1)), it.index)


@intrinsic
def each(typingctx, cell):
    """The items of a `for` loop over a list: the length is read at every step, as
    CPython's list iterator does (items appended in the loop are visited)."""
    iter_type = EachType(cell)

    def codegen(context, builder, signature, args):
        return start_iterator(context, builder, iter_type, cell, args[0])

    return iter_type(cell), codegen


def _item(context, builder, iter_type, fields, index):
    array_type = iter_type.list_type.field_dict["data"]
    array = context.make_array(array_type)(context, builder, value=fields.data)
    return context.unpack_value(builder, array_type.dtype, builder.gep(array.data, [index]))


@lower_builtin("iternext", EachType)
@iternext_impl(RefType.BORROWED)
def _each_next(context, builder, signature, args, result):
    step_iterator(context, builder, signature, args, result, _item)


# -- making lists -------------------------------------------------------------------
@njit(**OPTIONS)
def copy_items(target, at, source, n):
    """`target[at:at + n] = source[:n]`, as a loop: an array slice assignment compiles
    NumPy's shape-mismatch message machinery (2.3 s of a first call's compile)."""
    for k in range(n):
        target[at + k] = source[k]


@njit(**OPTIONS)
def _charge(nbytes, st, site):
    if nbytes > st[ST_MEMORY]:
        st[ST_SITE] = site
        raise OutOfMemory()
    st[ST_MEMORY] -= nbytes


@njit(**OPTIONS)
def _charge_list(length, extra, st, site):
    """Charge a new list of `length` items (each `extra` bytes besides its slot)."""
    budget = st[ST_MEMORY] - SEQ_HEADER
    if budget < 0 or (length > 0 and length > budget // (SEQ_SLOT + extra)):
        st[ST_SITE] = site
        raise OutOfMemory()
    st[ST_MEMORY] -= SEQ_HEADER + (SEQ_SLOT + extra) * length


@njit(**OPTIONS)
def charge_repeat(m, times, st, site):
    """Charge `m * times` slots of a repeated list (a negative `times` counts as 0) before
    it is made, as the interpreter does, without forming a product that could overflow;
    returns the new length."""
    if times < 0:
        times = 0
    budget = st[ST_MEMORY] - SEQ_HEADER
    if budget < 0 or (m > 0 and times > budget // (SEQ_SLOT * m)):
        st[ST_SITE] = site
        raise OutOfMemory()
    n = m * times
    st[ST_MEMORY] -= SEQ_HEADER + SEQ_SLOT * n
    return n


@njit(**OPTIONS)
def list_repeat(c, times, st, site):
    """`c * times`: charged first as the interpreter does, then filled."""
    m = c.n
    n = charge_repeat(m, times, st, site)
    source = items(c)
    out = np.empty(n, source.dtype)
    if m == 1:
        out.fill(source[0])
    else:
        for k in range(n):
            out[k] = source[k % m]
    return ListCell(out, n)


@njit(**OPTIONS)
def list_of_range(start, stop, step, st, site):
    """`list(range(start, stop, step))` (step checked non-zero before): charged first as the
    interpreter's `Allocator.build` charges it, a header and a slot plus a new int an item."""
    if step > 0 and start < stop:
        count = (np.uint64(stop) - np.uint64(start) - np.uint64(1)) // np.uint64(step) + 1
    elif step < 0 and start > stop:
        span = np.uint64(start) - np.uint64(stop) - np.uint64(1)
        count = span // (np.uint64(0) - np.uint64(step)) + 1
    else:
        count = np.uint64(0)
    budget = st[ST_MEMORY] - SEQ_HEADER
    if budget < 0 or count > np.uint64(budget // (SEQ_SLOT + INT_OBJECT)):
        st[ST_SITE] = site
        raise OutOfMemory()
    n = np.int64(count)
    st[ST_MEMORY] -= SEQ_HEADER + (SEQ_SLOT + INT_OBJECT) * n
    out = np.empty(n, np.int64)
    value = start
    for k in range(n):
        out[k] = value
        value += step  # the last step may leave 64 bits: never read
    return ListCell(out, n)


@njit(**OPTIONS)
def list_concat(a, b, st, site):
    """`a + b`: a new list, charged first."""
    n = a.n + b.n
    _charge_list(n, 0, st, site)
    out = np.empty(max(n, 1), items(a).dtype)
    copy_items(out, 0, items(a), a.n)
    copy_items(out, a.n, items(b), b.n)
    return ListCell(out, n)


@njit(**OPTIONS)
def list_copy(c, st, site):
    """`c.copy()`, `list(c)`, `c[:]`: a new list, charged first."""
    _charge_list(c.n, 0, st, site)
    out = np.empty(max(c.n, 1), items(c).dtype)
    copy_items(out, 0, items(c), c.n)
    return ListCell(out, c.n)


@njit(**OPTIONS)
def _slice_end(value, given, default, n, step):
    """One end of a slice, as CPython's PySlice_AdjustIndices places it in a list of n."""
    if not given:
        return default
    if value < 0:
        value += n
        if value < 0:
            return -1 if step < 0 else 0
    elif value >= n:
        return n - 1 if step < 0 else n
    return value


@njit(**OPTIONS)
def list_slice(c, start, has_start, stop, has_stop, step, has_step, st, site):
    """`c[start:stop:step]` (an end not given is None): a new list; the interpreter charges
    a result longer than GROWN_THRESHOLD items once it is made, and so does this."""
    n = c.n
    if not has_step:
        step = 1
    elif step == 0:
        st[ST_SITE] = site
        raise ValueError("slice step cannot be zero")
    elif step < -INT64_MAX:
        step = -INT64_MAX  # CPython's clamp of a step below -sys.maxsize
    first = _slice_end(start, has_start, n - 1 if step < 0 else 0, n, step)
    last = _slice_end(stop, has_stop, -1 if step < 0 else n, n, step)
    if step < 0:
        count = (first - last - 1) // (-step) + 1 if last < first else 0
    else:
        count = (last - first - 1) // step + 1 if first < last else 0
    source = items(c)
    out = np.empty(max(count, 1), source.dtype)
    k = first
    for j in range(count):
        out[j] = source[k]
        k += step
    if count > GROWN_THRESHOLD:
        _charge(SEQ_HEADER + SEQ_SLOT * count, st, site)
    return ListCell(out, count)


# -- growing and shrinking ----------------------------------------------------------
@njit(**OPTIONS)
def _grow_event(st, site):
    """One growth event of the interpreter's countdown (`_grow -= 1; if _grow < 0: ...`):
    at a batch the deadline is checked, as the interpreter's `Meter.grow` does."""
    st[ST_GROW] -= 1
    if st[ST_GROW] < 0:
        if st[ST_DEADLINE] != 0 and _monotonic_ns() > st[ST_DEADLINE]:
            st[ST_TIMED_OUT] = 1
            st[ST_SITE] = site
            raise FuelOut()
        st[ST_GROW] = GROW_BATCH - 1


@njit(**OPTIONS)
def _make_room(c, capacity):
    """Reallocate the cell's data to `capacity` slots, keeping its items."""
    grown = np.empty(capacity, c.data.dtype)
    copy_items(grown, 0, items(c), c.n)
    c.data = grown


@njit(**OPTIONS)
def _reserve(c, wanted, st, site):
    """Make room for `wanted` items by growth events: the capacity doubles, and the slots
    added are charged (only `wanted` when a doubling would not fit the budget)."""
    capacity = items(c).shape[0]
    if wanted <= capacity:
        return
    new_capacity = max(wanted, 2 * capacity, 8)
    if (new_capacity - capacity) * SEQ_SLOT > st[ST_MEMORY]:
        new_capacity = wanted
    _charge((new_capacity - capacity) * SEQ_SLOT, st, site)
    _make_room(c, new_capacity)


@njit(**OPTIONS)
def list_append(c, value, st, site):
    _grow_event(st, site)
    n = c.n
    if n == items(c).shape[0]:
        _reserve(c, n + 1, st, site)
    items(c)[n] = value
    c.n = n + 1


@njit(**OPTIONS)
def list_insert(c, i, value, st, site):
    """`c.insert(i, value)`: the index is clamped to the list, as CPython does."""
    _grow_event(st, site)
    n = c.n
    if i < 0:
        i += n
        if i < 0:
            i = 0
    elif i > n:
        i = n
    _reserve(c, n + 1, st, site)
    data = items(c)
    for k in range(n, i, -1):
        data[k] = data[k - 1]
    data[i] = value
    c.n = n + 1


@njit(**OPTIONS)
def list_extend(c, other, st, site):
    """`c.extend(other)` for a list `other` (maybe `c` itself): a slot an item, charged."""
    m = other.n
    _charge(m * SEQ_SLOT, st, site)
    n = c.n
    if n + m > items(c).shape[0]:
        _make_room(c, max(n + m, 2 * n))
    source = items(other)
    data = items(c)
    for k in range(m):
        data[n + k] = source[k]
    c.n = n + m


@njit(**OPTIONS)
def list_pop(c, st, site):
    n = c.n
    if n == 0:
        st[ST_SITE] = site
        raise IndexError("pop from empty list")
    c.n = n - 1
    return items(c)[n - 1]


@njit(**OPTIONS)
def list_pop_at(c, i, st, site):
    n = c.n
    if n == 0:
        st[ST_SITE] = site
        raise IndexError("pop from empty list")
    if i < 0:
        i += n
    if i < 0 or i >= n:
        st[ST_SITE] = site
        raise IndexError("pop index out of range")
    data = items(c)
    value = data[i]
    for k in range(i, n - 1):
        data[k] = data[k + 1]
    c.n = n - 1
    return value


@njit(**OPTIONS)
def list_reverse(c):
    data = items(c)
    i, j = 0, c.n - 1
    while i < j:
        data[i], data[j] = data[j], data[i]
        i += 1
        j -= 1


@njit(**OPTIONS)
def list_sort(c):
    """`c.sort()` of an int or bool list (a total order: any sort is CPython's), in place:
    nothing is allocated, as CPython's sort of a list that short needs no charge."""
    items(c)[: c.n].sort()


@njit(**OPTIONS)
def list_clear(c):
    c.n = 0


# -- reductions and tests -----------------------------------------------------------
@njit(**OPTIONS)
def list_int_sum(c, start, st, site):
    """`sum(c, start)` of an int or bool list: exact, so partial sums may leave 64 bits
    (CPython's arbitrary-precision ints); only the result must fit, as in the interpreter."""
    total = np.int64(start)
    wraps = 0  # how many times 2**64 the true sum differs from `total`
    data = items(c)
    for k in range(c.n):
        x = np.int64(data[k])
        r, o = _sadd(total, x)
        if o:  # `r` is the wrapped sum
            wraps += 1 if x > 0 else -1
        total = r
    if wraps != 0:
        _overflow(st, site)
    return total


@njit(**OPTIONS)
def list_float_sum(c, start):
    """`sum(c, start)` with a float `start`, as CPython adds floats: left to right (3.11),
    or with Neumaier's compensation (3.12 and later)."""
    data = items(c)
    if not COMPENSATED_SUM:
        total = start
        for k in range(c.n):
            total += data[k]
        return total
    total = start
    compensation = 0.0
    for k in range(c.n):
        x = np.float64(data[k])
        t = total + x
        if abs(total) >= abs(x):
            compensation += (total - t) + x
        else:
            compensation += (x - t) + total
        total = t
    if compensation != 0.0 and np.isfinite(compensation):
        return total + compensation
    return total


@njit(**OPTIONS)
def list_min(c, st, site):
    """`min(c)`: CPython compares left to right and keeps an item only when `<` holds."""
    if c.n == 0:
        st[ST_SITE] = site
        raise ValueError("min() arg is an empty sequence")
    data = items(c)
    best = data[0]
    for k in range(1, c.n):
        if data[k] < best:
            best = data[k]
    return best


@njit(**OPTIONS)
def list_max(c, st, site):
    if c.n == 0:
        st[ST_SITE] = site
        raise ValueError("max() arg is an empty sequence")
    data = items(c)
    best = data[0]
    for k in range(1, c.n):
        if data[k] > best:
            best = data[k]
    return best


@njit(**OPTIONS)
def list_sorted(c, st, site):
    """`sorted(c)` of an int or bool list (a total order: any stable sort is CPython's)."""
    _charge_list(c.n, 0, st, site)
    out = np.empty(max(c.n, 1), items(c).dtype)
    copy_items(out, 0, items(c), c.n)
    out[: c.n].sort()  # in place: no assignment of one array into another
    return ListCell(out, c.n)


@njit(**OPTIONS)
def list_equal(a, b):
    """`a == b` of int or bool lists (no NaN, so no identity question)."""
    if a.n != b.n:
        return False
    x, y = items(a), items(b)
    for k in range(a.n):
        if x[k] != y[k]:
            return False
    return True


@njit(**OPTIONS)
def list_contains(c, value):
    """`value in c` for an int or bool list."""
    data = items(c)
    for k in range(c.n):
        if data[k] == value:
            return True
    return False
