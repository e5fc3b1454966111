"""Lists crossing between Python and native code, for one specialisation.

`enter` makes one cell per distinct host list among the arguments, rows of lists of
lists included (`cells.ListCell` for a list of scalars, `rows.RowsCell` for a list of
lists): the same Python list reached twice, as two arguments or as a row and an
argument, is one cell, so aliasing holds. Each scalar cell holds a copy of its list's
items. `leave`, called on every exit (return or raise), writes every cell back into its
own Python list: the items whose bits changed (so -0.0 over 0.0 and NaN payloads
count) and the length when native code changed it, so unchanged items keep their
identity; an outer list gets back its row objects, a row made in native code becoming
a new list. `result` turns a returned cell (or each cell of a returned tuple) into the
host list it was made from, or a new list.
"""

from __future__ import annotations

import contextlib
from itertools import chain

import numpy as np
from numba.typed import List

from frankenengine.jit.cells import NUMPY_DTYPES, header, new_cell
from frankenengine.jit.jtypes import ListT, Tuple
from frankenengine.jit.rows import (
    EMPTY_ROWS,
    EXPORT_ROWS,
    address_of,
    fill_rows,
    row_of,
    rows_from,
    rows_keep,
    rows_ptrs,
)


def holds_list(t) -> bool:
    """Whether a value of type `t` is a list or a tuple holding one (at any depth)."""
    return isinstance(t, ListT) or isinstance(t, Tuple) and any(map(holds_list, t.items))


class ListBoundary:
    def __init__(self, key: tuple, returns):
        self.params = tuple((i, t) for i, t in enumerate(key) if isinstance(t, ListT))
        self.returns = returns if holds_list(returns) else None
        # What the first crossing's conversions run in (the compiler's `helpers_cached`:
        # the boundary's helpers compile at their first call, through the disk cache).
        self.first_crossing = None
        self._converted = set()  # the conversions that have run once

    def converting(self, way: str):
        """The context a conversion of one crossing runs in, `way` "enter", "leave" or
        "result": the first time, `first_crossing`, which holds the compiler's lock while
        the helpers compile; never the native call between them."""
        if way in self._converted or self.first_crossing is None:
            return contextlib.nullcontext()
        self._converted.add(way)
        return self.first_crossing()

    def enter(self, args: tuple) -> tuple[tuple, _Crossings]:
        native = list(args)
        crossings = _Crossings()
        for i, t in self.params:
            native[i] = crossings.cell(args[i], t)
        return tuple(native), crossings

    def leave(self, crossings: _Crossings) -> None:
        crossings.write_back()

    def result(self, value, crossings: _Crossings):
        if self.returns is None:
            return value
        return crossings.result(value, self.returns)


class _Crossings:
    """The cells of one call, by the identity of their host lists, and back."""

    def __init__(self):
        self.by_id: dict[int, object] = {}  # id(host list) -> cell
        self.hosts: dict[int, list] = {}  # cell address -> host list
        self.flat: list[tuple[list, object, np.ndarray]] = []  # (host, cell, items before)
        # (host, cell, row type, its `_Bulk` or None when its rows crossed one by one)
        self.nested: list[tuple[list, object, ListT, _Bulk | None]] = []
        self.bulk_rows: dict[int, tuple[_Bulk, int]] = {}  # id(host row) -> (bulk, index)

    def cell(self, host: list, t: ListT):
        found = self.by_id.get(id(host))
        if found is not None:
            return found
        at = self.bulk_rows.pop(id(host), None)
        if at is not None:  # a row of a list of lists entered in bulk: its own cell
            made = row_of(at[0].keeper, at[1])
        elif isinstance(t.item, ListT):
            made = self._rows(host, t)
        else:
            before = np.array(host, NUMPY_DTYPES[t.dtype])
            made = new_cell(before.copy(), len(host))
            self.flat.append((host, made, before))
            self.hosts[address_of(made)] = host
        self.by_id[id(host)] = made
        return made

    def _rows(self, host: list, t: ListT):
        ids = set(map(id, host))
        if len(ids) == len(host) and id(host) not in ids and ids.isdisjoint(self.by_id):
            bulk = _Bulk(host, t.dtype)
            self.bulk_rows.update((id(row), (bulk, k)) for k, row in enumerate(host))
            self.hosts.update(zip(bulk.addresses.tolist(), host, strict=True))
            made = bulk.outer
        else:  # a row twice, or a row seen already: one cell a row object, row by row
            bulk = None
            made = rows_from(List([self.cell(row, t.item) for row in host]))
        self.nested.append((host, made, t.item, bulk))
        self.hosts[address_of(made)] = host
        return made

    def write_back(self) -> None:
        for host, cell, before in self.flat:
            data, n = header(cell)
            _write_back(host, data, n, before)
        for *_, bulk in self.nested:
            if bulk is not None:
                bulk.write_back_rows()
        for host, cell, row_type, bulk in self.nested:
            if bulk is not None and np.array_equal(rows_ptrs(cell), bulk.addresses):
                continue  # it still holds the rows it entered with, in order
            objects = self._row_objects(cell, row_type)
            n = len(objects)
            for k in range(min(n, len(host))):
                if host[k] is not objects[k]:
                    host[k] = objects[k]
            if n > len(host):
                host.extend(objects[len(host) :])
            elif n < len(host):
                del host[n:]

    def result(self, value, t):
        """The host value of a returned `value` of type `t`: lists (in tuples too) as
        `to_host` gives them, everything else as it is."""
        if isinstance(t, ListT):
            return self.to_host(value, t)
        if isinstance(t, Tuple) and holds_list(t):
            return tuple(self.result(v, item) for v, item in zip(value, t.items, strict=True))
        return value

    def to_host(self, cell, t: ListT) -> list:
        """The Python list of a cell: its host list (written back), or a new list. A cell
        reached twice (a row in two places) gives one list."""
        address = address_of(cell)
        found = self.hosts.get(address)
        if found is None:
            if isinstance(t.item, ListT):
                found = self._row_objects(cell, t.item)
            else:
                data, n = header(cell)
                found = data[:n].tolist()
            self.hosts[address] = found
        return found

    def _row_objects(self, outer, row_type: ListT) -> list[list]:
        """The rows of a list of lists as Python lists: each host row it entered with (its
        items written back already), each row made in native code a new list (one for
        each row cell, however often it occurs)."""
        data, lengths = EXPORT_ROWS[row_type.dtype](outer)
        values = data.tolist()
        rows = []
        start = 0
        for address, m in zip(rows_ptrs(outer).tolist(), lengths.tolist(), strict=True):
            found = self.hosts.get(address)
            if found is None:
                found = self.hosts[address] = values[start : start + m]
            rows.append(found)
            start += m
        return rows


