"""Instructions for the interpreter's code generator: one IR row, one or a few Python lines.

Arithmetic is inline where the types allow, with 64-bit checks on int
results unless they are proved unnecessary; everything else goes through the
runtime's charged helpers. Method and attribute names come from the
language's surface table, never from extension text.
"""

from __future__ import annotations

from frankenengine.interp.codegen_base import GROWN_THRESHOLD, CodegenError
from frankenengine.ir import types as T
from frankenengine.ir.opcodes import BY_NAME, OPCODES, Op
from frankenengine.language import surface
from frankenengine.language.ints import INT64_MAX, INT64_MIN

_CHECKED_INT_OPS = {Op.add, Op.sub, Op.mul, Op.floordiv, Op.neg}

_INLINE_BINARY = {
    Op.add,
    Op.sub,
    Op.truediv,
    Op.floordiv,
    Op.mod,
    Op.rshift,
    Op.bitand,
    Op.bitor,
    Op.bitxor,
}

_HELPER_BINARY = {Op.mul: "mul", Op.pow: "pow", Op.lshift: "lshift", Op.matmul: "matmul"}

_SINGLE_GROWTH = frozenset({"append", "add", "insert", "setdefault"})

_DIRECT_BUILTINS = {"min": "_min", "max": "_max"}

_ARRAY_REDUCTIONS = frozenset({"sum", "min", "max", "mean"})

# Variables outside SSA: opcode -> (access, field holding the stored value).
_VARIABLE_ACCESS = {
    Op.load_var: ("load", ""),
    Op.load_outer: ("load", ""),
    Op.load_global: ("load", ""),
    Op.store_var: ("store", "b"),
    Op.store_outer: ("store", "c"),
    Op.store_global: ("store", "b"),
    Op.del_var: ("del", ""),
    Op.del_outer: ("del", ""),
    Op.del_global: ("del", ""),
}

_COMPARE_CODES = frozenset(
    BY_NAME[name].code for name in "lt le gt ge eq ne in not_in is is_not".split()
)

_BUILDERS = frozenset({Op.build_list, Op.build_tuple, Op.build_set, Op.build_dict, Op.build_str})


def _tuple(items: list[str]) -> str:
    if len(items) == 1:
        return f"({items[0]},)"
    return f"({', '.join(items)})"


_ATTRIBUTE_SPELLING: dict[str, str] = {name: name for name in surface.ALL_ATTRIBUTES}


def _surface_attribute(name: str) -> str:
    """The engine's own spelling of an attribute name, or an error if it is not in the table."""
    spelling = _ATTRIBUTE_SPELLING.get(name)
    if spelling is None:
        raise CodegenError(f"attribute {name!r} is not in the language surface")
    return spelling


