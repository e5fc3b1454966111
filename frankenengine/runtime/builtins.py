"""Built-in functions, module members and engine-treated methods of the language.

`make_builtins(meter)` maps every name of `surface.BUILTIN_NAMES` and every
`"module.member"` of `surface.MODULE_MEMBERS` to the object an extension
gets: Python's own builtin where it is already safe and exact, a wrapper
otherwise. `make_methods(meter)` maps the names in `METHOD_WRAPPED` to
wrappers `f(receiver, *args, **kwargs)` that behave exactly like
`receiver.name(*args, **kwargs)`.

Invariants:
- results and exception types are CPython's for every value of the subset;
  int results outside 64 bits raise OverflowError("integer overflow");
- anything that can allocate a lot charges the meter first, with the
  estimates of `sizes` (text is bounded before it is built, containers before
  they are filled, NumPy arrays from their shape and dtype); iterables of
  unknown length are consumed in chunks, each charged before it is kept;
- consuming a huge `range` inside a builtin checks the deadline every chunk,
  since no extension loop (and so no fuel) is involved;
- NumPy arrays are made only with dtype bool/int64/float64 and 1 to 3
  dimensions; `numpy.empty`/`empty_like` return zeros (uninitialised memory
  would leak host data and make results nondeterministic).
"""

from __future__ import annotations

import builtins as _py
import json
import math
import operator
import weakref
from collections.abc import Callable
from itertools import chain

import numpy as np

from frankenengine.language import surface
from frankenengine.language.ints import INT64_MAX
from frankenengine.language.signatures import MATH_FUNCTIONS
from frankenengine.runtime import sizes
from frankenengine.runtime.errors import CapabilityDenied
from frankenengine.runtime.intcheck import check_int, overflow
from frankenengine.runtime.operators import (
    NDIM_MESSAGE,
    array_charge,
    inspect_array_like,
    make_operators,
    operand_shape,
    to_python_scalar,
)
from frankenengine.runtime.strformat import format_str_charged

SMALL_JOIN = 4096  # results up to this many characters are charged after building
CHUNK = 4096  # items consumed from an iterable of unknown length per charge
GUARD_LEN = 1 << 20  # ranges longer than this are consumed in deadline-checked chunks
_ENUMERATE_SLACK = 1 << 48  # more items than any run can consume
_OBJECT = sizes.OBJECT_SIZE


def _named(name: str):
    def rename(f):
        f.__name__ = f.__qualname__ = name
        return f

    return rename


def _type_wrapper(real: type, new: Callable) -> type:
    """A stand-in for the builtin type `real`, for when constructing one needs the engine's rules.

    Calling it runs `new(cls, *args, **kwargs)`, which returns plain `real`
    values; it prints as `real` does (`<class 'int'>`); `isinstance` maps it
    back to `real` (see `make_builtins`).
    """
    namespace = {"__new__": new, "__slots__": (), "__module__": "builtins"}
    wrapper = type(real.__name__, (real,), namespace)
    wrapper.__qualname__ = real.__name__
    _WRAPPERS.add(wrapper)
    return wrapper


_WRAPPERS: weakref.WeakSet = weakref.WeakSet()


def real_type(obj):
    """The builtin type a stand-in made by `_type_wrapper` stands for; `obj` itself otherwise."""
    return obj.__base__ if obj in _WRAPPERS else obj


def _range_len(r: range) -> int:
    try:
        return len(r)
    except OverflowError:
        return 1 << 64


def _range_chunks(r: range, check: Callable[[], None]):
    start = 0
    while part := r[start : start + GUARD_LEN]:
        check()
        yield part
        start += GUARD_LEN


# -- sized and unsized iterables ----------------------------------------------
_SIZED = frozenset({list, tuple, str, dict, set, frozenset, range, *sizes.DICT_VIEWS})
_ITEMS_VIEW = type({}.items())
# (header, bytes per slot) of the containers builtins build
_CONTAINERS = {
    list: (sizes.SEQ_HEADER, sizes.SEQ_SLOT),
    tuple: (sizes.SEQ_HEADER, sizes.SEQ_SLOT),
    set: (sizes.SET_HEADER, sizes.SET_SLOT),
    dict: (sizes.DICT_HEADER, sizes.DICT_SLOT),
}


def _sized_len(x) -> int | None:
    t = type(x)
    if t in _SIZED:
        return _range_len(x) if t is range else len(x)
    if t is np.ndarray and x.ndim:
        return len(x)
    return None


