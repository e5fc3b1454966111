"""Hypothesis strategies that generate random, well-typed programs of the extension subset.

Every program is Python 3.11 source text that defines `def main():` (plus
helpers) and returns a value, usually the list `out` of intermediate results;
it may print. Programs are built from a small typed grammar: the builder
tracks the static type of every variable it has bound (`int`, `float`,
`bool`, `str`, `list[int]`, `list[str]`, `tuple[int]`, `dict[str,int]`,
`set[int]`), so programs are well typed most of the time. Some of them raise
(division by zero, index errors, missing keys, failed conversions, a few
deliberately ill-typed operations): that is part of what is compared.

Termination is guaranteed by construction:

- `for` loops run over small ranges and over containers that cannot grow
  while they are iterated: every container assignment binds a fresh copy
  (no aliases between names), the iterated names are frozen in the loop body
  (no mutation at all), nested functions and helpers never mutate containers
  they did not create, and helper parameters are frozen;
- `while` loops are driven by a counter incremented as the body's first
  statement and never assigned elsewhere;
- strings and lists only grow by literals inside loops (no doubling), and
  repetition counts (`s * k`) are small literals;
- recursion is bounded: recursive helpers are called with `min(e, 6)` or a
  small literal as their depth argument and recurse on `n - 1` / `n - 2`;
- ints may grow beyond 64 bits, but the oracle (`oracle.py`) stops such runs
  with `OverflowError` at the first out-of-range result, as the engine does.

Beyond the grammar, programs use `math` and `json`, module-level constants
and a table built by top-level code, literals in several spellings (hex,
underscores, escapes, implicit concatenation), keyword arguments, and
"templates": idioms whose semantics are easy to get subtly wrong (late
binding of closures in loops, lists shrinking while iterated, dicts changing
size during iteration, try/except/else/finally with return/break/continue,
exceptions raised in handlers, defaults evaluated at `def` time, evaluation
order and short-circuiting, names unbound on some paths or deleted after
`except ... as`, names made local by a later assignment, small algorithms).

`programs()` draws a mixed program; `programs(profile)` biases the grammar
towards one area: "expr" (pure expressions), "stmt" (statements and control
flow), "func" (helpers, closures, `nonlocal`, lambdas, recursion), "exc"
(exceptions). Names the builder makes never start with `_fe_` (the oracle's
reserved prefix).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import strategies as st

INT = "int"
FLOAT = "float"
BOOL = "bool"
STR = "str"
LINT = "list[int]"
LSTR = "list[str]"
TINT = "tuple[int]"
DSI = "dict[str,int]"
SINT = "set[int]"
ANY = "any"

SCALARS = (INT, FLOAT, BOOL, STR)
CONTAINERS = (LINT, LSTR, TINT, DSI, SINT)
TYPES = SCALARS + CONTAINERS
# Types whose text (print, str, repr, f-strings) does not depend on set order.
PRINTABLE = (INT, FLOAT, BOOL, STR, LINT, LSTR, TINT, DSI)
# Iterable type -> element type, for loops and comprehensions (sets excluded:
# their iteration order is not part of the language).
ELEMENT = {LINT: INT, LSTR: STR, TINT: INT, DSI: STR, STR: STR}
MUTABLE = (LINT, LSTR, DSI, SINT)

EXCEPTIONS = (
    "ValueError",
    "ZeroDivisionError",
    "IndexError",
    "KeyError",
    "TypeError",
    "OverflowError",
    "AssertionError",
    "LookupError",
    "ArithmeticError",
    "RuntimeError",
)

SMALL_INTS = (0, 1, 2, 3, -1, 5, 7, -2, 4, 10, -3, 6, 12, 100, -7, 255, 1000, -1000)
BIG_INTS = (
    2**62,
    2**62 - 1,
    -(2**62),
    2**63 - 1,
    2**53 + 1,
    2**31,
    3037000499,
    10**18,
    -(10**18),
    4611686018427387903,
    -9007199254740993,
)
FLOATS = (
    "0.0",
    "0.5",
    "1.5",
    "-0.0",
    "2.25",
    "0.1",
    "3.14159",
    "-2.5",
    "1e300",
    "-1e300",
    "1e-300",
    "5e-324",
    "1e16",
    "123456789.125",
    "2.5",
    "0.2",
    "float('nan')",
    "float('inf')",
    "float('-inf')",
    "1.7976931348623157e308",
    "9007199254740993.0",
    "1e-05",
    "0.0001",
    "1e15",
    "2.675",
    "0.125",
    "-0.5",
    "1e22",
    "4.35",
    "0.3",
    "-1e-300",
    "4611686018427387904.0",
    "9.223372036854776e18",
)
STRINGS = (
    "",
    "a",
    "abc",
    "Hello",
    " pad ",
    "a,b,,c",
    "x y  z",
    "123",
    "-7",
    "3.5",
    "ab",
    "ÄÖü",
    "mississippi",
    "Hi There",
    "  ",
    "tab\tsep",
    "0x1f",
    "nan",
    " 42 ",
    "1_000",
    "it's",
    'say "hi"',
    "ß",
    "straße",
    "İ",
    "x²",
    "١٢",
    "€uro",
    "a\nb",
    "ǅ",
)
KEYS = ("a", "b", "c", "key", "", "zz", "ab")
FMT_SPECS = {
    INT: ("", ">8", "<6", "^7", "05d", "d", ",", "+d", "x", "o", "b", "#x", "*^9", "_", ".2f", "e"),
    FLOAT: (".3f", ">10.2f", ".2e", ".1%", "g", ".3g", "+.1f", "010.3f", ",.2f", "", "<8", "^12.4"),
    STR: (">8", "<6", "^7", "*>5", ".2", "", "s"),
    BOOL: ("", ">8", "d", "05d", "<6"),
}
# %-formats applied to one int or float.
FORMATS = (
    "'%d'",
    "'%5d|'",
    "'%-5d|'",
    "'%x'",
    "'%.3e'",
    "'%g'",
    "'%s'",
    "'%r'",
    "'%+.2f'",
    "'%05.1f'",
    "'%i%%'",
)
# Float bases for `**` with a float exponent: never negative (that would be complex).
POW_BASES = ("0.5", "2.25", "1e300", "0.0", "float('inf')", "float('nan')", "10.0")
MATH_FLOAT_1 = (
    "sqrt",
    "exp",
    "log",
    "log2",
    "log10",
    "fabs",
    "sin",
    "atan",
    "expm1",
    "log1p",
    "tanh",
)
JSON_OPTIONS = ("", ", sort_keys=True", ", indent=2", ", separators=(',', ':')")
PRINT_SEPS = (None, "", ", ", "|", "\n", "-")
PRINT_ENDS = (None, "", "!\n", " ", "\n\n")

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass
class Sig:
    """A callable visible to expressions: positional params, optional keyword-only ones."""

    params: tuple[str, ...]
    ret: str
    kwonly: tuple[tuple[str, str], ...] = ()  # (name, type) with defaults
    recursive: bool = False
    names: tuple[str, ...] = ()  # parameter names, when calls may pass them by keyword


@dataclass
class Scope:
    """What the builder knows at one point of one function body."""

    locals: dict[str, str] = field(default_factory=dict)  # assignable names
    outer: dict[str, str] = field(default_factory=dict)  # readable only (closure)
    funcs: dict[str, Sig] = field(default_factory=dict)
    frozen: set[str] = field(default_factory=set)  # never mutate or rebind here
    loop_depth: int = 0  # loops of this function around this point
    in_loop: bool = False  # break/continue allowed
    func_depth: int = 0  # 0 for main and top-level helpers
    is_main: bool = False
    ret: str | None = None  # return type of the function being built

    def block(self, **changes) -> Scope:
        """A copy for a nested block: names bound inside it are forgotten after it."""
        scope = Scope(
            locals=dict(self.locals),
            outer=dict(self.outer),
            funcs=dict(self.funcs),
            frozen=set(self.frozen),
            loop_depth=self.loop_depth,
            in_loop=self.in_loop,
            func_depth=self.func_depth,
            is_main=self.is_main,
            ret=self.ret,
        )
        for key, value in changes.items():
            setattr(scope, key, value)
        return scope

    def visible(self) -> dict[str, str]:
        names = dict(self.outer)
        names.update(self.locals)
        return names


PROFILES = {
    # statement kind -> weight
    "mix": {
        "assign": 6,
        "reassign": 2,
        "unpack": 2,
        "aug": 3,
        "subassign": 2,
        "append": 6,
        "print": 2,
        "if": 3,
        "for": 3,
        "while": 1,
        "try": 2,
        "raise": 1,
        "assert": 1,
        "nested_def": 1,
        "lambda": 1,
        "mutate": 3,
        "del": 1,
        "return": 1,
        "template": 3,
        "retype": 1,
    },
    "expr": {"assign": 1, "append": 3, "guarded": 14, "print": 1},
    "stmt": {
        "assign": 5,
        "reassign": 3,
        "unpack": 2,
        "aug": 4,
        "subassign": 2,
        "append": 5,
        "print": 2,
        "if": 4,
        "for": 5,
        "while": 3,
        "mutate": 4,
        "del": 1,
        "return": 1,
        "template": 3,
        "retype": 2,
    },
    "func": {
        "assign": 4,
        "reassign": 2,
        "aug": 2,
        "append": 6,
        "if": 2,
        "for": 2,
        "nested_def": 5,
        "lambda": 3,
        "factory": 2,
        "mutate": 1,
        "print": 1,
        "template": 2,
    },
    "exc": {
        "assign": 4,
        "aug": 2,
        "append": 4,
        "subassign": 2,
        "if": 2,
        "for": 2,
        "try": 8,
        "raise": 3,
        "assert": 2,
        "mutate": 3,
        "del": 2,
        "guarded": 2,
        "template": 3,
    },
}

ERROR_RATE = {"mix": 2, "expr": 3, "stmt": 1, "func": 1, "exc": 6}  # per thousand expressions


class Builder:
    """Draws one program. Each `draw` is a hypothesis choice, so programs shrink well."""

    def __init__(self, draw, profile: str):
        self.draw = draw
        self.profile = profile
        self.weights = PROFILES[profile]
        self.counter = 0
        self.budget = draw(st.integers(4, 22))
        self.error_rate = ERROR_RATE[profile]
        self.helpers: list[str] = []
        self.module_names: dict[str, str] = {}
        self.last_params: tuple[str, ...] = ()

    # -- choices ------------------------------------------------------------
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def num(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def chance(self, per_thousand: int) -> bool:
        """True with the given probability; shrinks towards False."""
        return self.draw(st.integers(0, 999)) >= 1000 - per_thousand

    def weighted(self, table: list[tuple[int, object]]):
        """Pick from (weight, option) pairs; shrinking moves to the first option."""
        expanded = [option for weight, option in table for _ in range(weight) if weight > 0]
        return self.pick(expanded)

    # -- literals -----------------------------------------------------------
    def int_lit(self, big_ok: bool = True) -> str:
        if big_ok and self.chance(20):
            return "(-9223372036854775807 - 1)"
        if big_ok and self.chance(150):
            value = self.pick(BIG_INTS)
        else:
            value = self.pick(SMALL_INTS)
        text = str(abs(value))
        if self.chance(80):  # other spellings of the same literal
            text = self.pick((hex(abs(value)), f"{abs(value):_}", oct(abs(value)), bin(abs(value))))
        return f"(-{text})" if value < 0 else text

    def float_lit(self) -> str:
        text = self.pick(FLOATS)
        return f"({text})" if text.startswith("-") else text

    def str_lit(self) -> str:
        value = self.pick(STRINGS)
        if self.chance(60):  # other spellings of the same literal
            return self.pick(
                (
                    "".join(
                        f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in value
                    ).join("''"),
                    f"{repr(value[:1])} {repr(value[1:])}",
                    f'"""{value}"""'
                    if '"' not in value and "\\" not in value and "\n" not in value
                    else repr(value),
                )
            )
        return repr(value)

    def key_lit(self) -> str:
        return repr(self.pick(KEYS))

    def small_lit(self, lo: int = -2, hi: int = 5) -> str:
        value = self.num(lo, hi)
        return f"({value})" if value < 0 else str(value)

    def literal(self, ty: str) -> str:
        if ty == INT:
            return self.int_lit()
        if ty == FLOAT:
            return self.float_lit()
        if ty == BOOL:
            return self.pick(("True", "False"))
        if ty == STR:
            return self.str_lit()
        if ty == LINT:
            return "[" + ", ".join(self.int_lit(False) for _ in range(self.num(0, 5))) + "]"
        if ty == LSTR:
            return "[" + ", ".join(self.str_lit() for _ in range(self.num(0, 4))) + "]"
        if ty == TINT:
            items = [self.int_lit(False) for _ in range(self.num(0, 4))]
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if ty == DSI:
            keys = [self.key_lit() for _ in range(self.num(0, 4))]
            return "{" + ", ".join(f"{k}: {self.int_lit(False)}" for k in keys) + "}"
        if ty == SINT:
            items = [self.int_lit(False) for _ in range(self.num(0, 4))]
            return "{" + ", ".join(items) + "}" if items else "set()"
        raise AssertionError(ty)

    # -- expressions ----------------------------------------------------------
    def var(self, scope: Scope, ty: str) -> str | None:
        names = sorted(n for n, t in scope.visible().items() if t == ty)
        return self.pick(names) if names else None

    def leaf(self, scope: Scope, ty: str) -> str:
        name = self.var(scope, ty)
        if name is not None and self.chance(600):
            return name
        return self.literal(ty)

    def expr(self, scope: Scope, ty: str, depth: int) -> str:
        """An expression of static type `ty` (it may still raise when evaluated)."""
        if ty == ANY:
            return self.any_expr(scope, depth)
        if depth <= 0:
            return self.leaf(scope, ty)
        if self.chance(self.error_rate):
            return self.ill_typed(scope, depth)
        calls = [name for name, sig in sorted(scope.funcs.items()) if sig.ret == ty]
        if calls and self.chance(400 if self.profile == "func" else 200):
            return self.call(scope, self.pick(calls), depth)
        maker = getattr(self, "e_" + TYPE_SUFFIX[ty])
        return maker(scope, depth - 1)

    def fresh_expr(self, scope: Scope, ty: str, depth: int) -> str:
        """An expression whose value is a new object (never an alias of a named container)."""
        text = self.expr(scope, ty, depth)
        if ty in MUTABLE and (IDENT.match(text) or text.startswith("(")):
            wrap = {LINT: "list", LSTR: "list", DSI: "dict", SINT: "set"}[ty]
            text = f"{wrap}({text})"
        return text

    def sub(self, scope: Scope, ty: str, depth: int) -> str:
        return self.expr(scope, ty, depth)

    def index(self, scope: Scope, depth: int) -> str:
        if self.chance(700):
            return self.small_lit(-4, 4)
        return self.sub(scope, INT, depth)

    def shift(self) -> str:
        if self.chance(30):
            return "(-1)"
        if self.chance(100):
            return self.pick(("31", "32", "62", "63", "64"))
        return str(self.num(0, 8))

    def cond(self, scope: Scope, depth: int) -> str:
        return self.sub(scope, BOOL, depth)

    def ill_typed(self, scope: Scope, depth: int) -> str:
        """An expression CPython rejects with TypeError (or ValueError) at run time."""
        i = self.sub(scope, INT, depth - 1)
        s = self.sub(scope, STR, depth - 1)
        xs = self.sub(scope, LINT, depth - 1)
        return self.pick(
            (
                f"({i} + {s})",
                f"({s} - {s})",
                f"len({i})",
                f"({xs} < {s})",
                f"int({xs})",
                f"{s}[{s}]",
                f"(-{s})",
                f"abs({s})",
                f"sorted([{i}, {s}])",
                f"{{{xs}: 1}}",
                f"({s} * {s})",
                f"({xs} + ({i},))",
                f"int('x' + {s})",
                f"float({s} + 'q')",
            )
        )

    def call(self, scope: Scope, name: str, depth: int) -> str:
        sig = scope.funcs[name]
        args = []
        by_keyword = (
            len(sig.params) - self.num(0, len(sig.params)) if sig.names else len(sig.params)
        )
        keywords = []
        for k, ty in enumerate(sig.params):
            if k == 0 and sig.recursive:
                args.append(self.pick((self.small_lit(0, 6), f"min({self.sub(scope, INT, 1)}, 6)")))
            elif k >= by_keyword:
                keywords.append(f"{sig.names[k]}={self.sub(scope, ty, depth - 1)}")
            else:
                args.append(self.sub(scope, ty, depth - 1))
        if keywords and self.chance(500):
            keywords.reverse()
        args += keywords
        for kname, kty in sig.kwonly:
            if self.chance(500):
                args.append(f"{kname}={self.sub(scope, kty, depth - 1)}")
        return f"{name}({', '.join(args)})"

    def comprehension(self, scope: Scope, depth: int) -> tuple[str, Scope]:
        """A `for ... in ... [if ...]` clause and the scope its element expression sees."""
        inner = scope.block()
        kind = self.weighted(
            [(5, "plain"), (1, "range"), (1, "enumerate"), (1, "zip"), (1, "items")]
        )
        if kind == "range":
            v = self.fresh("c")
            clause = f"for {v} in range({self.small_lit(-1, 6)})"
            inner.outer[v] = INT
        elif kind == "enumerate":
            i, v = self.fresh("i"), self.fresh("c")
            src_ty = self.pick((LINT, LSTR, STR))
            clause = f"for {i}, {v} in enumerate({self.sub(scope, src_ty, depth)})"
            inner.outer[i] = INT
            inner.outer[v] = ELEMENT[src_ty]
        elif kind == "zip":
            a, b = self.fresh("c"), self.fresh("c")
            ta, tb = self.pick((LINT, LSTR, STR)), self.pick((LINT, TINT, STR))
            clause = (
                f"for {a}, {b} in zip({self.sub(scope, ta, depth)}, {self.sub(scope, tb, depth)})"
            )
            inner.outer[a] = ELEMENT[ta]
            inner.outer[b] = ELEMENT[tb]
        elif kind == "items":
            k, v = self.fresh("k"), self.fresh("c")
            clause = f"for {k}, {v} in {self.sub(scope, DSI, depth)}.items()"
            inner.outer[k] = STR
            inner.outer[v] = INT
        else:
            v = self.fresh("c")
            src_ty = self.pick((LINT, LSTR, STR, TINT, DSI))
            clause = f"for {v} in {self.sub(scope, src_ty, depth)}"
            inner.outer[v] = ELEMENT[src_ty]
        if self.chance(300):
            clause += f" if {self.cond(inner, depth)}"
        return clause, inner

    def genexp(self, scope: Scope, ty: str, depth: int) -> str:
        clause, inner = self.comprehension(scope, depth)
        return f"{self.sub(inner, ty, depth)} {clause}"

    def lambda_(self, scope: Scope, arg_ty: str, ret_ty: str, depth: int) -> str:
        v = self.fresh("p")
        inner = scope.block()
        inner.outer[v] = arg_ty
        return f"lambda {v}: {self.sub(inner, ret_ty, depth)}"

    def e_int(self, scope: Scope, d: int) -> str:
        table = [
            (6, lambda: self.leaf(scope, INT)),
            (
                10,
                lambda: (
                    f"({self.sub(scope, INT, d)} {self.pick(('+', '-', '*', '//', '%'))} {self.sub(scope, INT, d)})"
                ),
            ),
            (
                2,
                lambda: (
                    f"({self.pick((self.small_lit(-3, 4), self.sub(scope, INT, d)))} ** {self.num(0, 5)})"
                ),
            ),
            (
                3,
                lambda: (
                    f"({self.sub(scope, INT, d)} {self.pick(('&', '|', '^'))} {self.sub(scope, INT, d)})"
                ),
            ),
            (2, lambda: f"({self.sub(scope, INT, d)} {self.pick(('<<', '>>'))} {self.shift()})"),
            (3, lambda: f"({self.pick(('-', '+', '~'))}{self.sub(scope, INT, d)})"),
            (
                3,
                lambda: f"len({self.sub(scope, self.pick((STR, LINT, LSTR, TINT, DSI, SINT)), d)})",
            ),
            (2, lambda: f"abs({self.sub(scope, INT, d)})"),
            (
                2,
                lambda: (
                    f"{self.pick(('min', 'max'))}({', '.join(self.sub(scope, INT, d) for _ in range(self.num(2, 3)))}{', 0' if self.chance(100) else ''})"
                ),
            ),
            (
                2,
                lambda: (
                    f"{self.pick(('min', 'max'))}({self.sub(scope, LINT, d)}{', default=-1' if self.chance(300) else ''})"
                ),
            ),
            (2, lambda: f"sum({self.sub(scope, self.pick((LINT, TINT)), d)})"),
            (2, lambda: f"sum({self.genexp(scope, INT, d)})"),
            (1, lambda: f"{self.pick(('min', 'max'))}({self.genexp(scope, INT, d)})"),
            (2, lambda: f"int({self.sub(scope, FLOAT, d)})"),
            (
                1,
                lambda: (
                    f"int({self.pick(('12', ' -3 ', '0', '007', '1_000', 'x', '9' * 19, '-9223372036854775808', '2.5', '', '٣', '１２', ' +7 ', '-0', '9223372036854775807'))!r})"
                ),
            ),
            (
                1,
                lambda: (
                    f"int({self.pick(('ff', '-101', '0x1f', 'zz', '0b101', ' 0o17 ', '1_0'))!r}, {self.pick(('16', '2', '0', '36', '8'))})"
                ),
            ),
            (1, lambda: f"int({self.sub(scope, BOOL, d)})"),
            (2, lambda: f"round({self.sub(scope, FLOAT, d)})"),
            (
                2,
                lambda: (
                    f"divmod({self.sub(scope, INT, d)}, {self.sub(scope, INT, d)})[{self.num(0, 1)}]"
                ),
            ),
            (1, lambda: f"pow({self.sub(scope, INT, d)}, {self.num(0, 5)})"),
            (
                1,
                lambda: (
                    f"pow({self.sub(scope, INT, d)}, {self.num(0, 5)}, {self.sub(scope, INT, d)})"
                ),
            ),
            (
                2,
                lambda: (
                    f"{self.sub(scope, STR, d)}.{self.pick(('find', 'count', 'rfind'))}({self.sub(scope, STR, d)})"
                ),
            ),
            (3, lambda: f"{self.sub(scope, self.pick((LINT, TINT)), d)}[{self.index(scope, d)}]"),
            (
                2,
                lambda: (
                    f"{self.sub(scope, DSI, d)}[{self.pick((self.key_lit(), self.sub(scope, STR, d)))}]"
                ),
            ),
            (
                2,
                lambda: (
                    f"{self.sub(scope, DSI, d)}.get({self.key_lit()}, {self.sub(scope, INT, d)})"
                ),
            ),
            (
                1,
                lambda: (
                    f"{self.sub(scope, LINT, d)}.{self.pick(('index', 'count'))}({self.sub(scope, INT, d)})"
                ),
            ),
            (
                3,
                lambda: (
                    f"({self.sub(scope, INT, d)} if {self.cond(scope, d)} else {self.sub(scope, INT, d)})"
                ),
            ),
            (
                2,
                lambda: (
                    f"({self.sub(scope, INT, d)} {self.pick(('and', 'or'))} {self.sub(scope, INT, d)})"
                ),
            ),
            (1, lambda: f"({self.sub(scope, BOOL, d)} + {self.sub(scope, INT, d)})"),
            (1, lambda: f"ord({self.sub(scope, STR, d)}[0])"),
            (1, lambda: f"sorted({self.sub(scope, LINT, d)})[{self.index(scope, d)}]"),
            (1, lambda: f"sum({self.sub(scope, LINT, d)}, {self.sub(scope, INT, d)})"),
            (
                1,
                lambda: (
                    f"{self.sub(scope, TINT, d)}.{self.pick(('index', 'count'))}({self.sub(scope, INT, d)})"
                ),
            ),
        ]
        table += self.more_int(scope, d)
        return self.weighted(table)()

    def e_float(self, scope: Scope, d: int) -> str:
        num = lambda: self.sub(scope, self.pick((FLOAT, FLOAT, INT)), d)  # noqa: E731
        table = [
            (6, lambda: self.leaf(scope, FLOAT)),
            (
                10,
                lambda: (
                    f"({self.sub(scope, FLOAT, d)} {self.pick(('+', '-', '*', '/', '//', '%'))} {num()})"
                ),
            ),
            (
                3,
                lambda: (
                    f"({num()} {self.pick(('+', '-', '*', '/', '//', '%'))} {self.sub(scope, FLOAT, d)})"
                ),
            ),
            (3, lambda: f"({self.sub(scope, INT, d)} / {self.sub(scope, INT, d)})"),
            (2, lambda: f"({self.sub(scope, FLOAT, d)} ** {self.num(-3, 5)})"),
            (1, lambda: f"({self.small_lit(-3, 4)} ** {self.small_lit(-3, -1)})"),
            (
                1,
                lambda: f"({self.pick(POW_BASES)} ** {self.float_lit()})",
            ),
            (2, lambda: f"({self.pick(('-', '+'))}{self.sub(scope, FLOAT, d)})"),
            (2, lambda: f"abs({self.sub(scope, FLOAT, d)})"),
            (2, lambda: f"float({self.sub(scope, INT, d)})"),
            (
                1,
                lambda: (
                    f"float({self.pick(('1.5', ' -2.5 ', '1e3', 'nan', '-inf', 'inf', '0.1', 'abc', '1_000.5', '-0', 'INF', '', '１.５', '1e309', '-nan', ' 0x10 ', '.5', '5.'))!r})"
                ),
            ),
            (2, lambda: f"round({self.sub(scope, FLOAT, d)}, {self.small_lit(-1, 3)})"),
            (2, lambda: f"{self.pick(('min', 'max'))}({num()}, {self.sub(scope, FLOAT, d)})"),
            (1, lambda: f"divmod({self.sub(scope, FLOAT, d)}, {num()})[{self.num(0, 1)}]"),
            (1, lambda: f"pow({self.sub(scope, FLOAT, d)}, {self.num(-2, 4)})"),
            (1, lambda: f"sum([{', '.join(num() for _ in range(self.num(1, 4)))}])"),
            (1, lambda: f"sum({self.genexp(scope, FLOAT, d)})"),
            (2, lambda: f"({self.sub(scope, FLOAT, d)} if {self.cond(scope, d)} else {num()})"),
            (1, lambda: f"({self.sub(scope, FLOAT, d)} or {self.sub(scope, FLOAT, d)})"),
            (1, lambda: f"float({self.sub(scope, STR, d)})"),
        ]
        table += self.more_float(scope, d)
        return self.weighted(table)()

    def e_bool(self, scope: Scope, d: int) -> str:
        def compare():
            ty = self.pick((INT, INT, FLOAT, "num", STR, LINT, TINT))
            if ty == "num":
                items = [self.sub(scope, self.pick((INT, FLOAT)), d) for _ in range(self.num(2, 3))]
            else:
                items = [self.sub(scope, ty, d) for _ in range(self.num(2, 3))]
            ops = [self.pick(("<", "<=", ">", ">=", "==", "!=")) for _ in items[1:]]
            text = items[0]
            for op, item in zip(ops, items[1:], strict=True):
                text += f" {op} {item}"
            return f"({text})"

        def member():
            ty = self.pick((LINT, LSTR, STR, DSI, SINT, TINT))
            elem = {LINT: INT, LSTR: STR, STR: STR, DSI: STR, SINT: INT, TINT: INT}[ty]
            op = self.pick(("in", "not in"))
            return f"({self.sub(scope, elem, d)} {op} {self.sub(scope, ty, d)})"

        table = [
            (4, lambda: self.leaf(scope, BOOL)),
            (10, compare),
            (3, lambda: f"(not {self.sub(scope, self.pick(TYPES), d)})"),
            (
                3,
                lambda: (
                    f"({self.sub(scope, BOOL, d)} {self.pick(('and', 'or'))} {self.sub(scope, BOOL, d)})"
                ),
            ),
            (4, member),
            (
                2,
                lambda: (
                    f"{self.sub(scope, STR, d)}.{self.pick(('startswith', 'endswith'))}({self.sub(scope, STR, d)})"
                ),
            ),
            (
                1,
                lambda: (
                    f"{self.sub(scope, STR, d)}.{self.pick(('isdigit', 'isalpha', 'isupper', 'isspace'))}()"
                ),
            ),
            (2, lambda: f"{self.pick(('any', 'all'))}({self.genexp(scope, BOOL, d)})"),
            (1, lambda: f"{self.pick(('any', 'all'))}({self.sub(scope, LINT, d)})"),
            (2, lambda: f"bool({self.sub(scope, self.pick(TYPES), d)})"),
            (
                1,
                lambda: (
                    f"isinstance({self.sub(scope, self.pick(TYPES), d)}, {self.pick(('int', 'float', 'str', 'bool', 'list', 'tuple', 'dict'))})"
                ),
            ),
            (
                1,
                lambda: (
                    f"({self.sub(scope, self.pick(TYPES), d)} is {self.pick(('None', 'not None'))})"
                ),
            ),
            (1, lambda: f"({self.sub(scope, BOOL, d)} is {self.pick(('True', 'False'))})"),
            (
                1,
                lambda: (
                    f"({self.sub(scope, BOOL, d)} {self.pick(('&', '|', '^'))} {self.sub(scope, BOOL, d)})"
                ),
            ),
        ]
        table += self.more_bool(scope, d)
        return self.weighted(table)()

    # -- more productions: numeric edges, math, json, formatting ------------------
    def more_int(self, scope: Scope, d: int) -> list:
        i = lambda: self.sub(scope, INT, d)  # noqa: E731
        return [
            (
                1,
                lambda: (
                    f"{self.sub(scope, STR, d)}.find({self.sub(scope, STR, d)}, {self.small_lit(-3, 6)})"
                ),
            ),
            (1, lambda: f"pow({i()}, -1, {i()})"),
            (
                1,
                lambda: (
                    f"{self.pick(('min', 'max'))}({self.sub(scope, LINT, d)}, key={self.lambda_(scope, INT, INT, d)})"
                ),
            ),
            (
                2,
                lambda: (
                    f"math.{self.pick(('floor', 'ceil', 'trunc'))}({self.sub(scope, FLOAT, d)})"
                ),
            ),
            (1, lambda: f"math.gcd({i()}, {i()})"),
            (
                1,
                lambda: (
                    f"({self.sub(scope, BOOL, d)} {self.pick(('+', '-', '*', '//', '&', '<<'))} {self.pick(('True', 'False', self.small_lit(-2, 3)))})"
                ),
            ),
            (1, lambda: f"({self.pick(('-', '~'))}{self.sub(scope, BOOL, d)})"),
            (1, lambda: f"len(json.dumps({self.sub(scope, self.pick(PRINTABLE), d)}))"),
        ]

    def more_float(self, scope: Scope, d: int) -> list:
        f = lambda: self.sub(scope, FLOAT, d)  # noqa: E731
        num = lambda: self.sub(scope, self.pick((FLOAT, INT)), d)  # noqa: E731
        return [
            (2, lambda: f"math.{self.pick(MATH_FLOAT_1)}({f()})"),
            (
                1,
                lambda: (
                    f"math.{self.pick(('fmod', 'hypot', 'copysign', 'atan2', 'pow'))}({f()}, {num()})"
                ),
            ),
            (1, lambda: f"math.{self.pick(('pi', 'e', 'inf', 'nan', 'tau'))}"),
            (1, lambda: f"round({f()}, {self.small_lit(-2, 2)})"),
            (1, lambda: f"({self.sub(scope, INT, d)} {self.pick(('+', '-', '*', '/'))} {f()})"),
        ]

    def more_bool(self, scope: Scope, d: int) -> list:
        return [
            (1, lambda: self.nan_identity(scope, d)),
            (
                1,
                lambda: (
                    f"isinstance({self.sub(scope, self.pick(TYPES), d)}, ({self.pick(('int', 'str', 'list'))}, {self.pick(('float', 'bool', 'tuple', 'dict'))}))"
                ),
            ),
            (
                1,
                lambda: (
                    f"math.{self.pick(('isnan', 'isinf', 'isfinite'))}({self.sub(scope, FLOAT, d)})"
                ),
            ),
            (
                2,
                lambda: (
                    f"({self.sub(scope, INT, d)} {self.pick(('<', '==', '>=', '!='))} {self.sub(scope, FLOAT, d)})"
                ),
            ),
        ]

    def more_str(self, scope: Scope, d: int) -> list:
        s = lambda: self.sub(scope, STR, d)  # noqa: E731
        return [
            (
                1,
                lambda: (
                    f"json.dumps({self.sub(scope, self.pick(PRINTABLE), d)}{self.pick(JSON_OPTIONS)})"
                ),
            ),
            (
                1,
                lambda: (
                    f"{self.pick(('min', 'max'))}({self.sub(scope, LSTR, d)}, key=len{self.pick(('', ', default=' + repr('-')))})"
                ),
            ),
            (1, lambda: f"({self.pick(FORMATS)} % {self.sub(scope, self.pick((INT, FLOAT)), d)})"),
            (1, lambda: f"{s()}.{self.pick(('casefold', 'upper', 'lower', 'title'))}()"),
            (
                1,
                lambda: (
                    f"{s()}.{self.pick(('removeprefix', 'removesuffix', 'lstrip', 'rstrip'))}({s()})"
                ),
            ),
        ]

    def more_list_int(self, scope: Scope, d: int) -> list:
        xs = lambda: self.sub(scope, LINT, d)  # noqa: E731
        return [
            (1, lambda: f"json.loads(json.dumps({xs()}))"),
            (
                1,
                lambda: (
                    f"sorted({xs()}, key=lambda c: c % {self.pick(('2', '3', '(-3)'))}, reverse={self.pick(('True', 'False'))})"
                ),
            ),
        ]

    def more_list_str(self, scope: Scope, d: int) -> list:
        return [
            (1, lambda: f"sorted({self.sub(scope, LSTR, d)}, key=lambda c: len(c), reverse=True)"),
            (1, lambda: f"{self.sub(scope, STR, d)}.split(maxsplit={self.small_lit(0, 2)})"),
        ]

    def nan_identity(self, scope: Scope, d: int) -> str:
        """Containers compare elements by identity first: `[x] == [x]` is True for a NaN `x`."""
        f = self.var(scope, FLOAT) or "float('nan')"
        return self.pick(
            (
                f"([{f}] == [{f}])",
                f"({f} in [{f}, 1.0])",
                f"(({f},) == ({f},))",
                f"([{f}] == [float('nan')])",
                f"({f} == {f})",
                f"({{'k': {f}}} == {{'k': {f}}})",
            )
        )

    def fstring(self, scope: Scope, d: int) -> str:
        parts = []
        for _ in range(self.num(1, 3)):
            parts.append(self.pick(("", "a", " = ", "x:", "|", "{{", "}}", "%", " ")))
            ty = self.pick((INT, FLOAT, STR, BOOL, LINT, TINT, DSI))
            text = self.sub(scope, ty, min(d, 1))
            if "\\" in text or '"' in text:
                # Python 3.11 f-string fields take no backslashes and no outer quote.
                text = self.var(scope, ty) or ("0.5" if ty == FLOAT else "7")
                ty = scope.visible().get(text, FLOAT if text == "0.5" else INT)
            if ty in FMT_SPECS and self.chance(750):
                spec = self.pick(FMT_SPECS[ty])
                if self.chance(100):
                    width = self.var(scope, INT) if self.chance(300) else None
                    width = f"min({width}, 12)" if width else self.small_lit(0, 9)
                    spec = self.pick(("", "<", ">", "^")) + f"{{{width}}}"
                parts.append(f"{{({text}):{spec}}}" if spec else f"{{({text})}}")
            else:
                conv = self.pick(("", "!r", "!s"))
                parts.append(f"{{({text}){conv}}}")
        return 'f"' + "".join(parts) + '"'

    def e_str(self, scope: Scope, d: int) -> str:
        s = lambda: self.sub(scope, STR, d)  # noqa: E731
        table = [
            (6, lambda: self.leaf(scope, STR)),
            (5, lambda: f"({s()} + {s()})"),
            (2, lambda: f"({s()} * {self.small_lit(-1, 3)})"),
            (3, lambda: f"{s()}[{self.index(scope, d)}]"),
            (3, lambda: self.slice_of(scope, STR, d)),
            (
                3,
                lambda: (
                    f"{s()}.{self.pick(('upper', 'lower', 'strip', 'title', 'lstrip', 'rstrip', 'swapcase', 'capitalize'))}()"
                ),
            ),
            (1, lambda: f"{s()}.strip({self.str_lit()})"),
            (2, lambda: f"{s()}.replace({s()}, {s()})"),
            (1, lambda: f"{s()}.replace({s()}, {s()}, {self.small_lit(-1, 2)})"),
            (
                2,
                lambda: (
                    f"{self.pick((repr(','), repr(''), repr(' - '), s()))}.join({self.sub(scope, LSTR, d)})"
                ),
            ),
            (2, lambda: f"''.join({self.genexp(scope, STR, d)})"),
            (3, lambda: f"str({self.sub(scope, self.pick(PRINTABLE), d)})"),
            (2, lambda: f"repr({self.sub(scope, self.pick(PRINTABLE), d)})"),
            (4, lambda: self.fstring(scope, d)),
            (2, lambda: f"({s()} if {self.cond(scope, d)} else {s()})"),
            (1, lambda: f"({s()} or {s()})"),
            (1, lambda: f"chr({self.num(48, 122)} + {self.small_lit(0, 5)})"),
            (
                2,
                lambda: (
                    f"{s()}.split({self.pick(('', repr(','), repr(' '), repr('s')))})[{self.index(scope, d)}]"
                ),
            ),
            (
                1,
                lambda: (
                    f"{s()}.{self.pick(('zfill', 'center', 'ljust', 'rjust'))}({self.small_lit(0, 9)})"
                ),
            ),
            (
                1,
                lambda: (
                    f"{s()}.center({self.small_lit(0, 9)}, {self.pick((repr('*'), repr('-')))})"
                ),
            ),
            (1, lambda: f"('%d|%s' % ({self.sub(scope, INT, d)}, {s()}))"),
            (1, lambda: f"('%5.2f' % {self.sub(scope, FLOAT, d)})"),
            (1, lambda: f"'{{}}-{{:>4}}'.format({s()}, {self.sub(scope, INT, d)})"),
            (
                1,
                lambda: (
                    f"{s()}.partition({self.pick((repr(','), repr('s'), repr(' ')))})[{self.num(0, 2)}]"
                ),
            ),
        ]
        table += self.more_str(scope, d)
        return self.weighted(table)()

    def slice_of(self, scope: Scope, ty: str, d: int) -> str:
        def bound():
            return self.pick(
                ("", self.small_lit(-4, 5), self.small_lit(-4, 5), self.sub(scope, INT, d))
            )

        start, stop = bound(), bound()
        if self.chance(500):
            step = self.pick(("", "-1", "2", "(-2)", "3", "1", self.small_lit(-3, 3)))
            return f"{self.sub(scope, ty, d)}[{start}:{stop}:{step}]"
        return f"{self.sub(scope, ty, d)}[{start}:{stop}]"

    def e_list_int(self, scope: Scope, d: int) -> str:
        xs = lambda: self.sub(scope, LINT, d)  # noqa: E731
        table = [
            (6, lambda: self.leaf(scope, LINT)),
            (
                3,
                lambda: (
                    "[" + ", ".join(self.sub(scope, INT, d) for _ in range(self.num(0, 4))) + "]"
                ),
            ),
            (2, lambda: f"({xs()} + {xs()})"),
            (1, lambda: f"({xs()} * {self.small_lit(-1, 3)})"),
            (3, lambda: self.slice_of(scope, LINT, d)),
            (2, lambda: f"sorted({xs()}{self.pick(('', ', reverse=True'))})"),
            (
                1,
                lambda: (
                    f"sorted({xs()}, key={self.lambda_(scope, INT, self.pick((INT, TINT)), d)}{self.pick(('', ', reverse=True'))})"
                ),
            ),
            (
                2,
                lambda: (
                    f"list(range({self.small_lit(-3, 6)}{self.pick(('', ', ' + self.small_lit(-3, 8)))}))"
                ),
            ),
            (
                1,
                lambda: (
                    f"list(range({self.small_lit(-3, 6)}, {self.small_lit(-3, 8)}, {self.pick(('1', '2', '(-1)', '(-2)', '3', '0'))}))"
                ),
            ),
            (4, lambda: f"[{self.genexp(scope, INT, d)}]"),
            (1, lambda: f"list(reversed({xs()}))"),
            (1, lambda: f"list(map({self.lambda_(scope, INT, INT, d)}, {xs()}))"),
            (1, lambda: f"list(filter({self.lambda_(scope, INT, BOOL, d)}, {xs()}))"),
            (1, lambda: f"list({self.sub(scope, TINT, d)})"),
            (1, lambda: f"list({self.sub(scope, DSI, d)}.values())"),
            (1, lambda: f"sorted({self.sub(scope, SINT, d)})"),
            (1, lambda: f"{xs()}.copy()"),
            (1, lambda: f"({xs()} if {self.cond(scope, d)} else {xs()})"),
            (1, lambda: f"sorted({self.genexp(scope, INT, d)})"),
            (1, lambda: f"list({self.sub(scope, TINT, d)} + ({self.sub(scope, INT, d)},))"),
        ]
        table += self.more_list_int(scope, d)
        return self.weighted(table)()

    def e_list_str(self, scope: Scope, d: int) -> str:
        s = lambda: self.sub(scope, STR, d)  # noqa: E731
        table = [
            (6, lambda: self.leaf(scope, LSTR)),
            (2, lambda: "[" + ", ".join(s() for _ in range(self.num(0, 3))) + "]"),
            (
                3,
                lambda: (
                    f"{s()}.split({self.pick(('', repr(','), repr(' '), repr('s'), repr('')))})"
                ),
            ),
            (
                1,
                lambda: (
                    f"{s()}.split({self.pick((repr(','), repr(' ')))}, {self.small_lit(-1, 2)})"
                ),
            ),
            (1, lambda: f"{s()}.rsplit({self.pick((repr(','), 'None'))}, {self.small_lit(0, 2)})"),
            (
                2,
                lambda: (
                    f"sorted({self.sub(scope, LSTR, d)}{self.pick(('', ', reverse=True', ', key=len'))})"
                ),
            ),
            (3, lambda: f"[{self.genexp(scope, STR, d)}]"),
            (2, lambda: f"list({s()})"),
            (1, lambda: f"list({self.sub(scope, DSI, d)})"),
            (1, lambda: f"list({self.sub(scope, DSI, d)}.keys())"),
            (1, lambda: f"({self.sub(scope, LSTR, d)} + {self.sub(scope, LSTR, d)})"),
            (1, lambda: self.slice_of(scope, LSTR, d)),
            (1, lambda: f"{s()}.splitlines()"),
        ]
        table += self.more_list_str(scope, d)
        return self.weighted(table)()

    def e_tuple_int(self, scope: Scope, d: int) -> str:
        def display():
            items = [self.sub(scope, INT, d) for _ in range(self.num(0, 3))]
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

        table = [
            (5, lambda: self.leaf(scope, TINT)),
            (3, display),
            (2, lambda: f"tuple({self.sub(scope, LINT, d)})"),
            (2, lambda: f"divmod({self.sub(scope, INT, d)}, {self.sub(scope, INT, d)})"),
            (1, lambda: f"({self.sub(scope, TINT, d)} + {self.sub(scope, TINT, d)})"),
            (1, lambda: self.slice_of(scope, TINT, d)),
            (1, lambda: f"tuple(sorted({self.sub(scope, TINT, d)}))"),
            (1, lambda: f"tuple({self.genexp(scope, INT, d)})"),
            (1, lambda: f"({self.sub(scope, TINT, d)} * {self.small_lit(0, 2)})"),
        ]
        return self.weighted(table)()

    def e_dict(self, scope: Scope, d: int) -> str:
        def dictcomp():
            clause, inner = self.comprehension(scope, d)
            return f"{{{self.sub(inner, STR, d)}: {self.sub(inner, INT, d)} {clause}}}"

        table = [
            (5, lambda: self.leaf(scope, DSI)),
            (
                2,
                lambda: (
                    "{"
                    + ", ".join(
                        f"{self.pick((self.key_lit(), self.sub(scope, STR, d)))}: {self.sub(scope, INT, d)}"
                        for _ in range(self.num(0, 3))
                    )
                    + "}"
                ),
            ),
            (3, dictcomp),
            (2, lambda: f"dict(zip({self.sub(scope, LSTR, d)}, {self.sub(scope, LINT, d)}))"),
            (1, lambda: f"{self.sub(scope, DSI, d)}.copy()"),
            (1, lambda: f"dict({self.sub(scope, DSI, d)})"),
        ]
        return self.weighted(table)()

    def e_set(self, scope: Scope, d: int) -> str:
        table = [
            (5, lambda: self.leaf(scope, SINT)),
            (2, lambda: f"set({self.sub(scope, self.pick((LINT, TINT)), d)})"),
            (2, lambda: f"{{{self.genexp(scope, INT, d)}}}"),
            (
                3,
                lambda: (
                    f"({self.sub(scope, SINT, d)} {self.pick(('|', '&', '-', '^'))} {self.sub(scope, SINT, d)})"
                ),
            ),
            (1, lambda: f"set({self.sub(scope, DSI, d)}.values())"),
        ]
        return self.weighted(table)()

    def any_expr(self, scope: Scope, depth: int) -> str:
        """A value of any type, for results (sets allowed) and a few untyped shapes."""
        kind = self.weighted(
            [
                (20, "typed"),
                (1, "enumerate"),
                (1, "zip"),
                (1, "items"),
                (1, "nested"),
                (1, "pairs"),
                (1, "none"),
                (1, "lambdas"),
            ]
        )
        d = max(depth - 1, 0)
        if kind == "enumerate":
            return f"list(enumerate({self.sub(scope, self.pick((LINT, LSTR, STR)), d)}{self.pick(('', ', 1', ', start=-2'))}))"
        if kind == "zip":
            return f"list(zip({self.sub(scope, self.pick((LINT, LSTR, STR)), d)}, {self.sub(scope, self.pick((LINT, TINT)), d)}))"
        if kind == "items":
            return f"list({self.sub(scope, DSI, d)}.items())"
        if kind == "nested":
            return f"[{self.sub(scope, LINT, d)}, {self.sub(scope, LSTR, d)}, ({self.sub(scope, FLOAT, d)}, {self.sub(scope, STR, d)})]"
        if kind == "pairs":
            clause, inner = self.comprehension(scope, d)
            return f"[({self.sub(inner, INT, d)}, {self.sub(inner, STR, d)}) {clause}]"
        if kind == "none":
            return "None"
        if kind == "lambdas":
            v, g = self.fresh("c"), self.fresh("g")
            inner = scope.block()
            inner.outer[v] = INT
            return f"[{g}() for {g} in [lambda: {self.sub(inner, INT, 1)} for {v} in range({self.num(0, 4)})]]"
        return self.expr(scope, self.pick(TYPES), depth)

    def printable_expr(self, scope: Scope, depth: int) -> str:
        return self.expr(scope, self.pick(PRINTABLE), depth)

    # -- statements -----------------------------------------------------------
    def block(self, scope: Scope, lo: int, hi: int) -> list[str]:
        """Between lo and hi statements (at least one line: `pass` if the budget is spent)."""
        lines: list[str] = []
        count = self.num(lo, hi)
        for _ in range(count):
            if self.budget <= 0:
                break
            self.budget -= 1
            lines += self.statement(scope)
        return lines or ["pass"]

    def statement(self, scope: Scope) -> list[str]:
        kinds = dict(self.weights)
        if not scope.is_main:
            for kind in ("append", "guarded"):
                kinds.pop(kind, None)
            kinds["aug"] = kinds.get("aug", 1) + 2
            kinds["assign"] = kinds.get("assign", 1) + 2
        if scope.loop_depth >= 2 or scope.func_depth >= 2:
            for kind in ("for", "while"):
                kinds.pop(kind, None)
        if scope.func_depth >= 2:
            for kind in ("nested_def", "factory"):
                kinds.pop(kind, None)
        if scope.in_loop:
            kinds["break"] = 1
            kinds["continue"] = 1
        table = sorted(kinds.items())
        kind = self.weighted([(w, k) for k, w in table])
        return getattr(self, "s_" + kind)(scope)

    def expr_depth(self) -> int:
        return self.num(1, 3 if self.profile == "expr" else 2)

    def s_pass(self, scope: Scope) -> list[str]:
        return ["pass"]

    def s_assign(self, scope: Scope) -> list[str]:
        ty = self.pick(TYPES)
        name = self.fresh("v")
        rhs = self.fresh_expr(scope, ty, self.expr_depth())
        scope.locals[name] = ty
        if self.profile != "expr" and self.chance(350):
            # Assigned on every path: the value or, if it raised, a fallback literal.
            return [
                "try:",
                f"    {name} = {rhs}",
                "except (ValueError, ZeroDivisionError, IndexError, KeyError, TypeError, OverflowError):",
                f"    {name} = {self.literal(ty)}",
            ]
        return [f"{name} = {rhs}"]

    def assignable(self, scope: Scope, types) -> list[str]:
        return sorted(
            n
            for n, t in scope.locals.items()
            if t in types and n not in scope.frozen and n != "out"
        )

    def s_reassign(self, scope: Scope) -> list[str]:
        # Inside loops strings and lists are only grown by literals (no doubling).
        types = (INT, FLOAT, BOOL) if scope.loop_depth else TYPES
        names = self.assignable(scope, types)
        if not names:
            return self.s_assign(scope)
        name = self.pick(names)
        return [f"{name} = {self.fresh_expr(scope, scope.locals[name], self.expr_depth())}"]

    def s_retype(self, scope: Scope) -> list[str]:
        """Rebind a variable to a value of another type (type inference must follow)."""
        names = self.assignable(scope, (INT, FLOAT, BOOL, STR) if scope.loop_depth else TYPES)
        if not names:
            return self.s_assign(scope)
        name = self.pick(names)
        old = scope.locals[name]
        ty = self.pick(tuple(t for t in (SCALARS if scope.loop_depth else TYPES) if t != old))
        scope.locals[name] = ty
        return [f"{name} = {self.fresh_expr(scope, ty, self.expr_depth())}"]

    def s_unpack(self, scope: Scope) -> list[str]:
        kind = self.pick(("pair", "divmod", "tuple", "swap", "nested", "str", "chained"))
        if kind == "chained":
            ty = self.pick(SCALARS)
            a, b = self.fresh("a"), self.fresh("b")
            line = f"{a} = {b} = {self.sub(scope, ty, 2)}"
            scope.locals[a] = scope.locals[b] = ty
            return [line]
        if kind == "swap":
            for ty in (INT, STR, FLOAT):
                names = self.assignable(scope, (ty,))
                if len(names) >= 2:
                    a, b = names[:2]
                    return [f"{a}, {b} = {b}, {a}"]
            kind = "pair"
        if kind == "divmod":
            a, b = self.fresh("q"), self.fresh("r")
            line = f"{a}, {b} = divmod({self.sub(scope, INT, 1)}, {self.sub(scope, INT, 1)})"
            scope.locals[a] = scope.locals[b] = INT
            return [line]
        if kind == "tuple":
            a, b = self.fresh("a"), self.fresh("b")
            line = f"{a}, {b} = {self.sub(scope, TINT, 1)}"
            scope.locals[a] = scope.locals[b] = INT
            return [line]
        if kind == "str":
            a, b = self.fresh("a"), self.fresh("b")
            line = f"[{a}, {b}] = {self.sub(scope, STR, 1)}"
            scope.locals[a] = scope.locals[b] = STR
            return [line]
        if kind == "nested":
            a, b, c = self.fresh("a"), self.fresh("b"), self.fresh("c")
            line = f"({a}, ({b}, {c})) = ({self.sub(scope, INT, 1)}, ({self.sub(scope, STR, 1)}, {self.sub(scope, FLOAT, 1)}))"
            scope.locals.update({a: INT, b: STR, c: FLOAT})
            return [line]
        ta, tb = self.pick(SCALARS), self.pick(SCALARS)
        a, b = self.fresh("a"), self.fresh("b")
        line = f"{a}, {b} = {self.sub(scope, ta, 2)}, {self.sub(scope, tb, 2)}"
        scope.locals[a], scope.locals[b] = ta, tb
        return [line]

    def s_aug(self, scope: Scope) -> list[str]:
        names = self.assignable(scope, (INT, FLOAT, STR, LINT, BOOL))
        if not names:
            return self.s_assign(scope)
        name = self.pick(names)
        ty = scope.locals[name]
        d = self.expr_depth()
        if ty == INT:
            op = self.pick(("+=", "-=", "*=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**="))
            if op in ("<<=", ">>="):
                rhs = self.shift()
            elif op == "**=":
                rhs = str(self.num(0, 3))
            else:
                rhs = self.sub(scope, INT, d)
        elif ty == FLOAT:
            op = self.pick(("+=", "-=", "*=", "/=", "//=", "%=", "**="))
            rhs = (
                str(self.num(-2, 3)) if op == "**=" else self.sub(scope, self.pick((FLOAT, INT)), d)
            )
        elif ty == BOOL:
            op = self.pick(("&=", "|=", "^="))
            rhs = self.sub(scope, BOOL, d)
        elif ty == STR:
            op = self.pick(("+=", "*="))
            if op == "*=":
                rhs = self.small_lit(0, 2)
                if scope.loop_depth:
                    op, rhs = "+=", self.str_lit()
            else:
                rhs = self.str_lit() if scope.loop_depth else self.sub(scope, STR, d)
        else:  # list[int]
            op = "+="
            rhs = self.literal(LINT) if scope.loop_depth else self.sub(scope, LINT, d)
        return [f"{name} {op} {rhs}"]

    def s_subassign(self, scope: Scope) -> list[str]:
        lists = self.assignable(scope, (LINT,))
        dicts = self.assignable(scope, (DSI,))
        options = []
        if lists:
            options += ["list", "list_aug", "slice"]
        if dicts:
            options += ["dict", "dict_aug"]
        if not options:
            return self.s_mutate(scope)
        kind = self.pick(options)
        if kind == "list":
            return [f"{self.pick(lists)}[{self.index(scope, 1)}] = {self.sub(scope, INT, 2)}"]
        if kind == "list_aug":
            op = self.pick(("+=", "-=", "*=", "//="))
            return [f"{self.pick(lists)}[{self.index(scope, 1)}] {op} {self.sub(scope, INT, 2)}"]
        if kind == "slice":
            value = self.literal(LINT) if scope.loop_depth else self.sub(scope, LINT, 1)
            step = f":{self.pick(('2', '(-1)', '(-2)', '3'))}" if self.chance(250) else ""
            return [
                f"{self.pick(lists)}[{self.small_lit(-3, 3)}:{self.small_lit(-3, 4)}{step}] = {value}"
            ]
        if kind == "dict":
            return [f"{self.pick(dicts)}[{self.key_lit()}] = {self.sub(scope, INT, 2)}"]
        op = self.pick(("+=", "-=", "|="))
        return [f"{self.pick(dicts)}[{self.key_lit()}] {op} {self.sub(scope, INT, 2)}"]

    def s_append(self, scope: Scope) -> list[str]:
        return [f"out.append({self.expr(scope, ANY, self.expr_depth())})"]

    def s_guarded(self, scope: Scope) -> list[str]:
        return [f"out.append(guard(lambda: {self.expr(scope, ANY, self.expr_depth())}))"]

    def s_print(self, scope: Scope) -> list[str]:
        args = [self.printable_expr(scope, self.expr_depth()) for _ in range(self.num(0, 3))]
        sep, end = self.pick(PRINT_SEPS), self.pick(PRINT_ENDS)
        if sep is not None:
            args.append(f"sep={sep!r}")
        if end is not None:
            args.append(f"end={end!r}")
        return [f"print({', '.join(args)})"]

    def s_if(self, scope: Scope) -> list[str]:
        lines = [f"if {self.cond(scope, 2)}:"]
        lines += indent(self.block(scope.block(), 1, 3))
        for _ in range(self.num(0, 2)):
            lines.append(f"elif {self.cond(scope, 2)}:")
            lines += indent(self.block(scope.block(), 1, 2))
        if self.chance(500):
            lines.append("else:")
            lines += indent(self.block(scope.block(), 1, 2))
        return lines

    def loop_tail(self, scope: Scope, body: list[str]) -> list[str]:
        if self.chance(300):
            guard = self.cond(scope, 1)
            jump = self.pick(("break", "continue"))
            at = self.pick(boundaries(body))
            body = body[:at] + [f"if {guard}:", f"    {jump}"] + body[at:]
        return body

    def s_for(self, scope: Scope) -> list[str]:
        kind = self.weighted(
            [
                (4, "range"),
                (3, "list"),
                (2, "str"),
                (1, "dict"),
                (2, "enumerate"),
                (1, "zip"),
                (1, "items"),
            ]
        )
        inner = scope.block(loop_depth=scope.loop_depth + 1, in_loop=True)
        d = 1
        if kind == "range":
            v = self.fresh("i")
            args = [self.small_lit(-2, 6)]
            if self.chance(400):
                args.append(self.small_lit(-2, 7))
                if self.chance(400):
                    args.append(self.pick(("2", "(-1)", "3", "(-2)")))
            header = f"for {v} in range({', '.join(args)}):"
            targets = {v: INT}
            iterable = ""
        else:
            src_ty = {"list": LINT, "str": STR, "dict": DSI}.get(kind) or self.pick(
                (LINT, LSTR, STR)
            )
            iterable = self.sub(scope, src_ty, d)
            if kind == "enumerate":
                i, v = self.fresh("i"), self.fresh("e")
                header = f"for {i}, {v} in enumerate({iterable}):"
                targets = {i: INT, v: ELEMENT[src_ty]}
            elif kind == "zip":
                other_ty = self.pick((LINT, LSTR, STR, TINT))
                other = self.sub(scope, other_ty, d)
                a, b = self.fresh("e"), self.fresh("e")
                header = f"for {a}, {b} in zip({iterable}, {other}):"
                iterable += " " + other
                targets = {a: ELEMENT[src_ty], b: ELEMENT[other_ty]}
            elif kind == "items":
                iterable = self.sub(scope, DSI, d)
                k, v = self.fresh("k"), self.fresh("e")
                header = f"for {k}, {v} in {iterable}.items():"
                targets = {k: STR, v: INT}
            else:
                v = self.fresh("e")
                header = f"for {v} in {iterable}:"
                targets = {v: ELEMENT[src_ty]}
        # Nothing named in the iterable may change while it is iterated.
        visible = scope.visible()
        for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", iterable):
            if token in visible:
                inner.frozen.add(token)
        inner.locals.update(targets)
        inner.frozen.update(targets)  # keep loop variables' types (no rebinding in body)
        body = self.loop_tail(inner, self.block(inner, 1, 4))
        lines = [header] + indent(body)
        if self.chance(300):
            lines.append("else:")
            lines += indent(self.block(scope.block(), 1, 2))
        return lines

    def s_while(self, scope: Scope) -> list[str]:
        k = self.fresh("k")
        limit = self.num(0, 6)
        inner = scope.block(loop_depth=scope.loop_depth + 1, in_loop=True)
        inner.locals[k] = INT
        inner.frozen.add(k)
        header = f"while {k} < {limit}:"
        if self.chance(300):
            header = f"while {k} < {limit} and {self.cond(inner, 1)}:"
        body = [f"{k} += 1"] + self.loop_tail(inner, self.block(inner, 1, 4))
        lines = [f"{k} = 0", header] + indent(body)
        if self.chance(300):
            lines.append("else:")
            lines += indent(self.block(scope.block(), 1, 2))
        scope.locals[k] = INT
        scope.frozen.add(k)
        return lines

    def s_break(self, scope: Scope) -> list[str]:
        return [f"if {self.cond(scope, 1)}:", f"    {self.pick(('break', 'continue'))}"]

    s_continue = s_break

    def except_clause(self) -> tuple[str, str]:
        kind = self.weighted([(4, "one"), (2, "tuple"), (1, "as"), (1, "exception")])
        if kind == "exception":
            return "except Exception:", "Exception"
        if kind == "tuple":
            names = sorted({self.pick(EXCEPTIONS) for _ in range(self.num(2, 3))})
            if len(names) == 1:
                return f"except {names[0]}:", names[0]
            return f"except ({', '.join(names)}):", "+".join(names)
        name = self.pick(EXCEPTIONS)
        if kind == "as":
            return f"except {name} as err:", name
        return f"except {name}:", name

    def record(self, scope: Scope, text: str) -> str:
        if scope.is_main:
            return f"out.append({text!r})"
        return "pass"

    def s_try(self, scope: Scope) -> list[str]:
        lines = ["try:"]
        body_scope = scope.block()
        body = self.block(body_scope, 1, 4)
        if self.chance(300):
            at = self.pick(boundaries(body))
            body = body[:at] + [f"raise {self.pick(EXCEPTIONS[:5])}({self.str_lit()})"] + body[at:]
        lines += indent(body)
        for _ in range(self.num(1, 3)):
            header, label = self.except_clause()
            handler = [self.record(scope, "caught " + label)]
            if header.endswith(" as err:"):
                err = self.fresh("err")
                header = header.replace(" as err:", f" as {err}:")
                if scope.is_main:
                    kind = self.pick(
                        ("ValueError", "LookupError", "ArithmeticError", "Exception", "TypeError")
                    )
                    handler.append(f"out.append(isinstance({err}, {kind}))")
            lines.append(header)
            if self.chance(300):
                handler += self.block(scope.block(), 1, 2)
            lines += indent(handler)
        if self.chance(300):
            lines.append("else:")
            lines += indent(
                [self.record(scope, "else")]
                + (self.block(scope.block(), 1, 2) if self.chance(300) else [])
            )
        if self.chance(400):
            lines.append("finally:")
            lines += indent(
                [self.record(scope, "finally")]
                + (self.block(scope.block(), 1, 2) if self.chance(200) else [])
            )
        return lines

    def s_raise(self, scope: Scope) -> list[str]:
        exc = self.pick(
            (
                "ValueError",
                "KeyError",
                "IndexError",
                "RuntimeError",
                "TypeError",
                "ZeroDivisionError",
                "AssertionError",
                "Exception",
            )
        )
        return [f"if {self.cond(scope, 1)}:", f"    raise {exc}({self.str_lit()})"]

    def s_assert(self, scope: Scope) -> list[str]:
        if self.chance(500):
            return [f"assert {self.cond(scope, 2)}, {self.str_lit()}"]
        return [f"assert {self.cond(scope, 2)}"]

    def s_return(self, scope: Scope) -> list[str]:
        if scope.is_main:
            return [f"if {self.cond(scope, 1)}:", "    return out"]
        assert scope.ret is not None
        return [f"if {self.cond(scope, 1)}:", f"    return {self.fresh_expr(scope, scope.ret, 1)}"]

    def s_lambda(self, scope: Scope) -> list[str]:
        name = self.fresh("f")
        params = tuple(self.pick((INT, INT, STR, FLOAT)) for _ in range(self.num(1, 2)))
        ret = self.pick((INT, STR, FLOAT, BOOL, LINT))
        names = [self.fresh("p") for _ in params]
        inner = scope.block()
        inner.outer.update(zip(names, params, strict=True))
        default = ""
        kwonly: tuple = ()
        if self.chance(250):
            kname = self.fresh("kw")
            default = f", {kname}={self.int_lit(False)}"
            inner.outer[kname] = INT
            kwonly = ((kname, INT),)
        body = self.sub(inner, ret, 2)
        scope.funcs[name] = Sig(params, ret, kwonly)
        scope.locals[name] = "function"
        scope.frozen.add(name)
        return [f"{name} = lambda {', '.join(names)}{default}: {body}"]

    def function(
        self, scope: Scope, name: str, params, ret: str, *, nonlocals=(), nested=True
    ) -> list[str]:
        """A `def` with typed params; its body sees `scope`'s names as read-only outer names."""
        pnames = [self.fresh("p") for _ in params]
        inner = Scope(
            locals=dict(zip(pnames, params, strict=True)),
            outer=(
                {n: t for n, t in scope.visible().items() if n != "out"}
                if nested
                else dict(self.module_names)
            ),
            funcs=dict(scope.funcs),
            frozen={p for p, t in zip(pnames, params, strict=True) if t in MUTABLE},
            func_depth=scope.func_depth + 1 if nested else 1,
            ret=ret,
        )
        for n in nonlocals:
            inner.locals[n] = scope.locals[n]
            inner.outer.pop(n, None)
        # Containers of enclosing functions are read-only here.
        inner.frozen.update(n for n, t in inner.outer.items() if t in MUTABLE)
        lines = [f"def {name}({', '.join(pnames)}):"]
        body = []
        if nonlocals:
            body.append(f"nonlocal {', '.join(nonlocals)}")
        body += self.block(inner, 0, 3)
        if body and body[-1] == "pass" and len(body) > 1:
            body.pop()
        body.append(f"return {self.fresh_expr(inner, ret, 2)}")
        self.last_params = tuple(pnames)  # after the body: it may define functions too
        return lines + indent(body)

    def s_nested_def(self, scope: Scope) -> list[str]:
        name = self.fresh("nf")
        params = tuple(self.pick((INT, STR, FLOAT, LINT)) for _ in range(self.num(0, 2)))
        ret = self.pick((INT, STR, FLOAT, BOOL, LINT))
        candidates = self.assignable(scope, (INT, STR, FLOAT))
        nonlocals = ()
        if candidates and self.chance(600):
            nonlocals = tuple(sorted({self.pick(candidates) for _ in range(self.num(1, 2))}))
        lines = self.function(scope, name, params, ret, nonlocals=nonlocals)
        if nonlocals:
            # Make the nonlocal update visible: the first body statement bumps one of them.
            target = nonlocals[0]
            bump = {INT: f"{target} += 1", STR: f"{target} += 'n'", FLOAT: f"{target} *= 0.5"}
            lines.insert(2, "    " + bump[scope.locals[target]])
        scope.funcs[name] = Sig(params, ret, names=self.last_params)
        scope.frozen.add(name)
        if scope.is_main and self.chance(600):
            lines.append(f"out.append({self.call(scope, name, 2)})")
        return lines

    def s_factory(self, scope: Scope) -> list[str]:
        mk, inner_fn, made = self.fresh("mk"), self.fresh("inner"), self.fresh("fa")
        if self.chance(400):
            c = self.fresh("cnt")
            lines = [
                f"def {mk}():",
                f"    {c} = {self.int_lit(False)}",
                f"    def {inner_fn}():",
                f"        nonlocal {c}",
                f"        {c} += {self.small_lit(1, 3)}",
                f"        return {c}",
                f"    return {inner_fn}",
                f"{made} = {mk}()",
            ]
            scope.funcs[made] = Sig((), INT)
        else:
            p, q = self.fresh("p"), self.fresh("q")
            body_scope = scope.block()
            body_scope.outer.update({p: INT, q: INT})
            body = self.sub(body_scope, INT, 2)
            lines = [
                f"def {mk}({p}):",
                f"    def {inner_fn}({q}):",
                f"        return {body}",
                f"    return {inner_fn}",
                f"{made} = {mk}({self.sub(scope, INT, 1)})",
            ]
            scope.funcs[made] = Sig((INT,), INT)
        scope.locals[made] = "function"
        scope.frozen.add(made)
        return lines

    def s_mutate(self, scope: Scope) -> list[str]:
        lists = self.assignable(scope, (LINT,))
        slists = self.assignable(scope, (LSTR,))
        dicts = self.assignable(scope, (DSI,))
        sets = self.assignable(scope, (SINT,))
        options = []
        if lists:
            options += ["list"] * 3
        if slists:
            options += ["slist"]
        if dicts:
            options += ["dict"] * 2
        if sets:
            options += ["set"]
        if not options:
            return self.s_assign(scope)
        kind = self.pick(options)
        d = 1
        if kind == "list":
            xs = self.pick(lists)
            return [
                self.pick(
                    (
                        f"{xs}.append({self.sub(scope, INT, d)})",
                        f"out.append({xs}.pop())" if scope.is_main else f"{xs}.pop()",
                        f"{xs}.pop({self.index(scope, d)})",
                        f"{xs}.insert({self.index(scope, d)}, {self.sub(scope, INT, d)})",
                        f"{xs}.sort()",
                        f"{xs}.sort(reverse=True)",
                        f"{xs}.sort(key={self.lambda_(scope, INT, self.pick((INT, TINT, BOOL)), d)})",
                        f"{xs}.reverse()",
                        f"{xs}.remove({self.sub(scope, INT, d)})",
                        f"{xs}.extend({self.literal(LINT)})",
                        f"{xs}.clear()",
                    )
                )
            ]
        if kind == "slist":
            xs = self.pick(slists)
            return [
                self.pick(
                    (
                        f"{xs}.append({self.sub(scope, STR, d)})",
                        f"{xs}.sort(key=len)",
                        f"{xs}.sort(key={self.lambda_(scope, STR, self.pick((STR, INT)), d)}, reverse=True)",
                        f"{xs}.insert({self.index(scope, d)}, {self.str_lit()})",
                        f"{xs}.pop()",
                    )
                )
            ]
        if kind == "dict":
            dd = self.pick(dicts)
            key = self.pick((self.key_lit(), self.key_lit(), self.sub(scope, STR, d)))
            return [
                self.pick(
                    (
                        f"{dd}.setdefault({key}, {self.sub(scope, INT, d)})",
                        f"out.append({dd}.setdefault({key}, {self.sub(scope, INT, d)}))"
                        if scope.is_main
                        else f"{dd}.setdefault({key}, 0)",
                        f"{dd}.pop({key})",
                        f"{dd}.pop({key}, {self.sub(scope, INT, d)})",
                        f"{dd}.update({self.literal(DSI)})",
                        f"del {dd}[{key}]",
                        f"{dd}.clear()",
                    )
                )
            ]
        ss = self.pick(sets)
        return [
            self.pick(
                (
                    f"{ss}.add({self.sub(scope, INT, d)})",
                    f"{ss}.discard({self.sub(scope, INT, d)})",
                    f"{ss}.remove({self.sub(scope, INT, d)})",
                )
            )
        ]

    def s_del(self, scope: Scope) -> list[str]:
        lists = self.assignable(scope, (LINT, LSTR))
        dicts = self.assignable(scope, (DSI,))
        if lists and (not dicts or self.chance(500)):
            xs = self.pick(lists)
            if self.chance(300):
                return [f"del {xs}[{self.small_lit(-3, 2)}:{self.small_lit(-2, 4)}]"]
            return [f"del {xs}[{self.index(scope, 1)}]"]
        if dicts:
            return [
                f"del {self.pick(dicts)}[{self.pick((self.key_lit(), self.sub(scope, STR, 1)))}]"
            ]
        return self.s_mutate(scope)

    # -- templates: idioms whose semantics are easy to get subtly wrong ----------
    def s_template(self, scope: Scope) -> list[str]:
        if not scope.is_main:
            return self.s_assign(scope)
        kind = self.pick(
            (
                "late_binding",
                "shrink_while_iterating",
                "dict_changed",
                "try_flow",
                "finally_flow",
                "handler_raises",
                "defaults",
                "side_effects",
                "word_count",
                "prefix_sums",
                "bubble_sort",
                "memo_fib",
                "euclid",
                "binary_search",
                "alias",
                "except_as_after",
                "shadow",
                "maybe_unbound",
            )
        )
        return getattr(self, "t_" + kind)(scope)

    def t_except_as_after(self, scope: Scope) -> list[str]:
        """The name bound by `except ... as` is deleted when the handler ends."""
        err = self.fresh("err")
        lines = [f"{err} = {self.str_lit()}"] if self.chance(500) else []
        lines += [
            "try:",
            f"    if {self.cond(scope, 1)}:",
            f"        raise ValueError({self.str_lit()})",
            f"except ValueError as {err}:",
            f"    out.append(str({err}))",
            "try:",
            f"    out.append(str({err}))",
            "except Exception:",
            "    out.append('unbound')",
        ]
        return lines

    def t_shadow(self, scope: Scope) -> list[str]:
        """Assigning a name anywhere in a function makes it local everywhere in it."""
        names = sorted(n for n, t in scope.visible().items() if t in SCALARS)
        if not names:
            return self.t_maybe_unbound(scope)
        name, fn, r = self.pick(names), self.fresh("sh"), self.fresh("r")
        ty = scope.visible()[name]
        return [
            f"def {fn}():",
            "    try:",
            f"        {r} = {name}",
            "    except Exception:",
            f"        {r} = 'unbound'",
            f"    {name} = {self.literal(ty)}",
            f"    return ({r}, {name})",
            f"out.append({fn}())",
        ]

    def t_maybe_unbound(self, scope: Scope) -> list[str]:
        """A name bound inside blocks (maybe on some paths only), read after them."""
        u = self.fresh("u")
        ty = self.pick(PRINTABLE)
        value = lambda: self.expr(scope, ty, 1)  # noqa: E731
        kind = self.pick(("if", "for", "nested_for", "while", "if_else", "try", "for_break"))
        i, j = self.fresh("i"), self.fresh("j")
        if kind == "for":
            lines = [f"for {i} in range({self.small_lit(0, 2)}):", f"    {u} = {value()}"]
        elif kind == "nested_for":
            lines = [
                f"for {i} in range({self.small_lit(0, 2)}):",
                f"    for {j} in {self.pick(('range(' + self.small_lit(0, 2) + ')', self.literal(LINT), self.str_lit()))}:",
                f"        {u} = {value()}",
            ]
        elif kind == "while":
            lines = [
                f"{i} = 0",
                f"while {i} < {self.small_lit(0, 2)}:",
                f"    {i} += 1",
                f"    for {j} in range({self.small_lit(0, 2)}):",
                f"        {u} = {value()}",
            ]
        elif kind == "if_else":
            lines = [
                f"if {self.cond(scope, 1)}:",
                f"    {u} = {value()}",
                "else:",
                f"    {u} = {value()}",
            ]
        elif kind == "try":
            lines = [
                "try:",
                f"    {u} = {value()}",
                "except (ValueError, TypeError, IndexError, KeyError, ZeroDivisionError):",
                "    pass",
            ]
        elif kind == "for_break":
            lines = [
                f"for {i} in {self.sub(scope, self.pick((LINT, STR)), 1)}:",
                f"    if {self.cond(scope, 1)}:",
                "        break",
                f"    {u} = {value()}",
            ]
        else:
            lines = [f"if {self.cond(scope, 1)}:", f"    {u} = {value()}"]
        lines += [
            "try:",
            f"    out.append({u})",
            "except Exception:",
            "    out.append('unbound')",
        ]
        return lines

    def data(self, scope: Scope, ty: str) -> str:
        """An existing variable of type `ty` (copied if mutable) or a literal."""
        name = self.var(scope, ty)
        if name is not None and self.chance(600):
            return f"list({name})" if ty in (LINT, LSTR) else name
        return self.literal(ty)

    def t_late_binding(self, scope: Scope) -> list[str]:
        fs, gs, i, f = self.fresh("fs"), self.fresh("gs"), self.fresh("i"), self.fresh("f")
        k = self.data(scope, INT)
        return [
            f"{fs} = []",
            f"{gs} = []",
            f"for {i} in range({self.small_lit(0, 4)}):",
            f"    {fs}.append(lambda: {i} * {k})",
            f"    {gs}.append(lambda {i}={i}: {i} + 1)",
            f"out.append([{f}() for {f} in {fs}])",
            f"out.append([{f}() for {f} in {gs}])",
        ]

    def t_shrink_while_iterating(self, scope: Scope) -> list[str]:
        xs, e = self.fresh("xs"), self.fresh("e")
        op = self.pick((f"{xs}.remove({e})", f"{xs}.pop()", f"del {xs}[0]", f"{xs}.pop(0)"))
        cond = self.pick((f"{e} % 2 == 0", "True", f"{e} > 2"))
        return [
            f"{xs} = {self.data(scope, LINT)}",
            f"for {e} in {xs}:",
            f"    if {cond}:",
            f"        {op}",
            f"    out.append({e})",
            f"out.append({xs})",
        ]

    def t_dict_changed(self, scope: Scope) -> list[str]:
        dd, k = self.fresh("d"), self.fresh("k")
        op = self.pick(
            (
                f"{dd}[{k} + 'x'] = 1",
                f"{dd}.pop({k})",
                f"{dd}[{k}] = 0",
                f"{dd}.setdefault({self.key_lit()}, 1)",
            )
        )
        return [
            f"{dd} = {self.data(scope, DSI)}",
            "try:",
            f"    for {k} in {dd}:",
            f"        {op}",
            f"        out.append({k})",
            "except RuntimeError:",
            "    out.append('RuntimeError')",
            f"out.append({dd})",
        ]

    def t_try_flow(self, scope: Scope) -> list[str]:
        fn, p, log = self.fresh("tf"), self.fresh("p"), self.fresh("log")
        exc = self.pick(("ValueError", "KeyError", "ZeroDivisionError"))
        catch = self.pick((exc, "Exception", "LookupError", "ArithmeticError", "TypeError"))
        lines = [
            f"{log} = []",
            f"def {fn}({p}):",
            "    try:",
            f"        {log}.append('try')",
            f"        if {p} > 1:",
            "            return 'early'",
            f"        if {p} > 0:",
            f"            raise {exc}('boom')",
            f"        {log}.append(10 // {p})",
            f"    except {catch}:",
            f"        {log}.append('except')",
            "        return 'handled'",
            "    else:",
            f"        {log}.append('else')",
            "    finally:",
            f"        {log}.append('finally')",
        ]
        if self.chance(300):
            lines.append("        return 'from finally'")
        lines.append("    return 'end'")
        for arg in sorted({self.small_lit(-1, 3) for _ in range(self.num(1, 3))}):
            lines.append(
                f"out.append(guard(lambda: {fn}({arg})))"
                if self.profile in GUARDED_PROFILES
                else f"out.append({fn}({arg}))"
            )
        lines.append(f"out.append({log})")
        return lines

    def t_finally_flow(self, scope: Scope) -> list[str]:
        i, acc = self.fresh("i"), self.fresh("acc")
        jump = self.pick(("break", "continue", "pass"))
        return [
            f"{acc} = []",
            f"for {i} in range({self.small_lit(1, 5)}):",
            "    try:",
            f"        if {i} == {self.small_lit(0, 3)}:",
            f"            {self.pick(('break', 'continue'))}",
            f"        {acc}.append({i})",
            "    finally:",
            f"        {acc}.append(-{i})",
            f"        if {i} == {self.small_lit(0, 3)}:",
            f"            {jump}",
            "else:",
            f"    {acc}.append('else')",
            f"out.append({acc})",
        ]

    def t_handler_raises(self, scope: Scope) -> list[str]:
        first = self.pick(("ValueError", "KeyError", "IndexError"))
        second = self.pick(("TypeError", "ZeroDivisionError", "RuntimeError"))
        outer = self.pick((second, "Exception", "ArithmeticError", first))
        return [
            "try:",
            "    try:",
            f"        raise {first}('a')",
            f"    except {first}:",
            "        out.append('inner')",
            f"        raise {second}('b')",
            "    finally:",
            "        out.append('inner finally')",
            f"except {outer}:",
            "    out.append('outer')",
        ]

    def t_defaults(self, scope: Scope) -> list[str]:
        fn, p, k, v = self.fresh("df"), self.fresh("p"), self.fresh("k"), self.fresh("v")
        return [
            f"{v} = {self.data(scope, INT)}",
            f"def {fn}({p}, {k}={v}):",
            f"    return ({p}, {k})",
            f"{v} = {self.int_lit(False)}",
            f"out.append({fn}({self.int_lit(False)}))",
            f"out.append({fn}({self.int_lit(False)}, {k}={v}))",
            f"out.append({fn}({k}=1, {p}=2))",
        ]

    def t_side_effects(self, scope: Scope) -> list[str]:
        c, fn, log = self.fresh("calls"), self.fresh("se"), self.fresh("log")
        lo, hi = self.small_lit(-2, 3), self.small_lit(0, 6)
        return [
            f"{c} = 0",
            f"{log} = []",
            f"def {fn}(v):",
            f"    nonlocal {c}",
            f"    {c} += 1",
            f"    {log}.append(v)",
            "    return v",
            f"out.append({lo} < {fn}({self.small_lit(-1, 4)}) <= {hi})",
            f"out.append({fn}({self.small_lit(0, 1)}) or {fn}({self.small_lit(0, 2)}))",
            f"out.append({fn}(0) and {fn}(1))",
            f"out.append([{fn}(1), {fn}(2)][{fn}(0)])",
            f"{log}[{fn}(0)] = {fn}('stored')",
            f"out.append({{{fn}('a'): {fn}(3), {fn}('a'): {fn}(4)}})",
            f"out.append(({c}, {log}))",
        ]

    def t_word_count(self, scope: Scope) -> list[str]:
        counts, w = self.fresh("counts"), self.fresh("w")
        text = self.data(scope, STR) if self.chance(400) else repr("the cat the dog a cat the")
        return [
            f"{counts} = {{}}",
            f"for {w} in {text}.split():",
            f"    {counts}[{w}] = {counts}.get({w}, 0) + 1",
            f"out.append(sorted({counts}.items(), key=lambda kv: (-kv[1], kv[0])))",
            f"out.append(max({counts}, key={counts}.get, default=None))",
        ]

    def t_prefix_sums(self, scope: Scope) -> list[str]:
        xs, acc, run, x = self.fresh("xs"), self.fresh("pre"), self.fresh("run"), self.fresh("x")
        return [
            f"{xs} = {self.data(scope, LINT)}",
            f"{acc} = [0]",
            f"{run} = 0",
            f"for {x} in {xs}:",
            f"    {run} += {x}",
            f"    {acc}.append({run})",
            f"out.append({acc})",
            f"out.append([{acc}[j] - {acc}[i] for i in range(len({acc})) for j in range(i + 1, len({acc}))][:{self.small_lit(0, 8)}])",
        ]

    def t_bubble_sort(self, scope: Scope) -> list[str]:
        xs, n, i, j = self.fresh("xs"), self.fresh("n"), self.fresh("i"), self.fresh("j")
        return [
            f"{xs} = {self.data(scope, LINT)}",
            f"{n} = len({xs})",
            f"for {i} in range({n}):",
            f"    for {j} in range({n} - 1 - {i}):",
            f"        if {xs}[{j}] > {xs}[{j} + 1]:",
            f"            {xs}[{j}], {xs}[{j} + 1] = {xs}[{j} + 1], {xs}[{j}]",
            f"out.append({xs})",
        ]

    def t_memo_fib(self, scope: Scope) -> list[str]:
        memo, fib, n = self.fresh("memo"), self.fresh("fib"), self.fresh("n")
        return [
            f"{memo} = {{}}",
            f"def {fib}({n}):",
            f"    if {n} < 2:",
            f"        return {n}",
            f"    if {n} not in {memo}:",
            f"        {memo}[{n}] = {fib}({n} - 1) + {fib}({n} - 2)",
            f"    return {memo}[{n}]",
            f"out.append({fib}({self.pick(('10', '30', '60', '92', '93'))}))",
            f"out.append(len({memo}))",
        ]

    def t_euclid(self, scope: Scope) -> list[str]:
        a, b, k = self.fresh("a"), self.fresh("b"), self.fresh("k")
        return [
            f"{a}, {b} = {self.data(scope, INT)}, {self.data(scope, INT)}",
            f"{k} = 0",
            f"while {b} and {k} < 100:",
            f"    {k} += 1",
            f"    {a}, {b} = {b}, {a} % {b}",
            f"out.append(({a}, {k}))",
        ]

    def t_binary_search(self, scope: Scope) -> list[str]:
        xs, t, lo, hi, mid, k = (self.fresh(n) for n in ("xs", "t", "lo", "hi", "mid", "k"))
        return [
            f"{xs} = sorted({self.data(scope, LINT)})",
            f"{t} = {self.data(scope, INT)}",
            f"{lo}, {hi} = 0, len({xs})",
            f"{k} = 0",
            f"while {lo} < {hi} and {k} < 70:",
            f"    {k} += 1",
            f"    {mid} = ({lo} + {hi}) // 2",
            f"    if {xs}[{mid}] < {t}:",
            f"        {lo} = {mid} + 1",
            "    else:",
            f"        {hi} = {mid}",
            f"out.append(({lo}, {t} in {xs}))",
        ]

    def t_alias(self, scope: Scope) -> list[str]:
        a, b, c = self.fresh("al"), self.fresh("al"), self.fresh("al")
        return [
            f"{a} = {self.data(scope, LINT)}",
            f"{b} = {a}",
            f"{c} = {a}[:]",
            f"{b} += [{self.int_lit(False)}]",
            f"{c} = {c} + [0]",
            f"{b}.append(len({a}))",
            f"out.append(({a}, {b}, {c}))",
            f"out.append([{a}] * 2)",
        ]

    # -- top level ------------------------------------------------------------
    def helper(self, funcs: dict[str, Sig]) -> list[str]:
        """A top-level helper: plain (maybe with keyword-only params) or recursive."""
        kind = self.weighted(
            [(3, "plain"), (2, "recursive"), (1, "kwonly"), (1, "mutable_default")]
        )
        top = Scope(funcs=dict(funcs))
        if kind == "recursive":
            name = self.fresh("rec")
            acc_ty = self.pick((INT, STR, LINT))
            ret = acc_ty
            n, a = self.fresh("n"), self.fresh("acc")
            # The body before the recursive return cannot call the function itself.
            scope = Scope(
                outer=dict(self.module_names),
                locals={n: INT, a: acc_ty},
                funcs=dict(funcs),
                frozen={n, a},
                func_depth=1,
                ret=ret,
            )
            base = self.sub(scope, ret, 1)
            step = self.pick(("1", "1", "2"))

            def nxt():
                if acc_ty == INT:
                    return self.sub(scope, INT, 1)
                if acc_ty == STR:
                    return self.str_lit()
                return f"[{self.sub(scope, INT, 1)}]"

            combine = self.pick(
                (
                    f"{name}({n} - {step}, {a} + {nxt()})",
                    f"({nxt()} + {name}({n} - {step}, {a}))",
                    f"({name}({n} - 1, {a}) + {name}({n} - 2, {nxt()}))",
                )
            )
            body = [f"if {n} <= 0:", f"    return {base}"]
            saved, self.budget = self.budget, 2
            body += [line for line in self.block(scope.block(), 0, 2) if line != "pass"]
            self.budget = saved
            body.append(f"return {combine}")
            funcs[name] = Sig((INT, acc_ty), ret, recursive=True)
            return [f"def {name}({n}, {a}):"] + indent(body)
        if kind == "mutable_default":
            name = self.fresh("memo")
            p, acc = self.fresh("p"), self.fresh("seen")
            funcs[name] = Sig((INT,), LINT)
            return [
                f"def {name}({p}, {acc}=[]):",
                f"    {acc}.append({p})",
                f"    return list({acc})",
            ]
        name = self.fresh("h")
        params = tuple(self.pick((INT, INT, STR, FLOAT, LINT)) for _ in range(self.num(1, 3)))
        ret = self.pick((INT, STR, FLOAT, BOOL, LINT, TINT))
        lines = self.function(top, name, params, ret, nested=False)
        sig = Sig(params, ret, names=self.last_params)
        if kind == "kwonly":
            kname = self.fresh("kw")
            kty = self.pick((INT, STR))
            default = self.literal(kty)
            header = lines[0][:-2]
            lines[0] = f"{header}, *, {kname}={default}):"
            # use the keyword parameter in the return value
            last = lines[-1]
            ret_expr = last.strip()[len("return ") :]
            if ret == INT and kty == INT:
                lines[-1] = f"    return {ret_expr} + {kname}"
            elif ret == STR and kty == STR:
                lines[-1] = f"    return {ret_expr} + {kname}"
            sig = Sig(params, ret, ((kname, kty),), names=self.last_params)
        funcs[name] = sig
        return lines


