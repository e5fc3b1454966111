"""The language surface: every name an extension may use, in one table.

This module is the single source of truth for what exists in the extension
language (LANGUAGE.md): built-in functions, exception types, importable
modules and their members, and the attribute and method names that values of
the subset have. The checker rejects anything not listed here; the runtime
implements exactly what is listed (a test checks both directions); the code
generator emits attribute names only from these tables (keyword names travel
as data), never from extension text.

The math module's members, with their signatures and result kinds, are
defined in `signatures`; MODULE_MEMBERS lists them with the others.

Invariant: nothing the language offers here reaches outside the sandbox. No
dunder name, no name of CPython's object model (`type`, `getattr`,
`__import__`, ...).

Two further kinds of table only shape what the checker says, never what an
extension may use:

- `PYTHON_BUILTIN_NAMES` and `PYTHON_MODULE_MEMBERS`, reviewed copies of what
  CPython 3.11 (and the pinned NumPy) have, so that a name Python has and the
  language lacks is reported as `'complex' is not supported` rather than as an
  undefined name (a test checks them against the running interpreter). Names
  that reach outside the sandbox keep their stricter refusal:
  `FORBIDDEN_NAMES` for built-ins, `OUTSIDE_MODULE_MEMBERS` for module members
  (reported as if they did not exist, LANGUAGE.md "Deliberate differences" 3);
- `CALL_KEYWORDS`: the keyword arguments each engine-provided function takes,
  so that a call of a statically known callee with any other keyword is a
  compile error at load (a test checks the table against the runtime's
  implementations and CPython's own functions, both ways).
"""

from __future__ import annotations

from frankenengine.language.signatures import MATH_CONSTANTS, MATH_FUNCTIONS

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
    "NameError": "Exception",
    "RuntimeError": "Exception",
    "TypeError": "Exception",
    "ValueError": "Exception",
    "IndexError": "LookupError",
    "KeyError": "LookupError",
    "UnboundLocalError": "NameError",
    "NotImplementedError": "RuntimeError",
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
    "math": MATH_CONSTANTS | frozenset(MATH_FUNCTIONS),  # defined member by member there
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

# Built-in names that are always compile errors, with the reason the diagnostic
# gives: the deliberate holes of LANGUAGE.md (deliberate difference 3), and
# built-ins the language will have but the engine does not implement yet
# ("Implementation status"; binding one is refused too until it exists).
FORBIDDEN_NAMES: dict[str, str] = {
    **{
        name: "reaches outside the sandbox"
        for name in """__import__ open eval exec compile delattr globals locals vars dir id
        memoryview input breakpoint help exit quit __builtins__ __name__ __file__ __spec__
        __loader__ __debug__""".split()
    },
    **{
        name: "is not supported"
        for name in """getattr setattr hasattr type object super bytearray bytes classmethod
        staticmethod property callable iter next issubclass aiter anext""".split()
    },
}


# -- what CPython has (for diagnostics only) ------------------------------------

# CPython 3.11's built-in names (module `builtins`, without the `site` additions
# `copyright credits exit help license quit`, and without dunders).
PYTHON_BUILTIN_NAMES: frozenset[str] = frozenset(
    """ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception
    ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning
    GeneratorExit IOError ImportError ImportWarning IndentationError IndexError
    InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
    ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError
    OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError
    RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning
    StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError
    TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError
    UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning
    ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes
    callable chr classmethod compile complex delattr dict dir divmod enumerate eval exec
    filter float format frozenset getattr globals hasattr hash hex id input int isinstance
    issubclass iter len list locals map max memoryview min next object oct open ord pow
    print property range repr reversed round set setattr slice sorted staticmethod str sum
    super tuple type vars zip""".split()
)