def _new_item_cost(x) -> int:
    """Bytes of the objects iterating a sized `x` creates (its items exist already)."""
    t = type(x)
    if t is range:
        return _OBJECT
    if t is np.ndarray:
        return sizes.ARRAY_HEADER if x.ndim > 1 else _OBJECT
    if t is _ITEMS_VIEW:
        return sizes.seq_size(2)
    if t is str and not x.isascii():
        return sizes.str_size(1, False)
    return 0


_SMALL_TEXT = frozenset({int, float, bool, type(None), np.float64, np.int64, np.bool_})
_INT_ITEMS = frozenset({int, bool})
_is_positive = (0).__lt__


def _fast_sum(items, start):
    """sum(items, start) by CPython's C loop when every item is a Python int or float, else None.

    `sum` is one operation: its exact result must fit in 64 bits (partial sums
    may pass the bounds, as CPython's exact arithmetic allows), so only the
    result is checked.
    """
    types = set(map(type, items))
    if types <= {float} and type(start) in (int, bool, float):
        return _py.sum(items, start)
    if type(start) in _INT_ITEMS and types <= _INT_ITEMS:
        return check_int(_py.sum(items, start))
    return None


def _item_cost(x) -> int:
    """Bytes charged for an item stored into a container (new numbers and strings)."""
    t = type(x)
    if t is str:
        return sizes.estimate(x)
    return _OBJECT if t in (int, float, np.float64, np.int64) else 0


class Allocator:
    """Charging helpers of one meter, shared by the builtins and the methods."""

    def __init__(self, meter):
        self.meter = meter
        self.charge = meter.charge

    def guard(self, x):
        """`x`, or for a huge range an equal iterator that checks the deadline per chunk."""
        if type(x) is range and _range_len(x) > GUARD_LEN:
            return chain.from_iterable(_range_chunks(x, self.meter.check_deadline))
        return x

    def drain(self, iterable, flush: Callable[[list], object], slot: int) -> None:
        """Feed `iterable` to `flush` in chunks, each charged `slot` bytes an item plus
        the item's own estimate (an iterator may make every item it yields).

        Items taken before the iterable raised are flushed before the exception
        propagates, as when CPython consumes the iterable item by item.
        """
        it = iter(self.guard(iterable))
        while True:
            buf: list = []
            error = None
            try:
                for x in it:
                    buf.append(x)
                    if len(buf) == CHUNK:
                        break
            except Exception as exc:  # engine errors (BaseException) end the run at once
                error = exc
            if buf:
                self.charge(slot * len(buf) + sum(map(sizes.estimate, buf)))
                flush(buf)
            if error is not None:
                raise error
            if len(buf) < CHUNK:
                return
            self.meter.check_deadline()

    def build(self, kind: type, iterable):
        """`kind(iterable)` for list, tuple, set or dict, charged before it is filled."""
        header, slot = _CONTAINERS[kind]
        n = _sized_len(iterable) if kind is not dict or type(iterable) is dict else None
        if n is not None:
            self.charge(header + (slot + _new_item_cost(iterable)) * n)
            return kind(iterable)
        self.charge(header)
        out = kind() if kind is not tuple else []
        self.drain(iterable, out.update if kind in (set, dict) else out.extend, slot)
        if kind is tuple:
            self.charge(sizes.seq_size(len(out)))
            return tuple(out)
        return out

    def text(self, fn, x) -> str:
        """`fn(x)` for fn in str/repr, charged with a bound of the text first."""
        if type(x) in _SMALL_TEXT:
            r = fn(x)
            if len(r) > SMALL_JOIN:
                self.charge(sizes.str_size(len(r)))
            return r
        self.charge(sizes.text_bound(x))
        return fn(x)


# -- wrappers that need no meter ----------------------------------------------
def _int_new(cls, *args, **kwargs):
    return check_int(int(*args, **kwargs))


int_ = _type_wrapper(int, _int_new)


@_named("round")
def round_(number, ndigits=None):
    return check_int(round(number, ndigits))


def _int_result(f: Callable) -> Callable:
    @_named(f.__name__)
    def checked(*args):
        return check_int(f(*args))

    return checked


def _checked_enumerate(e: enumerate):
    for i, x in e:
        if i > INT64_MAX:
            overflow()
        yield i, x


