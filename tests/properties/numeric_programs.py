"""Hypothesis strategy for random NUMERIC extension modules: the JIT lane's differential input.

`numeric_cases()` draws a `Case`: the text of a module (`import math`,
`import numpy as np`, then 1-3 functions), the name of its entry function
(the last one) and the arguments to call it with (ints incl. values near
2**62 and the int64 extremes, floats incl. -0.0, inf, nan, 1e308, and 1-D/2-D
`float64`/`int64`/`bool` arrays, sometimes non-contiguous or aliased).

Invariants of every generated module (what makes it a fair JIT input):

- Every value is a `bool`, `int`, `float`, a tuple of those (only as a
  function's result, unpacked by its caller) or an array of
  `bool`/`int64`/`float64`; every parameter and every local keeps one static
  type for its whole life (no variable is ever rebound to another type), so
  each function is JIT-eligible by LANGUAGE.md's "JIT subset" for the argument
  types the case calls it with. Functions only call `math`, the `numpy`
  allocation subset (`np.zeros/ones/empty`, `.fill`, `.shape/.size/.ndim`) and
  earlier generated functions (plus, optionally, one recursive helper `f0`).
- Every program is valid Python 3.11 and, apart from LANGUAGE.md's deliberate
  differences (64-bit ints, modelled by `oracle.py`), means the same thing in
  CPython: exponents of `**` are int constants (small ones for an int base,
  negative ones too, up to 400 for a float base) or, for a float base, an int
  variable; a float exponent is only applied to `abs(...)`, so no result is
  ever complex; `and`/`or`/`min`/`max`/conditional expressions combine
  operands of one type; bitwise operators and shifts take ints (bool `&= |= ^=`
  on bool variables), shift counts are constants in [0, 65]; indices are ints;
  an array element is only assigned a value of its own type (or an int, for a
  `float64` array).
- Programs terminate quickly: `range()` bounds are small constants, array
  extents or `e % 8`, steps are non-zero constants (or `e % 3 - 1`, which is
  sometimes 0: a `ValueError`); `while` loops run on a fresh counter,
  incremented as the first statement of the body and never assigned elsewhere;
  loops nest at most two deep and calls inside loops are only made at depth
  one; the recursive helper is always entered with `min(e, 4)` and recurses on
  `n - 1` (and `n - 2`); arrays have at most 9 elements per axis.
- `np.empty` arrays are filled (`fill` or a loop over every element) before
  anything reads them, so no result depends on uninitialised memory.
- Arguments are rebuilt from their text for every run (`Case.build_args`), so
  each lane and the oracle get fresh arrays (aliasing between arguments is
  preserved); functions may write into them.
- Some programs raise, and that is compared too: division and modulo by zero,
  `0.0 ** -1`, float overflow (`10.0 ** 400`, `math.exp(1000)`), math domain
  errors, int results beyond 64 bits, conversions of nan/inf to int, indices out
  of bounds (negative indices are valid when in range), negative allocation
  sizes, `range()` with step 0.

The `profile` argument selects the shapes: "full" (everything above, up to
three functions), "jit" (small, cheap to compile: at most two functions, few
statements, shallow expressions) and "eligible" (as "jit", without the
recursive helper, without float exponents (`abs(x) ** 0.5` is real, but
proving it takes more than types), without `math.hypot` (the JIT leaves it to
the interpreter, see jit/library.py), without int constants beyond 64 bits
(`-9223372036854775808 ** 1` is `-(9223372036854775808 ** 1)`: the base of
`**` is parenthesised) and with plain contiguous, unaliased array arguments:
shapes that are clearly JIT-eligible).

`Case.render()` gives a self-contained regression file (`# entry:` and
`# args:` header lines, then the module); `parse_case` reads one back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

INT = "int"
FLOAT = "float"
BOOL = "bool"


@dataclass(frozen=True)
class ArrayType:
    dtype: str  # "float64", "int64" or "bool"
    ndim: int  # 1 or 2

    @property
    def element(self) -> str:
        return {"float64": FLOAT, "int64": INT, "bool": BOOL}[self.dtype]

    def __str__(self) -> str:
        return f"{self.dtype}[{', '.join([':'] * self.ndim)}]"


ARRAY_TYPES = tuple(ArrayType(d, n) for n in (1, 2) for d in ("float64", "int64", "bool"))
NP_DTYPE = {"float64": "np.float64", "int64": "np.int64", "bool": "np.bool_"}

# -- literal pools -----------------------------------------------------------------
SMALL_INTS = ("0", "1", "2", "3", "-1", "5", "7", "-2", "4", "10", "-3", "100", "255", "-7")
BIG_INTS = (
    "4611686018427387904",  # 2**62
    "4611686018427387903",
    "-4611686018427387904",
    "9223372036854775807",  # 2**63 - 1
    "-9223372036854775808",
    "9007199254740993",  # 2**53 + 1: not a float
    "3037000499",  # isqrt(2**63)
    "1000000000000000000",
    "2147483648",
)
FLOAT_LITERALS = (
    "0.0",
    "1.5",
    "-0.0",
    "0.5",
    "2.0",
    "-2.5",
    "0.1",
    "3.0",
    "1e308",
    "-1e308",
    "1e-300",
    "5e-324",
    "math.inf",
    "-math.inf",
    "math.nan",
    "math.pi",
    "9007199254740992.0",
    "4611686018427387904.0",
    "9.223372036854776e18",
    "1e16",
    "123456.789",
    "10.0",
    "-1.0",
    "1.7976931348623157e308",
)
SHIFTS = (1, 2, 3, 0, 5, 13, 31, 62, 63, 64, 65)
INT_POWERS = (2, 0, 1, 3, 4, 5)
FLOAT_POWERS = (2, -1, 3, 0, 1, -2, 5, -3, 400)  # int exponents of a float base
ABS_FLOAT_POWERS = ("0.5", "1.5", "-0.5", "2.0", "0.0", "-1.0", "3.25")
MATH_1 = (
    "sqrt",
    "exp",
    "log",
    "fabs",
    "sin",
    "cos",
    "tan",
    "atan",
    "asin",
    "acos",
    "log2",
    "log10",
    "log1p",
    "expm1",
    "sinh",
    "cosh",
    "tanh",
)
MATH_2 = ("atan2", "hypot", "fmod", "copysign", "pow")
# The ones the JIT compiles (jit/library.py leaves `hypot` to the interpreter: CPython has
# its own algorithm, a native one could differ in the last bit).
MATH_2_NATIVE = ("atan2", "fmod", "copysign", "pow")
MATH_TO_INT = ("floor", "ceil", "trunc")
MATH_PREDICATES = ("isnan", "isinf", "isfinite")
COMPARE = ("<", "<=", ">", ">=", "==", "!=")

# -- argument pools ------------------------------------------------------------
ARG_INTS = (
    0,
    1,
    2,
    3,
    -1,
    5,
    7,
    -4,
    10,
    -9,
    100,
    2**62,
    2**62 - 1,
    -(2**62),
    2**63 - 1,
    -(2**63),
    2**53 + 1,
    3037000500,
    -(10**18),
)
ARG_FLOATS = (
    0.0,
    1.5,
    -0.0,
    -2.5,
    0.5,
    3.0,
    0.1,
    1e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
    5e-324,
    1e-300,
    2.0**62,
    9007199254740993.0,
    -7.25,
    100.0,
)


# -- cases ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ArraySpec:
    """An array argument: its type, shape, values (flat, C order) and memory layout."""

    type: ArrayType
    shape: tuple[int, ...]
    values: tuple
    layout: str = "C"  # "C", "F" (Fortran order, 2-D) or "strided" (every other element)

    def render(self) -> str:
        dtype = NP_DTYPE[self.type.dtype]
        if self.layout == "strided":
            # The real elements sit at even positions of the last axis; odd ones are filler.
            *outer, last = self.shape
            filler = {"float64": -99.5, "int64": -99, "bool": True}[self.type.dtype]
            flat = []
            for k in range(0, len(self.values), max(last, 1)):
                for v in self.values[k : k + last]:
                    flat += [v, filler]
            wide = (*outer, 2 * last)
            text = f"np.array([{', '.join(map(render_scalar, flat))}], dtype={dtype})"
            if len(wide) > 1:
                return f"{text}.reshape{wide}[:, ::2]"
            return f"{text}[::2]"
        text = f"np.array([{', '.join(map(render_scalar, self.values))}], dtype={dtype})"
        if len(self.shape) > 1:
            text += f".reshape{self.shape}"
        if self.layout == "F":
            text = f"np.asfortranarray({text})"
        return text


@dataclass(frozen=True)
class Alias:
    """An array argument that is the same object as argument `index` (an earlier one)."""

    index: int


@dataclass
class Sig:
    name: str
    params: list[tuple[str, object]]  # (name, INT/FLOAT/BOOL or ArrayType)
    ret: object  # a scalar type or a tuple of them
    recursive: bool = False


@dataclass
class Case:
    """A generated module, the function to call and its arguments (as text, rebuilt per run)."""

    source: str
    entry: str
    args_text: str

    def build_args(self) -> list:
        """Fresh argument values (new arrays every time; aliases between arguments kept)."""
        return list(eval(self.args_text, {"np": np, "math": math, "__builtins__": {}}))

    def _repr_pretty_(self, printer, cycle) -> None:  # how Hypothesis shows a failing case
        printer.text("\n" + self.render())

    def render(self) -> str:
        """The case as a regression file (see `parse_case`)."""
        return f"# entry: {self.entry}\n# args: {self.args_text}\n{self.source}"


def parse_case(text: str) -> Case:
    """Read a file written by `Case.render` (header lines `# entry:` and `# args:`)."""
    entry = re.search(r"^# entry: *(\w+) *$", text, re.M)
    args = re.search(r"^# args: *(.+)$", text, re.M)
    if not entry or not args:
        raise ValueError("a lane parity case needs '# entry: NAME' and '# args: EXPR' lines")
    return Case(text, entry.group(1), args.group(1).strip())


def render_scalar(value) -> str:
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "math.nan"
        if math.isinf(value):
            return "math.inf" if value > 0 else "-math.inf"
    return repr(value)


def render_args(args: list) -> str:
    aliased = sorted({a.index for a in args if isinstance(a, Alias)})
    if not aliased:
        return "[" + ", ".join(_render_arg(a) for a in args) + "]"
    names = {k: f"A{k}" for k in aliased}
    items = [
        names[a.index] if isinstance(a, Alias) else names.get(k) or _render_arg(a)
        for k, a in enumerate(args)
    ]
    bound = ", ".join(_render_arg(args[k]) for k in aliased)
    return f"(lambda {', '.join(names.values())}: [{', '.join(items)}])({bound})"


def _render_arg(arg) -> str:
    return arg.render() if isinstance(arg, ArraySpec) else render_scalar(arg)


# -- the builder ---------------------------------------------------------------------
@dataclass
class Scope:
    scalars: dict[str, str] = field(default_factory=dict)
    arrays: dict[str, ArrayType] = field(default_factory=dict)
    readonly: set[str] = field(default_factory=set)  # loop variables and while counters
    loop_depth: int = 0

    def child(self, **changes) -> Scope:
        scope = Scope(dict(self.scalars), dict(self.arrays), set(self.readonly), self.loop_depth)
        for key, value in changes.items():
            setattr(scope, key, value)
        return scope


@dataclass(frozen=True)
class Profile:
    max_functions: int
    max_statements: int  # per block
    max_block_depth: int
    expr_depth: int
    recursion: bool
    fancy_args: bool  # non-contiguous and aliased array arguments
    float_exponents: bool  # `abs(x) ** 0.5`: real, but a JIT may not prove it
    # Only what the JIT compiles: no `math.hypot`, and a negative literal as the base of `**`
    # parenthesised (`-9223372036854775808 ** 1` is `-(2**63 ** 1)`: a constant beyond 64 bits).
    native_only: bool = False


PROFILES = {
    "full": Profile(3, 5, 2, 3, True, True, True),
    "jit": Profile(2, 3, 2, 2, True, True, True),
    "eligible": Profile(2, 3, 2, 2, False, False, False, native_only=True),
}


class Builder:
    """Draws one typed module with `draw` (a Hypothesis `draw` function)."""

    def __init__(self, draw, profile: Profile):
        self.draw = draw
        self.profile = profile
        self.functions: list[Sig] = []
        self.counter = 0
        self.lines: list[str] = []

    # -- drawing helpers ----------------------------------------------------------
    def pick(self, options):
        """One of `options` (shrinks towards the first)."""
        return options[self.draw(st.integers(0, len(options) - 1))]

    def weighted(self, *options):
        """`options` are (weight, value) pairs; weight 0 means "not available"."""
        live = [(w, v) for w, v in options if w > 0]
        total = sum(w for w, _ in live)
        k = self.draw(st.integers(0, total - 1))
        for w, v in live:
            if k < w:
                return v
            k -= w
        raise AssertionError("unreachable")

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) < percent

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # -- expressions --------------------------------------------------------------
    def expr(self, t: str, scope: Scope, depth: int) -> str:
        if t == INT:
            return self.int_expr(scope, depth)
        if t == FLOAT:
            return self.float_expr(scope, depth)
        return self.bool_expr(scope, depth)

    def names(self, t: str, scope: Scope) -> list[str]:
        return [n for n, nt in scope.scalars.items() if nt == t]

    def arrays_of(self, scope: Scope, element: str | None = None) -> list[str]:
        return [n for n, at in scope.arrays.items() if element is None or at.element == element]

    def int_leaf(self, scope: Scope) -> str:
        names, arrays = self.names(INT, scope), self.arrays_of(scope)
        kind = self.weighted(
            (8 if names else 0, "var"), (5, "small"), (1, "big"), (2 if arrays else 0, "shape")
        )
        if kind == "var":
            return self.pick(names)
        if kind == "small":
            return self.pick(SMALL_INTS)
        if kind == "big":
            return self.pick(BIG_INTS)
        array = self.pick(arrays)
        axis = self.pick(range(scope.arrays[array].ndim))
        return self.weighted(
            (6, f"{array}.shape[{axis}]"), (1, f"{array}.size"), (1, f"{array}.ndim")
        )

    def float_leaf(self, scope: Scope) -> str:
        names = self.names(FLOAT, scope)
        if names and self.chance(60):
            return self.pick(names)
        return self.pick(FLOAT_LITERALS)

    def bool_leaf(self, scope: Scope) -> str:
        names = self.names(BOOL, scope)
        if names and self.chance(60):
            return self.pick(names)
        return self.pick(("True", "False"))

    def element_read(self, t: str, scope: Scope) -> str:
        array = self.pick(self.arrays_of(scope, t))
        return f"{array}[{self.indices(array, scope)}]"

    def call(self, t, scope: Scope, depth: int, sig: Sig | None = None) -> str:
        """A call of an earlier function returning `t` (`sig`, or one picked among them)."""
        if sig is None:
            sig = self.pick([s for s in self.functions if s.ret == t and self.can_call(s, scope)])
        args = []
        for k, (_, pt) in enumerate(sig.params):
            if isinstance(pt, ArrayType):
                args.append(self.pick(self.arrays_of_type(scope, pt)))
            elif sig.recursive and k == 0:
                args.append(f"min({self.int_expr(scope, max(depth - 1, 0))}, 4)")
            else:
                args.append(self.expr(pt, scope, max(depth - 1, 0)))
        return f"{sig.name}({', '.join(args)})"

    def callable(self, t, scope: Scope) -> bool:
        return scope.loop_depth <= 1 and any(
            s.ret == t and self.can_call(s, scope) for s in self.functions
        )

    def arrays_of_type(self, scope: Scope, at: ArrayType) -> list[str]:
        return [n for n, t in scope.arrays.items() if t == at]

    def can_call(self, sig: Sig, scope: Scope) -> bool:
        return all(
            self.arrays_of_type(scope, pt) for _, pt in sig.params if isinstance(pt, ArrayType)
        )

    def int_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0:
            return self.int_leaf(scope)
        d = depth - 1
        read = bool(self.arrays_of(scope, INT))
        call = self.callable(INT, scope)
        kind = self.weighted(
            (5, "leaf"),
            (6, "arith"),
            (2, "bits"),
            (2, "shift"),
            (1, "pow"),
            (2, "unary"),
            (2, "builtin"),
            (2, "convert"),
            (1, "math"),
            (1, "cond"),
            (1, "andor"),
            (1, "boolarith"),
            (3 if read else 0, "read"),
            (3 if call else 0, "call"),
        )
        if kind == "leaf":
            return self.int_leaf(scope)
        if kind == "arith":
            op = self.pick(("+", "-", "*", "//", "%"))
            return f"({self.int_expr(scope, d)} {op} {self.int_expr(scope, d)})"
        if kind == "bits":
            op = self.pick(("&", "|", "^"))
            return f"({self.int_expr(scope, d)} {op} {self.int_expr(scope, d)})"
        if kind == "shift":
            op = self.pick((">>", "<<"))
            return f"({self.int_expr(scope, d)} {op} {self.pick(SHIFTS)})"
        if kind == "pow":
            base = self.int_expr(scope, d)
            if self.profile.native_only and base.startswith("-"):
                base = f"({base})"
            return f"({base} ** {self.pick(INT_POWERS)})"
        if kind == "unary":
            return f"({self.pick(('-', '~', '+'))}{self.int_expr(scope, d)})"
        if kind == "builtin":
            fn = self.pick(("abs", "min", "max"))
            if fn == "abs":
                return f"abs({self.int_expr(scope, d)})"
            return f"{fn}({self.int_expr(scope, d)}, {self.int_expr(scope, d)})"
        if kind == "convert":
            source = self.pick((FLOAT, BOOL, INT))
            return f"int({self.expr(source, scope, d)})"
        if kind == "math":
            fn = self.pick(MATH_TO_INT + ("gcd",))
            if fn == "gcd":
                return f"math.gcd({self.int_expr(scope, d)}, {self.int_expr(scope, d)})"
            source = self.weighted((3, FLOAT), (1, INT))
            return f"math.{fn}({self.expr(source, scope, d)})"
        if kind == "cond":
            return (
                f"({self.int_expr(scope, d)} if {self.bool_expr(scope, d)}"
                f" else {self.int_expr(scope, d)})"
            )
        if kind == "andor":
            op = self.pick(("and", "or"))
            return f"({self.int_expr(scope, d)} {op} {self.int_expr(scope, d)})"
        if kind == "boolarith":
            op = self.pick(("+", "-", "*"))
            return f"({self.bool_expr(scope, d)} {op} {self.int_expr(scope, d)})"
        if kind == "read":
            return self.element_read(INT, scope)
        return self.call(INT, scope, depth)

    def float_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0:
            return self.float_leaf(scope)
        d = depth - 1
        read = bool(self.arrays_of(scope, FLOAT))
        call = self.callable(FLOAT, scope)
        kind = self.weighted(
            (5, "leaf"),
            (6, "arith"),
            (2, "mixed"),
            (1, "intdiv"),
            (2, "pow"),
            (1, "negpow"),
            (2, "unary"),
            (2, "builtin"),
            (2, "convert"),
            (4, "math1"),
            (2, "math2"),
            (1, "cond"),
            (1, "andor"),
            (3 if read else 0, "read"),
            (3 if call else 0, "call"),
        )
        if kind == "leaf":
            return self.float_leaf(scope)
        if kind == "arith":
            op = self.pick(("+", "-", "*", "/", "//", "%"))
            return f"({self.float_expr(scope, d)} {op} {self.float_expr(scope, d)})"
        if kind == "mixed":  # one int operand, on either side
            op = self.pick(("+", "-", "*", "/", "//", "%"))
            left, right = self.float_expr(scope, d), self.int_expr(scope, d)
            if self.chance(50):
                left, right = right, left
            return f"({left} {op} {right})"
        if kind == "intdiv":
            return f"({self.int_expr(scope, d)} / {self.int_expr(scope, d)})"
        if kind == "pow":
            if self.profile.float_exponents and self.chance(25):
                return f"(abs({self.float_expr(scope, d)}) ** {self.pick(ABS_FLOAT_POWERS)})"
            if self.chance(15):  # a variable int exponent: float ** int is a float power
                return f"({self.float_expr(scope, d)} ** {self.int_expr(scope, 0)})"
            return f"({self.float_expr(scope, d)} ** {self.pick(FLOAT_POWERS)})"
        if kind == "negpow":  # int ** negative int is a float
            return f"({self.int_expr(scope, d)} ** {self.pick((-1, -2, -3))})"
        if kind == "unary":
            return f"({self.pick(('-', '+'))}{self.float_expr(scope, d)})"
        if kind == "builtin":
            fn = self.pick(("abs", "min", "max"))
            if fn == "abs":
                return f"abs({self.float_expr(scope, d)})"
            return f"{fn}({self.float_expr(scope, d)}, {self.float_expr(scope, d)})"
        if kind == "convert":
            source = self.pick((INT, FLOAT, BOOL))
            return f"float({self.expr(source, scope, d)})"
        if kind == "math1":
            source = self.weighted((4, FLOAT), (1, INT))
            return f"math.{self.pick(MATH_1)}({self.expr(source, scope, d)})"
        if kind == "math2":
            names = MATH_2_NATIVE if self.profile.native_only else MATH_2
            return (
                f"math.{self.pick(names)}({self.float_expr(scope, d)},"
                f" {self.expr(self.weighted((4, FLOAT), (1, INT)), scope, d)})"
            )
        if kind == "cond":
            return (
                f"({self.float_expr(scope, d)} if {self.bool_expr(scope, d)}"
                f" else {self.float_expr(scope, d)})"
            )
        if kind == "andor":
            op = self.pick(("and", "or"))
            return f"({self.float_expr(scope, d)} {op} {self.float_expr(scope, d)})"
        if kind == "read":
            return self.element_read(FLOAT, scope)
        return self.call(FLOAT, scope, depth)

    def number(self, scope: Scope, depth: int) -> str:
        return self.expr(self.weighted((3, INT), (3, FLOAT), (1, BOOL)), scope, depth)

    def bool_expr(self, scope: Scope, depth: int) -> str:
        if depth <= 0:
            return self.bool_leaf(scope)
        d = depth - 1
        read = bool(self.arrays_of(scope, BOOL))
        call = self.callable(BOOL, scope)
        kind = self.weighted(
            (3, "leaf"),
            (6, "compare"),
            (2, "chain"),
            (2, "not"),
            (1, "convert"),
            (2, "andor"),
            (1, "math"),
            (1, "cond"),
            (3 if read else 0, "read"),
            (3 if call else 0, "call"),
        )
        if kind == "leaf":
            return self.bool_leaf(scope)
        if kind == "compare":
            left_type = self.weighted((3, INT), (3, FLOAT), (1, BOOL))
            right_type = left_type if self.chance(60) else self.pick((INT, FLOAT))
            return (
                f"({self.expr(left_type, scope, d)} {self.pick(COMPARE)}"
                f" {self.expr(right_type, scope, d)})"
            )
        if kind == "chain":
            parts = [self.number(scope, d) for _ in range(self.pick((3, 3, 4)))]
            text = parts[0]
            for part in parts[1:]:
                text += f" {self.pick(COMPARE)} {part}"
            return f"({text})"
        if kind == "not":
            return f"(not {self.number(scope, d)})"
        if kind == "convert":
            return f"bool({self.number(scope, d)})"
        if kind == "andor":
            op = self.pick(("and", "or"))
            return f"({self.bool_expr(scope, d)} {op} {self.bool_expr(scope, d)})"
        if kind == "math":
            source = self.weighted((4, FLOAT), (1, INT))
            return f"math.{self.pick(MATH_PREDICATES)}({self.expr(source, scope, d)})"
        if kind == "cond":
            return (
                f"({self.bool_expr(scope, d)} if {self.bool_expr(scope, d)}"
                f" else {self.bool_expr(scope, d)})"
            )
        if kind == "read":
            return self.element_read(BOOL, scope)
        return self.call(BOOL, scope, depth)

    # -- indices, sizes, ranges ----------------------------------------------------
    def index(self, array: str, axis: int, scope: Scope) -> str:
        loop_vars = [n for n in scope.readonly if n.startswith("i") and scope.scalars[n] == INT]
        loop_var = self.pick(sorted(loop_vars)) if loop_vars else None
        kind = self.weighted(
            (4, "const"),
            (6 if loop_var else 0, "loop"),
            (2 if loop_var else 0, "shifted"),
            (2, "last"),
            (1, "extent"),
            (2, "mod"),
            (1, "any"),
        )
        if kind == "const":
            return self.pick(("0", "1", "2", "-1", "3", "-2", "5", "7", "-9"))
        if kind == "loop":
            return loop_var
        if kind == "shifted":
            return f"{loop_var} {self.pick(('+', '-'))} {self.pick(('1', '2'))}"
        if kind == "last":
            return f"{array}.shape[{axis}] - 1"
        if kind == "extent":
            return f"{array}.shape[{axis}]"
        if kind == "mod":
            return f"{self.int_expr(scope, 1)} % {self.pick(('4', '3', '8'))}"
        return self.int_expr(scope, 1)

    def indices(self, array: str, scope: Scope) -> str:
        ndim = scope.arrays[array].ndim
        return ", ".join(self.index(array, axis, scope) for axis in range(ndim))

    def size(self, scope: Scope) -> str:
        arrays = self.arrays_of(scope)
        kind = self.weighted(
            (5, "const"), (3 if arrays else 0, "extent"), (2, "mod"), (1, "negative")
        )
        if kind == "const":
            return self.pick(("3", "1", "4", "0", "2", "6", "8"))
        if kind == "extent":
            array = self.pick(arrays)
            axis = self.pick(range(scope.arrays[array].ndim))
            return f"{array}.shape[{axis}]{self.pick(('', ' + 1', ' - 1'))}"
        if kind == "mod":
            return f"{self.int_expr(scope, 1)} % {self.pick(('5', '8'))}"
        return "-1"

    def bound(self, scope: Scope) -> str:
        arrays = self.arrays_of(scope)
        kind = self.weighted((5, "const"), (3 if arrays else 0, "extent"), (2, "mod"))
        if kind == "const":
            return self.pick(("5", "3", "0", "1", "8", "-2", "10"))
        if kind == "extent":
            array = self.pick(arrays)
            return f"{array}.shape[{self.pick(range(scope.arrays[array].ndim))}]"
        return f"{self.int_expr(scope, 1)} % {self.pick(('8', '5'))}"

    def range_args(self, scope: Scope) -> str:
        n = self.weighted((4, 1), (3, 2), (3, 3))
        if n == 1:
            return self.bound(scope)
        if n == 2:
            return f"{self.bound(scope)}, {self.bound(scope)}"
        step = self.weighted((8, "const"), (1, "zero-ish"))
        if step == "const":
            step = self.pick(("-1", "2", "-2", "1", "3", "-3"))
        else:
            step = f"{self.int_expr(scope, 1)} % 3 - 1"
        return f"{self.bound(scope)}, {self.bound(scope)}, {step}"

    # -- statements -----------------------------------------------------------------
    def emit(self, out: list[str], level: int, text: str) -> None:
        out.append("    " * level + text)

    def block(self, out, level, scope: Scope, sig: Sig, depth: int, count: int) -> None:
        """`count` statements (at least one line) at indentation `level`."""
        start = len(out)
        for _ in range(count):
            self.statement(out, level, scope, sig, depth)
        if len(out) == start:
            self.emit(out, level, "pass")

    def statement(self, out, level, scope: Scope, sig: Sig, depth: int) -> None:
        d = self.depth()
        assignable = [n for n in scope.scalars if n not in scope.readonly]
        nested = depth < self.profile.max_block_depth
        loops = nested and scope.loop_depth < 2
        calls = scope.loop_depth <= 1 and any(self.can_call(s, scope) for s in self.functions)
        kind = self.weighted(
            (5 if assignable else 0, "assign"),
            (3 if assignable else 0, "augassign"),
            (2, "new"),
            (4 if scope.arrays else 0, "store"),
            (2 if scope.arrays else 0, "augstore"),
            (4 if nested else 0, "if"),
            (4 if loops else 0, "for"),
            (2 if loops else 0, "while"),
            (2 if calls else 0, "call"),
            (1 if depth > 0 else 0, "return"),
            (2 if scope.loop_depth and depth > 0 else 0, "jump"),
        )
        if kind == "assign":
            name = self.pick(assignable)
            self.emit(out, level, f"{name} = {self.expr(scope.scalars[name], scope, d)}")
        elif kind == "augassign":
            name = self.pick(assignable)
            self.emit(out, level, f"{name} {self.augmented(scope.scalars[name], scope)}")
        elif kind == "new":
            t = self.weighted((3, INT), (3, FLOAT), (1, BOOL))
            value = self.expr(t, scope, d)
            name = self.fresh("v")
            scope.scalars[name] = t
            self.emit(out, level, f"{name} = {value}")
        elif kind == "store":
            array = self.pick(list(scope.arrays))
            element = scope.arrays[array].element
            value_type = INT if element == FLOAT and self.chance(20) else element
            target = f"{array}[{self.indices(array, scope)}]"
            self.emit(out, level, f"{target} = {self.expr(value_type, scope, d)}")
        elif kind == "augstore":
            array = self.pick(self.arrays_of(scope, FLOAT) + self.arrays_of(scope, INT) or [None])
            if array is None:
                return
            target = f"{array}[{self.indices(array, scope)}]"
            self.emit(out, level, f"{target} {self.augmented(scope.arrays[array].element, scope)}")
        elif kind == "if":
            self.emit(out, level, f"if {self.bool_or_number(scope, d)}:")
            self.block(out, level + 1, scope.child(), sig, depth + 1, self.count())
            for _ in range(self.weighted((4, 0), (2, 1), (1, 2))):
                self.emit(out, level, f"elif {self.bool_or_number(scope, d)}:")
                self.block(out, level + 1, scope.child(), sig, depth + 1, self.count())
            if self.chance(50):
                self.emit(out, level, "else:")
                self.block(out, level + 1, scope.child(), sig, depth + 1, self.count())
        elif kind == "for":
            var = self.fresh("i")
            self.emit(out, level, f"for {var} in range({self.range_args(scope)}):")
            inner = scope.child(loop_depth=scope.loop_depth + 1)
            inner.scalars[var] = INT
            inner.readonly.add(var)
            self.block(out, level + 1, inner, sig, depth + 1, self.count())
            if self.chance(15):
                self.emit(out, level, "else:")
                self.block(out, level + 1, scope.child(), sig, depth + 1, 1)
        elif kind == "while":
            counter = self.fresh("k")
            self.emit(out, level, f"{counter} = 0")
            condition = f"{counter} < {self.pick(('4', '7', '2', '10'))}"
            if self.chance(40):
                condition += f" and {self.bool_expr(scope, 1)}"
            self.emit(out, level, f"while {condition}:")
            inner = scope.child(loop_depth=scope.loop_depth + 1)
            inner.scalars[counter] = INT
            inner.readonly.add(counter)
            self.emit(out, level + 1, f"{counter} += 1")
            self.block(out, level + 1, inner, sig, depth + 1, self.count())
        elif kind == "call":
            self.call_statement(out, level, scope)
        elif kind == "return":
            self.emit(out, level, f"if {self.bool_expr(scope, d)}:")
            self.emit(out, level + 1, f"return {self.result(sig.ret, scope)}")
        else:
            jump = self.pick(("break", "continue"))
            if self.chance(25):
                self.emit(out, level, jump)
            else:
                self.emit(out, level, f"if {self.bool_or_number(scope, d)}:")
                self.emit(out, level + 1, jump)

    def call_statement(self, out, level, scope: Scope) -> None:
        """`v = f(...)`, `v, w = f(...)` or a bare call (for its writes into arrays)."""
        callees = [s for s in self.functions if self.can_call(s, scope)]
        if not callees or scope.loop_depth > 1:
            return
        sig = self.pick(callees)
        call = self.call(sig.ret, scope, self.depth(), sig)
        kind = self.weighted((4, "bind"), (1, "bare"))
        if kind == "bare":
            self.emit(out, level, call)
            return
        rets = sig.ret if isinstance(sig.ret, tuple) else (sig.ret,)
        names = [self.fresh("v") for _ in rets]
        for name, t in zip(names, rets, strict=True):
            scope.scalars[name] = t
        self.emit(out, level, f"{', '.join(names)} = {call}")

    def count(self) -> int:
        return self.draw(st.integers(1, max(1, self.profile.max_statements // 2)))

    def depth(self) -> int:
        """The depth of a statement's expressions: mostly shallow."""
        return min(self.weighted((2, 0), (4, 1), (3, 2), (1, 3)), self.profile.expr_depth)

    def bool_or_number(self, scope: Scope, depth: int) -> str:
        if self.chance(80):
            return self.bool_expr(scope, depth)
        return self.number(scope, depth)

    def augmented(self, t: str, scope: Scope) -> str:
        d = max(self.depth() - 1, 0)
        if t == INT:
            op = self.pick(("+=", "-=", "*=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**="))
            if op in ("<<=", ">>="):
                return f"{op} {self.pick(SHIFTS)}"
            if op == "**=":
                return f"{op} {self.pick(INT_POWERS)}"
            return f"{op} {self.int_expr(scope, d)}"
        if t == FLOAT:
            op = self.pick(("+=", "-=", "*=", "/=", "//=", "%=", "**="))
            if op == "**=":
                return f"{op} {self.pick(FLOAT_POWERS)}"
            return f"{op} {self.expr(self.weighted((3, FLOAT), (1, INT)), scope, d)}"
        op = self.pick(("&=", "|=", "^="))  # bool op bool stays bool
        return f"{op} {self.bool_expr(scope, d)}"

    def result(self, ret, scope: Scope) -> str:
        d = self.depth()
        if isinstance(ret, tuple):
            return ", ".join(self.expr(t, scope, d) for t in ret)
        return self.expr(ret, scope, d)

    # -- functions ---------------------------------------------------------------------
    def param_type(self, arrays_ok: bool = True):
        kind = self.weighted((4, INT), (4, FLOAT), (1, BOOL), (3 if arrays_ok else 0, "array"))
        if kind != "array":
            return kind
        return self.weighted(*[(2 if at.ndim == 1 else 1, at) for at in ARRAY_TYPES])

    def return_type(self):
        if self.chance(25):
            return tuple(
                self.weighted((3, INT), (3, FLOAT), (1, BOOL)) for _ in range(self.pick((2, 3)))
            )
        return self.weighted((3, INT), (3, FLOAT), (1, BOOL))

    def allocation(self, out, scope: Scope) -> None:
        name = self.fresh("t")
        dtype = self.weighted((4, "float64"), (2, "int64"), (1, "bool"))
        ndim = self.weighted((3, 1), (1, 2))
        shape = self.size(scope) if ndim == 1 else f"({self.size(scope)}, {self.size(scope)})"
        kind = self.weighted((4, "zeros"), (1, "ones"), (2, "empty"))
        dtype_arg = "" if dtype == "float64" and self.chance(50) else f", dtype={NP_DTYPE[dtype]}"
        self.emit(out, 1, f"{name} = np.{kind}({shape}{dtype_arg})")
        at = ArrayType(dtype, ndim)
        if kind == "empty":  # fill every element before anything reads it
            value = self.expr(at.element, scope, 1)
            if ndim == 2 or self.chance(50):
                self.emit(out, 1, f"{name}.fill({value})")
            else:
                var = self.fresh("i")
                self.emit(out, 1, f"for {var} in range({name}.shape[0]):")
                inner = scope.child(loop_depth=1)
                inner.scalars[var] = INT
                inner.readonly.add(var)
                self.emit(out, 2, f"{name}[{var}] = {self.expr(at.element, inner, 1)}")
        scope.arrays[name] = at

    def function(self, index: int, entry: bool) -> Sig:
        name = f"f{index}"
        params = [(self.fresh("p"), self.param_type()) for _ in range(self.draw(st.integers(1, 4)))]
        sig = Sig(name, params, self.return_type())
        scope = Scope()
        for pname, pt in params:
            if isinstance(pt, ArrayType):
                scope.arrays[pname] = pt
            else:
                scope.scalars[pname] = pt
        out: list[str] = []
        shown = ", ".join(f"{p}: {t}" for p, t in params)
        ret = sig.ret if not isinstance(sig.ret, tuple) else f"tuple[{', '.join(sig.ret)}]"
        out.append(f"# {name}({shown}) -> {ret}")
        out.append(f"def {name}({', '.join(p for p, _ in params)}):")
        for _ in range(self.draw(st.integers(0, 2))):
            t = self.weighted((3, INT), (3, FLOAT), (1, BOOL))
            value = self.expr(t, scope, self.depth())
            local = self.fresh("v")
            scope.scalars[local] = t
            self.emit(out, 1, f"{local} = {value}")
        if self.chance(35 if entry else 20):
            self.allocation(out, scope)
        if self.functions and self.chance(70):  # make calls between functions common
            self.call_statement(out, 1, scope)
        count = self.draw(st.integers(1, self.profile.max_statements))
        self.block(out, 1, scope, sig, 0, count)
        self.emit(out, 1, f"return {self.result(sig.ret, scope)}")
        self.lines += out + ["", ""]
        return sig

    def recursive_helper(self) -> Sig:
        """`f0(n, x)`: recursion on `n - 1` (and `n - 2`) that stops at `n <= 0`."""
        n, x = self.fresh("p"), self.fresh("p")
        xt = self.pick((FLOAT, INT))
        ret = self.pick((FLOAT, INT))
        sig = Sig("f0", [(n, INT), (x, xt)], ret, recursive=True)
        scope = Scope(scalars={n: INT, x: xt}, readonly={n})
        d = self.depth()
        out = [f"# f0({n}: int, {x}: {xt}) -> {ret}  (recursive, depth <= 4)", f"def f0({n}, {x}):"]
        self.emit(out, 1, f"if {n} <= 0:")
        self.emit(out, 2, f"return {self.expr(ret, scope, d)}")
        calls = [f"f0({n} - 1, {self.expr(xt, scope, d)})"]
        if self.chance(30):
            calls.append(f"f0({n} - 2, {self.expr(xt, scope, d)})")
        for call in calls:
            local = self.fresh("v")
            self.emit(out, 1, f"{local} = {call}")
            scope.scalars[local] = ret
        self.block(out, 1, scope, sig, 1, self.draw(st.integers(0, 2)))
        self.emit(out, 1, f"return {self.result(ret, scope)}")
        self.lines += out + ["", ""]
        return sig

    # -- arguments -------------------------------------------------------------------------
    def argument(self, t, earlier: list):
        if t == INT:
            return self.pick(ARG_INTS)
        if t == FLOAT:
            return self.pick(ARG_FLOATS)
        if t == BOOL:
            return self.pick((True, False))
        if self.profile.fancy_args and self.chance(20):
            same = [k for k, (a, at) in enumerate(earlier) if isinstance(a, ArraySpec) and at == t]
            if same:
                return Alias(self.pick(same))
        if t.ndim == 1:
            shape = (self.draw(st.integers(0, 6)),)
        else:
            shape = (self.draw(st.integers(0, 4)), self.draw(st.integers(0, 4)))
        pool = {"float64": ARG_FLOATS, "int64": ARG_INTS, "bool": (False, True)}[t.dtype]
        size = math.prod(shape)
        small = pool[:7] if self.chance(60) else pool
        values = tuple(self.pick(small) for _ in range(size))
        layout = "C"
        if self.profile.fancy_args and self.chance(25):
            layout = self.pick(("strided", "F") if t.ndim == 2 else ("strided",))
        return ArraySpec(t, shape, values, layout)

    def build(self) -> Case:
        self.lines = ["import math", "import numpy as np", "", ""]
        count = self.draw(st.integers(1, self.profile.max_functions))
        if self.profile.recursion and count > 1 and self.chance(35):
            self.functions.append(self.recursive_helper())
        while len(self.functions) < count:
            index = len(self.functions)
            self.functions.append(self.function(index, entry=index == count - 1))
        entry = self.functions[-1]
        args: list = []
        typed: list = []
        for _, t in entry.params:
            arg = self.argument(t, typed)
            args.append(arg)
            typed.append((arg, t))
        source = "\n".join(self.lines).rstrip() + "\n"
        return Case(source, entry.name, render_args(args))


@st.composite
def numeric_cases(draw, profile: str = "full") -> Case:
    """A random numeric module, its entry function and arguments (see the module docstring)."""
    return Builder(draw, PROFILES[profile]).build()
