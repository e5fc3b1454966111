"""JIT typing: the type of every value of one function, for one argument signature.

`infer` solves the types forward over the SSA graph with a worklist (values
start at the bottom, `None`, and are set once: a value whose inputs disagree,
such as a variable that is an int on one path and a float on another, is not
joined to a wider type, it is a rejection, because the result would differ
from the interpreter's). Anything outside the JIT subset of LANGUAGE.md
raises `Reject` with a reason naming the construct and its line
(`"set value at line 12"`, `"calls print at line 3"`), and the function runs
in the interpreter instead.

Calls to other extension functions are typed through the `callee` callback,
which specialises the callee for the argument types (and returns None while
a recursive specialisation's result type is not known yet: the caller is then
typed again once it is).

Module globals that are compile-time facts come from `ir.facts.module_facts`:
a global bound once by a top-level `def` is that function, and the value (a
number) of a frozen global becomes a constant of the specialisation.

Opcodes the JIT never compiles are those whose `jit` column in the opcode
table is False: a function holding one is rejected before any typing, with
the opcode's reason from `NEVER_COMPILED` (a test checks that the table and
the reasons name the same opcodes).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from frankenengine.ir.facts import ModuleFacts
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import BINARY_OPS, COMPARE_OPS, OPCODES, Op
from frankenengine.jit import library as lib
from frankenengine.jit.jtypes import (
    BOOL,
    DTYPE_OF_ELEMENT,
    EXACT_INT_IN_FLOAT,
    FLOAT,
    INT,
    INT_OR_FLOAT,
    NONE,
    NUMBERS,
    RANGE,
    SLICE,
    TEXT,
    Array,
    Builtin,
    Function,
    ListT,
    Raised,
    Range,
    Scalar,
    Slice,
    Text,
    Tuple,
    Walk,
)
from frankenengine.language.ints import fits_int64

_INTLIKE = (BOOL, INT)
_FLOAT_ARITHMETIC = (Op.add, Op.sub, Op.mul, Op.truediv, Op.floordiv, Op.mod, Op.pow)
_ROW_WALKS = ("len", "enumerate", "zip")  # the built-ins that take a list of lists


class Reject(Exception):
    """The function (for this signature) is outside the JIT subset."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(reason if not line else f"{reason} at line {line}")
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Iter:
    """The iterator of a `for` loop over a range or a 1-d array."""

    over: object


@dataclass
class Typed:
    """The solved types of one function for one signature."""

    fid: int
    params: tuple
    types: list  # per row: a type, or None (no value)
    returns: object
    calls: dict[int, tuple[int, tuple]]  # row -> (callee fid, argument types)
    constants: dict[int, object]  # load_global row -> the frozen value
    # call row -> what each parameter of the callee gets: a row, or a `Default` (calls
    # with keywords or relying on a default; other calls pass their arguments in order)
    bindings: dict[int, tuple] = field(default_factory=dict)


@dataclass(frozen=True)
class Default:
    """A parameter's default value, a constant of the source (`ModuleFacts.defaults`)."""

    value: object


# Why the JIT never compiles each opcode whose `jit` column is False (exactly those).
NEVER_COMPILED: dict[int, str] = {
    Op.undef: "name may be unbound",
    Op.load_var: "variable shared with a nested function or a try statement",
    Op.store_var: "variable shared with a nested function or a try statement",
    Op.del_var: "del of a name",
    Op.load_outer: "closure variable",
    Op.store_outer: "closure variable",
    Op.del_outer: "closure variable",
    Op.store_global: "assigns a global",
    Op.del_global: "deletes a global",
    Op.make_function: "defines a nested function",
    Op.try_except: "try statement",
    Op.try_finally: "try statement",
    Op.caught: "try statement",
    Op.exc_match: "try statement",
    Op.reraise: "try statement",
    Op.yield_: "generator",
    Op.matmul: "matrix multiplication",
    Op.delitem: "del of an item",
    Op.format: "string formatting",
    Op.is_: "'is' test",
    Op.is_not: "'is' test",
    Op.build_set: "set value",
    Op.build_dict: "dict value",
    Op.build_str: "str value",
}


def never_compiled(fn: IRFunction) -> Reject | None:
    """The rejection of the first row whose opcode the JIT never compiles (table column `jit`)."""
    for r, op in enumerate(fn.insts["op"].tolist()):
        if not OPCODES[op].jit:
            return Reject(NEVER_COMPILED[op], int(fn.insts["line"][r]) or fn.line)
    return None