# The public members of the modules an extension may import, as CPython 3.11 and
# NumPy 2.4 have them (`dir(module)` without names starting with `_`).
PYTHON_MODULE_MEMBERS: dict[str, frozenset[str]] = {
    "math": frozenset(
        """acos acosh asin asinh atan atan2 atanh cbrt ceil comb copysign cos cosh degrees dist
        e erf erfc exp exp2 expm1 fabs factorial floor fmod frexp fsum gamma gcd hypot inf
        isclose isfinite isinf isnan isqrt lcm ldexp lgamma log log10 log1p log2 modf nan
        nextafter perm pi pow prod radians remainder sin sinh sqrt tan tanh tau trunc
        ulp""".split()
    ),
    "json": frozenset(
        """JSONDecodeError JSONDecoder JSONEncoder codecs decoder detect_encoding dump dumps
        encoder load loads scanner""".split()
    ),
    "numpy": frozenset(
        """False_ ScalarType True_ abs absolute acos acosh add all allclose amax amin angle any
        append apply_along_axis apply_over_axes arange arccos arccosh arcsin arcsinh arctan
        arctan2 arctanh argmax argmin argpartition argsort argwhere around array array2string
        array_equal array_equiv array_repr array_split array_str asanyarray asarray
        asarray_chkfinite ascontiguousarray asfortranarray asin asinh asmatrix astype atan
        atan2 atanh atleast_1d atleast_2d atleast_3d average bartlett base_repr binary_repr
        bincount bitwise_and bitwise_count bitwise_invert bitwise_left_shift bitwise_not
        bitwise_or bitwise_right_shift bitwise_xor blackman block bmat bool bool_ broadcast
        broadcast_arrays broadcast_shapes broadcast_to busday_count busday_offset busdaycalendar
        byte bytes_ c_ can_cast cbrt cdouble ceil char character choose clip clongdouble
        column_stack common_type complex128 complex256 complex64 complexfloating compress concat
        concatenate conj conjugate convolve copy copysign copyto core corrcoef correlate cos
        cosh count_nonzero cov cross csingle ctypeslib cumprod cumsum cumulative_prod
        cumulative_sum datetime64 datetime_as_string datetime_data deg2rad degrees delete diag
        diag_indices diag_indices_from diagflat diagonal diff digitize divide divmod dot double
        dsplit dstack dtype dtypes e ediff1d einsum einsum_path emath empty empty_like equal
        errstate euler_gamma exceptions exp exp2 expand_dims expm1 extract eye f2py fabs
        fft fill_diagonal finfo fix flatiter flatnonzero flexible flip fliplr flipud float128
        float16 float32 float64 float_power floating floor floor_divide fmax fmin fmod
        format_float_positional format_float_scientific frexp from_dlpack frombuffer
        fromfile fromfunction fromiter frompyfunc fromregex fromstring full full_like gcd
        generic genfromtxt geomspace get_include get_printoptions getbufsize geterr geterrcall
        gradient greater greater_equal half hamming hanning heaviside histogram histogram2d
        histogram_bin_edges histogramdd hsplit hstack hypot i0 identity iinfo imag index_exp
        indices inexact inf info inner insert int16 int32 int64 int8 int_ intc integer interp
        intersect1d intp invert is_busday isclose iscomplex iscomplexobj isdtype isfinite
        isfortran isin isinf isnan isnat isneginf isposinf isreal isrealobj isscalar issubdtype
        iterable ix_ kaiser kron lcm ldexp left_shift less less_equal lexsort lib linalg
        linspace little_endian load loadtxt log log10 log1p log2 logaddexp logaddexp2
        logical_and logical_not logical_or logical_xor logspace long longdouble longlong ma
        mask_indices matmul matrix matrix_transpose matvec max maximum may_share_memory mean
        median memmap meshgrid mgrid min min_scalar_type minimum mintypecode mod modf moveaxis
        multiply nan nan_to_num nanargmax nanargmin nancumprod nancumsum nanmax nanmean
        nanmedian nanmin nanpercentile nanprod nanquantile nanstd nansum nanvar ndarray ndenumerate
        ndim ndindex nditer negative nested_iters newaxis nextafter nonzero not_equal number
        object_ ogrid ones ones_like outer packbits pad partition percentile permute_dims pi
        piecewise place poly poly1d polyadd polyder polydiv polyfit polyint polymul polynomial
        polysub polyval positive pow power printoptions prod promote_types ptp put put_along_axis
        putmask quantile r_ rad2deg radians random ravel ravel_multi_index real real_if_close
        rec recarray reciprocal record remainder repeat require reshape resize result_type
        right_shift rint roll rollaxis roots rot90 round row_stack s_ save savetxt savez
        savez_compressed sctypeDict searchsorted select set_printoptions setbufsize setdiff1d
        seterr seterrcall setxor1d shape shares_memory short show_config show_runtime sign
        signbit signedinteger sin sinc single sinh size sort sort_complex spacing split sqrt
        square squeeze stack std str_ strings subtract sum swapaxes take take_along_axis tan
        tanh tensordot test testing tile timedelta64 trace transpose trapezoid tri tril
        tril_indices tril_indices_from trim_zeros triu triu_indices triu_indices_from
        true_divide trunc typecodes typename typing ubyte ufunc uint uint16 uint32 uint64 uint8
        uintc uintp ulong ulonglong union1d unique unique_all unique_counts unique_inverse
        unique_values unpackbits unravel_index unsignedinteger unstack unwrap ushort vander var
        vdot vecdot vecmat vectorize void vsplit vstack where zeros zeros_like""".split()
    ),
}

