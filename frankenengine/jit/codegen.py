"""IR -> Numba source for the JIT lane, built only from engine templates.

One generated module holds a group of specialisations (a function and the
eligible functions it calls, each for one argument signature), so calls
between them are native calls. Each specialisation becomes a plain Python
function over typed locals that Numba compiles: `j{fid}_{n}(p0, ..., st)`,
where `st` is the run's state array (`jit.state`).

Every guarantee of the interpreter is spelled out in the generated code:
a fuel unit per loop iteration and per call, the call depth, checked int
arithmetic, division by zero, math domain and range errors, index checks and
memory charges before allocation, all through `checked`'s helpers. Each
operation that can fail gets a site id (its function and line, in `sites`),
which the helper records before raising.

Lists (`ListT`) are `cells.ListCell`s in native code: every list operation is a
helper of `cells` (CPython's semantics and messages, the interpreter's charges),
and items are read and written through `items(c)`, a view that takes no
reference, with the index checked against the list's length `c.n`.

Safety invariant: no text of the extension reaches the source. Identifiers
are minted (`v12`, `p0`, `k3`, `j4_0`); constants travel in the `_K` table,
read into module-level names that Numba freezes; operator and helper names
come from the engine's own tables.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from frankenengine.ir.builder import const_key
from frankenengine.ir.function import IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.structured import (
    Ctx,
    Numbered,
    SourceWriter,
    StructuredEmitter,
    StructureError,
)
from frankenengine.jit import cells, checked, rows, state
from frankenengine.jit import library as lib
from frankenengine.jit.jtypes import (
    BOOL,
    FLOAT,
    INT,
    INT_OR_FLOAT,
    NONE,
    RANGE,
    SLICE,
    Array,
    Builtin,
    Function,
    ListT,
    Raised,
    Tuple,
    Walk,
)
from frankenengine.jit.loops import counted_loops
from frankenengine.jit.ranges import SMALL
from frankenengine.jit.typing import Default, Typed
from frankenengine.jit.views import plan_lists
from frankenengine.language.ints import INT64_MAX, INT64_MIN

_INTLIKE = (BOOL, INT)
_SCALARS = (BOOL, INT, FLOAT)
_INT_HELPERS = {
    Op.add: "int_add",
    Op.sub: "int_sub",
    Op.mul: "int_mul",
    Op.floordiv: "int_floordiv",
    Op.mod: "int_mod",
    Op.lshift: "int_lshift",
    Op.rshift: "int_rshift",
    Op.truediv: "int_truediv",
}
_FLOAT_HELPERS = {Op.truediv: "float_div", Op.floordiv: "float_floordiv", Op.mod: "float_mod"}
_PLAIN_FLOAT = {Op.add: "+", Op.sub: "-", Op.mul: "*"}
_PLAIN_INT = {Op.add: "+", Op.sub: "-", Op.mul: "*", Op.mod: "%", Op.floordiv: "//"}
_BITWISE = {Op.bitand: "&", Op.bitor: "|", Op.bitxor: "^"}
_COMPARE = {Op.lt: "<", Op.le: "<=", Op.gt: ">", Op.ge: ">=", Op.eq: "==", Op.ne: "!="}
# int_float_compare(i, f) result -> the comparison holds.
_MIXED_TEST = {
    Op.lt: "== -1",
    Op.le: "in (-1, 0)",
    Op.gt: "== 1",
    Op.ge: "in (0, 1)",
    Op.eq: "== 0",
    Op.ne: "!= 0",
}
_SWAPPED = {Op.lt: Op.gt, Op.le: Op.ge, Op.gt: Op.lt, Op.ge: Op.le, Op.eq: Op.eq, Op.ne: Op.ne}
_NUMPY_DTYPE = {"float64": "np.float64", "int64": "np.int64", "bool": "np.bool_"}
_ITEMSIZE = {"float64": 8, "int64": 8, "bool": 1}
_ST_DEPTH, _ST_DMAX, _ST_FUEL = state.ST_DEPTH, state.ST_DMAX, state.ST_FUEL
_MATH_VALUES = {name: getattr(math, name.removeprefix("math.")) for name in lib.MATH_CONSTANTS}

ENTRY = "entry"  # the generated function the engine calls
INLINED_INSTRUCTIONS = 40  # `inlined`: the most IR instructions of an inlined function
_CONSTANT_NAME = re.compile(r"k\d+")  # a constant of the `_K` table
_LITERAL = re.compile(r"-?\d+|True|False")


def _helpers(module) -> list[str]:
    """The public functions and intrinsics a helper module defines."""
    return sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name.islower()
        and module.__name__
        in (
            getattr(value, "__module__", None),
            getattr(getattr(value, "py_func", None), "__module__", None),
        )
    )


HELPERS = _helpers(checked)
LIST_HELPERS = _helpers(cells)
ROW_HELPERS = _helpers(rows)


@dataclass
class GeneratedGroup:
    source: str
    constants: list
    sites: list[tuple[int, int]]  # site id -> (function id, line)
    names: dict[tuple[int, tuple], str]  # (fid, signature) -> generated function name


class GroupCodegen:
    """Generates one module for a group of specialisations."""

    def __init__(self, module: IRModule, specs: list[Typed], cache: bool):
        self.module = module
        self.specs = specs
        self.cache = cache
        self.constants = Numbered(const_key)
        self.sites = Numbered()  # (function id, line) of each operation that may fail
        self.names: dict[tuple[int, tuple], str] = {}
        counts: dict[int, int] = {}
        for spec in specs:
            n = counts.get(spec.fid, 0)
            counts[spec.fid] = n + 1
            self.names[(spec.fid, spec.params)] = f"j{spec.fid}_{n}"

    def const_name(self, value) -> str:
        return f"k{self.constants.number(value)}"

    def site(self, fid: int, line: int) -> int:
        return self.sites.number((fid, line))

    def generate(self) -> GeneratedGroup:
        w = SourceWriter()
        for spec in self.specs:
            _FunctionCodegen(self, spec, w).function()
        # The entry: takes the state array, passes its data pointer on.
        root = self.specs[0]
        params = [f"p{i}" for i in range(len(root.params))]
        w.emit("")
        w.emit(f"@njit(cache={self.cache}, **OPTIONS)")
        w.emit(f"def {ENTRY}({', '.join(params + ['state'])}):")
        inner = self.names[(root.fid, root.params)]
        w.emit(f"    return {inner}({', '.join(params + ['state_pointer(state)'])})")
        head = [
            '"""Generated by FrankenEngine\'s JIT lane from IR (engine templates only)."""',
            "import math",
            "import numpy as np",
            "from numba import njit",
            "from frankenengine.jit.checked import OPTIONS",
            f"from frankenengine.jit.checked import {', '.join(HELPERS)}",
            f"from frankenengine.jit.cells import {', '.join(LIST_HELPERS)}",
            f"from frankenengine.jit.rows import {', '.join(ROW_HELPERS)}",
        ]
        head += [f"k{i} = _K[{i}]" for i in range(len(self.constants.items))]
        source = "\n".join(head + w.lines) + "\n"
        return GeneratedGroup(source, self.constants.items, self.sites.items, self.names)