class _Bulk:
    """A list of lists of scalars entering native code in one call: its items concatenated
    (`before`), one new row cell a row, and a `keeper` holding the same row cells, through
    which the rows are read back however native code rearranged the outer list."""

    def __init__(self, host: list, dtype: str):
        self.host_rows = list(host)  # the row objects, in entry order
        self.dtype = dtype
        self.lengths = np.fromiter(map(len, host), np.int64, len(host))
        self.before = np.fromiter(
            chain.from_iterable(host), NUMPY_DTYPES[dtype], int(self.lengths.sum())
        )
        self.outer = fill_rows(EMPTY_ROWS[dtype](), self.before, self.lengths)
        self.keeper = rows_keep(self.outer)
        self.addresses = rows_ptrs(self.outer)

    def write_back_rows(self) -> None:
        """Make each row object hold its cell's items: when no row changed length, the
        changed items (few: one by one; many: each changed row at once), else row by row
        as `_write_back` does for one list."""
        data, lengths = EXPORT_ROWS[self.dtype](self.keeper)
        ends = np.cumsum(self.lengths)
        starts = ends - self.lengths
        if not np.array_equal(lengths, self.lengths):
            now_ends = np.cumsum(lengths)
            for k, row in enumerate(self.host_rows):
                _write_back(
                    row,
                    data[now_ends[k] - lengths[k] : now_ends[k]],
                    int(lengths[k]),
                    self.before[starts[k] : ends[k]],
                )
            return
        differs = _differs(data, self.before)
        changed = np.flatnonzero(differs)
        if changed.size * 8 < data.size:
            at_row = np.searchsorted(ends, changed, side="right")
            columns = (changed - starts[at_row]).tolist()
            values = data[changed].tolist()
            for k, j, value in zip(at_row.tolist(), columns, values, strict=True):
                self.host_rows[k][j] = value
            return
        counts = np.concatenate(([0], np.cumsum(differs)))
        values = data.tolist()
        starts, ends = starts.tolist(), ends.tolist()
        for k in np.flatnonzero(counts[ends] > counts[starts]).tolist():
            self.host_rows[k][:] = values[starts[k] : ends[k]]


def _write_back(host: list, data: np.ndarray, n: int, before: np.ndarray) -> None:
    """Make `host` hold `data[:n]`, where `before` is what it held when native code began."""
    m = min(n, len(before))
    changed = np.flatnonzero(_differs(data[:m], before[:m]))
    if changed.size * 8 < m:
        for i, value in zip(changed.tolist(), data[changed].tolist(), strict=True):
            host[i] = value
    elif changed.size:
        host[:m] = data[:m].tolist()
    if n > len(before):
        host.extend(data[m:n].tolist())
    elif n < len(before):
        del host[n:]


def _differs(data: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Where the items' bits changed (so -0.0 over 0.0 and NaN payloads count)."""
    bits = np.uint8 if data.dtype == np.bool_ else np.int64
    return data.view(bits) != before.view(bits)