# -- numpy --------------------------------------------------------------------
_ALLOWED_DTYPES = (np.dtype(np.bool_), np.dtype(np.int64), np.dtype(np.float64))
_DTYPE_OF = {
    float: np.float64,
    int: np.int64,
    int_: np.int64,
    bool: np.bool_,
    np.float64: np.float64,
    np.int64: np.int64,
    np.bool_: np.bool_,
}
_KIND_DTYPE = {"b": np.dtype(np.bool_), "i": np.dtype(np.int64), "f": np.dtype(np.float64)}


def _describe(x) -> str:
    return repr(x) if type(x) is str and len(x) <= 32 else type(x).__name__


def _dtype(dt) -> np.dtype | None:
    """The dtype an extension asked for, restricted to bool/int64/float64 (TypeError otherwise)."""
    if dt is None:
        return None
    if isinstance(dt, np.dtype):
        if dt in _ALLOWED_DTYPES:
            return dt
    else:
        try:
            t = _DTYPE_OF.get(dt)
        except TypeError:
            t = None
        if t is not None:
            return np.dtype(t)
    raise TypeError(
        f"unsupported dtype {_describe(dt)}: use float, int, bool, "
        "numpy.float64, numpy.int64 or numpy.bool_"
    )


def _itemsize(dt: np.dtype | None) -> int:
    return 8 if dt is None else dt.itemsize


def _check_ndim(n: int) -> None:
    if not 1 <= n <= 3:
        raise ValueError(f"{NDIM_MESSAGE}, not {n}")


def _checked_array(a):
    if isinstance(a, np.ndarray):
        _check_ndim(a.ndim)
        if a.dtype not in _ALLOWED_DTYPES:
            raise TypeError(f"arrays of {a.dtype} are not supported")
    return a


def _shape(shape) -> tuple[int, ...]:
    dims = tuple(shape) if type(shape) in (tuple, list, np.ndarray) else (shape,)
    dims = tuple(operator.index(d) for d in dims)
    _check_ndim(len(dims))
    if min(dims) < 0:
        raise ValueError("negative dimensions are not allowed")
    return dims


def _kind_dtype(x) -> np.dtype:
    """The dtype NumPy infers for array-like `x`: TypeError unless bool, int64 or float64."""
    if isinstance(x, np.ndarray):
        dt = x.dtype
    elif type(x) in (list, tuple, range):
        dt = _KIND_DTYPE[inspect_array_like(x)[2]]
    else:
        operand_shape(x)  # TypeError for non-numbers
        dt = np.asarray(x).dtype
    if dt not in _ALLOWED_DTYPES:
        raise TypeError(f"arrays of {dt} are not supported")
    return dt


def _reduced_size(shape: tuple[int, ...], axis) -> int:
    """Elements of a reduction of an array of `shape` along `axis` (0 for a scalar result)."""
    if axis is None:
        return 0
    try:
        n = shape[operator.index(axis)]
    except (IndexError, TypeError):
        return 0  # NumPy raises its own error
    return math.prod(shape) // max(n, 1)


def _dot_size(a, b) -> int:
    sa, sb = operand_shape(a), operand_shape(b)
    if not sa or not sb:
        return math.prod(sa) * math.prod(sb)
    shape = sa[:-1] if len(sb) == 1 else sa[:-1] + sb[:-2] + sb[-1:]
    return math.prod(shape) if shape else 0


