"""Hypothesis strategies: programs that read a value, mutate it, and read it again.

Their job is to catch miscompiles where the engine merges, hoists or reuses
an expression across a mutation of its operand (common-subexpression
elimination once merged `not h` across `h.pop()`). A program binds a few
values of one kind each (list, dict, set, str, NumPy array), some under
several names: an alias (`b0 = a0`), a one-item box (`box0 = [a0]`, mutated
as `box0[0]`), and an independent twin of the same kind (`c0`, for `a0 ==
c0`). It then interleaves

- mutations: methods (`append pop insert remove clear sort reverse extend
  update setdefault add discard fill`), item assignment and deletion,
  augmented assignment (`+= -= |= &= ^=`, on names, items and the box),
  rebinding (`s = s[1:]`), calls of helper functions that mutate their
  argument, and all of these through the alias and the box;
- reads that look pure ("probes"): `not x`, `bool(x)`, `len(x)`, `v in x`,
  `x == y`, `x < y`, `x[i]`, `str(x)`, `"%s" % x`, `sorted(x)`, `x.count(v)`,
  `sum(x)`, `min(x)`, `x.sum()`, `(a > 0).sum()`, and calls of helper
  functions that only read their argument.

A program first draws a small pool of probes and mostly reuses it, so the
same expression text is evaluated again and again with mutations in
between: in straight-line code, around a mutation ("sandwich"), as the
condition of `if`/`while` (repeated after the mutation, as in the `not h`
bug), after an if/else join, and in loop bodies dominated by an evaluation
before the loop.

Invariants:

- every program is Python 3.11 in the subset the engine implements
  (`frankenengine/language/surface.py`); `mutation_programs()` gives the text
  of a module whose `main()` returns the list `out` of every recorded value;
- reads and mutations that can raise (`x[i]`, `min(x)`, `x.index(v)`,
  `x.pop()`, `del d[k]`, `s.remove(v)`, `not a` of a longer array) are
  usually guarded, by a condition (`x[1] if len(x) > 1 else None`, `if x:
  x.pop()`) or by `try`/`except T:` that records `"T"`, so most programs run
  to the end; a few are left bare, and then the program's exception is what
  is compared;
- termination by construction: loops run over `range(k)` with small `k` or
  are `while` loops bounded by a counter; no loop iterates over a value the
  program mutates; growth per statement is by a few items (no doubling of
  containers or strings);
- nothing is recorded whose order CPython does not promise: sets are read
  through `sorted`, comparisons, `len` and set results (which the oracle
  compares as sets), never `str(s)`;
- arrays keep their length (int64 or float64, length 1-3, small values, no
  -0.0, no division); reductions such as `a.sum()` are NumPy scalars under
  CPython and Python numbers in the engine (LANGUAGE.md, deliberate
  difference 7), so the programs record them through `int()`, `float()` or
  `bool()`, and the oracle reads elements `a[i]` as Python scalars; the
  recorded values are all plain Python values.

`mutation_kernels()` draws the JIT lane's counterpart: a `Case` whose entry
`main(a, b)` calls a kernel `k(a, b)` `reps` times on two arrays passed in by
the host (sometimes the same array twice, so the arguments alias), the kernel
reading and writing them (element stores, `+=` on an element, `fill`, helper
functions that mutate or read their argument, an alias `c = a`) and
recording every read into two accumulators it returns (`main` converts them
to Python numbers and, returning a list, stays in the interpreter). Everything
in `k` is in the JIT subset, so the `jit` lane compiles it; `auto` compiles it
once it is hot (`reps` is sometimes 55, above the default threshold of 50
calls; test_lane_parity's runner also tiers up after one call).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from .numeric_programs import Case

KINDS = ("list", "dict", "set", "str", "array")
INTS = st.integers(-2, 5)
KEYS = st.sampled_from("abcd")
CHARS = st.sampled_from(["a", "b", "ab", "ba", "c"])
FLOATS = st.sampled_from([-1.5, 0.5, 1.0, 2.25, 3.0])
MAX_DEPTH = 2
KERNEL_MAX_DEPTH = 1  # kernels: loops at the top level only (Numba's compile time grows fast)


@dataclass(frozen=True)
class Op:
    """A read expression or a mutation statement, and what may make it raise."""

    text: str
    guard: str | None = None  # a condition under which it cannot raise
    raises: str | None = None  # the exception type it raises otherwise


@dataclass
class Family:
    """Names bound to one value (base, alias, box slot) and an independent twin."""

    index: int
    kind: str
    dtype: str = "int"  # arrays: "int" or "float"
    length: int = 0  # arrays: fixed length
    refs: list[str] = field(default_factory=list)  # names of the same object
    twin: str | None = None

    def all_refs(self) -> list[str]:
        return self.refs + ([self.twin] if self.twin else [])


# -- literals ------------------------------------------------------------------------
def _literal(draw, family: Family) -> str:
    kind = family.kind
    if kind == "list":
        return repr(draw(st.lists(INTS, max_size=3)))
    if kind == "dict":
        keys = draw(st.lists(KEYS, max_size=3, unique=True))
        return "{" + ", ".join(f"{k!r}: {draw(INTS)}" for k in keys) + "}"
    if kind == "set":
        items = draw(st.lists(INTS, max_size=3, unique=True))
        return "{" + ", ".join(map(str, items)) + "}" if items else "set()"
    if kind == "str":
        return repr("".join(draw(st.lists(CHARS, max_size=3))))
    return _array_literal(draw, family.dtype, family.length)


def _array_literal(draw, dtype: str, length: int) -> str:
    values = draw(st.lists(INTS if dtype == "int" else FLOATS, min_size=length, max_size=length))
    return f"np.array({values!r})"


def _scalar(draw, family: Family) -> str:
    """An element value of the family's kind (what `in`, `append`, `fill` take)."""
    if family.kind == "dict":
        return repr(draw(KEYS))
    if family.kind == "str":
        return repr(draw(CHARS))
    if family.kind == "array" and family.dtype == "float":
        return repr(draw(FLOATS))
    return str(draw(INTS))