class InstructionEmitter:
    """The instruction methods of `codegen._FunctionCodegen`."""

    def instruction(self, v: int) -> None:
        op = self.ops[v]
        row = self.insts[v]
        w = self.w
        w.line = int(row["line"])
        if op == Op.store_var and self.ops[int(row["b"])] == Op.undef:
            w.emit(f"del s{self.fid}_{row['a']}")
            return
        self.check_bound(v)
        if v in self.fused:
            return
        if op in (Op.const, Op.param, Op.builtin, Op.phi, Op.undef, Op.caught):
            if op == Op.const:
                value = self.fn.consts[row["a"]]
                if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
                    w.emit("_ovf()")
            return
        n = f"v{v}"
        a = self.name(row["a"]) if OPCODES[op].shape[0] == "v" else None
        if op in _INLINE_BINARY or op in _HELPER_BINARY:
            self.binary(v, op, a, self.name(row["b"]))
        elif op == Op.inplace:
            self.inplace(v, int(row["c"]), a, self.name(row["b"]))
        elif op == Op.neg:
            w.emit(f"{n} = -{a}")
            self.check_result(v)
        elif op == Op.pos:
            w.emit(f"{n} = +{a}")
            self.check_result(v)  # `+array` is a new array
        elif op == Op.invert:
            w.emit(f"{n} = ~{a}")
            self.check_result(v)
        elif op == Op.not_:
            w.emit(f"{n} = not {a}")
        elif OPCODES[op].symbol and op in _COMPARE_CODES:
            w.emit(f"{n} = {a} {OPCODES[op].symbol} {self.name(row['b'])}")
        elif op in _VARIABLE_ACCESS:
            access, stored = _VARIABLE_ACCESS[op]
            variable = self.variable(op, row)
            if access == "load":
                w.emit(f"{n} = {variable}")
            elif access == "store":
                w.emit(f"{variable} = {self.name(row[stored])}")
            else:
                w.emit(f"del {variable}")
        elif op in _BUILDERS:
            self.build(v, op)
        elif op == Op.build_slice:
            w.emit(f"{n} = _slice({a}, {self.name(row['b'])}, {self.name(row['c'])})")
        elif op == Op.format:
            spec = self.name(row["b"]) if row["b"] >= 0 else "None"
            w.emit(f"{n} = _fmt({a}, {spec}, {int(row['c'])})")
        elif op == Op.getitem:
            w.emit(f"{n} = {a}[{self.name(row['b'])}]")
            key_type = self.types[int(row["b"])]
            if key_type == T.SLICE:  # a slice copies (lists, strings) or views (arrays)
                w.emit(f"if _len({n}) > {GROWN_THRESHOLD}: _grown({n})")
            elif key_type not in (T.INT, T.BOOL, T.STR):  # a mask or index array copies
                w.emit(f"if _type({n}) is _ndarray: _grown({n})")
            if self.types[int(row["a"])] not in (T.LIST, T.DICT, T.STR, T.TUPLE):
                self.python_scalar(v)
        elif op == Op.setitem:
            w.emit(f"{a}[{self.name(row['b'])}] = {self.name(row['c'])}")
            # Only a dict grows by a store (into a new key); a list or array store never does.
            target = self.types[int(row["a"])]
            if target == T.DICT:
                self.grow_tick()
            elif target == T.ANY:
                self.w.emit(f"if _type({a}) is _dict:")
                self.w.indent += 1
                self.grow_tick()
                self.w.indent -= 1
        elif op == Op.delitem:
            w.emit(f"del {a}[{self.name(row['b'])}]")
        elif op == Op.getattr:
            attr = _surface_attribute(self.fn.consts[row["b"]])
            if attr in self.mod.wrapped_methods:
                # A method taken as a value keeps the engine's checks and charges.
                w.emit(f"{n} = _bind(_methods[{attr!r}], {a})")
            else:
                w.emit(f"{n} = {a}.{attr}")
        elif op == Op.unpack:
            targets = self.unpack_targets.get(v)
            if targets is None:
                w.emit(f"{n} = _unpack({a}, {int(row['b'])})")
            elif len(targets) == 1:
                w.emit(f"{targets[0]}, = {a}")
            else:
                w.emit(f"{', '.join(targets)} = {a}")
        elif op == Op.item:
            if v not in self.item_folded:
                w.emit(f"{n} = {a}[{int(row['b'])}]")
        elif op == Op.get_iter:
            w.emit(f"{n} = _iter({a})")
        elif op == Op.call:
            operands = self.fn.list_operands(v)
            items = [self.name(x) for x in operands]
            static = self._static_isinstance(operands)
            direct = _DIRECT_BUILTINS.get(self._builtin_of(operands[0]))
            if static is not None:
                w.emit(f"{n} = _isinstance({items[1]}, {static})")
            elif direct is not None and len(operands) >= 3:
                # min/max of two or more arguments: no iterable to guard, no new value.
                w.emit(f"{n} = {direct}({', '.join(items[1:])})")
            else:
                w.emit(f"{self.target(v)}{items[0]}({', '.join(items[1:])})")
                if (self._builtin_of(operands[0]) or "").startswith("numpy.") and self.users[v]:
                    self.python_scalar(v)
        elif op == Op.call_kw:
            items = [self.name(x) for x in self.fn.list_operands(v)]
            names = self.fn.consts[row["c"]]
            split = len(items) - len(names)
            args = _tuple(items[1:split])
            w.emit(
                f"{n} = _callkw({items[0]}, {args}, {self.mod.const_name(names)}, "
                f"{_tuple(items[split:])})"
            )
        elif op == Op.call_method:
            self.method_call(v)
        elif op == Op.make_function:
            defaults = [self.name(x) for x in self.fn.list_operands(v)]
            fid = int(row["a"])
            self.mod.function(fid, defaults)
            w.line = int(row["line"])
            w.emit(f"{n} = f{fid}")
        elif op == Op.exc_match:
            w.emit(f"{n} = _match({a}, {self.name(row['b'])})")
        elif op == Op.fuel and self.poll_at_fuel(v):
            pass  # a polling loop's iteration (codegen's in-call tier-up)
        elif op == Op.fuel:
            w.emit("_fuel -= 1")
            w.emit("if _fuel < 0: _fuel = _M.refuel(_fuel)")
        elif op == Op.yield_:
            w.emit(f"yield {a}")
        else:
            raise CodegenError(f"opcode {OPCODES[op].name} is not supported by the interpreter")

    def _safe_floordiv(self, v: int) -> bool:
        """`a // c` with a constant c other than -1 (and 0) cannot leave 64 bits: |a // c| <= |a|."""
        row = self.insts[v]
        if self.ops[v] != Op.floordiv or self.ops[int(row["b"])] != Op.const:
            return False
        divisor = self.fn.consts[self.insts[int(row["b"])]["a"]]
        return type(divisor) is int and divisor not in (0, -1)

    def _unit_step(self, v: int) -> bool:
        """`i + 1`, `i - 1` (or 0) on the item of a `for i in range(...)` loop: cannot overflow.

        The items of `range(stop)` and `range(start, stop)` lie in [start, stop - 1]
        with stop <= INT64_MAX, so `i + 1 <= INT64_MAX`; `i - 1` is safe when start is 0
        or a constant above INT64_MIN.
        """
        row = self.insts[v]
        op = self.ops[v]
        if op not in (Op.add, Op.sub):
            return False
        item, step = int(row["a"]), int(row["b"])
        if self.ops[item] == Op.const and op == Op.add:
            item, step = step, item
        if self.ops[step] != Op.const or self.fn.consts[self.insts[step]["a"]] not in (0, 1):
            return False
        if type(self.fn.consts[self.insts[step]["a"]]) is not int:
            return False
        range_args = self._range_args(item)
        if range_args is None:
            return False
        if op == Op.add or len(range_args) == 1:
            return True
        start = range_args[0]
        return self.ops[start] == Op.const and self.fn.consts[self.insts[start]["a"]] > INT64_MIN

    def _range_args(self, item: int) -> list[int] | None:
        """The arguments of `range(...)` (1 or 2 of them) if `item` is such a loop's item."""
        if self.ops[item] != Op.for_iter:
            return None
        iterator = int(self.insts[item]["a"])
        if self.ops[iterator] != Op.get_iter:
            return None
        call = int(self.insts[iterator]["a"])
        if self.ops[call] != Op.call:
            return None
        operands = self.fn.list_operands(call)
        if self._builtin_of(operands[0]) != "range" or len(operands) not in (2, 3):
            return None
        return operands[1:]

    def _builtin_of(self, v: int) -> str | None:
        if self.ops[v] != Op.builtin:
            return None
        return self.fn.consts[self.insts[v]["a"]]

    def _static_isinstance(self, operands: list[int]) -> str | None:
        """`isinstance(x, T)` with T built-in types known here: the real types, bound once."""
        if len(operands) != 3 or self._builtin_of(operands[0]) != "isinstance":
            return None
        spec = operands[2]
        if self.ops[spec] == Op.build_tuple:
            names = tuple(self._builtin_of(x) for x in self.fn.list_operands(spec))
        else:
            names = (self._builtin_of(spec),)
        if not names or None in names:
            return None
        return self.mod.static_types_name(names)

    def binary(self, v: int, op: int, a: str, b: str) -> None:
        n = f"v{v}"
        row = self.insts[v]
        ta, tb = self.types[int(row["a"])], self.types[int(row["b"])]
        numeric = ta in T.NUMERIC and tb in T.NUMERIC
        if op in _HELPER_BINARY and not (numeric and op == Op.mul):
            self.w.emit(f"{n} = _ops[{_HELPER_BINARY[op]!r}]({a}, {b})")
            return
        if op == Op.mod and ta not in T.NUMERIC:
            # `str % args` formats: widths can ask for gigabytes, so it is charged first.
            self.w.emit(f"if _type({a}) is _str: {n} = _ops['mod']({a}, {b})")
            self.w.emit(f"else: {n} = {a} % {b}")
        else:
            self.w.emit(f"{n} = {a} {OPCODES[op].symbol} {b}")
        if numeric:
            if (
                T.FLOAT in (ta, tb)
                or op not in _CHECKED_INT_OPS
                or self._unit_step(v)
                or self._safe_floordiv(v)
            ):
                return
            self.w.emit(f"if not {INT64_MIN} <= {n} <= {INT64_MAX}: _ovf()")
            return
        self.check_result(v)

    def inplace(self, v: int, binop: int, a: str, b: str) -> None:
        """`a op= b`: in place for lists, sets and arrays, as Python does."""
        n = f"v{v}"
        row = self.insts[v]
        ta, tb = self.types[int(row["a"])], self.types[int(row["b"])]
        if ta in T.NUMERIC and tb in T.NUMERIC:
            self.binary(v, binop, a, b)
            return
        if binop == Op.mod:  # `s %= args` formats (charged first); arrays stay in place
            self.w.emit(f"if _type({a}) is _str: {n} = _ops['mod']({a}, {b})")
            self.w.emit("else:")
            self.w.emit(f"    {n} = {a}")
            self.w.emit(f"    {n} %= {b}")
            self.check_result(v)
            return
        symbol = OPCODES[binop].symbol
        if binop in _HELPER_BINARY:
            self.w.emit(f"if _type({a}) is _ndarray:")
            self.w.emit(f"    {n} = {a}")
            self.w.emit(f"    {n} {symbol}= {b}")
            self.w.emit("else:")
            self.w.emit(f"    {n} = _ops[{_HELPER_BINARY[binop]!r}]({a}, {b})")
            return
        self.w.emit(f"{n} = {a}")
        self.w.emit(f"{n} {symbol}= {b}")
        if tb in T.NUMERIC:  # no container grows by a number: an int, float or array result
            self.check_result(v)
            return
        self.w.emit(f"if (t := _type({n})) is _int:")
        self.w.emit(f"    if not {INT64_MIN} <= {n} <= {INT64_MAX}: _ovf()")
        self.w.emit(f"elif {n} is {a}: _grown({b})")
        self.w.emit(f"elif t is not _float: _grown({n})")

    def check_result(self, v: int) -> None:
        """Result of an operation on values of unknown type: check ints, charge big values."""
        n = f"v{v}"
        kind = self.types[v]
        if kind in (T.FLOAT, T.BOOL):
            return
        if kind == T.INT:
            self.w.emit(f"if not {INT64_MIN} <= {n} <= {INT64_MAX}: _ovf()")
        elif kind in (T.STR, T.LIST, T.TUPLE):
            self.w.emit(f"if _len({n}) > {GROWN_THRESHOLD}: _grown({n})")
        else:
            self.w.emit(f"if (t := _type({n})) is _int:")
            self.w.emit(f"    if not {INT64_MIN} <= {n} <= {INT64_MAX}: _ovf()")
            self.w.emit(f"elif t is not _float: _grown({n})")

    def python_scalar(self, v: int) -> None:
        """Values read out of arrays are Python scalars in the interpreter, as in the JIT:
        int arithmetic on them is checked for overflow, float division by zero raises."""
        self.w.emit(f"if _type(v{v}) in _scalar: v{v} = v{v}.item()")

    def grow_tick(self) -> None:
        self.w.emit("_grow -= 1")
        self.w.emit("if _grow < 0: _grow = _M.grow()")

    def build(self, v: int, op: int) -> None:
        items = [self.name(x) for x in self.fn.list_operands(v)]
        n = f"v{v}"
        if op == Op.build_list:
            self.w.emit(f"{n} = [{', '.join(items)}]")
        elif op == Op.build_tuple:
            self.w.emit(f"{n} = {_tuple(items)}")
        elif op == Op.build_set:
            self.w.emit(f"{n} = {{{', '.join(items)}}}" if items else f"{n} = _set()")
        elif op == Op.build_dict:
            pairs = [f"{items[i]}: {items[i + 1]}" for i in range(0, len(items), 2)]
            self.w.emit(f"{n} = {{{', '.join(pairs)}}}")
        elif op == Op.build_str:
            if len(items) == 1:
                self.w.emit(f"{n} = {items[0]}")
            else:
                self.w.emit(f"{n} = ''.join({_tuple(items)})")

    def method_call(self, v: int) -> None:
        row = self.insts[v]
        items = [self.name(x) for x in self.fn.list_operands(v)]
        method, kwnames = self.fn.consts[row["c"]]
        attr = _surface_attribute(method)
        receiver, args = items[0], items[1:]
        n = f"v{v}"
        split = len(args) - len(kwnames)
        positional = args[:split]
        if attr == "join" and len(args) == 1 and not kwnames:
            self.w.emit(f"{n} = _join({receiver}, {args[0]})")
            return
        if attr in self.mod.wrapped_methods and attr not in _SINGLE_GROWTH:
            call = f"_methods[{attr!r}]"
            head = [receiver, *positional]
        else:
            call = f"{receiver}.{attr}"
            head = positional
        if kwnames:
            names = self.mod.const_name(tuple(kwnames))
            self.w.emit(f"{n} = _callkw({call}, {_tuple(head)}, {names}, {_tuple(args[split:])})")
        else:
            self.w.emit(f"{self.target(v)}{call}({', '.join(head)})")
        if attr in _SINGLE_GROWTH:
            self.grow_tick()
        elif attr in _ARRAY_REDUCTIONS and self.users[v]:
            self.python_scalar(v)


# Variables outside SSA: opcode -> (access, field holding the stored value).