def _numpy_members(al: Allocator) -> dict[str, object]:
    charge = al.charge

    def charge_items(n: int, itemsize: int = 8) -> None:
        charge(sizes.array_size(n * itemsize))

    def filled(fill: Callable) -> Callable:
        def make(shape, dtype=None):
            dims, dt = _shape(shape), _dtype(dtype)
            charge_items(math.prod(dims), _itemsize(dt))
            return fill(dims, dtype=np.float64 if dt is None else dt)

        make.__name__ = make.__qualname__ = fill.__name__
        return make

    def full(shape, fill_value, dtype=None):
        dims, dt, fill_dtype = _shape(shape), _dtype(dtype), _kind_dtype(fill_value)
        dt = fill_dtype if dt is None else dt
        charge_items(math.prod(dims), dt.itemsize)
        return _checked_array(np.full(dims, fill_value, dtype=dt))

    def like(fill: Callable) -> Callable:
        def make(a, dtype=None):
            dt, shape = _dtype(dtype), operand_shape(a)
            dt = _kind_dtype(a) if dt is None else dt
            _check_ndim(len(shape))
            charge_items(math.prod(shape), dt.itemsize)
            return _checked_array(fill(a, dtype=dt))

        make.__name__ = make.__qualname__ = fill.__name__
        return make

    def arange(start=None, stop=None, step=None, dtype=None):
        dt = _dtype(dtype)
        if stop is None:
            start, stop = (0, start) if start is not None else (start, stop)
        try:
            first, last = float(start), float(stop)
            n = math.ceil((last - first) / (1.0 if step is None else float(step)))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            n = None  # NumPy raises its own error for these
        if n is not None:
            charge_items(max(n, 0), _itemsize(dt))
        return _checked_array(np.arange(start, stop, step, dtype=dt))

    def linspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
        dt = _dtype(dtype)
        n = operator.index(num)
        width = max(math.prod(operand_shape(start)), math.prod(operand_shape(stop)))
        charge_items(max(n, 0) * width, _itemsize(dt))
        return _checked_array(np.linspace(start, stop, num, endpoint=endpoint, dtype=dt, axis=axis))

    def array(object, dtype=None):  # noqa: A002 - NumPy's parameter name
        dt = _dtype(dtype)
        if isinstance(object, np.ndarray):
            n, kind = object.size, object.dtype.kind
        elif type(object) in (list, tuple, range):
            _, n, kind = inspect_array_like(object, strings=dt is not None)
        else:
            operand_shape(object)  # TypeError for non-numbers
            raise ValueError(f"{NDIM_MESSAGE}, not 0")
        charge_items(n, _itemsize(dt) if dt is not None else 1 if kind == "b" else 8)
        return _checked_array(np.array(object, dtype=dt))

    def copy(a):
        if isinstance(a, np.ndarray):
            charge(sizes.array_size(a.nbytes))
            return np.copy(a)
        return array(a)

    def ufunc(f: np.ufunc, nargs: int) -> Callable:
        def apply(*args):
            for x in args:
                operand_shape(x)  # TypeError for values NumPy must not convert
            if len(args) == nargs:
                array_charge(charge, *args)
            with np.errstate(all="ignore"):
                return f(*args)

        apply.__name__ = apply.__qualname__ = f.__name__
        return apply

    def where(*args):
        if len(args) == 1:
            shape = operand_shape(args[0])
            charge(len(shape) * sizes.array_size(8 * math.prod(shape)))
        elif len(args) == 3:
            array_charge(charge, *args)
        return np.where(*args)

    def dot(a, b):
        charge_items(_dot_size(a, b))
        return np.dot(a, b)

    def reduction(f: Callable, *, keeps_size: bool = False, has_dtype: bool = True) -> Callable:
        def reduce(a, axis=None, dtype=None):
            dt, shape = _dtype(dtype), operand_shape(a)
            n = math.prod(shape) if keeps_size else _reduced_size(shape, axis)
            if n:
                charge_items(n)
            if has_dtype:
                return f(a, axis=axis, dtype=dt)
            if dtype is not None:
                return f(a, axis=axis, dtype=dtype)  # raises NumPy's TypeError
            return f(a, axis=axis)

        reduce.__name__ = reduce.__qualname__ = f.__name__
        return reduce

    members = {
        "zeros": filled(np.zeros),
        "ones": filled(np.ones),
        "empty": _named("empty")(filled(np.zeros)),
        "full": full,
        "zeros_like": like(np.zeros_like),
        "empty_like": _named("empty_like")(like(np.zeros_like)),
        "arange": arange,
        "linspace": linspace,
        "array": array,
        "copy": copy,
        "where": where,
        "dot": dot,
        "sum": reduction(np.sum),
        "cumsum": reduction(np.cumsum, keeps_size=True),
        "argmax": reduction(np.argmax, has_dtype=False),
        "argmin": reduction(np.argmin, has_dtype=False),
        "float64": np.float64,
        "int64": np.int64,
        "bool_": np.bool_,
    }
    for name in ("sqrt", "exp", "log", "sin", "cos", "abs"):
        members[name] = ufunc(getattr(np, name), 1)
    for name in ("minimum", "maximum"):
        members[name] = ufunc(getattr(np, name), 2)
    return members


# -- math and json ------------------------------------------------------------
_MATH_INT_RESULTS = frozenset(n for n, f in MATH_FUNCTIONS.items() if f.result == "int")


