"""The language surface: every name an extension may use, in one table.

This module is the single source of truth for what exists in the extension
language (LANGUAGE.md): built-in functions, exception types, importable
modules and their members, and the attribute and method names that values of
the subset have. The checker rejects anything not listed here; the runtime
implements exactly what is listed (a test checks both directions); the code
generator emits attribute names only from these tables (keyword names travel
as data), never from extension text.

Invariant: nothing listed here reaches outside the sandbox. No dunder name,
no name of CPython's object model (`type`, `getattr`, `__import__`, ...).
"""

from __future__ import annotations

BUILTIN_FUNCTIONS: frozenset[str] = frozenset(
    """abs all any bool chr dict divmod enumerate filter float int isinstance len list map
    max min ord pow print range repr reversed round set sorted str sum tuple zip""".split()
)

# Exception types, in CPython's hierarchy (child -> parent).
EXCEPTION_PARENTS: dict[str, str | None] = {
    "Exception": None,
    "ArithmeticError": "Exception",
    "AssertionError": "Exception",
    "LookupError": "Exception",
    "RuntimeError": "Exception",
    "TypeError": "Exception",
    "ValueError": "Exception",
    "IndexError": "LookupError",
    "KeyError": "LookupError",
    "OverflowError": "ArithmeticError",
    "ZeroDivisionError": "ArithmeticError",
    "OSError": "Exception",
    "FileNotFoundError": "OSError",
    "FileExistsError": "OSError",
    "IsADirectoryError": "OSError",
    "NotADirectoryError": "OSError",
    "PermissionError": "OSError",
    "TimeoutError": "OSError",
    "ConnectionError": "OSError",
    "CapabilityDenied": "PermissionError",
}
EXCEPTION_TYPES: frozenset[str] = frozenset(EXCEPTION_PARENTS)

CONSTANT_NAMES: frozenset[str] = frozenset({"None", "True", "False"})

# Every global name an extension may read without defining it.
BUILTIN_NAMES: frozenset[str] = BUILTIN_FUNCTIONS | EXCEPTION_TYPES

# Importable modules and the members an extension may use.
MODULE_MEMBERS: dict[str, frozenset[str]] = {
    "math": frozenset(
        """pi e inf nan tau sqrt exp log log2 log10 log1p expm1 sin cos tan asin acos atan
        atan2 sinh cosh tanh floor ceil trunc fabs fmod hypot isnan isinf isfinite copysign
        pow gcd""".split()
    ),
    "numpy": frozenset(
        """zeros ones empty full arange linspace array zeros_like empty_like copy sqrt exp log
        sin cos abs minimum maximum sum dot argmax argmin where cumsum float64 int64
        bool_""".split()
    ),
    "json": frozenset({"dumps", "loads"}),
}
STDLIB_MODULES: frozenset[str] = frozenset(MODULE_MEMBERS)

# Host modules (`from host import fs, ...`), each gated by capabilities.
HOST_MODULE_MEMBERS: dict[str, frozenset[str]] = {
    "fs": frozenset(
        """read_text list_dir exists is_dir size mtime write_text append_text remove
        make_dirs rename""".split()
    ),
    "net": frozenset({"request", "get", "post"}),
    "env": frozenset({"get"}),
    "proc": frozenset({"run"}),
    "clock": frozenset({"time", "monotonic", "sleep"}),
    "log": frozenset({"info", "warn", "error"}),
}
HOST_PACKAGE = "host"
# Other names `from host import ...` may bind: the host package of CPython's
# stand-in exports the exception raised for calls outside the grants (it is a
# built-in in the engine, see EXCEPTION_PARENTS).
HOST_EXPORTED_NAMES: frozenset[str] = frozenset({"CapabilityDenied"})

# Methods of each value type of the subset.
STR_METHODS: frozenset[str] = frozenset(
    """capitalize casefold center count endswith expandtabs find format index isalnum
    isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace
    istitle isupper join ljust lower lstrip partition removeprefix removesuffix replace rfind
    rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title
    upper zfill""".split()
)
LIST_METHODS: frozenset[str] = frozenset(
    "append extend pop insert remove index count reverse sort copy clear".split()
)
TUPLE_METHODS: frozenset[str] = frozenset({"index", "count"})
DICT_METHODS: frozenset[str] = frozenset(
    "get keys values items pop setdefault update copy clear".split()
)
SET_METHODS: frozenset[str] = frozenset(
    """add discard remove copy clear pop union intersection difference symmetric_difference
    issubset issuperset isdisjoint update""".split()
)
ARRAY_METHODS: frozenset[str] = frozenset("sum min max mean copy reshape fill".split())
ARRAY_ATTRIBUTES: frozenset[str] = frozenset("shape size ndim dtype".split())

METHODS_BY_TYPE: dict[str, frozenset[str]] = {
    "str": STR_METHODS,
    "list": LIST_METHODS,
    "tuple": TUPLE_METHODS,
    "dict": DICT_METHODS,
    "set": SET_METHODS,
    "ndarray": ARRAY_METHODS,
}
ALL_METHODS: frozenset[str] = frozenset().union(*METHODS_BY_TYPE.values())
ALL_ATTRIBUTES: frozenset[str] = ALL_METHODS | ARRAY_ATTRIBUTES

# Methods that grow the receiver; the interpreter charges memory for them.
GROWING_METHODS: frozenset[str] = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault"}
)

# The deliberate holes of LANGUAGE.md: names that are always compile errors, with
# a short reason used in diagnostics.
FORBIDDEN_NAMES: dict[str, str] = {
    name: "reaches outside the sandbox"
    for name in """__import__ open eval exec compile getattr setattr delattr hasattr type
    globals locals vars dir id object super memoryview bytearray bytes input breakpoint
    help exit quit classmethod staticmethod property callable iter next issubclass aiter
    anext __builtins__ __name__ __file__ __spec__ __loader__ __debug__""".split()
}


def is_dunder(name: str) -> bool:
    """True for names of CPython's object model (`__x__`) and mangled-looking `__x`."""
    return name.startswith("__")
