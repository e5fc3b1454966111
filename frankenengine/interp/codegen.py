"""IR -> Python source for the interpreter lane, built only from engine templates.

Each IR function becomes one Python `def`, nested where the IR says (closures
are Python closures); the module becomes a factory function whose cells hold
the module's globals, constants, built-ins and the metering counters, so the
hot paths read them as fast closure variables.

Safety invariant: no text the extension wrote reaches the generated source.
Identifiers are minted (`v12` values, `p0` parameters, `s3_1` slots, `g4`
globals, `k7` constants, `b2` built-ins, `f5` functions); constants and
built-ins travel through tables by index; attribute names are emitted only
after being looked up in the engine's own surface table.

Structure invariant: control flow is rebuilt from the IR's explicit structure
(block kinds and merges), never guessed from the graph: a `br` is an if/else
meeting at its merge, loop headers become `for`/`while True`, jumps to a
loop's header or exit become `continue`/`break`, try regions become
try/except/else/finally. Phis become parallel assignments on their edges.

This module holds the module and function frames and value naming; control
flow is emitted by `emit_structure`, instructions by `emit_instructions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from frankenengine.interp.codegen_base import GROWN_THRESHOLD, CodegenError
from frankenengine.interp.emit_instructions import _COMPARE_CODES, InstructionEmitter
from frankenengine.interp.emit_structure import StructureEmitter
from frankenengine.interp.entry_points import factory_return_statement
from frankenengine.ir.builder import const_key
from frankenengine.ir.facts import module_facts
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.outline import FunctionLoops, LoopInterface
from frankenengine.ir.structured import Ctx, Numbered, SourceWriter

__all__ = ["GROWN_THRESHOLD", "CodegenError", "GeneratedModule", "generate"]


@dataclass
class GeneratedModule:
    source: str
    line_map: list[int]  # generated line (1-based index) -> extension line
    function_of_line: list[int]  # generated line -> IR function id
    builtins: list[str]  # built-in names, in the order of the `b` table
    constants: list  # the `k` table
    static_types: list  # the `t` table: built-in type names of isinstance calls
    signatures: dict = field(default_factory=dict)  # "f12" -> Signature
    # Loops that poll for in-call tier-up (`ir.outline`), by the number their stub passes.
    loops: list[LoopInterface] = field(default_factory=list)


class ModuleCodegen:
    def __init__(self, module: IRModule, wrapped_methods: frozenset[str], loop_poll: int = 0):
        self.module = module
        self.wrapped_methods = wrapped_methods
        # In-call tier-up: a loop that can be entered natively asks `_loop` (`set_loop_entry`)
        # whether to go on in native code when its iteration's fuel takes a new batch (the
        # lane's batches are then `loop_poll` units; 0: loops never ask).
        self.loop_poll = loop_poll
        self.loops: list[LoopInterface] = []
        self.frozen = module_facts(module).frozen if loop_poll else frozenset()
        self.out = SourceWriter()
        self.builtins = Numbered()  # names of the built-ins it calls
        self.constants = Numbered(const_key)
        self.signatures: dict = {}
        self.static_types = Numbered()  # isinstance type arguments: tuples of type names
        self.children: dict[int, list[int]] = {}
        for fid, fn in enumerate(module.functions):
            self.children.setdefault(fn.parent, []).append(fid)

    # -- tables -------------------------------------------------------------
    def builtin_name(self, name: str) -> str:
        return f"b{self.builtins.number(name)}"

    def static_types_name(self, names: tuple[str, ...]) -> str:
        return f"t{self.static_types.number(names)}"

    def const_name(self, value) -> str:
        return f"k{self.constants.number(value)}"

    # -- module -------------------------------------------------------------
    def generate(self) -> GeneratedModule:
        w = self.out
        w.emit("def factory(env):")
        w.indent += 1
        w.emit("_M = env.meter")
        w.emit("_ops = env.operators")
        w.emit("_methods = env.methods")
        w.emit("_ovf = env.overflow")
        w.emit("_grown = env.grown")
        w.emit("_iter = env.iterate")
        w.emit("_fmt = env.format_value")
        w.emit("_match = env.exc_match")
        w.emit("_named = env.name_error_fix")
        w.emit("_callkw = env.call_kw")
        w.emit("_scalar = env.scalar_classes")
        w.emit("_unpack = env.unpack")
        w.emit("_join = env.join")
        w.emit("_UNDEF, _unbound = env.undef, env.unbound")
        w.emit("_isinstance = env.isinstance")
        w.emit("_bind = env.bind")
        w.emit("_min, _max = env.min, env.max")
        w.emit("_ndarray = env.ndarray")
        w.emit("_type, _int, _float, _str, _len = env.type, env.int, env.float, env.str, env.len")
        w.emit("_dict = env.dict")
        w.emit("_slice = slice")
        w.emit("_set = set")
        w.emit("_fuel = 0")
        w.emit("_depth = 0")
        w.emit("_dmax = 0")
        w.emit("_grow = 0")
        w.emit("_loop = env.no_loop_entry")
        n_globals = len(self.module.globals)
        if n_globals:
            # Bind the globals as cells of the factory, then leave them unbound until the
            # module's code assigns them (reading one earlier is a NameError, as in Python).
            names = ", ".join(f"g{i}" for i in range(n_globals))
            w.emit(f"{names.replace(', ', ' = ')} = None")
            w.emit(f"del {names}")
        table_at = len(w.lines)
        w.emit("def reset(fuel, dmax, grow):")
        w.emit("    nonlocal _fuel, _depth, _dmax, _grow")
        w.emit("    _fuel, _depth, _dmax, _grow = fuel, 0, dmax, grow")
        w.emit("def counters():")
        w.emit("    return _fuel, _depth")
        # The JIT lane takes the fuel countdown over while it runs and gives it back.
        w.emit("def handoff(fuel):")
        w.emit("    nonlocal _fuel")
        w.emit("    old, _fuel = _fuel, fuel")
        w.emit("    return old, _depth")
        # ... and the growth countdown (`_grow`), for the list stores it counts alike.
        w.emit("def grow_handoff(grow):")
        w.emit("    nonlocal _grow")
        w.emit("    old, _grow = _grow, grow")
        w.emit("    return old")
        # In-call tier-up: what a loop's stub calls (`_FunctionCodegen.loop_top`).
        w.emit("def set_loop_entry(entry):")
        w.emit("    nonlocal _loop")
        w.emit("    _loop = entry")
        self.function(0)
        getters = ", ".join(f"lambda: g{i}" for i in range(n_globals))
        w.emit(f"getters = ({getters}{',' if n_globals == 1 else ''})")
        # Tier-up rebinds a global function to its JIT dispatcher.
        w.emit("def put_global(index, value):")
        w.emit("    nonlocal " + ", ".join(["_fuel"] + [f"g{i}" for i in range(n_globals)]))
        for i in range(n_globals):
            w.emit(f"    if index == {i}: g{i} = value")
        # ... and the watch flags of loops that hold loops: a hot inner loop makes the
        # loops around it poll at their next iteration.
        watches = self.watches(0)
        w.emit("def set_watch(number, value):")
        w.emit("    nonlocal " + ", ".join(watches) if watches else "    pass")
        for name in watches:
            w.emit(f"    if number == {name[2:]}: {name} = value")
        w.emit(factory_return_statement())  # a GeneratedEntryPoints, by field name
        # Bind the tables now that every constant and built-in is known.
        prelude = [f"    k{i} = env.constants[{i}]" for i in range(len(self.constants.items))]
        prelude += [f"    b{i} = env.builtins[{i}]" for i in range(len(self.builtins.items))]
        prelude += [
            f"    t{i} = env.static_types[{i}]" for i in range(len(self.static_types.items))
        ]
        prelude += [f"    {name} = False" for name in watches]
        w.lines[table_at:table_at] = prelude
        w.src_lines[table_at:table_at] = [0] * len(prelude)
        w.fn_ids[table_at:table_at] = [0] * len(prelude)
        return GeneratedModule(
            source="\n".join(w.lines) + "\n",
            line_map=[0, *w.src_lines],
            function_of_line=[0, *w.fn_ids],
            builtins=self.builtins.items,
            constants=self.constants.items,
            static_types=self.static_types.items,
            signatures=self.signatures,
            loops=self.loops,
        )

    # -- functions ----------------------------------------------------------
    def function(self, fid: int, defaults: list[str] | None = None) -> None:
        fn = self.module.functions[fid]
        w = self.out
        saved_fn = w.fn_id
        w.fn_id = fid
        w.line = fn.line
        self.signatures[f"f{fid}"] = fn.signature
        params = self._params(fn, defaults or [])
        w.emit(f"def f{fid}({params}):")
        w.indent += 1
        nonlocals = ["_fuel", "_grow"] + ([] if fn.is_generator else ["_depth"])
        nonlocals += self._stored_outer_names(fid)
        if fid == 0:
            nonlocals += [f"g{i}" for i in range(len(self.module.globals))]
        else:  # a linked package: another module's top level, or its import guard
            nonlocals += self._stored_globals(fid)
        w.emit("nonlocal " + ", ".join(nonlocals))
        nonlocal_line = len(w.lines) - 1
        first_loop = len(self.loops)
        if not fn.is_generator:
            # No function-wide try/finally (it would cost one of CPython's 20
            # statically nested blocks): the frame keeps its depth in `_d`, a return
            # restores `_d - 1`, an exception handler restores `_d` for the frames the
            # exception left, and a `finally` suite runs at `_d` and then puts back
            # whatever depth it found (a pending return's `_d - 1`).
            w.emit("_depth = _d = _depth + 1")
            w.emit("if _d > _dmax: _M.too_deep()")
        _FunctionCodegen(self, fid, fn).body()
        watches = self.watches(first_loop)
        if watches:  # its polling loops' watch flags (`_FunctionCodegen.poll_at_fuel`)
            w.lines[nonlocal_line] += ", " + ", ".join(watches)
        w.indent -= 1
        w.fn_id = saved_fn

    def watches(self, first: int) -> list[str]:
        """The watch flags (`_w<k>`) of the polling loops from number `first` on that hold
        loops."""
        return [f"_w{k}" for k in range(first, len(self.loops)) if self.loops[k].encloses]

    def _params(self, fn: IRFunction, defaults: list[str]) -> str:
        sig = fn.signature
        parts = []
        pending = iter(defaults)
        for index, has_default in enumerate(sig.has_default):
            if index == sig.n_positional and sig.n_kwonly:
                parts.append("*")
            parts.append(f"p{index}={next(pending)}" if has_default else f"p{index}")
        return ", ".join(parts)

    def _stored_outer_names(self, fid: int) -> list[str]:
        fn = self.module.functions[fid]
        names = set()
        for row in fn.insts[np.isin(fn.insts["op"], (Op.store_outer, Op.del_outer))]:
            names.add(f"s{row['a']}_{row['b']}")
        return sorted(names)

    def _stored_globals(self, fid: int) -> list[str]:
        fn = self.module.functions[fid]
        rows = fn.insts[np.isin(fn.insts["op"], (Op.store_global, Op.del_global))]
        return [f"g{i}" for i in sorted({int(row["a"]) for row in rows})]


class _FunctionCodegen(StructureEmitter, InstructionEmitter):
    """Emits the body of one IR function (structure and instruction parts are mixins)."""

    def __init__(self, mod: ModuleCodegen, fid: int, fn: IRFunction):
        self.mod = mod
        self.fid = fid
        self.fn = fn
        self.w = mod.out
        self.insts = fn.insts
        self.ops = fn.insts["op"]
        self.types = fn.insts["type"]
        self.emitted: set[int] = set()
        self.unpack_targets: dict[int, list[str]] = {}
        self.item_folded: set[int] = set()
        self._plan_uses()
        self._flags = 0
        self._loop_numbers: dict[int, int] = {}  # loop header -> its number, or -1
        self._poll_sites: dict[int, tuple[int, Ctx]] = {}  # fuel row -> (loop number, ctx)
        self._loops: FunctionLoops | None = None  # made at its first loop (`_loop_entry`)

    def name(self, v: int) -> str:
        op = self.ops[v]
        row = self.insts[v]
        if op == Op.const:
            value = self.fn.consts[row["a"]]
            return self.mod.const_name(value)
        if op == Op.param:
            return f"p{row['a']}"
        if op == Op.builtin:
            return self.mod.builtin_name(self.fn.consts[row["a"]])
        if op == Op.undef:
            return "_UNDEF"
        return f"v{v}"

    def _plan_uses(self) -> None:
        """Who uses each value: drives unpack folding, unused results and fused tests."""
        self.uses: list[list[int]] = self.fn.all_value_operands()
        self.users: list[list[int]] = self.fn.users(self.uses)
        # Values that may be unbound (a variable read on a path where it was never
        # assigned): `_UNDEF` flows through phis; a real use checks for it.
        self.maybe_undef = {v for v in range(len(self.insts)) if self.ops[v] == Op.undef}
        changed = bool(self.maybe_undef)
        while changed:
            changed = False
            for v in np.nonzero(self.ops == Op.phi)[0].tolist():
                if v not in self.maybe_undef and any(x in self.maybe_undef for x in self.uses[v]):
                    self.maybe_undef.add(v)
                    changed = True
        for u in np.nonzero(self.ops == Op.unpack)[0].tolist():
            uses = self.users[u]
            if all(self.ops[x] == Op.item for x in uses):
                targets = ["_"] * int(self.insts[u]["b"])
                for x in uses:
                    targets[int(self.insts[x]["b"])] = f"v{x}"
                    self.item_folded.add(x)
                self.unpack_targets[u] = targets
        # A comparison used only by the `br` right after it is written into the `if`.
        self.fused: dict[int, str] = {}
        for block in self.fn.blocks:
            term = int(block["end"]) - 1
            cond = term - 1
            if (
                cond >= int(block["start"])
                and self.ops[term] == Op.br
                and int(self.insts[term]["a"]) == cond
                and self.users[cond] == [term]
                and (self.ops[cond] in _COMPARE_CODES or self.ops[cond] == Op.not_)
            ):
                self.fused[cond] = ""

    def body(self) -> None:
        before = len(self.w.lines)
        self.block(0, Ctx())
        if len(self.w.lines) == before:
            self.w.emit("pass")

    # -- in-call tier-up ------------------------------------------------------------
    def _loop_entry(self, header: int) -> int:
        """The number of the loop at `header` among the polling loops, or -1 (the lane does
        not poll, a generator or the top level, or `loop_interface` refuses it)."""
        found = self._loop_numbers.get(header)
        if found is not None:
            return found
        number = -1
        if self.mod.loop_poll and self.fid != 0 and not self.fn.is_generator:
            if self._loops is None:  # the function's loop facts, once for all its loops
                self._loops = FunctionLoops(self.fn, self.fid, self.mod.frozen)
            interface = self._loops.interface(header)
            if not isinstance(interface, str):
                number = len(self.mod.loops)
                self.mod.loops.append(interface)
        self._loop_numbers[header] = number
        return number

    def loop_top(self, header: int, ctx: Ctx) -> None:
        """A loop that polls does so at its iteration's fuel (`poll_at_fuel`)."""
        number = self._loop_entry(header)
        if number >= 0:
            self._poll_sites[self.mod.loops[number].fuel] = (number, ctx)

    def poll_at_fuel(self, v: int) -> bool:
        """The fuel row `v` of a polling loop's iteration, emitted with the poll: when the
        countdown takes a new batch (or, for a loop holding loops, when a hot inner loop
        set its watch flag), `_loop(number, values)` -> (entered, result). The unit this
        row charged is given back while it asks: native code charges it again. Entered:
        the loop ran to its end natively; the result gives back what the function reads
        after it (or the function's return value), and the loop is left."""
        site = self._poll_sites.get(v)
        if site is None:
            return False
        number, ctx = site
        loop = self.mod.loops[number]
        w = self.w
        w.emit("_fuel -= 1")
        w.emit("if _fuel < 0:")
        w.indent += 1
        w.emit("_fuel = _M.refuel(_fuel) + 1")
        self._poll(number, loop, ctx)
        w.indent -= 1
        if loop.encloses:
            w.emit(f"elif _w{number}:")
            w.indent += 1
            w.emit("_fuel += 1")
            self._poll(number, loop, ctx)
            w.indent -= 1
        return True

    def _poll(self, number: int, loop: LoopInterface, ctx: Ctx) -> None:
        w = self.w
        values = [f"v{phi}" for phi in loop.phis] + [self.name(v) for v in loop.live_ins]
        if loop.item >= 0:
            values += [f"v{loop.item}", self.name(loop.iterator)]
        passed = f"({', '.join(values)},)" if values else "()"
        w.emit(f"_entered, _result = _loop({number}, {passed})")
        w.emit("if _entered:")
        w.indent += 1
        outs = "_result"
        if loop.returns:
            w.emit("if _result[0]:")
            w.emit("    _depth = _d - 1")
            w.emit("    return _result[1]")
            outs = "_result[2:]"
        if loop.outs:
            w.emit(f"{', '.join(f'v{v}' for v in loop.outs)}, = {outs}")
        if ctx.exit >= 0:
            self.leave(ctx.exit, ctx)
        else:
            w.emit("pass")
        w.indent -= 1
        w.emit("_fuel -= 1")

    def check_bound(self, v: int) -> None:
        """Before a real use of a value that may be unbound: raise UnboundLocalError as CPython."""
        if self.ops[v] == Op.phi or not self.maybe_undef:
            return
        for ref in dict.fromkeys(self.uses[v]):
            if ref in self.maybe_undef:
                variable = self.mod.const_name(self.undef_variable(ref))
                self.w.emit(f"if {self.name(ref)} is _UNDEF: _unbound({variable})")

    def undef_variable(self, v: int) -> str:
        """The variable a maybe-unbound value holds: the name its `undef` carries (phis
        merge one variable, so every undef reaching `v` names the same one)."""
        stack, seen = [v], set()
        while stack:
            r = stack.pop()
            if r in seen:
                continue
            seen.add(r)
            if self.ops[r] == Op.undef:
                return self.fn.consts[int(self.insts[r]["a"])]
            stack.extend(x for x in self.uses[r] if x in self.maybe_undef)
        raise AssertionError(f"v{v} may be unbound but no undef reaches it")

    def variable(self, op: int, row) -> str:
        """The minted name of a variable outside SSA: a slot of this function (`s3_1`),
        of an enclosing one (same spelling, reached as a Python closure), or a global."""
        if op in (Op.load_var, Op.store_var, Op.del_var):
            return f"s{self.fid}_{row['a']}"
        if op in (Op.load_outer, Op.store_outer, Op.del_outer):
            return f"s{row['a']}_{row['b']}"
        return f"g{row['a']}"

    def target(self, v: int) -> str:
        """`vN = ` for a value someone uses; nothing for a call made for its effect."""
        return f"v{v} = " if self.users[v] else ""

    def test_expr(self, v: int) -> str:
        """The text of a branch condition: a fused comparison, or the value's name."""
        if v not in self.fused:
            return self.name(v)
        row = self.insts[v]
        if self.ops[v] == Op.not_:
            return f"not {self.name(row['a'])}"
        return f"{self.name(row['a'])} {OPCODES[self.ops[v]].symbol} {self.name(row['b'])}"


def generate(
    module: IRModule, wrapped_methods: frozenset[str], loop_poll: int = 0
) -> GeneratedModule:
    return ModuleCodegen(module, wrapped_methods, loop_poll).generate()