TYPE_SUFFIX = {
    INT: "int",
    FLOAT: "float",
    BOOL: "bool",
    STR: "str",
    LINT: "list_int",
    LSTR: "list_str",
    TINT: "tuple_int",
    DSI: "dict",
    SINT: "set",
}

GUARDED_PROFILES = ("expr", "mix", "exc")  # programs that define `guard`
GUARD = """def guard(f):
    try:
        return f()
    except ZeroDivisionError:
        return "ZeroDivisionError"
    except OverflowError:
        return "OverflowError"
    except IndexError:
        return "IndexError"
    except KeyError:
        return "KeyError"
    except ValueError:
        return "ValueError"
    except TypeError:
        return "TypeError"
"""


CONTINUATIONS = ("else:", "elif ", "except", "finally:")


def boundaries(lines: list[str]) -> list[int]:
    """Indexes of `lines` where a new statement may be inserted (not inside a compound one)."""
    return [
        k
        for k in range(len(lines) + 1)
        if k == len(lines) or not (lines[k].startswith(" ") or lines[k].startswith(CONTINUATIONS))
    ]


def indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def build(draw, profile: str) -> str:
    builder = Builder(draw, profile)
    funcs: dict[str, Sig] = {}
    chunks: list[str] = ["import json\nimport math\n"]
    # Module-level constants, read (never assigned) by every function.
    consts = []
    for _ in range(builder.num(0, 2)):
        name, ty = builder.fresh("G"), builder.pick((INT, FLOAT, STR, TINT, BOOL))
        consts.append(f"{name} = {builder.literal(ty)}")
        builder.module_names[name] = ty
    if builder.chance(250):
        # A table computed by top-level code (a loop, maybe a try), read by every function.
        name, i = builder.fresh("T"), builder.fresh("i")
        consts += [
            f"{name} = {{}}",
            f"for {i} in range({builder.small_lit(0, 5)}):",
            f"    {name}[str({i})] = {i} * {builder.int_lit(False)}",
        ]
        if builder.chance(400):
            consts += [
                "try:",
                f"    {name}['x'] = int({builder.str_lit()})",
                "except ValueError:",
                f"    {name}['x'] = -1",
            ]
        builder.module_names[name] = DSI
    if consts and builder.chance(300):
        consts.append(f"print('loaded', {', '.join(sorted(builder.module_names))})")
    if consts:
        chunks.append("\n".join(consts) + "\n")
    if profile in GUARDED_PROFILES:
        chunks.append(GUARD)
        builder.weights = dict(builder.weights, guarded=builder.weights.get("guarded", 2))
    helpers = builder.num(1, 3) if profile == "func" else builder.num(0, 1)
    if profile == "expr":
        helpers = 0
    for _ in range(helpers):
        chunks.append("\n".join(builder.helper(funcs)) + "\n")
    scope = Scope(funcs=dict(funcs), is_main=True, outer=dict(builder.module_names))
    body = ["out = []"]
    # A few typed variables to start from.
    for _ in range(builder.num(1, 4)):
        if profile == "expr":
            name, ty = builder.fresh("v"), builder.pick(TYPES)
            body.append(f"{name} = {builder.literal(ty)}")
            scope.locals[name] = ty
        else:
            body += builder.s_assign(scope)
    body += [line for line in builder.block(scope, 1, 25) if line != "pass"] or ["pass"]
    ending = builder.weighted([(8, "out"), (1, "tuple"), (1, "value"), (1, "dict")])
    if ending == "tuple":
        body.append(f"return (out, {builder.expr(scope, ANY, 1)})")
    elif ending == "value":
        body.append(f"out.append({builder.expr(scope, ANY, 1)})")
        body.append("return out[-1]")
    elif ending == "dict":
        body.append(f"return {{'out': out, 'n': len(out), 'v': {builder.expr(scope, ANY, 1)}}}")
    else:
        body.append("return out")
    chunks.append("def main():\n" + "\n".join(indent(body)) + "\n")
    return "\n\n".join(chunks)


