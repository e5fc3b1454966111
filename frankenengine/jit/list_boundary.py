"""Lists crossing between Python and native code, for one specialisation.

`enter` makes one cell per distinct host list among the arguments, rows of lists of
lists included (`cells.ListCell` for a list of scalars, `rows.RowsCell` for a list of
lists): the same Python list reached twice, as two arguments or as a row and an
argument, is one cell, so aliasing holds. Each scalar cell holds a copy of its list's
items. `leave`, called on every exit (return or raise), writes every cell back into its
own Python list: the items whose bits changed (so -0.0 over 0.0 and NaN payloads
count) and the length when native code changed it, so unchanged items keep their
identity; an outer list gets back its row objects, a row made in native code becoming
a new list. `result` turns a returned cell into the host list it was made from, or a
new list.
"""

from __future__ import annotations

import numpy as np
from numba.typed import List

from frankenengine.jit.cells import header, new_cell
from frankenengine.jit.jtypes import ListT
from frankenengine.jit.rows import address_of, rows_from, rows_header

_NUMPY_DTYPES = {"bool": np.bool_, "int64": np.int64, "float64": np.float64}


class ListBoundary:
    def __init__(self, key: tuple, returns):
        self.params = tuple((i, t) for i, t in enumerate(key) if isinstance(t, ListT))
        self.returns = returns if isinstance(returns, ListT) else None

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
        return crossings.to_host(value, self.returns)


class _Crossings:
    """The cells of one call, by the identity of their host lists, and back."""

    def __init__(self):
        self.by_id: dict[int, object] = {}  # id(host list) -> cell
        self.hosts: dict[int, list] = {}  # cell address -> host list
        self.flat: list[tuple[list, object, np.ndarray]] = []  # (host, cell, items before)
        self.nested: list[tuple[list, object, object]] = []  # (host, cell, row type)

    def cell(self, host: list, t: ListT):
        found = self.by_id.get(id(host))
        if found is not None:
            return found
        if isinstance(t.item, ListT):
            rows = List([self.cell(row, t.item) for row in host])
            made = rows_from(rows)
            self.nested.append((host, made, t.item))
            self.hosts[address_of(made)] = host
        else:
            before = np.array(host, _NUMPY_DTYPES[t.dtype])
            made = new_cell(before.copy(), len(host))
            self.flat.append((host, made, before))
            self.hosts[address_of(made)] = host
        self.by_id[id(host)] = made
        return made

    def write_back(self) -> None:
        for host, cell, before in self.flat:
            data, n = header(cell)
            _write_back(host, data, n, before)
        for host, cell, row_type in self.nested:
            rows, n = rows_header(cell)
            objects = [self.to_host(row, row_type) for row in rows]
            for k in range(min(n, len(host))):
                if host[k] is not objects[k]:
                    host[k] = objects[k]
            if n > len(host):
                host.extend(objects[len(host) :])
            elif n < len(host):
                del host[n:]

    def to_host(self, cell, t: ListT) -> list:
        """The Python list of a cell: its host list (written back), or a new list."""
        nested = isinstance(t.item, ListT)
        found = self.hosts.get(address_of(cell))
        if found is not None:
            return found
        if nested:
            rows, _ = rows_header(cell)
            return [self.to_host(row, t.item) for row in rows]
        data, n = header(cell)
        return data[:n].tolist()


def _write_back(host: list, data: np.ndarray, n: int, before: np.ndarray) -> None:
    """Make `host` hold `data[:n]`, where `before` is what it held when native code began."""
    m = min(n, len(before))
    bits = np.uint8 if data.dtype == np.bool_ else np.int64
    changed = np.flatnonzero(data[:m].view(bits) != before[:m].view(bits))
    if changed.size * 8 < m:
        for i, value in zip(changed.tolist(), data[changed].tolist(), strict=True):
            host[i] = value
    elif changed.size:
        host[:m] = data[:m].tolist()
    if n > len(before):
        host.extend(data[m:n].tolist())
    elif n < len(before):
        del host[n:]
