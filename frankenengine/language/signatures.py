"""Signatures and result kinds of the language's functions and methods, as plain data.

The math module is defined here, member by member: its constants (floats)
and, for each function, how many positional arguments it takes and the kind
of value it gives for number arguments (`surface.MODULE_MEMBERS["math"]` is
built from these two tables). For built-in functions and str methods whose
result type is fixed by their name, `BUILTIN_RESULTS` and
`STR_METHOD_RESULTS` name that type. A callee that is not listed there gives
a value whose type depends on its arguments (`abs`, `min`, `sum`, ...).

Result kinds are names from `RESULT_KINDS`; the IR's type lattice names its
types alike (`ir.types.BY_NAME`). Type inference reads every table here, the
JIT derives its math routines from `MATH_FUNCTIONS`, and the runtime makes
the math functions of kind "int" return checked 64-bit ints.

Invariants (tests check them against CPython and the runtime): every name is
a member of the language surface; a call with arguments of the accepted types
gives a value of the kind listed; a math function accepts exactly
`min_args..max_args` positional arguments (`max_args` None: any number).
"""

from __future__ import annotations

from dataclasses import dataclass

RESULT_KINDS: frozenset[str] = frozenset("bool int float str list tuple dict set range".split())


@dataclass(frozen=True)
class MathFunction:
    """One function of the math module: its result kind and how many arguments it takes."""

    result: str  # for number arguments
    min_args: int
    max_args: int | None  # None: any number


def _math(names: str, result: str, min_args: int, max_args: int | None) -> dict:
    return {name: MathFunction(result, min_args, max_args) for name in names.split()}


MATH_CONSTANTS: frozenset[str] = frozenset("pi e inf nan tau".split())  # each a float

MATH_FUNCTIONS: dict[str, MathFunction] = {
    **_math("sqrt exp log2 log10 log1p expm1 sin cos tan asin acos atan", "float", 1, 1),
    **_math("sinh cosh tanh fabs", "float", 1, 1),
    **_math("log", "float", 1, 2),  # log(x) or log(x, base)
    **_math("atan2 fmod copysign pow", "float", 2, 2),
    **_math("hypot", "float", 0, None),
    **_math("isnan isinf isfinite", "bool", 1, 1),
    **_math("floor ceil trunc", "int", 1, 1),
    **_math("gcd", "int", 0, None),
}

# Built-in functions whose result type is fixed, by name.
BUILTIN_RESULTS: dict[str, str] = {
    **dict.fromkeys(("len", "ord", "int"), "int"),
    "float": "float",
    **dict.fromkeys(("bool", "isinstance", "all", "any"), "bool"),
    **dict.fromkeys(("str", "repr", "chr"), "str"),
    **dict.fromkeys(("list", "sorted"), "list"),
    "tuple": "tuple",
    "dict": "dict",
    "set": "set",
    "range": "range",
}

# Methods of str whose result type is fixed, by name (`partition` and `rpartition`, which
# give tuples, are not listed yet: inference leaves their results unknown).
STR_METHOD_RESULTS: dict[str, str] = {
    **dict.fromkeys(
        """lower upper strip lstrip rstrip replace join title capitalize casefold swapcase
        center ljust rjust zfill format expandtabs removeprefix removesuffix""".split(),
        "str",
    ),
    **dict.fromkeys("split rsplit splitlines".split(), "list"),
    **dict.fromkeys("find rfind index rindex count".split(), "int"),
    **dict.fromkeys(
        """startswith endswith isalpha isdigit isalnum isspace islower isupper isdecimal
        isnumeric isidentifier isascii istitle isprintable""".split(),
        "bool",
    ),
}