# -- probes: reads that look pure ----------------------------------------------------------
def _is_operator(text: str, v: str) -> bool:
    """True for `not v`, `v == w`, `v < w`, `"%s" % v`, ...: an operator applied to `v` itself."""
    return text.startswith(("not ", '"%s" % ')) or any(
        text.startswith(f"{v} {op} ") for op in ("==", "!=", "<", "<=", "+", "|")
    )


def probe(draw, family: Family, v: str, w: str) -> Op:
    """A read of `v` (one name of `family`); `w` is another name of the same kind."""
    n = _scalar(draw, family)
    kind = family.kind
    if kind == "list":
        i = draw(st.integers(0, 2))
        choices = [
            Op(f"not {v}"),
            Op(f"bool({v})"),
            Op(f"len({v})"),
            Op(f"{n} in {v}"),
            Op(f"{v} == {w}"),
            Op(f"{v} != {w}"),
            Op(f"{v} < {w}"),
            Op(f"{v}[{i}]", f"len({v}) > {i}", "IndexError"),
            Op(f"{v}[-1]", v, "IndexError"),
            Op(f"str({v})"),
            Op(f'"%s" % {v}'),
            Op(f"sorted({v})"),
            Op(f"{v}.count({n})"),
            Op(f"sum({v})"),
            Op(f"min({v})", v, "ValueError"),
            Op(f"max({v})", v, "ValueError"),
            Op(f"{v}.index({n})", f"{n} in {v}", "ValueError"),
            Op(f"{v}[1:]"),
            Op(f"len({v}) > 1"),
            Op(f"{v} + {w}"),
        ]
    elif kind == "dict":
        choices = [
            Op(f"not {v}"),
            Op(f"bool({v})"),
            Op(f"len({v})"),
            Op(f"{n} in {v}"),
            Op(f"{v} == {w}"),
            Op(f"{v} != {w}"),
            Op(f"{v}[{n}]", f"{n} in {v}", "KeyError"),
            Op(f"{v}.get({n})"),
            Op(f"str({v})"),
            Op(f'"%s" % {v}'),
            Op(f"sorted({v})"),
            Op(f"list({v}.items())"),
            Op(f"sum({v}.values())"),
            Op(f"min({v})", v, "ValueError"),
        ]
    elif kind == "set":
        m = _scalar(draw, family)
        choices = [
            Op(f"not {v}"),
            Op(f"bool({v})"),
            Op(f"len({v})"),
            Op(f"{n} in {v}"),
            Op(f"{v} == {w}"),
            Op(f"{v} != {w}"),
            Op(f"{v} <= {w}"),
            Op(f"{v} < {w}"),
            Op(f"sorted({v})"),
            Op(f"sum({v})"),
            Op(f"min({v})", v, "ValueError"),
            Op(f"{v} | {w}"),
            Op(f"{v} - {{{n}, {m}}}"),
            Op(f"{v}.isdisjoint({w})"),
        ]
    elif kind == "str":
        i = draw(st.integers(0, 2))
        choices = [
            Op(f"not {v}"),
            Op(f"len({v})"),
            Op(f"{n} in {v}"),
            Op(f"{v} == {w}"),
            Op(f"{v} < {w}"),
            Op(f"{v}[{i}]", f"len({v}) > {i}", "IndexError"),
            Op(f"{v}.count({n})"),
            Op(f"{v}.upper()"),
            Op(f"sorted({v})"),
            Op(f"min({v})", v, "ValueError"),
            Op(f'"%s" % {v}'),
            Op(f"{v} + {w}"),
        ]
    else:
        i = draw(st.integers(0, family.length - 1))
        number = family.dtype  # `int` or `float`: reductions read as Python numbers
        choices = [
            Op(f"not {v}", "True" if family.length == 1 else "False", "ValueError"),
            Op(f"len({v})"),
            Op(f"{number}({v}.sum())"),
            Op(f"{number}(np.sum({v}))"),
            Op(f"{number}({v}.min())"),
            Op(f"{number}({v}.max())"),
            Op(f"float({v}.mean())"),
            Op(f"{v}[{i}]"),
            Op(f"{v}[-1]"),
            Op(f"int(({v} > 0).sum())"),
            Op(f"{n} in {v}"),
            Op(f"int(({v} == {w}).sum())"),
            Op(f"{v}[{i}] == {w}[0]"),
            Op(f"bool({v}.sum() > {w}.sum())"),
        ]
    operators = [op for op in choices if _is_operator(op.text, v)]
    if operators and draw(st.integers(0, 2)) == 0:
        # the operator forms (`not x`, `x == y`, `"%s" % x`, ...) are what a value-numbering
        # pass sees as pure instructions: drawn more often than their share of the menu
        return draw(st.sampled_from(operators))
    return draw(st.sampled_from(choices))


