"""IR containers: a function is a set of flat NumPy tables; a module is a list of them.

Layout (DESIGN.md, "The IR"), as in Cranelift's data-flow graph:

- `insts`: one row per instruction (`INST_DTYPE`). The value an instruction
  defines is its row index. Rows of a block are contiguous; a block's phis come
  first and its terminator last.
- `blocks`: one row per block (`BLOCK_DTYPE`): its row range `[start, end)`,
  its predecessors as `(preds, npreds)` into the operand pool, its structural
  kind, and `merge`, the block where the structure it opens rejoins (the join
  of an if/else `br`, the exit of a loop, the join of a try statement; -1 when
  no path reaches it).
- `operands`: one shared int32 pool for variable-length operand lists.
- `consts`: the constant pool (Python scalars, strings and tuples of them),
  referenced by index.

A module may link several source files (an extension package): each
function then names its own file in `filename` ("" means the module's file).

Operands and uses are read through one set of accessors, driven by the opcode
table's operand shape: `list_operands(row)` (the entries of a row's operand
list), `value_operands(row)` (every value a row uses), `all_value_operands()`
(the same for every row at once) and `users()` (for each value, the rows that
use it).

Block 0 is the entry. Phi inputs are in the order of the block's predecessors.
Structure is explicit so that code generators never rebuild it from a graph:
every `br` in a PLAIN block is an if/else whose arms meet at the block's
`merge` (or leave the structure); a loop header's `merge` is the loop exit;
the `br` of a LOOP_TEST block is a while loop's test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from frankenengine.ir.opcodes import OPCODES

INST_DTYPE = np.dtype(
    [
        ("op", "u2"),
        ("type", "u2"),
        ("a", "i4"),
        ("b", "i4"),
        ("c", "i4"),
        ("line", "i4"),
        ("col", "i4"),
    ]
)

BLOCK_DTYPE = np.dtype(
    [
        ("start", "i4"),
        ("end", "i4"),
        ("preds", "i4"),
        ("npreds", "i4"),
        ("kind", "u1"),
        ("merge", "i4"),
    ]
)

# Per opcode, for reading many rows fast: the positions (0-2 for a, b, c) of its value
# fields, and the position of its operand list's start when the list holds values (-1: none).
_VALUE_POSITIONS: tuple[tuple[int, ...], ...] = tuple(
    tuple("abc".index(field) for field in info.value_fields) for info in OPCODES
)
_VALUE_LIST_POSITION: tuple[int, ...] = tuple(
    "abc".index(info.list_fields[0]) if info.list_fields and info.list_kind == "v" else -1
    for info in OPCODES
)

# Block kinds.
PLAIN = 0
LOOP_WHILE = 1  # header of a while loop; merge = loop exit
LOOP_FOR = 2  # header of a for loop, ends in for_iter; merge = loop exit
LOOP_TEST = 3  # ends in the `br` that tests a while loop's condition
BLOCK_KINDS: tuple[str, ...] = ("plain", "while", "for", "test")


@dataclass(frozen=True)
class Signature:
    """Parameters of a function: names, how many are keyword-only, which have defaults."""

    names: tuple[str, ...] = ()
    n_kwonly: int = 0
    has_default: tuple[bool, ...] = ()

    @property
    def n_positional(self) -> int:
        return len(self.names) - self.n_kwonly


@dataclass
class IRFunction:
    """One function's IR. `parent` is the id of the enclosing function (-1 at top level)."""

    name: str
    signature: Signature
    insts: np.ndarray
    blocks: np.ndarray
    operands: np.ndarray
    consts: list
    slots: tuple[str, ...] = ()
    parent: int = -1
    is_generator: bool = False
    line: int = 0
    filename: str = ""  # its source file when not the module's (a package's other modules)
    # An outlined loop (`ir.outline`): it runs inside its function's frame, so entering
    # and leaving it changes no call depth (read by the JIT's code generator).
    continues_frame: bool = False

    def operand_list(self, start: int, count: int) -> np.ndarray:
        return self.operands[start : start + count]

    # -- operands and uses, by the opcode table's operand shape ---------------------
    def list_operands(self, row: int) -> list[int]:
        """The entries of row `row`'s operand list (value or block ids, as its opcode's
        `list_kind` says); [] when its opcode has no list."""
        inst = self.insts[row]
        fields = OPCODES[int(inst["op"])].list_fields
        if fields is None:
            return []
        start, count = int(inst[fields[0]]), int(inst[fields[1]])
        return self.operands[start : start + count].tolist()

    def value_operands(self, row: int) -> list[int]:
        """The values row `row` uses: its `v` fields in field order (an absent one, -1,
        left out), then the entries of its operand list when that lists values."""
        inst = self.insts[row]
        info = OPCODES[int(inst["op"])]
        uses = [v for v in (int(inst[field]) for field in info.value_fields) if v >= 0]
        if info.list_fields is not None and info.list_kind == "v":
            uses.extend(self.list_operands(row))
        return uses

    def all_value_operands(self) -> list[list[int]]:
        """`value_operands(row)` of every row, read in one pass over the tables."""
        out: list[list[int]] = []
        pool = self.operands.tolist()
        columns = (self.insts[f].tolist() for f in ("op", "a", "b", "c"))
        for op, *fields in zip(*columns, strict=True):
            uses = [fields[k] for k in _VALUE_POSITIONS[op] if fields[k] >= 0]
            k = _VALUE_LIST_POSITION[op]
            if k >= 0:
                uses.extend(pool[fields[k] : fields[k] + fields[k + 1]])
            out.append(uses)
        return out

    def users(self, uses: list[list[int]] | None = None) -> list[list[int]]:
        """For each value, the rows that use it: in row order, a row once per use
        (`v3 = add v1, v1` is listed twice under v1). `uses`, when given, is this
        function's `all_value_operands()`, already computed."""
        users: list[list[int]] = [[] for _ in range(len(self.insts))]
        for row, used in enumerate(self.all_value_operands() if uses is None else uses):
            for value in used:
                users[value].append(row)
        return users

    def preds(self, block: int) -> np.ndarray:
        row = self.blocks[block]
        return self.operands[row["preds"] : row["preds"] + row["npreds"]]

    def block_of(self) -> np.ndarray:
        """For each instruction row, the block that holds it."""
        owner = np.empty(len(self.insts), dtype=np.int32)
        for b, row in enumerate(self.blocks):
            owner[row["start"] : row["end"]] = b
        return owner

    def terminator(self, block: int) -> int:
        return int(self.blocks[block]["end"]) - 1


def source_name(global_name: str) -> str:
    """The name extension source uses for a global: `x` for `x`, for a package
    module's `helpers.x` and for a hidden global such as `x.<imported>`."""
    parts = [part for part in global_name.split(".") if not part.startswith("<")]
    return parts[-1] if parts else global_name


@dataclass
class IRModule:
    """A module: function 0 runs the top-level code; `globals` names module-level variables."""

    name: str
    filename: str
    functions: list[IRFunction] = field(default_factory=list)
    globals: tuple[str, ...] = ()
    exports: tuple[str, ...] = ()  # top-level function names, in definition order