def _math_members() -> dict[str, object]:
    return {
        name: _int_result(getattr(math, name)) if name in _MATH_INT_RESULTS else getattr(math, name)
        for name in surface.MODULE_MEMBERS["math"]
    }


def _parse_int(text: str) -> int:
    return check_int(int(text))


def _json_members(al: Allocator) -> dict[str, object]:
    def dumps(obj, *, indent=None, sort_keys=False, separators=None):
        if isinstance(indent, int):
            indent_len = indent
        elif isinstance(indent, str):
            indent_len = len(indent)
        else:
            indent_len = 0
        default_seps = (", ", ": ") if indent is None else (",", ": ")
        try:
            item_sep, key_sep = map(len, separators if separators is not None else default_seps)
        except (TypeError, ValueError):
            item_sep, key_sep = 2, 2  # json raises its own error
        bound_indent = None if indent is None else indent_len
        al.charge(
            sizes.text_bound(
                obj, json=True, indent=bound_indent, item_sep=item_sep, key_sep=key_sep
            )
        )
        return json.dumps(obj, indent=indent, sort_keys=sort_keys, separators=separators)

    def loads(s):
        if isinstance(s, str):
            al.charge(8 * len(s))
        return json.loads(s, parse_int=_parse_int)

    return {"dumps": dumps, "loads": loads}