def condition(draw, family: Family, v: str, w: str) -> Op:
    """A branch condition over `v`: truthiness, emptiness, equality, length, membership."""
    n = _scalar(draw, family)
    if family.kind == "array":
        i = draw(st.integers(0, family.length - 1))
        choices = [Op(f"{v}[{i}] > 0"), Op(f"{v}.sum() > {w}.sum()"), Op(f"{n} in {v}")]
        if family.length == 1:
            choices += [Op(f"not {v}"), Op(f"bool({v})")]
        return draw(st.sampled_from(choices))
    choices = [Op(f"not {v}"), Op(v), Op(f"{v} == {w}"), Op(f"len({v}) > 1"), Op(f"{n} in {v}")]
    if family.kind in ("list", "set", "str"):
        choices.append(Op(f"{v} != {w}"))
    return draw(st.sampled_from(choices))


# -- mutations ---------------------------------------------------------------------------
def mutation(draw, family: Family, v: str) -> Op:
    """A statement that changes the value `v` names (or, for strings, rebinds `v`)."""
    n = _scalar(draw, family)
    kind = family.kind
    if kind == "list":
        i = draw(st.integers(0, 2))
        m = draw(INTS)
        choices = [
            Op(f"{v}.append({n})"),
            Op(f"{v}.pop()", v, "IndexError"),
            Op(f"{v}.pop(0)", v, "IndexError"),
            Op(f"{v}.insert({i}, {n})"),
            Op(f"{v}[{i}] = {n}", f"len({v}) > {i}", "IndexError"),
            Op(f"{v}[{i}] += {n}", f"len({v}) > {i}", "IndexError"),
            Op(f"del {v}[{i}]", f"len({v}) > {i}", "IndexError"),
            Op(f"{v}.clear()"),
            Op(f"{v}.sort()"),
            Op(f"{v}.reverse()"),
            Op(f"{v}.extend([{n}, {m}])"),
            Op(f"{v} += [{n}]"),
            Op(f"{v}.remove({n})", f"{n} in {v}", "ValueError"),
            Op(f"{v}[:] = [{n}]"),
        ]
    elif kind == "dict":
        m = draw(INTS)
        choices = [
            Op(f"{v}[{n}] = {m}"),
            Op(f"del {v}[{n}]", f"{n} in {v}", "KeyError"),
            Op(f"{v}.pop({n})", f"{n} in {v}", "KeyError"),
            Op(f"{v}.pop({n}, None)"),
            Op(f"{v}.clear()"),
            Op(f"{v}.update({{{n}: {m}}})"),
            Op(f"{v}.setdefault({n}, {m})"),
            Op(f"{v}[{n}] += {m}", f"{n} in {v}", "KeyError"),
        ]
    elif kind == "set":
        m = _scalar(draw, family)
        choices = [
            Op(f"{v}.add({n})"),
            Op(f"{v}.discard({n})"),
            Op(f"{v}.remove({n})", f"{n} in {v}", "KeyError"),
            Op(f"{v}.clear()"),
            Op(f"{v}.update([{n}, {m}])"),
            Op(f"{v} |= {{{n}}}"),
            Op(f"{v} -= {{{n}}}"),
            Op(f"{v} &= {{{n}, {m}}}"),
            Op(f"{v} ^= {{{n}}}"),
        ]
    elif kind == "str":
        choices = [
            Op(f"{v} += {n}"),
            Op(f"{v} = {v}[1:]"),
            Op(f"{v} = {v}.replace({n}, '')"),
            Op(f'{v} = ""'),
            Op(f"{v} = {v}.upper()"),
        ]
    else:
        i = draw(st.integers(0, family.length - 1))
        choices = [
            Op(f"{v}[{i}] = {n}"),
            Op(f"{v}[{i}] += {n}"),
            Op(f"{v} += {n}"),
            Op(f"{v} -= {n}"),
            Op(f"{v}.fill({n})"),
            Op(f"{v}[:] = {n}"),
        ]
    return draw(st.sampled_from(choices))