class _FunctionCodegen(StructuredEmitter):
    def __init__(self, group: GroupCodegen, spec: Typed, w: SourceWriter):
        self.group = group
        self.spec = spec
        self.fid = spec.fid
        self.fn = group.module.functions[spec.fid]
        self.w = w
        self.insts = self.fn.insts
        self.ops = self.fn.insts["op"].tolist()
        # An INT_OR_FLOAT value is a float (`v<r>`, what every operation on it reads) and
        # a flag (`f<r>`, read by its moves, a true division by an int, and a return).
        self.int_or_float = {r for r, t in enumerate(spec.types) if t == INT_OR_FLOAT}
        self.types = [FLOAT if t == INT_OR_FLOAT else t for t in spec.types]
        self.emitted: set[int] = set()
        self._flags = 0
        self.fused: set[int] = set()  # index tuples written into their subscript
        self._plan()

    def _plan(self) -> None:
        users = self.fn.users()
        # Rows read by address (`rows.row_at`), and lists whose items and length are read
        # once into locals where they are made (`jit.views`).
        self.lists = plan_lists(self.fn, self.types, users)
        # Loops whose fuel is charged before they run (`jit.loops`), the one being emitted
        # without its per-iteration unit (its for_iter row), if any, and the lists it
        # indexes by its variable without a check (their lengths hold its whole range).
        self.counted = counted_loops(self.fn, self.types)
        self.fast_loop: int | None = None
        self.proven: set[tuple[int, int]] = set()  # (list or array, axis)
        self.plain: frozenset[int] = frozenset()  # its int arithmetic that cannot overflow
        for r, op in enumerate(self.ops):
            if op != Op.build_tuple:
                continue
            uses = users[r]
            if uses and all(
                self.ops[u] in (Op.getitem, Op.setitem) and self.field(u, "b") == r for u in uses
            ):
                self.fused.add(r)

    def view(self, v: int) -> tuple[str, str]:
        """The locals holding list `v`'s items view and length (`jit.views`)."""
        name = self.name(v)
        return f"x_{name}", f"n_{name}"

    def emit_view(self, v: int) -> None:
        """Read list `v`'s items and length into its view's locals, where `v` is made."""
        items_name, length = self.view(v)
        if v in self.lists.row_addresses:
            outer = self.name(self.fn.value_operands(v)[0])
            self.w.emit(f"{items_name} = row_items({outer}, {self.name(v)})")
            self.w.emit(f"{length} = row_len({outer}, {self.name(v)})")
        else:
            self.w.emit(f"{items_name} = items({self.name(v)})")
            self.w.emit(f"{length} = {self.name(v)}.n")

    def alive(self, v: int) -> str:
        """What keeps list `v`'s items alive: the cell, or the outer list of a row read by
        address."""
        if v in self.lists.row_addresses:
            return self.name(self.fn.value_operands(v)[0])
        return self.name(v)

    # -- helpers --------------------------------------------------------------------
    def _is_rows(self, v: int) -> bool:
        t = self.types[v]
        return isinstance(t, ListT) and t.nested

    def field(self, r: int, name: str) -> int:
        return int(self.insts[name][r])

    def site(self, r: int) -> int:
        return self.group.site(self.fid, int(self.insts["line"][r]) or self.fn.line)

    def site_arg(self, r: int) -> str:
        """A site as a helper's argument: an int64 value, not a literal (Numba compiles a
        helper once per literal value it is called with: once per site). In a loop whose
        fuel was charged before it ran, the site word also carries the iterations still to
        come (`state.split_site`)."""
        if self.fast_loop is not None:
            return f"np.int64({self.site(r)}) + (left{self.fast_loop} << {state.SITE_BITS})"
        return f"np.int64({self.site(r)})"

    def checked(self, helper: str, args: list[str], r: int) -> str:
        passed = ", ".join(self.runtime_value(a) for a in args)
        return f"{helper}({passed}, st, {self.site_arg(r)})"

    def runtime_value(self, arg: str) -> str:
        """A helper's argument that is a constant (`k3`, `0`, `True`) made a run-time value
        of its type: Numba compiles a helper once per literal argument value."""
        if _CONSTANT_NAME.fullmatch(arg):
            value = self.group.constants.items[int(arg[1:])]
        elif _LITERAL.fullmatch(arg):
            value = {"True": True, "False": False}.get(arg, None)
            value = int(arg) if value is None else value
        else:
            return arg
        if type(value) is bool:
            return f"np.bool_({arg})"
        if type(value) is int:
            return f"np.int64({arg})"
        if type(value) is float:
            return f"np.float64({arg})"
        return arg

    def as_type(self, v: int, wanted, exact: bool = False) -> str:
        """The value `v` converted to the scalar type `wanted` (as Python converts it)."""
        t = self.types[v]
        name = self.name(v)
        if t == wanted and not (exact and name.startswith("k")):
            return name
        if wanted == FLOAT:
            return f"np.float64({name})"
        if wanted == INT:
            return f"np.int64({name})"
        if wanted == BOOL:
            return f"bool({name})" if t == BOOL else f"({name} != 0)"
        raise StructureError(f"cannot convert {t} to {wanted}")

    # -- hooks of the structured walk -------------------------------------------------
    def name(self, v: int) -> str:
        op = self.ops[v]
        if op == Op.const:
            return self.constant(self.fn.consts[self.field(v, "a")])
        if op == Op.param:
            return f"p{self.field(v, 'a')}"
        if op == Op.builtin:
            builtin_name = self.fn.consts[self.field(v, "a")]
            if builtin_name in _MATH_VALUES:
                return self.constant(_MATH_VALUES[builtin_name])
        if op == Op.load_global and v in self.spec.constants:
            return self.constant(self.spec.constants[v])
        return f"v{v}"

    def phi_moves(self, incoming: int, phi: int) -> list[tuple[str, str]]:
        """A constant moved into a variable becomes a plain int64 or float64: Numba would
        type the variable's first value as a literal, and compile every helper it reaches
        once more for each literal value. An int-or-float variable (`INT_OR_FLOAT`) moves
        its float and its flag: still the int constant, or not."""
        name = self.name(incoming)
        if phi in self.int_or_float:
            if incoming in self.int_or_float:
                return [(f"v{phi}", name), (f"f{phi}", f"f{incoming}")]
            still_int = self.spec.types[incoming] == INT  # a constant (typing)
            return [(f"v{phi}", f"np.float64({name})"), (f"f{phi}", str(still_int))]
        if self.ops[incoming] == Op.const:
            wanted = self.types[phi]
            if wanted == INT:
                return [(f"v{phi}", f"np.int64({name})")]
            if wanted == FLOAT:
                return [(f"v{phi}", f"np.float64({name})")]
        return [(f"v{phi}", name)]

    def constant(self, value) -> str:
        name = self.group.const_name(value)
        if type(value) is float and not math.isfinite(value):
            return f"opaque({name})"
        return name

    def test_expr(self, v: int) -> str:
        t = self.types[v]
        if t == BOOL:
            return self.name(v)
        return f"{self.name(v)} != {self.group.const_name(0.0 if t == FLOAT else 0)}"

    def for_header(self, term: int) -> str:
        iterator = self.field(term, "a")
        return f"for v{term} in {self.walked(self.field(iterator, 'a'))}:"

    def walked(self, source: int) -> str:
        """What a `for` loop walks for the value `source` (typing: a range, a 1-d array, a
        list, or `enumerate`/`zip` of those)."""
        over = self.types[source]
        if over == RANGE:
            args = [self.as_type(u, INT) for u in self.fn.list_operands(source)[1:]]
            return f"range({', '.join(args)})"
        if isinstance(over, ListT):  # the length is read at every step, as CPython does
            return f"{'each_row' if over.nested else 'each'}({self.name(source)})"
        if isinstance(over, Walk):
            args = self.fn.list_operands(source)[1:]
            if over.kind == "zip":
                return f"zip({', '.join(self.walked(a) for a in args)})"
            start = self.as_type(args[1], INT) if len(args) > 1 else "0"
            return f"enumerate({self.walked(args[0])}, {start})"
        return self.name(source)

    def exit_terminator(self, b: int, v: int, ctx: Ctx) -> None:
        value = self.field(v, "a")
        if self.ops[v] == Op.raise_:
            raised = self.types[value]
            self.w.emit(f"st[{state.ST_SITE}] = {self.site(v)}")
            if isinstance(raised, Raised):  # the type's name comes from library.EXCEPTIONS
                message = self.name(raised.message) if raised.message >= 0 else ""
                self.w.emit(f"raise {_exception(raised.name)}({message})")
            else:
                self.w.emit(f"raise {_exception(raised.name)}()")
            return
        if self.ops[v] != Op.ret:
            raise StructureError(f"unexpected terminator {OPCODES[self.ops[v]].name}")
        if not self.fn.continues_frame:
            self.w.emit(f"st[{_ST_DEPTH}] -= 1")
        if self.types[value] == NONE:
            self.w.emit("return None")
        elif self.spec.returns == INT_OR_FLOAT:  # (still the int, the float): the entry's
            if value in self.int_or_float:
                self.w.emit(f"return f{value}, {self.name(value)}")
            else:
                still_int = self.spec.types[value] == INT  # a constant (typing)
                self.w.emit(f"return {still_int}, np.float64({self.name(value)})")
        else:
            self.w.emit(f"return {self.name(value)}")

    def silent(self, v: int) -> bool:
        op = self.ops[v]
        return op in (Op.const, Op.param, Op.builtin, Op.br) or self._is_silent(v)

    def _is_silent(self, v: int) -> bool:
        op = self.ops[v]
        if isinstance(self.types[v], Raised):
            return True
        if op == Op.load_global or op == Op.get_iter or op == Op.build_slice:
            return True  # a slice is read by the subscript that uses it
        if op == Op.call and isinstance(self.types[v], type(RANGE)):
            return len(self.fn.list_operands(v)) < 4  # a range without a step to check
        if op == Op.call and isinstance(self.types[v], Walk):
            return True  # written into the header of the loop that walks it
        return v in self.fused

    def loop(self, header: int, ctx: Ctx) -> None:
        """A counted loop (`jit.loops`) is emitted twice: run with its fuel charged before
        it when the fuel holds all its iterations, else with a unit an iteration."""
        if header not in self.counted:
            super().loop(header, ctx)
            return
        w = self.w
        row = self.fn.blocks[header]
        exit_block = int(row["merge"])
        term = int(row["end"]) - 1
        body, exhausted = self.field(term, "b"), self.field(term, "c")
        self.emitted.add(header)
        w.line = int(self.insts["line"][term])
        bounds = self.range_bounds(self.field(self.field(term, "a"), "a"))
        trips = f"t{term}"
        w.emit(f"{trips} = range_trip({', '.join(bounds)})")
        loop = self.counted[header]
        proven = self._indexed_by(term, loop.blocks)
        tests = [
            f"range_within({bounds[0]}, {trips}, {bounds[2]}, 0, {self.length(c, axis)} - 1)"
            for c, axis in proven
        ]
        if loop.bounds_variable:
            tests.append(f"range_within({bounds[0]}, {trips}, {bounds[2]}, {-SMALL}, {SMALL})")
        for phi, low, high in loop.counters:
            if high > 0:
                tests.append(f"{self.name(phi)} <= {INT64_MAX} - {trips} * {high}")
            if low < 0:
                # INT64_MIN written as a sum: its literal's digits do not fit an int64
                tests.append(f"{self.name(phi)} >= {INT64_MIN + 1} - 1 - {trips} * {low}")
        w.emit(f"if {' and '.join(tests + [f'charge_loop(st, {trips})'])}:")
        before = set(self.emitted)
        w.indent += 1
        w.emit(f"left{term} = {trips}")
        w.emit(self.for_header(term))
        self.fast_loop, self.proven, self.plain = term, set(proven), loop.plain
        self.arm(header, body, Ctx(-1, header, exit_block))
        self.fast_loop, self.proven, self.plain = None, set(), frozenset()
        w.indent -= 1
        self.emitted = before  # the body again, with a unit an iteration
        w.emit("else:")
        w.indent += 1
        w.emit(self.for_header(term))
        self.arm(header, body, Ctx(-1, header, exit_block))
        w.indent -= 1
        if exhausted != exit_block or self._has_moves(header, exit_block):
            self.edge(header, exhausted, ctx.with_stop(exit_block))  # the loop's `else`
        self.continue_at(exit_block, ctx)

    def range_bounds(self, source: int) -> list[str]:
        """(start, stop, step) of the `range(...)` call `source`, each an int64 value."""
        bounds = [self.as_type(u, INT) for u in self.fn.list_operands(source)[1:]]
        if len(bounds) == 1:
            bounds.insert(0, "0")
        if len(bounds) == 2:
            bounds.append("1")
        return [f"np.int64({b})" for b in bounds]

    def _indexed_by(self, term: int, blocks: frozenset[int]) -> list[tuple[int, int]]:
        """(sequence, axis) of the lists and arrays the body of the loop of `term` indexes
        by the loop's variable, whose length cannot change in it: lists with a view made
        before the loop, arrays made before it (an array's shape never changes)."""
        owner = self.fn.block_of()
        found = set()
        for b in blocks:
            row = self.fn.blocks[b]
            for u in range(int(row["start"]), int(row["end"])):
                if self.ops[u] not in (Op.getitem, Op.setitem):
                    continue
                container, index = self.fn.value_operands(u)[:2]
                if self.ops[container] != Op.param and owner[container] in blocks:
                    continue
                if isinstance(self.types[container], Array):
                    axes = self.index_rows(index)
                    found |= {(container, k) for k, v in enumerate(axes) if v == term}
                elif index == term and container in self.lists.views:
                    found.add((container, 0))
        return sorted(found)

    def index_rows(self, index: int) -> list[int]:
        """The value of each axis of an array index: the index, or a fused tuple's items."""
        if isinstance(self.types[index], Tuple):
            return self.fn.value_operands(index) if index in self.fused else []
        return [index]

    def length(self, sequence: int, axis: int) -> str:
        """A list's length (its view's) or an array's extent along `axis`."""
        if isinstance(self.types[sequence], Array):
            return f"{self.name(sequence)}.shape[{axis}]"
        return self.view(sequence)[1]

    # -- functions --------------------------------------------------------------------
    def function(self) -> None:
        w = self.w
        w.fn_id = self.fid
        w.line = self.fn.line
        params = [f"p{i}" for i in range(len(self.spec.params))]
        w.emit("")
        inline = ', inline="always"' if self.inlined() else ""
        w.emit(f"@njit(cache={self.group.cache}{inline}, **OPTIONS)")
        w.emit(
            f"def {self.group.names[(self.fid, self.spec.params)]}({', '.join(params + ['st'])}):"
        )
        w.indent += 1
        if not self.fn.continues_frame:  # an outlined loop runs in its function's frame
            site = self.group.site(self.fid, self.fn.line)
            w.emit(f"st[{_ST_DEPTH}] += 1")
            w.emit(f"if st[{_ST_DEPTH}] > st[{_ST_DMAX}]:")
            w.emit(f"    too_deep(st, np.int64({site}))")
        for v in sorted(self.lists.views):
            if self.ops[v] == Op.param:
                self.emit_view(v)
        before = len(w.lines)
        self.block(0, Ctx())
        if len(w.lines) == before:
            w.emit("pass")
        w.indent -= 1

    def inlined(self) -> bool:
        """Whether Numba inlines this function into its callers: a small one that calls no
        other (so never itself). A native call's argument passing and frame cost spectral
        norm's `eval_a(i, j)` half the kernel's time; its body, inlined, costs nothing to
        reach (the depth and fuel it charges are unchanged)."""
        return not self.spec.calls and len(self.ops) <= INLINED_INSTRUCTIONS

    # -- instructions -----------------------------------------------------------------
    def instruction(self, r: int) -> None:
        self.define(r)
        if r in self.lists.views and self.ops[r] != Op.param:
            self.emit_view(r)

    def define(self, r: int) -> None:
        op = self.ops[r]
        self.w.line = int(self.insts["line"][r]) or self.w.line
        if op == Op.phi or self._is_silent(r) or op in (Op.const, Op.param, Op.builtin):
            return
        t = self.types[r]
        uses = self.fn.value_operands(r)
        emit = self.w.emit
        target = f"v{r} = "
        if op == Op.fuel and self.fast_loop is not None:  # charged before the loop
            emit(f"left{self.fast_loop} -= 1")
        elif op == Op.fuel:
            emit(f"st[{_ST_FUEL}] -= 1")
            emit(f"if st[{_ST_FUEL}] < 0:")
            emit(f"    refuel(st, {self.site_arg(r)})")
        elif op == Op.inplace:
            emit(target + self.binary(self.field(r, "c"), uses[0], uses[1], r))
        elif op in _COMPARE or op in _INT_HELPERS or op in _BITWISE or op == Op.pow:
            emit(target + self.binary(op, uses[0], uses[1], r))
        elif op in (Op.in_, Op.not_in):  # an item in a list (typing)
            test = f"list_contains({self.name(uses[1])}, {self.name(uses[0])})"
            emit(target + (test if op == Op.in_ else f"not {test}"))
        elif op in (Op.neg, Op.pos, Op.invert, Op.not_):
            emit(target + self.unary(op, uses[0], r))
        elif op == Op.build_list:
            self.list_display(r, uses)
        elif op == Op.build_tuple:
            items = [self.name(u) for u in uses]
            emit(target + "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")")
        elif op == Op.getitem:
            emit(target + self.subscript(uses[0], uses[1], r))
        elif op == Op.setitem and self._is_rows(uses[0]):  # `a[i] = row`
            outer, index, row = self.name(uses[0]), self.as_type(uses[1], INT), self.name(uses[2])
            emit(self.checked("rows_set", [outer, index, row], r))
        elif op == Op.setitem:
            array = self.types[uses[0]]
            value = self.store_value(array, uses[2], r)
            emit(f"{self.subscript(uses[0], uses[1], r, store=True)} = {value}")
        elif op == Op.getattr:
            emit(target + f"{self.name(uses[0])}.{self.fn.consts[self.field(r, 'b')]}")
        elif op == Op.unpack:
            emit(target + self.name(uses[0]))
        elif op == Op.item:
            emit(target + f"{self.name(uses[0])}[{int(self.field(r, 'b'))}]")
        elif op == Op.call:
            self.call(r, uses[0], uses[1:], {})
        elif op == Op.call_kw:
            names = self.fn.consts[self.field(r, "c")]
            split = len(uses) - 1 - len(names)
            kwargs = dict(zip(names, uses[1 + split :], strict=True))
            self.call(r, uses[0], uses[1 : 1 + split], kwargs)
        elif op == Op.call_method:
            self.method(r, self.fn.consts[self.field(r, "c")][0], uses[0], uses[1:])
        else:
            raise StructureError(f"no JIT template for '{OPCODES[op].name}' ({t})")

    def binary(self, op: int, lhs: int, rhs: int, r: int) -> str:
        if r in self.plain:  # bounded within 64 bits (`jit.ranges`)
            return f"{self.name(lhs)} {_PLAIN_INT[op]} {self.name(rhs)}"
        ta, tb = self.types[lhs], self.types[rhs]
        if isinstance(ta, ListT) or isinstance(tb, ListT):
            return self.list_binary(op, lhs, rhs, r)
        ints = ta in _INTLIKE and tb in _INTLIKE
        if op in _COMPARE:
            if ints or (ta == FLOAT and tb == FLOAT):
                return f"{self.name(lhs)} {_COMPARE[op]} {self.name(rhs)}"
            if tb == FLOAT:  # int or bool against a float: exact, as CPython
                return (
                    f"int_float_compare({self.as_type(lhs, INT)}, {self.name(rhs)}) "
                    + (_MIXED_TEST[op])
                )
            swapped = _SWAPPED[op]
            return (
                f"int_float_compare({self.as_type(rhs, INT)}, {self.name(lhs)}) "
                + (_MIXED_TEST[swapped])
            )
        if op in _BITWISE:
            if ta == tb == BOOL:
                return f"{self.name(lhs)} {_BITWISE[op]} {self.name(rhs)}"
            return f"{self.as_type(lhs, INT)} {_BITWISE[op]} {self.as_type(rhs, INT)}"
        if op == Op.pow:
            if self.types[r] == INT:
                return self.checked("int_pow", [self.as_type(lhs, INT), self.name(rhs)], r)
            return self.checked(
                "float_pow", [self.as_type(lhs, FLOAT), self.as_type(rhs, FLOAT)], r
            )
        if ints:
            return self.checked(
                _INT_HELPERS[op], [self.as_type(lhs, INT), self.as_type(rhs, INT)], r
            )
        a, b = self.as_type(lhs, FLOAT), self.as_type(rhs, FLOAT)
        if op == Op.truediv and lhs in self.int_or_float and tb in _INTLIKE:
            # Still the int: CPython divides two ints (exactly rounded); else float / int.
            exact = self.checked("int_truediv", [f"np.int64({a})", self.as_type(rhs, INT)], r)
            return f"({exact} if f{lhs} else {self.checked('float_div', [a, b], r)})"
        if op in _PLAIN_FLOAT:
            return f"{a} {_PLAIN_FLOAT[op]} {b}"
        return self.checked(_FLOAT_HELPERS[op], [a, b], r)

    def list_binary(self, op: int, lhs: int, rhs: int, r: int) -> str:
        """`xs * n`, `n * xs`, `xs + ys`, `xs == ys`, `xs != ys` (what typing allows)."""
        ta = self.types[lhs]
        a, b = self.name(lhs), self.name(rhs)
        if op == Op.mul:
            repeat = "rows_repeat" if self.types[r].nested else "list_repeat"
            if isinstance(ta, ListT):
                return self.checked(repeat, [a, self.as_type(rhs, INT)], r)
            return self.checked(repeat, [b, self.as_type(lhs, INT)], r)
        if op == Op.add:
            return self.checked("list_concat", [a, b], r)
        return f"{'' if op == Op.eq else 'not '}list_equal({a}, {b})"

    def unary(self, op: int, v: int, r: int) -> str:
        t = self.types[v]
        if op == Op.not_:
            return f"not {self.test_expr(v)}"
        if op == Op.invert:
            return f"~{self.as_type(v, INT)}"
        if t == FLOAT:
            return f"-{self.name(v)}" if op == Op.neg else self.name(v)
        if op == Op.neg and r in self.plain:  # bounded within 64 bits (`jit.ranges`)
            return f"-{self.name(v)}"
        if op == Op.neg:
            return self.checked("int_neg", [self.as_type(v, INT)], r)
        return self.as_type(v, INT)

    def index_items(self, index: int) -> list[str]:
        t = self.types[index]
        if not isinstance(t, Tuple):
            return [self.name(index)]
        if index in self.fused:
            return [self.name(u) for u in self.fn.value_operands(index)]
        return [f"{self.name(index)}[{k}]" for k in range(len(t.items))]

    def subscript(self, container: int, index: int, r: int, store: bool = False) -> str:
        tc = self.types[container]
        base = self.name(container)
        if (container, 0) in self.proven and index == self.fast_loop and isinstance(tc, ListT):
            return f"keep({self.view(container)[0]}, {self.alive(container)})[{self.name(index)}]"
        if container in self.lists.views and self.types[index] != SLICE:  # read once
            items_name, length = self.view(container)
            helper = "list_store_ix" if store else "list_ix"
            checked_index = self.checked(helper, [self.as_type(index, INT), length], r)
            return f"keep({items_name}, {self.alive(container)})[{checked_index}]"
        if container in self.lists.row_addresses:  # `a[i][j]`: a row read by its address
            outer = self.name(self.fn.value_operands(container)[0])
            length = f"row_len({outer}, {base})"
            helper = "list_store_ix" if store else "list_ix"
            checked_index = self.checked(helper, [self.as_type(index, INT), length], r)
            return f"row_items({outer}, {base})[{checked_index}]"
        if isinstance(tc, ListT) and tc.nested:  # `a[i]`: the row (typing: an int index)
            helper = "row_at" if r in self.lists.row_addresses else "rows_get"
            return self.checked(helper, [base, self.as_type(index, INT)], r)
        if isinstance(tc, ListT) and self.types[index] == SLICE:  # a new list (typing)
            bounds = []
            for part in self.fn.value_operands(index):
                given = self.types[part] != NONE
                bounds += [self.as_type(part, INT) if given else "0", str(given)]
            return self.checked("list_slice", [base, *bounds], r)
        if isinstance(tc, ListT):
            helper = "list_store_ix" if store else "list_ix"
            checked_index = self.checked(helper, [self.as_type(index, INT), f"{base}.n"], r)
            return f"items({base})[{checked_index}]"
        if isinstance(tc, Tuple):
            position = self.fn.consts[self.field(index, "a")]
            return f"{base}[{int(position) % len(tc.items)}]"
        rows = self.index_rows(index)
        checked_items = [
            item  # the loop's variable, its range checked before the loop (`jit.loops`)
            if (container, axis) in self.proven and rows[axis] == self.fast_loop
            else self.checked("ix", [item, f"{base}.shape[{axis}]", str(axis)], r)
            for axis, item in enumerate(self.index_items(index))
        ]
        return f"{base}[{', '.join(checked_items)}]"

    def store_value(self, array: Array, v: int, r: int) -> str:
        t = self.types[v]
        element = array.element
        if element == INT and t == FLOAT:
            return self.checked("float_to_int", [self.name(v)], r)
        return self.as_type(v, element)

    # -- calls -------------------------------------------------------------------------
    def call(self, r: int, callee: int, args: list[int], kwargs: dict) -> None:
        emit = self.w.emit
        target = self.types[callee]
        if isinstance(target, Function):
            fid, signature = self.spec.calls[r]
            name = self.group.names[(fid, signature)]
            # Scalars are passed with their exact type (a frozen constant would be a
            # Numba literal, compiling a second overload of the callee).
            bound = self.spec.bindings.get(r, args)  # keywords and defaults in place
            passed = [
                self.default(a)
                if isinstance(a, Default)
                else self.as_type(a, sig, exact=True)
                if sig in _SCALARS
                else self.name(a)
                for a, sig in zip(bound, signature, strict=True)
            ]
            emit(f"v{r} = {name}({', '.join(passed + ['st'])})")
            return
        assert isinstance(target, Builtin)
        name = target.name
        arg_types = [self.types[a] for a in args]
        if name == "range":  # only a stepped range is emitted: its step is checked
            step = self.as_type(args[2], INT)
            emit(f"if {step} == 0:")
            emit(f"    range_step_zero(st, {self.site_arg(r)})")
            return
        if name in lib.ROUTINES:
            routine = lib.ROUTINES[name]
        elif name in lib.BY_ARGUMENT:
            routine = lib.BY_ARGUMENT[name][arg_types[0]]
        else:
            routine = None
        if name in lib.LIST_FUNCTIONS and arg_types and isinstance(arg_types[0], ListT):
            emit(f"v{r} = " + self.checked(lib.LIST_FUNCTIONS[name], [self.name(args[0])], r))
            return
        if routine is not None:
            converted = [self.as_type(a, p) for a, p in zip(args, routine.params, strict=True)]
            emit(f"v{r} = " + self.checked(routine.helper, converted, r))
        elif name in lib.EXTREMA:
            emit(f"v{r} = {self.name(args[0])}")
            for a in args[1:]:
                emit(f"if {self.name(a)} {_COMPARE[getattr(Op, lib.EXTREMA[name])]} v{r}:")
                emit(f"    v{r} = {self.name(a)}")
        elif name in lib.NUMPY_EXTREMA:
            result = self.types[r]
            converted = [self.as_type(a, result) for a in args]
            emit(f"v{r} = " + self.checked(lib.NUMPY_EXTREMA[name], converted, r))
        elif name == "len" and args[0] in self.lists.views:
            emit(f"v{r} = {self.view(args[0])[1]}")
        elif name == "len" and isinstance(arg_types[0], ListT):
            emit(f"v{r} = {self.name(args[0])}.n")
        elif name == "len":
            emit(f"v{r} = len({self.name(args[0])})")
        elif name == "list":  # of a range (typing): its step was checked by the range row
            emit(f"v{r} = " + self.checked("list_of_range", self.range_bounds(args[0]), r))
        elif name == "sum":  # of a list, from an int or float start (typing)
            if self.types[r] == FLOAT:
                # No start: INT_OR_FLOAT, still the int 0 when the list is empty (typing).
                start = self.as_type(args[1], FLOAT) if len(args) == 2 else "np.float64(0.0)"
                emit(f"v{r} = list_float_sum({self.name(args[0])}, {start})")
                if r in self.int_or_float:
                    emit(f"f{r} = {self.name(args[0])}.n == 0")
            else:
                start = self.as_type(args[1], INT) if len(args) == 2 else "np.int64(0)"
                emit(f"v{r} = " + self.checked("list_int_sum", [self.name(args[0]), start], r))
        elif name in lib.ALLOCATORS or name == "numpy.full":
            self.allocation(r, name, args)
        elif name in lib.LIKE_ALLOCATORS:
            self.like_allocation(r, lib.LIKE_ALLOCATORS[name], args[0])
        elif name in lib.ARRAY_FUNCTIONS:
            self.method(r, lib.ARRAY_FUNCTIONS[name], args[0], [])
        else:
            raise StructureError(f"no JIT template for a call of {name}")

    def default(self, given: Default) -> str:
        """A parameter's default value (a scalar constant, typing), with its exact type."""
        return self.runtime_value(self.constant(given.value))

    def list_display(self, r: int, items: list[int]) -> None:
        """`[a, b, c]`: the interpreter charges a display nothing, nor does this."""
        result: ListT = self.types[r]
        if result.nested:
            self.w.emit(f"v{r} = empty_rows_{result.dtype}()")
            for item in items:
                self.w.emit(f"push_row(v{r}, {self.name(item)})")
            return
        self.w.emit(f"d{r} = np.empty({max(len(items), 1)}, {_NUMPY_DTYPE[result.dtype]})")
        for k, item in enumerate(items):
            self.w.emit(f"d{r}[{k}] = {self.as_type(item, result.item)}")
        self.w.emit(f"v{r} = new_cell(d{r}, {len(items)})")

    def allocation(self, r: int, name: str, args: list[int]) -> None:
        result: Array = self.types[r]
        dims = self.index_items(args[0]) if isinstance(self.types[args[0]], Tuple) else []
        if not dims:
            dims = [self.name(args[0])]
        dims = [f"np.int64({d})" for d in dims]
        padded = dims + ["1"] * (3 - len(dims))
        count = f"n{r}"
        self.w.emit(f"{count} = " + self.checked("shape_count", padded, r))
        self.w.emit(self.checked("charge", [count, str(_ITEMSIZE[result.dtype])], r))
        shape = "(" + ", ".join(dims) + ",)"
        dtype = _NUMPY_DTYPE[result.dtype]
        if name == "numpy.full":
            fill = self.store_value(result, args[1], r)
            self.w.emit(f"v{r} = np.full({shape}, {fill}, {dtype})")
        else:
            self.w.emit(f"v{r} = np.{lib.ALLOCATORS[name]}({shape}, {dtype})")

    def like_allocation(self, r: int, kind: str, source: int) -> None:
        result: Array = self.types[r]
        base = self.name(source)
        self.w.emit(self.checked("charge", [f"{base}.size", str(_ITEMSIZE[result.dtype])], r))
        if kind == "copy":
            self.w.emit(f"v{r} = {base}.copy()")
        else:
            self.w.emit(f"v{r} = np.{kind}({base}.shape, {_NUMPY_DTYPE[result.dtype]})")

    def method(self, r: int, name: str, receiver: int, args: list[int]) -> None:
        if isinstance(self.types[receiver], ListT):
            self.list_method(r, name, receiver, args)
            return
        array: Array = self.types[receiver]
        base = self.name(receiver)
        kind = lib.ARRAY_METHODS[name]
        if kind == "element":
            self.w.emit(f"v{r} = " + self.checked(f"array_{name}", [base], r))
        elif kind == "sum" and array.dtype == "float64":  # 1-d, or n-d and C-contiguous
            flat = base if array.ndim == 1 else f"{base}.ravel()"
            self.w.emit(f"v{r} = " + self.checked("array_float_sum", [flat], r))
        elif kind == "sum":
            self.w.emit(f"v{r} = " + self.checked("array_int_sum", [base], r))
        elif kind == "array":
            self.like_allocation(r, "copy", receiver)
        else:
            self.w.emit(f"{base}.fill({self.store_value(array, args[0], r)})")

    def list_method(self, r: int, name: str, receiver: int, args: list[int]) -> None:
        table = lib.ROWS_METHODS if self.types[receiver].nested else lib.LIST_METHODS
        method = table[(name, len(args))]
        passed = [self.name(receiver)] + [
            self.as_type(a, INT) if kind == "int" else self.name(a)
            for kind, a in zip(method.args, args, strict=True)
        ]
        if method.checked:
            call = self.checked(method.helper, passed, r)
        else:
            call = f"{method.helper}({', '.join(passed)})"
        self.w.emit(call if method.result == "none" else f"v{r} = {call}")


def _exception(name: str) -> str:
    """The source name of an exception type, only ever one of the library's own."""
    if name not in lib.EXCEPTIONS:
        raise StructureError(f"no JIT template for raising {name}")
    return name