def infer(
    module: IRModule,
    fid: int,
    params: tuple,
    facts: ModuleFacts,
    global_value,
    callee,
) -> Typed:
    signature = module.functions[fid].signature
    line = module.functions[fid].line
    if len(params) != len(signature.names):  # a host call relying on defaults, or a TypeError
        raise Reject(f"{len(params)} arguments for {len(signature.names)} parameters", line)
    return _Infer(module, fid, params, facts, global_value, callee).solve()


class _Infer:
    def __init__(self, module, fid, params, facts, global_value, callee):
        self.module = module
        self.fn: IRFunction = module.functions[fid]
        self.fid = fid
        self.params = params
        self.facts = facts
        self.global_value = global_value
        self.callee = callee
        fn = self.fn
        self.op = fn.insts["op"].tolist()
        self.a = fn.insts["a"].tolist()
        self.b = fn.insts["b"].tolist()
        self.c = fn.insts["c"].tolist()
        self.line = fn.insts["line"].tolist()
        self.irtype = fn.insts["type"].tolist()
        self.uses = fn.all_value_operands()
        self.users = fn.users(self.uses)  # row -> the rows that use its value
        self.types: list = [None] * len(self.op)
        self.calls: dict[int, tuple[int, tuple]] = {}
        self.constants: dict[int, object] = {}
        self.bindings: dict[int, tuple] = {}
        # An empty display `[]` takes its element type from what is put into it: row of
        # the display -> (method, row of the value appended, inserted or extended with).
        self.filled_by: dict[int, list[tuple[str, int]]] = self.fillers()

    def fillers(self) -> dict[int, list[tuple[str, int]]]:
        """Rows of the empty displays, each with the methods and rows of the values its own
        methods put into it (`xs = []; xs.append(v)`: ("append", the row of `v`))."""
        found: dict[int, list[tuple[str, int]]] = {}
        for r, op in enumerate(self.op):
            if op == Op.build_list and not self.uses[r]:
                found[r] = []
        if not found:
            return found
        for r, op in enumerate(self.op):
            if op != Op.call_method or self.uses[r][0] not in found:
                continue
            name = self.fn.consts[self.c[r]][0]
            if name in ("append", "insert", "extend"):
                found[self.uses[r][0]].append((name, self.uses[r][-1]))
        return found

    def reject(self, reason: str, r: int):
        raise Reject(reason, self.line[r] or self.fn.line)

    def solve(self) -> Typed:
        n = len(self.op)
        if len(self.params) != len(self.fn.signature.names):
            raise Reject("called with a different number of arguments", self.fn.line)
        rejected = never_compiled(self.fn)
        if rejected is not None:
            raise rejected
        users = list(self.users)  # and the displays each filling value types (below)
        for display, values in self.filled_by.items():
            for _, value in values:
                users[value] = [*users[value], display]
        queued, work = [True] * n, deque(range(n))
        while work:
            r = work.popleft()
            queued[r] = False
            if not OPCODES[self.op[r]].defines:
                self.check_effect(r)
                continue
            new = self.transfer(r)
            old = self.types[r]
            if new is None or new == old:
                continue
            if old is not None:
                new = self.join(old, new, r)
                if new == old:
                    continue
            self.types[r] = new
            for u in users[r]:
                if not queued[u]:
                    queued[u] = True
                    work.append(u)
        for display in self.filled_by:
            if self.types[display] is None and users[display]:
                self.reject("empty list (its element type is unknown)", display)
        self.check_int_or_float()
        returns = None
        returned = [self.a[r] for r in range(n) if self.op[r] == Op.ret]
        if self.int_or_float_phi([v for v in returned if self.types[v] is not None]):
            returns = INT_OR_FLOAT  # `return 0` on one path, `return total` on another
        else:
            for r in range(n):
                if self.op[r] == Op.ret:
                    t = self.types[self.a[r]]
                    if t is not None:
                        returns = t if returns is None else self.join(returns, t, r)
        return Typed(
            self.fid, self.params, self.types, returns, self.calls, self.constants, self.bindings
        )

    # -- lattice ----------------------------------------------------------------
    def join(self, a, b, r: int):
        if a == b:
            return a
        if INT_OR_FLOAT in (a, b) and {a, b} <= {INT, FLOAT, INT_OR_FLOAT}:
            return INT_OR_FLOAT  # a phi's type growing (`int_or_float_phi` allowed it)
        if isinstance(a, Array) and isinstance(b, Array) and a.dtype == b.dtype:
            if a.ndim == b.ndim:
                return Array(a.dtype, a.ndim, "A")
        names = " and ".join(sorted({_name(a), _name(b)}))
        self.reject(f"value is {names} on different paths", r)

    def int_or_float_phi(self, values: list[int], optimistic: bool = False) -> bool:
        """Whether values joining at a phi (or returned) make an INT_OR_FLOAT: some are
        floats (or INT_OR_FLOAT), the others int constants a float holds exactly. While
        types are being solved (`optimistic`), an int phi may still become an
        INT_OR_FLOAT itself; `check_int_or_float` checks every phi once they are solved."""
        kinds = {self.types[v] for v in values}
        if not kinds & {FLOAT, INT_OR_FLOAT} or not kinds <= {INT, FLOAT, INT_OR_FLOAT}:
            return False
        if kinds == {FLOAT}:
            return False
        return all(
            self.types[v] != INT
            or self.exact_int_constant(v)
            or optimistic
            and self.op[v] == Op.phi
            for v in values
        )

    def exact_int_constant(self, v: int) -> bool:
        return self.op[v] == Op.const and abs(self.fn.consts[self.a[v]]) <= EXACT_INT_IN_FLOAT

    def check_int_or_float(self) -> None:
        """Every INT_OR_FLOAT phi, its types solved: its ints are exact constants."""
        for r, op in enumerate(self.op):
            if op == Op.phi and self.types[r] == INT_OR_FLOAT:
                for u in self.uses[r]:
                    if self.types[u] == INT and not self.exact_int_constant(u):
                        self.reject("value is float and int on different paths", r)

    def int_or_float_binary(self, op: int, lhs: int, rhs: int, r: int):
        """An operator with an INT_OR_FLOAT operand, where its result does not depend on
        whether the value is still the int: a comparison (exact either way), arithmetic
        with a float (CPython converts the int to a float first, exactly), a true
        division by an int (the native code divides as CPython would in each case)."""
        ta, tb = self.types[lhs], self.types[rhs]
        if op in COMPARE_OPS and {ta, tb} <= {*NUMBERS, INT_OR_FLOAT}:
            return BOOL
        if op in _FLOAT_ARITHMETIC and FLOAT in (ta, tb) and {ta, tb} <= {FLOAT, INT_OR_FLOAT}:
            return FLOAT if op != Op.pow else self.power(FLOAT, FLOAT, lhs, rhs, r)
        if op == Op.truediv and ta == INT_OR_FLOAT and tb in _INTLIKE:
            return FLOAT
        self.reject(f"'{OPCODES[op].symbol}' of {_name(ta)} and {_name(tb)}", r)

    # -- rules ------------------------------------------------------------------
    def transfer(self, r: int):
        op, uses, types = self.op[r], self.uses[r], self.types
        if op == Op.phi:
            known = [u for u in uses if types[u] is not None]
            if self.int_or_float_phi(known, optimistic=True):
                return INT_OR_FLOAT
            result = None
            for u in known:
                result = types[u] if result is None else self.join(result, types[u], r)
            return result
        if any(types[u] is None for u in uses):
            return None
        if op == Op.const:
            return self.constant(self.fn.consts[self.a[r]], r)
        if op == Op.param:
            return self.params[self.a[r]]
        if op == Op.builtin:
            name = self.fn.consts[self.a[r]]
            if name in lib.MATH_CONSTANTS:
                return FLOAT
            return Builtin(name)
        if op == Op.load_global:
            return self.load_global(r)
        if op == Op.inplace:
            if isinstance(types[uses[0]], ListT):  # `xs *= n` changes the list in place
                self.reject("in-place operator on a list", r)
            return self.binary(self.c[r], uses[0], uses[1], r)
        if op in BINARY_OPS or op in COMPARE_OPS:
            return self.binary(op, uses[0], uses[1], r)
        if op in (Op.neg, Op.pos, Op.invert, Op.not_):
            return self.unary(op, types[uses[0]], r)
        if op == Op.build_tuple:
            items = tuple(types[u] for u in uses)
            # `a[i], a[j] = a[j], a[i]` (lists may swap) and `return total, rows`: a tuple
            # holding lists that is only unpacked or returned.
            unpacked = self.only_unpacked_or_returned(r)
            for t in items:
                if not (isinstance(t, Scalar | Array | Tuple) or unpacked and isinstance(t, ListT)):
                    self.reject(f"tuple of {_name(t)}", r)
                if t in (NONE, INT_OR_FLOAT):
                    self.reject(f"tuple of {_name(t)}", r)
            return Tuple(items)
        if op == Op.build_list:
            return self.list_display(r, [types[u] for u in uses])
        if op == Op.build_slice:
            if any(types[u] not in (*_INTLIKE, NONE) for u in uses):
                self.reject("slice of non-integers", r)
            return SLICE
        if op == Op.getitem:
            return self.getitem(uses[0], uses[1], r)
        if op == Op.getattr:
            return self.getattr(types[uses[0]], self.fn.consts[self.b[r]], r)
        if op == Op.unpack:
            t = types[uses[0]]
            if not isinstance(t, Tuple) or len(t.items) != self.b[r]:
                self.reject(f"unpacks a {_name(t)}", r)
            return t
        if op == Op.item:
            return types[uses[0]].items[self.b[r]]
        if op == Op.get_iter:
            t = types[uses[0]]
            if _iterable(t) or isinstance(t, Walk):
                return Iter(t)
            self.reject(f"iterates over a {_name(t)}", r)
        if op == Op.for_iter:
            over = types[uses[0]].over
            return INT if over == RANGE else over.element
        if op == Op.call:
            return self.call(r, types[uses[0]], [types[u] for u in uses[1:]], uses[1:], ())
        if op == Op.call_kw:
            names = self.fn.consts[self.c[r]]
            args = [types[u] for u in uses[1:]]
            split = len(args) - len(names)
            kwargs = tuple(zip(names, uses[1 + split :], strict=True))
            return self.call(r, types[uses[0]], args[:split], uses[1 : 1 + split], kwargs)
        if op == Op.call_method:
            method, kwnames = self.fn.consts[self.c[r]]
            if kwnames:
                self.reject("keyword arguments", r)
            return self.method(r, types[uses[0]], method, [types[u] for u in uses[1:]])
        self.reject(f"'{OPCODES[op].name}' instruction", r)

    def bind(self, fid: int, rows: list, kwargs: tuple, r: int) -> tuple:
        """What each parameter of function `fid` gets from a call: its positional
        arguments, then its keywords, then the defaults (constants only). A call Python
        would refuse is a rejection, so the interpreter raises CPython's TypeError."""
        signature = self.module.functions[fid].signature
        names = signature.names
        given: list = list(rows) + [None] * (len(names) - len(rows))
        if len(rows) > signature.n_positional:
            self.reject("too many arguments", r)
        for name, row in kwargs:
            if name not in names or given[names.index(name)] is not None:
                self.reject(f"keyword argument '{name}'", r)
            given[names.index(name)] = row
        defaults = iter(self.facts.defaults.get(fid, ()))
        for k, has_default in enumerate(signature.has_default):
            value = next(defaults, None) if has_default else None
            if given[k] is None and has_default and fid in self.facts.defaults:
                given[k] = Default(value)
        if None in given:
            self.reject(f"{len(rows) + len(kwargs)} arguments for {len(names)} parameters", r)
        return tuple(given)

    def only_unpacked_or_returned(self, r: int) -> bool:
        """Whether tuple `r` is only ever unpacked into its items (`x, y = y, x`) or
        returned: a tuple holding lists is then never stored, so its lists reach the host
        only through the boundary's result (`ListBoundary.result`), or a caller in the
        group that unpacks or returns it in turn."""
        return bool(self.users[r]) and all(
            self.op[u] == Op.ret
            or self.op[u] == Op.unpack
            and all(self.op[i] == Op.item for i in self.users[u])
            or self.op[u] == Op.build_tuple  # in a tuple that is itself only that
            and self.only_unpacked_or_returned(u)
            for u in self.users[r]
        )

    def check_effect(self, r: int) -> None:
        """Instructions without a value: the operand types they accept."""
        op, uses, types = self.op[r], self.uses[r], self.types
        if any(types[u] is None for u in uses):
            return
        if op == Op.br:
            t = types[uses[0]]
            if t not in NUMBERS and t != INT_OR_FLOAT:  # 0 and 0.0 are both false
                self.reject(f"truth value of a {_name(t)}", r)
        elif op == Op.setitem:
            container, index, value = (types[u] for u in uses)
            if isinstance(container, ListT):
                self.list_store(r, uses[0], index, value)
                return
            if not isinstance(container, Array):
                self.reject(f"item assignment on a {_name(container)}", r)
            self.array_index(container, index, r)
            if value not in NUMBERS:
                self.reject(f"stores a {_name(value)} into an array", r)
        elif op == Op.ret:
            t = types[uses[0]]
            if isinstance(t, Builtin | Function | Range | Iter | Text | Raised | Slice | Walk):
                self.reject(f"returns a {_name(t)}", r)
        elif op == Op.raise_:
            t = types[uses[0]]
            if isinstance(t, Builtin) and t.name in lib.EXCEPTIONS:
                return
            if not isinstance(t, Raised):
                self.reject(f"raises a {_name(t)}", r)

    def constant(self, value, r: int):
        if value is None:
            return NONE
        if value is True or value is False:
            return BOOL
        if type(value) is int:
            if not fits_int64(value):
                self.reject("integer constant out of range", r)
            return INT
        if type(value) is float:
            return FLOAT
        if type(value) is tuple:
            return Tuple(tuple(self.constant(item, r) for item in value))
        if type(value) is str and self.op[r] == Op.const:
            return TEXT  # usable only as an exception's message
        self.reject(f"{type(value).__name__} value", r)

    def load_global(self, r: int):
        index = self.a[r]
        if index in self.facts.functions:
            return Function(self.facts.functions[index])
        if index in self.facts.frozen:
            found, value = self.global_value(index)
            if found and (type(value) in (bool, int, float)):
                self.constants[r] = value
                return self.constant(value, r)
        self.reject(f"reads global '{self.module.globals[index]}'", r)

    def unary(self, op: int, t, r: int):
        if op == Op.not_ and t == INT_OR_FLOAT:  # 0 and 0.0 are both false
            return BOOL
        if t not in NUMBERS:
            self.reject(f"unary operator on a {_name(t)}", r)
        if op == Op.not_:
            return BOOL
        if op == Op.invert:
            if t == FLOAT:
                self.reject("'~' on a float", r)
            return INT
        return FLOAT if t == FLOAT else INT

    def binary(self, op: int, lhs: int, rhs: int, r: int):
        ta, tb = self.types[lhs], self.types[rhs]
        if isinstance(ta, ListT) or isinstance(tb, ListT):
            return self.list_binary(op, ta, tb, r)
        if INT_OR_FLOAT in (ta, tb):
            return self.int_or_float_binary(op, lhs, rhs, r)
        if ta not in NUMBERS or tb not in NUMBERS:
            if isinstance(ta, Array) or isinstance(tb, Array):
                self.reject("array arithmetic", r)
            self.reject(f"operator on {_name(ta)} and {_name(tb)}", r)
        ints = ta in _INTLIKE and tb in _INTLIKE
        if op in COMPARE_OPS:
            return BOOL
        if op in (Op.add, Op.sub, Op.mul, Op.floordiv, Op.mod):
            return INT if ints else FLOAT
        if op == Op.truediv:
            return FLOAT
        if op == Op.pow:
            return self.power(ta, tb, lhs, rhs, r)
        if op in (Op.lshift, Op.rshift):
            if not ints:
                self.reject("shift of a float", r)
            return INT
        if op in (Op.bitand, Op.bitor, Op.bitxor):
            if not ints:
                self.reject("bitwise operator on a float", r)
            return BOOL if ta == tb == BOOL else INT
        self.reject(f"'{OPCODES[op].symbol}' operator", r)

    def list_binary(self, op: int, ta, tb, r: int):
        """`xs * n`, `xs + ys`, `xs == ys`, `x in xs` (and their negations)."""
        if op == Op.mul and isinstance(ta, ListT) and tb in _INTLIKE:
            return ta
        if op == Op.mul and isinstance(tb, ListT) and ta in _INTLIKE:
            return tb
        if any(isinstance(t, ListT) and t.nested for t in (ta, tb)):
            self.reject(f"'{OPCODES[op].symbol}' of a list of lists", r)
        if op == Op.add and ta == tb:
            return ta
        if op in (Op.eq, Op.ne) and ta == tb and ta.item != FLOAT:
            return BOOL  # a float list's == depends on its items' identity (NaN)
        if op in (Op.in_, Op.not_in) and isinstance(tb, ListT) and ta == tb.item != FLOAT:
            return BOOL
        self.reject(f"'{OPCODES[op].symbol}' of {_name(ta)} and {_name(tb)}", r)

    def power(self, ta, tb, lhs: int, rhs: int, r: int):
        exponent = self.const_value(rhs)
        if ta in _INTLIKE and tb in _INTLIKE:
            if type(exponent) is int:
                return INT if exponent >= 0 else FLOAT
            self.reject("int power with a variable exponent", r)
        if tb in _INTLIKE:
            return FLOAT
        if type(exponent) is float and exponent.is_integer():
            return FLOAT
        base = self.const_value(lhs)
        if type(base) in (int, float) and not base < 0:
            return FLOAT
        self.reject("float power that may be complex", r)

    def const_value(self, v: int):
        if self.op[v] == Op.const:
            return self.fn.consts[self.a[v]]
        return None

    # -- containers -------------------------------------------------------------
    def array_index(self, array: Array, index, r: int) -> None:
        if index == INT and array.ndim == 1:
            return
        if (
            isinstance(index, Tuple)
            and len(index.items) == array.ndim
            and all(t == INT for t in index.items)
        ):
            return
        self.reject("array slice or view", r)

    def getitem(self, container: int, index: int, r: int):
        tc, ti = self.types[container], self.types[index]
        if isinstance(tc, Array):
            self.array_index(tc, ti, r)
            return tc.element
        if isinstance(tc, ListT):
            if ti == SLICE and tc.nested:
                self.reject("slice of a list of lists", r)
            if ti == SLICE:
                return tc  # a new list
            if ti not in _INTLIKE:
                self.reject(f"list index of type {_name(ti)}", r)
            return tc.item
        if isinstance(tc, Tuple):
            if ti == SLICE:
                self.reject("slice of a tuple", r)
            k = self.const_value(index)
            if type(k) is int and -len(tc.items) <= k < len(tc.items):
                return tc.items[k]
            self.reject("tuple index that is not a constant in range", r)
        self.reject(f"indexes a {_name(tc)}", r)

    def list_display(self, r: int, items: list):
        """`[a, b, c]`: a list of one exact scalar type (bools stay bools, ints stay ints);
        `[]` has the type of the first value its methods put into it that is typed."""
        if not items:
            for method, value in self.filled_by[r]:
                t = self.types[value]
                if method == "extend" and isinstance(t, ListT):  # `xs.extend(ys)`
                    t = t.item
                if t is not None:
                    return self.list_display(r, [t])
            return None
        kinds = set(items)
        if len(kinds) > 1:
            self.reject(f"list of {' and '.join(sorted(map(_name, kinds)))}", r)
        item = items[0]
        if isinstance(item, ListT) and item.nested:
            self.reject("list nested more than twice", r)
        if item not in NUMBERS and not isinstance(item, ListT):
            self.reject(f"list of {_name(item)}", r)
        return ListT(item)

    def list_store(self, r: int, container: int, index, value) -> None:
        """`xs[i] = v`: the value must have the list's exact element type."""
        t: ListT = self.types[container]
        if index not in _INTLIKE:
            self.reject(f"list index of type {_name(index)}", r)
        if value != t.item:
            self.reject(f"{_name(t)} receives a {_name(value)}", r)

    def getattr(self, t, name: str, r: int):
        if isinstance(t, Array) and name in lib.ARRAY_ATTRIBUTES:
            return Tuple((INT,) * t.ndim) if name == "shape" else INT
        self.reject(f"attribute '{name}' of a {_name(t)}", r)

    def method(self, r: int, t, name: str, args: list):
        if isinstance(t, ListT):
            return self.list_method(r, t, name, args)
        if not isinstance(t, Array) or name not in lib.ARRAY_METHODS:
            self.reject(f"method '{name}' of a {_name(t)}", r)
        kind = lib.ARRAY_METHODS[name]
        if kind == "none":  # fill
            if len(args) != 1 or args[0] not in NUMBERS:
                self.reject("fill with a non-number", r)
            return NONE
        if args:
            self.reject(f"arguments to '{name}'", r)
        if kind == "element":
            return t.element
        if kind == "sum":
            if t.dtype != "float64":
                return INT
            if t.ndim > 1 and t.layout != "C":  # NumPy may reduce it in another order
                self.reject("sum of a float array that is not contiguous", r)
            return FLOAT
        return Array(t.dtype, t.ndim, "C")

    def list_method(self, r: int, t: ListT, name: str, args: list):
        table = lib.ROWS_METHODS if t.nested else lib.LIST_METHODS
        method = table.get((name, len(args)))
        if method is None:
            self.reject(f"method '{name}' of a list with {len(args)} arguments", r)
        if not method.floats and t.item == FLOAT:
            self.reject(f"method '{name}' of a float list", r)
        for kind, arg in zip(method.args, args, strict=True):
            if kind == "item" and arg != t.item:
                self.reject(f"{_name(t)} receives a {_name(arg)}", r)
            if kind == "int" and arg not in _INTLIKE:
                self.reject(f"list index of type {_name(arg)}", r)
            if kind == "list" and arg != t:
                self.reject(f"{_name(t)} extended by a {_name(arg)}", r)
        return {"none": NONE, "item": t.item, "list": t}[method.result]

    # -- calls ------------------------------------------------------------------
    def call(self, r: int, target, args: list, arg_rows: list, kwargs: tuple):
        if isinstance(target, Function):
            signature = self.module.functions[target.fid].signature
            if kwargs or len(args) != len(signature.names):
                self.bindings[r] = self.bind(target.fid, arg_rows, kwargs, r)
                args = [
                    self.constant(b.value, r) if isinstance(b, Default) else self.types[b]
                    for b in self.bindings[r]
                ]
            for t in args:
                if not isinstance(t, Scalar | Array | Tuple | ListT) or t == INT_OR_FLOAT:
                    self.reject(f"passes a {_name(t)}", r)
            self.calls[r] = (target.fid, tuple(args))
            return self.callee(target.fid, tuple(args), self.line[r])
        if not isinstance(target, Builtin):
            self.reject(f"calls a {_name(target)}", r)
        name = target.name
        if name in lib.EXCEPTIONS:
            if kwargs or len(args) > 1 or any(t != TEXT for t in args):
                self.reject(f"{name} with arguments other than one constant string", r)
            return Raised(name, arg_rows[0] if arg_rows else -1)
        if kwargs and not (name in lib.ALLOCATORS or name == "numpy.full"):
            self.reject("keyword arguments", r)
        if args and isinstance(args[0], ListT) and args[0].nested and name not in _ROW_WALKS:
            self.reject(f"{name} of a list of lists", r)
        if (
            len(args) == 1
            and not kwargs
            and isinstance(args[0], ListT)
            and name in lib.LIST_FUNCTIONS
        ):
            if name == "sorted" and args[0].item == FLOAT:  # NaNs make CPython's order
                self.reject("sorted of a float list", r)
            return args[0] if name in ("sorted", "list") else args[0].item
        if name in ("enumerate", "zip"):
            return self.walk(r, name, args)
        if name == "range":
            if not 1 <= len(args) <= 3 or any(t not in _INTLIKE for t in args):
                self.reject("range of non-integers", r)
            return RANGE
        if name in lib.ROUTINES:
            routine = lib.ROUTINES[name]
            self.check_arity(args, len(routine.params), name, r)
            # An int-or-float is converted to a float as its int would be: exactly.
            self.numbers([FLOAT if t == INT_OR_FLOAT and p == FLOAT else t
                          for t, p in zip(args, routine.params, strict=True)], name, r)  # fmt: skip
            return routine.result
        if name in lib.BY_ARGUMENT:
            self.check_arity(args, 1, name, r)
            if args[0] == INT_OR_FLOAT and name in lib.TAKE_INT_OR_FLOAT:
                args = [FLOAT]
            self.numbers(args, name, r)
            return lib.BY_ARGUMENT[name][args[0]].result
        if name in lib.EXTREMA:
            if len(args) < 2 or any(t != args[0] for t in args) or args[0] not in NUMBERS:
                self.reject(f"{name} of mixed or non-number arguments", r)
            return args[0]
        if name in lib.NUMPY_EXTREMA:
            self.check_arity(args, 2, name, r)
            self.numbers(args, name, r)
            if args[0] == args[1]:
                return args[0]
            return FLOAT if FLOAT in args else INT
        if name == "list":
            if len(args) != 1 or args[0] != RANGE:
                self.reject(f"list of a {_name(args[0]) if args else 'nothing'}", r)
            return ListT(INT)
        if name == "sum":
            if not 1 <= len(args) <= 2 or not isinstance(args[0], ListT):
                self.reject(f"sum of a {_name(args[0]) if args else 'nothing'}", r)
            start = args[1] if len(args) == 2 else INT
            if args[0].item == FLOAT and len(args) == 1:
                return INT_OR_FLOAT  # the int 0 when the list is empty, else a float
            if args[0].item == FLOAT and start != FLOAT:
                self.reject("sum of a float list from an int start", r)
            if start not in NUMBERS:
                self.reject(f"sum starting at a {_name(start)}", r)
            return FLOAT if FLOAT in (start, args[0].item) else INT
        if name == "len":
            self.check_arity(args, 1, name, r)
            if not isinstance(args[0], Array | Tuple | ListT):
                self.reject(f"len of a {_name(args[0])}", r)
            return INT
        if name in lib.ALLOCATORS or name == "numpy.full":
            return self.allocation(r, name, args, kwargs)
        if name in lib.ARRAY_FUNCTIONS:
            self.check_arity(args, 1, name, r)
            if not isinstance(args[0], Array):
                self.reject(f"{name} of a {_name(args[0])}", r)
            return self.method(r, args[0], lib.ARRAY_FUNCTIONS[name], [])
        if name in lib.LIKE_ALLOCATORS:
            self.check_arity(args, 1, name, r)
            if not isinstance(args[0], Array):
                self.reject(f"{name} of a {_name(args[0])}", r)
            return Array(args[0].dtype, args[0].ndim, "C")
        self.reject(f"calls {name}", r)

    def walk(self, r: int, name: str, args: list) -> Walk:
        """`enumerate(x)`, `enumerate(x, start)` or `zip(x, ...)` of what a loop walks."""
        walked = args[:1] if name == "enumerate" else args
        if not walked or any(not _iterable(t) for t in walked):
            self.reject(f"{name} of {', '.join(map(_name, args)) or 'nothing'}", r)
        if name == "enumerate" and (len(args) > 2 or args[1:] and args[1] not in _INTLIKE):
            self.reject("enumerate with a start that is not an int", r)
        for row in self.users[r]:
            if self.op[row] != Op.get_iter:
                self.reject(f"{name} used as a value", r)
        return Walk(name, tuple(walked))

    def check_arity(self, args: list, n: int, name: str, r: int) -> None:
        if len(args) != n:
            self.reject(f"{name} with {len(args)} arguments", r)

    def numbers(self, args: list, name: str, r: int) -> None:
        for t in args:
            if t not in NUMBERS:
                self.reject(f"{name} of a {_name(t)}", r)

    def allocation(self, r: int, name: str, args: list, kwargs: tuple):
        wanted = 2 if name == "numpy.full" else 1
        if len(args) != wanted:
            self.reject(f"{name} with {len(args)} positional arguments", r)
        shape = args[0]
        if shape == INT:
            ndim = 1
        elif isinstance(shape, Tuple) and 1 <= len(shape.items) <= 3:
            if any(t not in _INTLIKE for t in shape.items):
                self.reject("array shape of non-integers", r)
            ndim = len(shape.items)
        else:
            self.reject(f"array shape given as a {_name(shape)}", r)
        if name == "numpy.full":
            if args[1] not in NUMBERS:
                self.reject("numpy.full with a non-number", r)
            dtype = DTYPE_OF_ELEMENT[args[1]]
        else:
            dtype = "float64"
        for key, row in kwargs:
            target = self.types[row]
            if (
                key != "dtype"
                or not isinstance(target, Builtin)
                or target.name not in lib.DTYPE_NAMES
            ):
                self.reject(f"keyword argument '{key}'", r)
            dtype = lib.DTYPE_NAMES[target.name]
        return Array(dtype, ndim, "C")


