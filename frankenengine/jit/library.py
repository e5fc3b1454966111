"""The JIT lane's library: which built-ins, module members and array methods it compiles.

One table per kind of callee, each row naming the helper of `checked` that
implements it with CPython's semantics (the generated code calls the helper;
LLVM inlines it), the parameter types the arguments are converted to, and the
result type. Typing (`typing`) and code generation (`codegen`) both read these
tables; a callee that is not here is a rejection ("calls print").

The math routines are derived from the language's own table
(`language.signatures.MATH_FUNCTIONS`): every float- or bool-valued math
function except those of `MATH_NOT_COMPILED`, each with its reason. Every
callee named here is a name of the language (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from frankenengine.jit.jtypes import BOOL, FLOAT, INT
from frankenengine.language import signatures


@dataclass(frozen=True)
class Routine:
    helper: str  # a function of `checked` (called with the arguments, then st and site)
    params: tuple  # each argument is converted to this scalar type first
    result: object  # the result type


# The language's float- and bool-valued math functions the JIT does not compile, and why.
MATH_NOT_COMPILED: dict[str, str] = {
    "hypot": "CPython computes it with its own algorithm, which no helper of `checked` reproduces",
}
# Every other float- or bool-valued math function of the language, in its shortest form
# (`log(x)`, not `log(x, base)`), its arguments converted to floats, by `checked.math_<name>`.
# The int-valued ones (floor, ceil, trunc, gcd) take routines of their own below.
_MATH_FLOAT_ROUTINES: dict[str, Routine] = {
    f"math.{name}": Routine(
        f"math_{name}", (FLOAT,) * f.min_args, {"float": FLOAT, "bool": BOOL}[f.result]
    )
    for name, f in signatures.MATH_FUNCTIONS.items()
    if f.result in ("float", "bool") and name not in MATH_NOT_COMPILED
}

# Scalar routines whose argument types do not change the result type.
ROUTINES: dict[str, Routine] = {
    **_MATH_FLOAT_ROUTINES,
    "math.gcd": Routine("int_gcd", (INT, INT), INT),
    "float": Routine("to_float", (FLOAT,), FLOAT),
    "numpy.float64": Routine("to_float", (FLOAT,), FLOAT),
    "bool": Routine("truth", (FLOAT,), BOOL),
    "numpy.bool_": Routine("truth", (FLOAT,), BOOL),
    **{f"numpy.{n}": Routine(f"np_{n}", (FLOAT,), FLOAT) for n in ("sqrt", "exp", "log", "sin")},
    "numpy.cos": Routine("np_cos", (FLOAT,), FLOAT),
}

# Routines by the type of their (single) argument: name -> {argument type: routine}.
BY_ARGUMENT: dict[str, dict] = {
    "int": {
        FLOAT: Routine("float_to_int", (FLOAT,), INT),
        INT: Routine("same_int", (INT,), INT),
        BOOL: Routine("same_int", (INT,), INT),
    },
    "abs": {
        FLOAT: Routine("float_abs", (FLOAT,), FLOAT),
        INT: Routine("int_abs", (INT,), INT),
        BOOL: Routine("same_int", (INT,), INT),
    },
    "numpy.abs": {
        FLOAT: Routine("float_abs", (FLOAT,), FLOAT),
        INT: Routine("int_abs_wrapping", (INT,), INT),
        BOOL: Routine("truth", (FLOAT,), BOOL),
    },
    **{
        f"math.{n}": {
            FLOAT: Routine(f"math_{n}", (FLOAT,), INT),
            INT: Routine("same_int", (INT,), INT),
            BOOL: Routine("same_int", (INT,), INT),
        }
        for n in ("floor", "ceil", "trunc")
    },
}
BY_ARGUMENT["numpy.int64"] = BY_ARGUMENT["int"]
# Those whose float routine, on the float of an int a float holds exactly, gives what the
# int routine gives on the int (type and value): they take an int-or-float as a float
# (`jtypes.INT_OR_FLOAT`). `abs` is not one: abs(0) is an int, abs(0.0) a float.
TAKE_INT_OR_FLOAT = frozenset({"int", "numpy.int64", "math.floor", "math.ceil", "math.trunc"})

# min/max of two or more numbers of one type; numpy.minimum/maximum of two scalars.
EXTREMA = {"min": "lt", "max": "gt"}
NUMPY_EXTREMA = {"numpy.minimum": "np_minimum", "numpy.maximum": "np_maximum"}

# Array allocation: name -> fill ("zeros", "ones", "empty"; "full" takes a value).
ALLOCATORS = {"numpy.zeros": "zeros", "numpy.ones": "ones", "numpy.empty": "empty"}
LIKE_ALLOCATORS = {"numpy.zeros_like": "zeros", "numpy.empty_like": "empty", "numpy.copy": "copy"}
# dtype= arguments: the built-in that names each dtype.
DTYPE_NAMES = {
    "numpy.float64": "float64",
    "float": "float64",
    "numpy.int64": "int64",
    "int": "int64",
    "numpy.bool_": "bool",
    "bool": "bool",
}

# Array methods: name -> result ("element", "sum", "array", "none").
ARRAY_METHODS = {
    "min": "element",
    "max": "element",
    "sum": "sum",
    "copy": "array",
    "fill": "none",
}
# numpy functions of one array that are its method: `np.sum(a)` is `a.sum()`.
ARRAY_FUNCTIONS = {"numpy.sum": "sum"}
# Array attributes.
ARRAY_ATTRIBUTES = ("shape", "size", "ndim")


@dataclass(frozen=True)
class ListMethod:
    """A list method the JIT compiles, for one number of arguments: the `cells` helper
    that implements it, what each argument must be ("item": exactly the list's element
    type; "int": an int or bool; "list": a list of the same type), what it returns
    ("none", "item" or "list": a new list of the same type), whether it can change the
    list's length or reallocate its items (`jit.views`: a view read before it is stale
    after it), and whether the helper can raise or charge (it then takes the state array
    and a site), and whether a float list takes it."""

    helper: str
    args: tuple[str, ...]
    result: str
    resizes: bool
    checked: bool = True
    floats: bool = True  # False: a float list is refused (NaNs make CPython's order)


# (method name, number of arguments) -> how the JIT compiles it.
LIST_METHODS: dict[tuple[str, int], ListMethod] = {
    ("append", 1): ListMethod("list_append", ("item",), "none", resizes=True),
    ("insert", 2): ListMethod("list_insert", ("int", "item"), "none", resizes=True),
    ("extend", 1): ListMethod("list_extend", ("list",), "none", resizes=True),
    ("pop", 0): ListMethod("list_pop", (), "item", resizes=True),
    ("pop", 1): ListMethod("list_pop_at", ("int",), "item", resizes=True),
    ("reverse", 0): ListMethod("list_reverse", (), "none", resizes=False, checked=False),
    ("clear", 0): ListMethod("list_clear", (), "none", resizes=True, checked=False),
    ("copy", 0): ListMethod("list_copy", (), "list", resizes=False),
    ("sort", 0): ListMethod("list_sort", (), "none", resizes=False, checked=False, floats=False),
}
# The methods of a list of lists (`rows`): its rows are list cells.
ROWS_METHODS: dict[tuple[str, int], ListMethod] = {
    ("append", 1): ListMethod("rows_append", ("item",), "none", resizes=True),
    ("pop", 0): ListMethod("rows_pop", (), "item", resizes=True),
}
# Built-ins of one list -> the `cells` helper (which takes the state array and a site).
LIST_FUNCTIONS = {
    "min": "list_min",
    "max": "list_max",
    "sorted": "list_sorted",
    "list": "list_copy",
}

# Values named by `builtin` instructions (constants of the math module).
MATH_CONSTANTS = {f"math.{name}" for name in signatures.MATH_CONSTANTS}

# Exception types a `raise` in compiled code may name (with no argument or one
# constant string): the language's built-in exceptions that are Python built-ins.
EXCEPTIONS = frozenset(
    """Exception ArithmeticError AssertionError IndexError KeyError LookupError
    OverflowError RuntimeError TypeError ValueError ZeroDivisionError""".split()
)