@st.composite
def programs(draw, profile: str = "mix") -> str:
    """Source text of one random program of the subset, defining `main()`."""
    return build(draw, profile)


def expression_programs() -> st.SearchStrategy[str]:
    return programs("expr")


def statement_programs() -> st.SearchStrategy[str]:
    return programs("stmt")


def function_programs() -> st.SearchStrategy[str]:
    return programs("func")


def exception_programs() -> st.SearchStrategy[str]:
    return programs("exc")


# -- program shapes: size and nesting ------------------------------------------------
def _nested(n: int, header, leaf: str, prelude: str = "    x = 1\n", tail: str = "    return x\n"):
    body = ""
    for d in range(n):
        body += "    " * (d + 1) + header(d) + "\n"
    body += "    " * (n + 1) + leaf + "\n"
    return "def main():\n" + prelude + body + tail


def _nested_handlers(n: int) -> str:
    """`try` statements nested in `except` handlers, n deep."""
    lines, pad = ["def main():", "    x = 0"], "    "
    for _ in range(n):
        lines += [pad + "try:", pad + "    x += 1", pad + "    raise ValueError('v')"]
        lines.append(pad + "except ValueError:")
        pad += "    "
    lines += [pad + "x += 100", "    return x"]
    return "\n".join(lines) + "\n"