# Members of those modules that reach outside the sandbox (files, native code,
# the host process's global state, test runners): like `open` and `eval`, they do
# not exist for an extension, and are reported as absent, never as "not supported".
OUTSIDE_MODULE_MEMBERS: dict[str, frozenset[str]] = {
    "math": frozenset(),
    "json": frozenset({"codecs", "load", "dump", "decoder", "encoder", "scanner"}),
    "numpy": frozenset(
        """DataSource core ctypeslib errstate f2py from_dlpack frombuffer fromfile fromregex
        genfromtxt get_include get_printoptions getbufsize geterr geterrcall info lib load
        loadtxt memmap printoptions rec save savetxt savez savez_compressed set_printoptions
        setbufsize seterr seterrcall show_config show_runtime test testing""".split()
    ),
}

# -- keyword arguments of the engine's functions ------------------------------

ANY_KEYWORD = "**"  # in CALL_KEYWORDS: the function takes any keyword (`dict(a=1)`)


def _keywords(names: str = "") -> frozenset[str]:
    return frozenset(names.split())


# Every keyword argument each engine-provided function takes, by callee: a
# built-in's name, or `module.member` with the module's real name. A keyword
# is listed when both the engine's implementation and CPython's (or NumPy's)
# function take it; a call of a statically known callee with a keyword not
# listed is a compile error. Every callable of BUILTIN_NAMES and
# MODULE_MEMBERS has an entry.
CALL_KEYWORDS: dict[str, frozenset[str]] = {
    "abs": _keywords(),
    "all": _keywords(),
    "any": _keywords(),
    "bool": _keywords(),
    "chr": _keywords(),
    "dict": _keywords(ANY_KEYWORD),
    "divmod": _keywords(),
    "enumerate": _keywords("iterable start"),
    "filter": _keywords(),
    "float": _keywords(),
    "int": _keywords("base"),
    "isinstance": _keywords(),
    "len": _keywords(),
    "list": _keywords(),
    "map": _keywords(),
    "max": _keywords("key default"),
    "min": _keywords("key default"),
    "ord": _keywords(),
    "pow": _keywords("base exp mod"),
    "print": _keywords("sep end file flush"),
    "range": _keywords(),
    "repr": _keywords(),
    "reversed": _keywords(),
    "round": _keywords("number ndigits"),
    "set": _keywords(),
    "sorted": _keywords("key reverse"),
    "str": _keywords("object encoding errors"),
    "sum": _keywords("start"),
    "tuple": _keywords(),
    "zip": _keywords("strict"),
    **{name: _keywords() for name in EXCEPTION_TYPES},
    **{f"math.{name}": _keywords() for name in MATH_FUNCTIONS},
    "json.dumps": _keywords("obj indent sort_keys separators"),
    "json.loads": _keywords("s"),
    "numpy.abs": _keywords(),
    "numpy.arange": _keywords("start stop step dtype"),
    "numpy.argmax": _keywords("a axis"),
    "numpy.argmin": _keywords("a axis"),
    "numpy.array": _keywords("object dtype"),
    "numpy.bool_": _keywords(),
    "numpy.copy": _keywords("a"),
    "numpy.cos": _keywords(),
    "numpy.cumsum": _keywords("a axis dtype"),
    "numpy.dot": _keywords("a b"),
    "numpy.empty": _keywords("shape dtype"),
    "numpy.empty_like": _keywords("dtype"),
    "numpy.exp": _keywords(),
    "numpy.float64": _keywords(),
    "numpy.full": _keywords("shape fill_value dtype"),
    "numpy.int64": _keywords(),
    "numpy.linspace": _keywords("start stop num endpoint dtype axis"),
    "numpy.log": _keywords(),
    "numpy.maximum": _keywords(),
    "numpy.minimum": _keywords(),
    "numpy.ones": _keywords("shape dtype"),
    "numpy.sin": _keywords(),
    "numpy.sqrt": _keywords(),
    "numpy.sum": _keywords("a axis dtype"),
    "numpy.where": _keywords(),
    "numpy.zeros": _keywords("shape dtype"),
    "numpy.zeros_like": _keywords("a dtype"),
}


def is_dunder(name: str) -> bool:
    """True for names of CPython's object model (`__x__`) and mangled-looking `__x`."""
    return name.startswith("__")
