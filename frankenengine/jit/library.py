"""The JIT lane's library: which built-ins, module members and array methods it compiles.

One table per kind of callee, each row naming the helper of `checked` that
implements it with CPython's semantics (the generated code calls the helper;
LLVM inlines it), the parameter types the arguments are converted to, and the
result type. Typing (`typing`) and code generation (`codegen`) both read these
tables; a callee that is not here is a rejection ("calls print").
"""

from __future__ import annotations

from dataclasses import dataclass

from frankenengine.jit.jtypes import BOOL, FLOAT, INT


@dataclass(frozen=True)
class Routine:
    helper: str  # a function of `checked` (called with the arguments, then st and site)
    params: tuple  # each argument is converted to this scalar type first
    result: object  # the result type


_MATH_FLOAT_1 = (
    "sqrt exp log log2 log10 log1p expm1 sin cos tan asin acos atan sinh cosh tanh fabs".split()
)
_MATH_FLOAT_2 = "atan2 fmod copysign pow".split()  # hypot: CPython has its own algorithm

# Scalar routines whose argument types do not change the result type.
ROUTINES: dict[str, Routine] = {
    **{f"math.{n}": Routine(f"math_{n}", (FLOAT,), FLOAT) for n in _MATH_FLOAT_1},
    **{f"math.{n}": Routine(f"math_{n}", (FLOAT, FLOAT), FLOAT) for n in _MATH_FLOAT_2},
    **{f"math.{n}": Routine(f"math_{n}", (FLOAT,), BOOL) for n in ("isnan", "isinf", "isfinite")},
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

# Values named by `builtin` instructions (constants of the math module).
MATH_CONSTANTS = {"math.pi", "math.e", "math.inf", "math.nan", "math.tau"}

# Exception types a `raise` in compiled code may name (with no argument or one
# constant string): the language's built-in exceptions that are Python built-ins.
EXCEPTIONS = frozenset(
    """Exception ArithmeticError AssertionError IndexError KeyError LookupError
    OverflowError RuntimeError TypeError ValueError ZeroDivisionError""".split()
)