def _nested_try_finally(n: int) -> str:
    lines = ["def main():", "    x = []"]
    lines += ["    " * (d + 1) + "try:" for d in range(n)]
    lines.append("    " * (n + 1) + "x.append(0)")
    for d in reversed(range(n)):
        lines += ["    " * (d + 1) + "finally:", "    " * (d + 2) + f"x.append({d})"]
    lines.append("    return x")
    return "\n".join(lines) + "\n"


def _loops_and_trys(n: int) -> str:
    """Alternating `for` loops and `try` statements, n blocks deep."""
    lines, pad, closers = ["def main():", "    x = 0"], "    ", []
    for d in range(n):
        if d % 2 == 0:
            lines.append(pad + "try:")
            closers.append((pad, "except ZeroDivisionError:"))
        else:
            lines.append(pad + f"for i{d} in range(2):")
            closers.append((pad, None))
        pad += "    "
    lines.append(pad + "x += 1 // (x % 3)")
    for pad, handler in reversed(closers):
        if handler:
            lines += [pad + handler, pad + "    x += 1"]
    lines.append("    return x")
    return "\n".join(lines) + "\n"


def _nested_functions(n: int) -> str:
    lines, pad = ["def main():"], "    "
    for d in range(n):
        lines.append(f"{pad}def g{d}(a{d}):")
        pad += "    "
    lines.append(pad + "return " + " + ".join(f"a{d}" for d in range(n)))
    for d in reversed(range(n)):
        pad = pad[:-4]
        lines.append(f"{pad}return g{d}({d})")
    return "\n".join(lines) + "\n"