# -- the builtins table --------------------------------------------------------
def make_builtins(meter, host: dict[str, object] | None = None) -> dict[str, object]:
    """Name -> object for every builtin name and every `module.member` of the language.

    `host` adds the host functions (`"host.fs.read_text"` -> callable, see
    `engine.host.bridge`); without it, host calls are unavailable.
    """
    al = Allocator(meter)
    ops = make_operators(meter)
    charge = al.charge
    guard = al.guard
    add = ops["add"]

    def collecting(kind: type) -> type:
        def make(cls, *args, **kwargs):
            if len(args) != 1 or kwargs:
                return kind(*args, **kwargs)  # CPython's result or error
            return al.build(kind, args[0])

        return _type_wrapper(kind, make)

    def dict_new(cls, *args, **kwargs):
        if len(args) > 1:
            return dict(*args)  # CPython's TypeError
        d = al.build(dict, args[0]) if args else {}
        if kwargs:
            charge(sizes.DICT_SLOT * len(kwargs))
            d.update(kwargs)
        return d

    @_named("sorted")
    def sorted_(iterable, /, *, key=None, reverse=False):
        out = al.build(list, iterable)
        out.sort(key=key, reverse=reverse)
        return out

    def str_new(cls, *args, **kwargs):
        if len(args) != 1 or kwargs:
            return str(*args, **kwargs)
        x = args[0]
        return x if type(x) is str else al.text(str, x)

    @_named("repr")
    def repr_(obj, /):
        return al.text(repr, obj)

    def print_sep(name: str, value, default: str) -> str:
        if value is None:
            return default
        if type(value) is not str:
            raise TypeError(f"{name} must be None or a string, not {type(value).__name__}")
        return value

    @_named("print")
    def print_(*args, sep=" ", end="\n", file=None, flush=False, **kwargs):
        # `flush` has no effect on the engine's output channel; `file=None` means stdout,
        # and no other file exists in the language.
        if kwargs:
            raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for print()")
        if file is not None:
            raise TypeError("print() has no file but standard output in the extension language")
        sep, end = print_sep("sep", sep, " "), print_sep("end", end, "\n")
        parts = [x if type(x) is str else al.text(str, x) for x in args]
        parts.append(end)
        chars = sum(map(len, parts)) + len(sep) * max(len(args) - 1, 0)
        charge(sizes.str_size(chars, sep.isascii() and all(p.isascii() for p in parts)))
        meter.write(sep.join(parts[:-1]) + end)

    @_named("abs")
    def abs_(x, /):
        if type(x) is int:
            return x if x >= 0 else check_int(-x)
        if isinstance(x, np.ndarray):
            charge(sizes.array_size(8 * x.size))
            with np.errstate(all="ignore"):
                return abs(x)
        return check_int(abs(to_python_scalar(x)))

    @_named("divmod")
    def divmod_(a, b, /):
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            array_charge(charge, a, b)
            array_charge(charge, a, b)
            with np.errstate(all="ignore"):
                return divmod(a, b)
        q, r = divmod(to_python_scalar(a), to_python_scalar(b))
        return check_int(q), r

    @_named("pow")
    def pow_(base, exp, mod=None):
        if mod is None:
            return ops["pow"](base, exp)
        return check_int(pow(*map(to_python_scalar, (base, exp, mod))))

    @_named("sum")
    def sum_(iterable, /, start=0):
        if isinstance(start, str):
            raise TypeError("sum() can't sum strings [use ''.join(seq) instead]")
        if type(iterable) in (list, tuple):
            fast = _fast_sum(iterable, start)
            if fast is not None:
                return fast
        acc = start
        for x in guard(iterable):
            if type(acc) in (int, float) and type(x) in (int, float):
                acc += x  # exact: a partial sum may leave 64 bits, the result may not
            else:
                acc = add(check_int(acc), x)
        return check_int(acc)

    def enumerate_new(cls, iterable, start=0):
        start = to_python_scalar(start)
        e = enumerate(guard(iterable), start)
        if type(start) is int and start > INT64_MAX - _ENUMERATE_SLACK:
            return _checked_enumerate(e)
        return e

    def reversed_new(cls, sequence, /):
        if type(sequence) is range and _range_len(sequence) > GUARD_LEN:
            return guard(sequence[::-1])
        return reversed(sequence)

    def guarding(f: Callable) -> Callable:
        """all/any/min/max: a huge range as the one iterable is consumed under the deadline."""

        def call(*args, **kwargs):
            if len(args) == 1:
                args = (guard(args[0]),)
            return f(*args, **kwargs)

        call.__name__ = call.__qualname__ = f.__name__
        return call

    def lazy(kind: type) -> type:
        """map/filter/zip, with huge ranges among the iterables consumed under the deadline."""

        def make(cls, *args, **kwargs):
            return kind(*map(guard, args), **kwargs)

        return _type_wrapper(kind, make)

    types = {kind.__name__: collecting(kind) for kind in (list, tuple, set)}
    types.update({kind.__name__: lazy(kind) for kind in (map, filter, zip)})
    types["int"] = int_
    types["dict"] = _type_wrapper(dict, dict_new)
    types["str"] = _type_wrapper(str, str_new)
    types["enumerate"] = _type_wrapper(enumerate, enumerate_new)
    types["reversed"] = _type_wrapper(reversed, reversed_new)
    real_types = {wrapper: wrapper.__base__ for wrapper in types.values()}

    def real_type(t):
        if type(t) is tuple:
            return tuple(map(real_type, t))
        try:
            return real_types.get(t, t)
        except TypeError:  # unhashable: isinstance raises its own TypeError
            return t

    resolved_tuples: dict[tuple, tuple] = {}

    @_named("isinstance")
    def isinstance_(obj, class_or_tuple, /):
        # Hot path (a type, or a tuple of types seen before) is one or two dict lookups.
        try:
            if type(class_or_tuple) is tuple:
                real = resolved_tuples.get(class_or_tuple)
                if real is None:
                    real = resolved_tuples.setdefault(class_or_tuple, real_type(class_or_tuple))
                return isinstance(obj, real)
            return isinstance(obj, real_types.get(class_or_tuple, class_or_tuple))
        except TypeError:  # unhashable entries: isinstance reports its own error
            return isinstance(obj, real_type(class_or_tuple))

    table: dict[str, object] = {
        "abs": abs_,
        "all": guarding(all),
        "any": guarding(any),
        "bool": bool,
        "chr": chr,
        "divmod": divmod_,
        "float": float,
        "isinstance": isinstance_,
        "len": len,
        "max": guarding(max),
        "min": guarding(min),
        "ord": ord,
        "pow": pow_,
        "print": print_,
        "range": range,
        "repr": repr_,
        "round": round_,
        "sorted": sorted_,
        "sum": sum_,
        **types,
    }
    for name in surface.EXCEPTION_TYPES:
        table[name] = CapabilityDenied if name == "CapabilityDenied" else getattr(_py, name)
    modules = {
        "math": _math_members(),
        "numpy": _numpy_members(al),
        "json": _json_members(al),
    }
    for module, members in modules.items():
        for name, value in members.items():
            table[f"{module}.{name}"] = value
    for name, value in (host or {}).items():
        if not name.startswith(f"{surface.HOST_PACKAGE}."):
            raise ValueError(f"not a host function: {name}")
        table[name] = value
    return table


