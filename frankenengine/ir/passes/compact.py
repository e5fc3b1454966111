"""Drop instruction rows from a function and renumber every value reference.

`compact(fn, keep)` is the one place where passes delete instructions. It
returns a new IRFunction whose rows are the kept rows in their old order, with

- every value reference remapped: the `v` fields of each row (by the opcode's
  operand shape), the operand lists of list-shaped rows whose `list_kind` is
  "v" (call arguments, phi inputs, tuple items, make_function defaults);
- the operand pool rebuilt in canonical layout: instruction lists in row
  order, then the blocks' predecessor lists in block order;
- each block's `[start, end)` range recomputed (blocks keep their ids, kinds,
  merges and predecessors).

Precondition: a kept row uses only kept values, and every block keeps at
least one row (its terminator). Violations raise ValueError instead of
producing tables that point into the void.

`value_operands(fn)` lists, for each row, the values it uses (by the same
shape rules): the use graph that typeinfer and dce walk.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from frankenengine.ir.function import IRFunction
from frankenengine.ir.opcodes import OPCODES

# Per opcode: is field a / b / c a value id?  (shape letter "v")
_VALUE_FIELD = {
    field: np.array([info.shape[k] == "v" for info in OPCODES], dtype=bool)
    for k, field in enumerate("abc")
}
# Per opcode: index of the field holding an operand-list start (-1: none).
_LIST_FIELD = {info.code: info.shape.find("L") for info in OPCODES if "L" in info.shape}


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
    for row in np.flatnonzero(np.isin(ops, list(_LIST_FIELD))):
        op = int(ops[row])
        k = _LIST_FIELD[op]
        f_start, f_count = "abc"[k], "abc"[k + 1]
        start, count = int(insts[f_start][row]), int(insts[f_count][row])
        items = fn.operands[start : start + count].astype(np.int64)
        if OPCODES[op].list_kind == "v":
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


def value_operands(fn: IRFunction) -> list[list[int]]:
    """For each row, the value ids it uses: `v` fields in field order, then its list (if of values)."""
    out: list[list[int]] = []
    pool = fn.operands.tolist()
    for op, a, b, c in zip(*(fn.insts[f].tolist() for f in ("op", "a", "b", "c")), strict=True):
        info = OPCODES[op]
        fields = (a, b, c)
        uses = [
            fields[k] for k, letter in enumerate(info.shape) if letter == "v" and fields[k] >= 0
        ]
        k = _LIST_FIELD.get(op, -1)
        if k >= 0 and info.list_kind == "v":
            uses.extend(pool[fields[k] : fields[k] + fields[k + 1]])
        out.append(uses)
    return out