SHAPES = {
    # kind: (largest size CPython 3.11 accepts or that stays fast, builder)
    "nested_if": (60, lambda n: _nested(n, lambda d: f"if x > {-d}:", "x += 1")),
    "nested_for": (20, lambda n: _nested(n, lambda d: f"for i{d} in range(1):", "x += 1")),
    "nested_while": (
        20,
        lambda n: _nested(n, lambda d: f"while x < {d + 2}:", "x += 1", tail="    return x\n"),
    ),
    "nested_try": (
        19,
        lambda n: _nested(n, lambda d: "try:", "x = 1 // 0").replace(
            "x = 1 // 0\n",
            "x = 1 // 0\n"
            + "".join(
                "    " * (d + 1) + "except ZeroDivisionError:\n" + "    " * (d + 2) + f"x = {d}\n"
                for d in reversed(range(n))
            ),
            1,
        ),
    ),
    "elif_chain": (
        200,
        lambda n: (
            "def main():\n    x = 1\n    r = 0\n    if x == 0:\n        r = -1\n"
            + "".join(f"    elif x == {i}:\n        r = {i}\n" for i in range(1, n))
            + "    else:\n        r = -2\n    return r\n"
        ),
    ),
    "sequential_try": (
        250,
        lambda n: (
            "def main():\n    x = 0\n"
            + "".join(
                f"    try:\n        x += 10 // ({i} % 3)\n    except ZeroDivisionError:\n        x -= 1\n"
                for i in range(n)
            )
            + "    return x\n"
        ),
    ),
    "sequential_if": (
        500,
        lambda n: (
            "def main():\n    x = 0\n"
            + "".join(f"    if x < {i}:\n        x += 2\n" for i in range(n))
            + "    return x\n"
        ),
    ),
    "nested_calls": (
        150,
        lambda n: "def main():\n    return " + "abs(" * n + "-1" + ")" * n + "\n",
    ),
    "nested_lists": (150, lambda n: "def main():\n    return " + "[" * n + "1" + "]" * n + "\n"),
    "nested_parens": (
        150,
        lambda n: "def main():\n    return " + "(" * n + "1" + " + 1)" * n + "\n",
    ),
    "long_sum": (
        800,
        lambda n: "def main():\n    x = 3\n    return " + " + ".join(["x"] * n) + "\n",
    ),
    "many_locals": (
        700,
        lambda n: (
            "def main():\n"
            + "".join(f"    v{i} = {i}\n" for i in range(n))
            + "    return ["
            + ", ".join(f"v{i}" for i in range(0, n, 7))
            + "]\n"
        ),
    ),
    "nested_functions": (30, _nested_functions),
    "nested_handlers": (10, _nested_handlers),
    "nested_try_finally": (20, _nested_try_finally),
    "loops_and_trys": (20, _loops_and_trys),
    "nested_comprehensions": (
        8,
        lambda n: (
            "def main():\n    return "
            + "[" * n
            + " + ".join(f"c{d}" for d in range(n))
            + "".join(f" for c{d} in range(2)]" for d in reversed(range(n)))
            + "\n"
        ),
    ),
    "big_literal": (
        3000,
        lambda n: (
            "def main():\n    xs = ["
            + ", ".join(str(i % 97) for i in range(n))
            + "]\n    return sum(xs), xs[-1]\n"
        ),
    ),
}


@st.composite
def program_shapes(draw) -> str:
    """A program of one regular shape (deep nesting, long chains, many names) and a size."""
    kind = draw(st.sampled_from(sorted(SHAPES)))
    largest, make = SHAPES[kind]
    # Sizes at CPython's limits are the interesting ones: draw them half the time.
    size = draw(st.one_of(st.integers(1, largest), st.integers(max(1, largest - 2), largest)))
    return make(size)