# -- methods ------------------------------------------------------------------
METHOD_WRAPPED: frozenset[str] = frozenset(
    """format append extend insert add update setdefault join replace ljust rjust center zfill
    expandtabs copy split rsplit splitlines reshape union intersection difference
    symmetric_difference""".split()
)

_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_WHITESPACE = (
    _ASCII_SPACE
    + "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e"
_LINE_BREAKS = _ASCII_LINE_BREAKS + "\x85\u2028\u2029"


def _count_any(s: str, ascii_chars: str, all_chars: str) -> int:
    return sum(map(s.count, ascii_chars if s.isascii() else all_chars))


def _pieces_size(s: str, pieces: int) -> int:
    """A list of `pieces` strings holding the characters of `s`."""
    return sizes.seq_size(pieces) + pieces * sizes.STR_HEADER + sizes.str_size(len(s), s.isascii())


def _append_cost(receiver, item, /):
    return sizes.SEQ_SLOT + _item_cost(item)


def _insert_cost(receiver, index, item, /):
    return sizes.SEQ_SLOT + _item_cost(item)


def _add_cost(receiver, item, /):
    return sizes.SET_SLOT + _item_cost(item)


def _setdefault_cost(receiver, key, default=None, /):
    return 0 if key in receiver else sizes.DICT_SLOT + _item_cost(key) + _item_cost(default)


def _replace_cost(s, old, new, count=-1, /):
    found = s.count(old) if old else len(s) + 1
    count = operator.index(count)
    if count >= 0:
        found = min(found, count)
    ascii = s.isascii() and new.isascii()
    return sizes.str_size(len(s) + found * (len(new) - len(old)), ascii)


def _pad_cost(s, width, fillchar=" ", /):
    ascii = s.isascii() and (fillchar.isascii() if type(fillchar) is str else True)
    return sizes.str_size(max(len(s), operator.index(width)), ascii)


def _zfill_cost(s, width, /):
    return sizes.str_size(max(len(s), operator.index(width)), s.isascii())


def _expandtabs_cost(s, tabsize=8):
    return sizes.str_size(len(s) + s.count("\t") * max(operator.index(tabsize), 0), s.isascii())


def _copy_cost(receiver, /):
    return sizes.estimate(receiver)


def _split_cost(s, sep=None, maxsplit=-1):
    pieces = 1 + (_count_any(s, _ASCII_SPACE, _WHITESPACE) if sep is None else s.count(sep))
    maxsplit = operator.index(maxsplit)
    if maxsplit >= 0:
        pieces = min(pieces, maxsplit + 1)
    return _pieces_size(s, pieces)


def _splitlines_cost(s, keepends=False):
    return _pieces_size(s, 1 + _count_any(s, _ASCII_LINE_BREAKS, _LINE_BREAKS))


_COSTS: dict[str, tuple[tuple[type, ...], Callable]] = {
    "append": ((list,), _append_cost),
    "insert": ((list,), _insert_cost),
    "add": ((set,), _add_cost),
    "setdefault": ((dict,), _setdefault_cost),
    "replace": ((str,), _replace_cost),
    "ljust": ((str,), _pad_cost),
    "rjust": ((str,), _pad_cost),
    "center": ((str,), _pad_cost),
    "zfill": ((str,), _zfill_cost),
    "expandtabs": ((str,), _expandtabs_cost),
    "copy": ((list, dict, set, np.ndarray), _copy_cost),
    "split": ((str,), _split_cost),
    "rsplit": ((str,), _split_cost),
    "splitlines": ((str,), _splitlines_cost),
}
_BAD_ARGUMENTS = (TypeError, ValueError, OverflowError, AttributeError)

_SET_RESULT: dict[str, Callable[[int, list[int]], int]] = {
    "union": lambda n, others: n + sum(others),
    "intersection": lambda n, others: n,
    "difference": lambda n, others: n,
    "symmetric_difference": lambda n, others: n + sum(others),
}


def make_methods(meter) -> dict[str, Callable]:
    """Method name -> `f(receiver, *args, **kwargs)`, for the names in METHOD_WRAPPED."""
    al = Allocator(meter)
    charge = al.charge

    def charged(name: str, receivers: tuple[type, ...], cost: Callable) -> Callable:
        def call(receiver, *args, **kwargs):
            bound = getattr(receiver, name)  # CPython's AttributeError
            if isinstance(receiver, receivers):
                try:
                    n = cost(receiver, *args, **kwargs)
                except _BAD_ARGUMENTS:
                    n = 0  # the method itself raises CPython's error
                if n:
                    charge(n)
            return bound(*args, **kwargs)

        call.__name__ = call.__qualname__ = name
        return call

    @_named("format")
    def format_(receiver, *args, **kwargs):
        if isinstance(receiver, type):
            # `str.format(template, ...)`: the unbound method would skip the field rules.
            if issubclass(receiver, str) and args and type(args[0]) is str:
                return format_str_charged(charge, args[0], args[1:], kwargs)
            raise TypeError("format() needs a str template")
        if type(receiver) is not str:
            return receiver.format(*args, **kwargs)  # CPython's AttributeError
        return format_str_charged(charge, receiver, args, kwargs)

    @_named("extend")
    def extend(receiver, *args, **kwargs):
        bound = receiver.extend
        if type(receiver) is list and len(args) == 1 and not kwargs:
            n = _sized_len(args[0])
            if n is None:
                al.drain(args[0], bound, sizes.SEQ_SLOT)
                return None
            charge(n * (sizes.SEQ_SLOT + _new_item_cost(args[0])))
        return bound(*args, **kwargs)

    @_named("update")
    def update(receiver, *args, **kwargs):
        bound = receiver.update
        if type(receiver) is dict and len(args) <= 1:
            if args:
                n = _sized_len(args[0])
                if n is None:
                    al.drain(args[0], bound, sizes.DICT_SLOT)
                    args = ()
                else:
                    charge(n * sizes.DICT_SLOT)
            charge(len(kwargs) * sizes.DICT_SLOT)
        elif type(receiver) is set and not kwargs:
            for other in args:
                n = _sized_len(other)
                if n is None:
                    al.drain(other, bound, sizes.SET_SLOT)
                else:
                    charge(n * (sizes.SET_SLOT + _new_item_cost(other)))
                    bound(other)
            return None
        return bound(*args, **kwargs)

    @_named("join")
    def join(receiver, *args, **kwargs):
        bound = receiver.join
        if type(receiver) is not str or len(args) != 1 or kwargs:
            return bound(*args, **kwargs)
        items = args[0]
        if type(items) in (list, tuple) and len(receiver) * len(items) <= SMALL_JOIN:
            # The items are held already and the separators add little: join, then
            # charge what the result adds, if it is big.
            result = bound(items)
            if len(result) > SMALL_JOIN:
                charge(sizes.str_size(len(result), result.isascii()))
            return result
        if type(items) not in (list, tuple):
            try:
                iter(items)
            except TypeError:
                return bound(items)  # "can only join an iterable"
            items = al.build(list, items)
        try:
            chars = sum(map(len, items)) + len(receiver) * max(len(items) - 1, 0)
            ascii = receiver.isascii() and all(map(str.isascii, items))
        except TypeError:
            return bound(items)  # "sequence item 0: expected str instance, ..."
        charge(sizes.str_size(chars, ascii))
        return bound(items)

    @_named("reshape")
    def reshape(receiver, *args, **kwargs):
        bound = receiver.reshape
        if isinstance(receiver, np.ndarray) and not receiver.flags.c_contiguous:
            charge(sizes.estimate(receiver))  # NumPy may have to copy
        result = bound(*args, **kwargs)
        if isinstance(result, np.ndarray):
            _check_ndim(result.ndim)
        return result

    def set_algebra(name: str, result: Callable[[int, list[int]], int]) -> Callable:
        def call(receiver, *args, **kwargs):
            bound = getattr(receiver, name)
            if type(receiver) is not set or kwargs:
                return bound(*args, **kwargs)
            others = [o if _sized_len(o) is not None else al.build(list, o) for o in args]
            lengths = [_sized_len(o) for o in others]
            new_items = sum(_new_item_cost(o) * n for o, n in zip(others, lengths, strict=True))
            charge(sizes.set_size(result(len(receiver), lengths)) + new_items)
            return bound(*others)

        call.__name__ = call.__qualname__ = name
        return call

    methods: dict[str, Callable] = {
        name: charged(name, receivers, cost) for name, (receivers, cost) in _COSTS.items()
    }
    methods.update(format=format_, extend=extend, update=update, join=join, reshape=reshape)
    for name, result in _SET_RESULT.items():
        methods[name] = set_algebra(name, result)
    assert methods.keys() == METHOD_WRAPPED
    return methods