# -- the program builder -------------------------------------------------------------------
class Builder:
    """Emits one module: helper functions, then `main()` recording into `out`."""

    def __init__(self, draw):
        self.draw = draw
        self.lines: list[str] = []
        self.helpers: list[str] = []
        self.depth = 1
        self.counter = 0
        self.families: list[Family] = []
        self.pool: list[tuple[Family, Op]] = []
        self.mutators: dict[int, list[str]] = {}  # family index -> helper names
        self.readers: dict[int, list[str]] = {}

    def emit(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # -- names ----------------------------------------------------------------------------
    def ref(self, family: Family) -> str:
        """A name of the family's object (base, alias or box slot)."""
        return self.draw(st.sampled_from(family.refs))

    def other(self, family: Family) -> str:
        """The other operand of a comparison: the twin more often than not."""
        if family.twin and self.draw(st.integers(0, 2)):
            return family.twin
        return self.draw(st.sampled_from(family.all_refs()))

    # -- guarded statements ---------------------------------------------------------------
    def guarded(self, op: Op, statement: str) -> None:
        """Emit `statement` (which evaluates `op`) guarded by a condition, a handler, or bare."""
        if op.raises is None:
            self.emit(statement)
            return
        mode = self.draw(st.sampled_from(["cond"] * 12 + ["try"] * 5 + ["bare"]))
        if mode == "bare":
            self.emit(statement)
        elif mode == "cond":
            self.emit(f"if {op.guard}:")
            self.emit(f"    {statement}")
        else:
            self.emit("try:")
            self.emit(f"    {statement}")
            self.emit(f"except {op.raises}:")
            self.emit(f"    out.append({op.raises!r})")

    def record_condition(self, cond: Op) -> None:
        """Record a branch condition's value (`bool(x)`, never the live object `x`)."""
        self.emit(f"out.append(bool({cond.text}))")

    def record(self, op: Op) -> None:
        if op.raises is not None and self.draw(st.booleans()):
            # a conditional expression: the guard and the read in one expression
            self.emit(f"out.append({op.text} if {op.guard} else None)")
            return
        self.guarded(op, f"out.append({op.text})")

    def mutate(self, family: Family) -> None:
        target = (
            self.ref(family) if self.draw(st.integers(0, 5)) else (family.twin or family.refs[0])
        )
        helpers = self.mutators.get(family.index)
        if helpers and self.draw(st.integers(0, 3)) == 0:
            name = self.draw(st.sampled_from(helpers))
            if self.draw(st.booleans()):
                self.emit(f"{name}({target})")
            else:
                self.emit(f"out.append({name}({target}))")
            return
        op = mutation(self.draw, family, target)
        self.guarded(op, op.text)

    # -- probes -------------------------------------------------------------------------------
    def pick_probe(self) -> tuple[Family, Op]:
        if self.pool and self.draw(st.integers(0, 4)):
            return self.draw(st.sampled_from(self.pool))
        family = self.draw(st.sampled_from(self.families))
        readers = self.readers.get(family.index)
        if readers and self.draw(st.integers(0, 3)) == 0:
            return family, Op(f"{self.draw(st.sampled_from(readers))}({self.ref(family)})")
        return family, probe(self.draw, family, self.ref(family), self.other(family))

    def pick_condition(self) -> tuple[Family, Op]:
        family = self.draw(st.sampled_from(self.families))
        return family, condition(self.draw, family, self.ref(family), self.other(family))

    # -- statements ---------------------------------------------------------------------------
    def statements(self, count: int) -> None:
        for _ in range(count):
            self.statement()

    def statement(self) -> None:
        choices = ["record", "mutate", "sandwich", "sandwich", "if", "repeat_if"]
        if self.depth <= MAX_DEPTH:
            choices += ["for", "while", "loop_after"]
        kind = self.draw(st.sampled_from(choices))
        if kind == "record":
            self.record(self.pick_probe()[1])
        elif kind == "mutate":
            self.mutate(self.draw(st.sampled_from(self.families)))
        elif kind == "sandwich":
            family, op = self.pick_probe()
            self.record(op)
            self.mutate(family)
            self.record(op)
        elif kind == "if":
            self.branch()
        elif kind == "repeat_if":
            # the shape of the `not h` bug: the same condition before and after a mutation
            family, cond = self.pick_condition()
            self.branch(family, cond)
            self.mutate(family)
            self.branch(family, cond)
        elif kind == "for":
            self.emit(f"for {self.fresh('i')} in range({self.draw(st.integers(0, 3))}):")
            self.body()
        elif kind == "while":
            family, cond = self.pick_condition()
            counter = self.fresh("n")
            self.emit(f"{counter} = 0")
            self.emit(f"while {cond.text} and {counter} < {self.draw(st.integers(1, 3))}:")
            self.depth += 1
            self.emit(f"{counter} += 1")
            self.record_condition(cond)
            self.mutate(family)
            self.statements(self.draw(st.integers(0, 2)))
            self.depth -= 1
            self.record_condition(cond)
        else:  # loop_after: evaluated before the loop, mutated and evaluated again inside it
            family, op = self.pick_probe()
            self.record(op)
            self.emit(f"for {self.fresh('i')} in range({self.draw(st.integers(1, 3))}):")
            self.depth += 1
            self.mutate(family)
            self.record(op)
            self.statements(self.draw(st.integers(0, 1)))
            self.depth -= 1
            self.record(op)

    def body(self) -> None:
        self.depth += 1
        self.statements(self.draw(st.integers(1, 3)))
        self.depth -= 1

    def branch(self, family: Family | None = None, cond: Op | None = None) -> None:
        if cond is None:
            family, cond = self.pick_condition()
        tag = self.fresh("b")
        self.emit(f"if {cond.text}:")
        self.depth += 1
        self.emit(f'out.append("{tag} then")')
        if self.draw(st.booleans()):
            self.mutate(family)
        if self.depth <= MAX_DEPTH:
            self.statements(self.draw(st.integers(0, 2)))
        self.depth -= 1
        if self.draw(st.booleans()):
            self.emit("else:")
            self.depth += 1
            self.emit(f'out.append("{tag} else")')
            if self.depth <= MAX_DEPTH:
                self.statements(self.draw(st.integers(0, 2)))
            self.depth -= 1
        if self.draw(st.booleans()):  # the same condition again, after the join
            self.record_condition(cond)

    # -- helpers ---------------------------------------------------------------------------
    def helper_functions(self, family: Family) -> None:
        """Module-level functions that mutate or only read an argument of the family's kind."""
        for _ in range(self.draw(st.integers(0, 1))):
            name = self.fresh(f"mut{family.index}_")
            op = mutation(self.draw, family, "v")
            result = probe(self.draw, family, "v", "v")
            lines = [f"def {name}(v):"]
            if op.raises is None:
                lines.append(f"    {op.text}")
            else:
                lines += [f"    if {op.guard}:", f"        {op.text}"]
            if family.kind == "str":  # rebinding is all a helper can do to a string
                lines.append("    return v")
            elif result.raises is None:
                lines.append(f"    return {result.text}")
            else:
                lines.append(f"    return {result.text} if {result.guard} else None")
            self.helpers.append("\n".join(lines))
            self.mutators.setdefault(family.index, []).append(name)
        for _ in range(self.draw(st.integers(0, 1))):
            name = self.fresh(f"peek{family.index}_")
            op = probe(self.draw, family, "v", "v")
            body = op.text if op.raises is None else f"{op.text} if {op.guard} else None"
            self.helpers.append(f"def {name}(v):\n    return {body}")
            self.readers.setdefault(family.index, []).append(name)

    # -- the module --------------------------------------------------------------------------
    def family(self, index: int) -> Family:
        kind = self.draw(st.sampled_from(KINDS))
        family = Family(index, kind)
        if kind == "array":
            family.dtype = self.draw(st.sampled_from(["int", "float"]))
            family.length = self.draw(st.integers(1, 3))
        base = f"a{index}"
        literal = _literal(self.draw, family)
        self.emit(f"{base} = {literal}")
        family.refs.append(base)
        if self.draw(st.booleans()):
            self.emit(f"b{index} = {base}")
            family.refs.append(f"b{index}")
        if self.draw(st.integers(0, 2)) == 0:
            self.emit(f"box{index} = [{base}]")
            family.refs.append(f"box{index}[0]")
        if self.draw(st.integers(0, 3)):
            # an independent value, equal to the base at first more often than not
            how = self.draw(st.sampled_from(["same", "same", "other", "copy"]))
            if how == "same":
                text = literal
            elif how == "other":
                text = _literal(self.draw, family)
            else:
                text = f"{base} + ''" if kind == "str" else f"{base}.copy()"
            self.emit(f"c{index} = {text}")
            family.twin = f"c{index}"
        return family

    def build(self) -> str:
        self.emit("out = []")
        for index in range(self.draw(st.integers(1, 2))):
            self.families.append(self.family(index))
        for family in self.families:
            self.helper_functions(family)
        for _ in range(self.draw(st.integers(1, 3))):
            self.pool.append(self.pick_probe())
        self.statements(self.draw(st.integers(2, 7)))
        for family in self.families:  # the final state of every value
            for name in family.all_refs():
                if family.kind == "array":
                    self.emit(f"out.append([{name}[i] for i in range({family.length})])")
                elif family.kind == "set":
                    self.emit(f"out.append(sorted({name}))")
                else:
                    self.emit(f"out.append({name})")
        self.emit("return out")
        header = ["import numpy as np", ""] if any(f.kind == "array" for f in self.families) else []
        parts = header + [h + "\n\n" for h in self.helpers] + ["def main():", *self.lines]
        return "\n".join(parts) + "\n"


@st.composite
def mutation_programs(draw) -> str:
    """The source text of a module whose `main()` returns what it recorded (see the docstring)."""
    return Builder(draw).build()


# -- JIT kernels -------------------------------------------------------------------------------
KERNEL_HELPERS = {
    "bump": "def bump(v, i, d):\n    v[i] += d\n",
    "shift": "def shift(v, d):\n    for j in range(len(v)):\n        v[j] = v[j] + d\n",
    "reset": "def reset(v, x):\n    v.fill(x)\n",
    "total": (
        "def total(v):\n    s = v[0] * 0\n    for j in range(len(v)):\n"
        "        s += v[j]\n    return s\n"
    ),
    "first": "def first(v):\n    return v[0]\n",
    "positives": (
        "def positives(v):\n    c = 0\n    for j in range(len(v)):\n        if v[j] > 0:\n"
        "            c += 1\n    return c\n"
    ),
}


@dataclass
class KArray:
    name: str
    dtype: str
    length: int


class KernelBuilder:
    """Emits `k(a, b)`, JIT-eligible, recording reads into `acc` (float) and `tag` (int)."""

    def __init__(self, draw, arrays: list[KArray], alias: bool):
        self.draw = draw
        self.arrays = arrays
        self.refs = {a.name: [a.name] for a in arrays}
        self.lines: list[str] = []
        self.depth = 1
        self.counter = 0
        self.used: set[str] = set()
        self.alias = alias
        self.pool: list[tuple[str, str, KArray]] = []

    def emit(self, text: str) -> None:
        self.lines.append("    " * self.depth + text)

    def value(self, array: KArray) -> str:
        return repr(self.draw(INTS if array.dtype == "int" else FLOATS))

    def name_of(self, array: KArray) -> str:
        return self.draw(st.sampled_from(self.refs[array.name]))

    def probe(self) -> tuple[str, str, KArray]:
        """(expression, type, the array it reads first) with type "f", "i" or "b"."""
        if self.pool and self.draw(st.integers(0, 3)):
            return self.draw(st.sampled_from(self.pool))
        a, b = self.draw(st.sampled_from(self.arrays)), self.draw(st.sampled_from(self.arrays))
        v, w = self.name_of(a), self.name_of(b)
        t = "f" if a.dtype == "float" else "i"
        i = self.draw(st.integers(0, a.length - 1))
        j = self.draw(st.integers(0, b.length - 1))
        choices = [
            (f"{v}[{i}]", t),
            (f"{v}.sum()", t),
            (f"{v}.min()", t),
            (f"{v}.max()", t),
            (f"len({v})", "i"),
            (f"{v}[{i}] == {w}[{j}]", "b"),
            (f"{v}[{i}] < {w}[{j}]", "b"),
            (f"{v}[{i}] > 0", "b"),
            (f"{v}.sum() > {w}.sum()", "b"),
            (f"total({v})", t),
            (f"first({v})", t),
            (f"positives({v})", "i"),
        ]
        expr, kind = self.draw(st.sampled_from(choices))
        for helper in ("total", "first", "positives"):
            if expr.startswith(helper + "("):
                self.used.add(helper)
        return expr, kind, a

    def record(self, probe: tuple[str, str, KArray]) -> None:
        expr, kind, _ = probe
        if kind == "f":
            self.emit(f"acc = acc * 0.5 + {expr}")
        elif kind == "i":
            self.emit(f"tag = (tag * 7 + {expr}) % 1000003")
        else:
            self.emit(f"tag = (tag * 7 + (1 if {expr} else 2)) % 1000003")

    def mutate(self, a: KArray | None = None) -> None:
        """A store into `a` (by default any array), directly, through an alias or a helper."""
        if a is None or not self.draw(st.integers(0, 3)):
            a = self.draw(st.sampled_from(self.arrays))
        v = self.name_of(a)
        x = self.value(a)
        i = self.draw(st.integers(0, a.length - 1))
        choices = [
            f"{v}[{i}] = {x}",
            f"{v}[{i}] += {x}",
            f"{v}.fill({x})",
            f"bump({v}, {i}, {x})",
            f"shift({v}, {x})",
            f"reset({v}, {x})",
        ]
        text = self.draw(st.sampled_from(choices))
        for helper in ("bump", "shift", "reset"):
            if text.startswith(helper + "("):
                self.used.add(helper)
        self.emit(text)

    def condition(self) -> tuple[str, KArray]:
        expr, kind, a = self.probe()
        return (expr if kind == "b" else f"{expr} > 0"), a

    def statement(self) -> None:
        choices = ["record", "mutate", "sandwich", "sandwich", "if"]
        if self.depth <= KERNEL_MAX_DEPTH:
            choices += ["for", "loop_after", "while"]
        kind = self.draw(st.sampled_from(choices))
        if kind == "record":
            self.record(self.probe())
        elif kind == "mutate":
            self.mutate()
        elif kind == "sandwich":
            probe = self.probe()
            self.record(probe)
            self.mutate(probe[2])
            self.record(probe)
        elif kind == "if":
            cond, a = self.condition()
            self.emit(f"if {cond}:")
            self.depth += 1
            self.emit("tag = (tag * 7 + 3) % 1000003")
            self.mutate(a)
            self.depth -= 1
            if self.draw(st.booleans()):
                self.emit("else:")
                self.depth += 1
                if self.depth <= KERNEL_MAX_DEPTH:
                    self.statement()
                else:
                    self.mutate(a)
                self.depth -= 1
            self.emit(f"tag = (tag * 7 + (1 if {cond} else 2)) % 1000003")
        elif kind == "for":
            self.counter += 1
            self.emit(f"for i{self.counter} in range({self.draw(st.integers(0, 3))}):")
            self.depth += 1
            for _ in range(self.draw(st.integers(1, 2))):
                self.statement()
            self.depth -= 1
        elif kind == "while":
            self.counter += 1
            n = f"n{self.counter}"
            cond, a = self.condition()
            self.emit(f"{n} = 0")
            self.emit(f"while {cond} and {n} < {self.draw(st.integers(1, 3))}:")
            self.depth += 1
            self.emit(f"{n} += 1")
            self.mutate(a)
            self.depth -= 1
            self.emit(f"tag = (tag * 7 + (1 if {cond} else 2)) % 1000003")
        else:
            probe = self.probe()
            self.record(probe)
            self.counter += 1
            self.emit(f"for i{self.counter} in range({self.draw(st.integers(1, 3))}):")
            self.depth += 1
            self.mutate(probe[2])
            self.record(probe)
            self.depth -= 1
            self.record(probe)

    def build(self) -> list[str]:
        self.emit("acc = 0.0")
        self.emit("tag = 0")
        if self.alias:
            self.emit("c = a")
            self.refs["a"].append("c")
        for _ in range(self.draw(st.integers(1, 2))):
            self.pool.append(self.probe())
        for _ in range(self.draw(st.integers(1, 4))):
            self.statement()
        self.emit("return (acc, tag)")
        return self.lines


@st.composite
def mutation_kernels(draw) -> Case:
    """A `Case`: `main(a, b)` calls the JIT-eligible kernel `k(a, b)` `reps` times."""
    same = draw(st.integers(0, 3)) == 0  # the host passes one array twice
    a = KArray("a", draw(st.sampled_from(["int", "float"])), draw(st.integers(1, 3)))
    b = a if same else KArray("b", draw(st.sampled_from(["int", "float"])), draw(st.integers(1, 3)))
    b = KArray("b", b.dtype, b.length)
    builder = KernelBuilder(draw, [a, b], alias=draw(st.booleans()))
    body = builder.build()
    reps = draw(st.sampled_from([1, 2, 55]))
    helpers = [KERNEL_HELPERS[name] for name in sorted(builder.used)]
    lines = ["import numpy as np", ""]
    for helper in helpers:
        lines += [helper, ""]
    lines += ["def k(a, b):", *body, "", ""]
    lines += [  # a list keeps `main` in the interpreter: `k` is the one function compiled
        "def main(a, b):",
        "    res = (0.0, 0)",
        f"    for r in range({reps}):",
        "        res = k(a, b)",
        "    return [float(res[0]), int(res[1])]",
    ]
    source = "\n".join(lines) + "\n"
    first = _array_literal(draw, a.dtype, a.length)
    if same:
        args = f"(lambda A0: [A0, A0])({first})"
    else:
        args = f"[{first}, {_array_literal(draw, b.dtype, b.length)}]"
    return Case(source, "main", args)
