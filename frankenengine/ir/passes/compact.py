"""Drop instruction rows from a function and renumber every value reference.

`compact(fn, keep)` is the one place where passes delete instructions. It
returns a new IRFunction whose rows are the kept rows in their old order, with

- every value reference remapped: the value fields of each row and the
  operand lists of list-shaped rows whose `list_kind` is "v" (call arguments,
  phi inputs, tuple items, make_function defaults), both as the opcode table
  says (`OpInfo.value_fields`, `OpInfo.list_fields`);
- the operand pool rebuilt in canonical layout: instruction lists in row
  order, then the blocks' predecessor lists in block order;
- each block's `[start, end)` range recomputed (blocks keep their ids, kinds,
  merges and predecessors).

Precondition: a kept row uses only kept values, and every block keeps at
least one row (its terminator). Violations raise ValueError instead of
producing tables that point into the void.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from frankenengine.ir.function import IRFunction
from frankenengine.ir.opcodes import OPCODES

# Per opcode: is field a / b / c a value id?
_VALUE_FIELD = {
    field: np.array([field in info.value_fields for info in OPCODES], dtype=bool) for field in "abc"
}
_LIST_OPCODES = [info.code for info in OPCODES if info.list_fields is not None]


def compact(fn: IRFunction, keep: np.ndarray) -> IRFunction:
    keep = np.asarray(keep, dtype=bool)
    n = len(fn.insts)
    if keep.shape != (n,):
        raise ValueError(f"keep mask has shape {keep.shape}, expected ({n},)")
    remap = np.full(n + 1, -1, dtype=np.int64)  # remap[-1] stays -1 for absent operands
    remap[:n][keep] = np.arange(int(keep.sum()))

    insts = fn.insts[keep].copy()
    ops = insts["op"].astype(np.int64)
    for field, is_value in _VALUE_FIELD.items():
        mask = is_value[ops]
        old = insts[field][mask]
        new = remap[old]
        if np.any((new < 0) & (old >= 0)):
            raise ValueError(f"a kept instruction uses a dropped value in field {field}")
        insts[field][mask] = new

    pool: list[int] = []
    for row in np.flatnonzero(np.isin(ops, _LIST_OPCODES)):
        info = OPCODES[int(ops[row])]
        f_start, f_count = info.list_fields
        start, count = int(insts[f_start][row]), int(insts[f_count][row])
        items = fn.operands[start : start + count].astype(np.int64)
        if info.list_kind == "v":
            items = remap[items]
            if np.any(items < 0):
                raise ValueError(f"kept instruction v{row} lists a dropped value")
        insts[f_start][row] = len(pool)
        pool.extend(int(x) for x in items)

    blocks = fn.blocks.copy()
    before = np.concatenate(([0], np.cumsum(keep)))  # kept rows before each old row
    blocks["start"] = before[fn.blocks["start"]]
    blocks["end"] = before[fn.blocks["end"]]
    if np.any(blocks["end"] <= blocks["start"]):
        raise ValueError("compaction would leave a block empty")
    for b, row in enumerate(fn.blocks):
        preds = fn.operands[int(row["preds"]) : int(row["preds"]) + int(row["npreds"])]
        blocks["preds"][b] = len(pool)
        pool.extend(int(x) for x in preds)

    return dataclasses.replace(
        fn, insts=insts, blocks=blocks, operands=np.asarray(pool, dtype=np.int32)
    )