def _iterable(t) -> bool:
    """Whether a `for` loop (or enumerate, zip) can walk a value of type `t`."""
    return t == RANGE or (isinstance(t, Array) and t.ndim == 1) or isinstance(t, ListT)


def _name(t) -> str:
    """A type as rejection reasons name it."""
    if isinstance(t, Scalar):
        return t.name
    if isinstance(t, Array):
        return f"{t.ndim}-d {t.dtype} array"
    if isinstance(t, Tuple):
        return "tuple"
    if isinstance(t, ListT):
        return repr(t)
    if isinstance(t, Function):
        return "function"
    if isinstance(t, Builtin):
        return t.name
    if isinstance(t, Range):
        return "range"
    if isinstance(t, Iter):
        return "iterator"
    if isinstance(t, Text):
        return "str"
    if isinstance(t, Slice):
        return "slice"
    if isinstance(t, Raised):
        return "exception"
    return "value"


_KNOWN_CALLEES = (
    set(lib.ROUTINES)
    | set(lib.BY_ARGUMENT)
    | set(lib.EXTREMA)
    | set(lib.NUMPY_EXTREMA)
    | set(lib.ALLOCATORS)
    | set(lib.LIKE_ALLOCATORS)
    | set(lib.ARRAY_FUNCTIONS)
    | set(lib.DTYPE_NAMES)
    | lib.MATH_CONSTANTS
    | set(lib.LIST_FUNCTIONS)
    | {"range", "len", "numpy.full", "sum", "list", "enumerate", "zip"}
    | lib.EXCEPTIONS
)


def prefilter(module: IRModule, fid: int) -> Reject | None:
    """A rejection that holds whatever the argument types are (None: worth specialising)."""
    fn = module.functions[fid]
    ops = fn.insts["op"].tolist()
    lines = fn.insts["line"].tolist()
    for r, op in enumerate(ops):
        line = lines[r] or fn.line
        if not OPCODES[op].jit:
            return Reject(NEVER_COMPILED[op], line)
        if op == Op.builtin:
            name = fn.consts[int(fn.insts["a"][r])]
            if name not in _KNOWN_CALLEES:
                return Reject(f"calls {name}", line)
    return None
