"""Arithmetic and bitwise operators on values of unknown type.

`make_operators(meter)` returns one function per operator. Each has exactly
Python's semantics on values of the subset (same results, same exception
types), plus the engine's rules:

- int results outside 64 bits raise OverflowError("integer overflow"); `**`
  and `<<` detect this from the operands before computing anything big;
- results that can be big (sequence repetition and concatenation, set and
  dict unions, %-formatting, NumPy arrays) are charged to the meter before
  they are built;
- `matmul` (`@`, used by the code generator) is NumPy's, charged likewise;
- NumPy scalars are converted to Python scalars first (scalar arithmetic
  follows Python, e.g. float division by zero raises ZeroDivisionError);
  NumPy arrays follow NumPy (broadcasting, int64 wrap-around), with
  floating-point warnings silenced so results never depend on warning
  filters.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable

import numpy as np

from frankenengine.language.ints import INT64_MAX, INT64_MIN
from frankenengine.runtime import sizes
from frankenengine.runtime.intcheck import overflow

ELEMENT_TYPES: tuple[type, ...] = (np.bool_, np.int64, np.float64)
_INTS = (int, bool)
_ARRAY_ITEMSIZE = 8


def to_python_scalar(v):
    """NumPy scalars become Python int/float/bool; anything else is returned as is."""
    return v.item() if isinstance(v, np.generic) else v


def _checked(r):
    if type(r) is int and not INT64_MIN <= r <= INT64_MAX:
        overflow()
    return r


# -- sizes of results that may be big ------------------------------------------
def _repeat_size(seq, n) -> int:
    n = max(operator.index(n), 0)
    if type(seq) is str:
        return sizes.str_size(len(seq) * n, seq.isascii())
    return sizes.seq_size(len(seq) * n)


def _concat_size(a, b) -> int:
    if type(a) is str:
        return sizes.str_size(len(a) + len(b), a.isascii() and b.isascii())
    return sizes.seq_size(len(a) + len(b))


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+)?)?")
_C_INT_MAX = 2**31 - 1  # CPython refuses wider `*` widths ("width too big")


def _percent_size(template: str, args) -> int:
    """Bound of `template % args`: the template, every width and precision, every value."""
    values = args if type(args) is tuple else (args,)
    chars = len(template)
    for m in _PERCENT_SPEC.finditer(template):
        for g in m.groups():
            if g and g != "*" and len(g) < 20:  # CPython accepts widths up to sys.maxsize
                chars += int(g)
    if "*" in template:
        chars += sum(abs(v) for v in values if type(v) is int and abs(v) <= _C_INT_MAX)
    return chars + sum(sizes.text_bound(v) for v in values)


# -- prechecks: run on Python-scalar operands before the operation -------------
def _pre_add(a, b, charge):
    if type(a) is type(b) and type(a) in (str, list, tuple):
        charge(_concat_size(a, b))


def _pre_mul(a, b, charge):
    if type(a) in (str, list, tuple) and type(b) in _INTS:
        charge(_repeat_size(a, b))
    elif type(b) in (str, list, tuple) and type(a) in _INTS:
        charge(_repeat_size(b, a))


def _pre_mod(a, b, charge):
    if type(a) is str:
        charge(_percent_size(a, b))


def _pre_pow(a, b, charge):
    if type(a) in _INTS and type(b) in _INTS and b >= 64 and a not in (-1, 0, 1):
        overflow()


def _pre_lshift(a, b, charge):
    if type(a) in _INTS and type(b) in _INTS and b >= 64 and a:
        overflow()


_COLLECTIONS = {set: sizes.set_size, frozenset: sizes.set_size, dict: sizes.dict_size}


def _collection_pre(count: Callable[[int, int], int]):
    def pre(a, b, charge):
        size = _COLLECTIONS.get(type(a))
        if size is not None and type(b) in _COLLECTIONS:
            charge(size(count(len(a), len(b))))

    return pre


_PRECHECKS = {
    "add": _pre_add,
    "mul": _pre_mul,
    "mod": _pre_mod,
    "pow": _pre_pow,
    "lshift": _pre_lshift,
    "sub": _collection_pre(lambda la, lb: la),
    "bitand": _collection_pre(min),
    "bitor": _collection_pre(operator.add),
    "bitxor": _collection_pre(operator.add),
}

_BINARY = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "lshift": operator.lshift,
    "rshift": operator.rshift,
    "bitand": operator.and_,
    "bitor": operator.or_,
    "bitxor": operator.xor,
    "matmul": operator.matmul,
}
_UNARY = {"neg": operator.neg, "pos": operator.pos, "invert": operator.invert}
# int (op) int that can leave 64 bits only by a bounded amount: compute, then check.
_INT_DIRECT = frozenset(
    {"add", "sub", "mul", "floordiv", "mod", "rshift", "bitand", "bitor", "bitxor"}
)


# -- NumPy operands ------------------------------------------------------------
NDIM_MESSAGE = "arrays have 1 to 3 dimensions"
_LEAF_KIND = {bool: "b", np.bool_: "b", int: "i", np.int64: "i", float: "f", np.float64: "f"}
_NUMBERS = frozenset({*_LEAF_KIND, complex})
_SEQUENCES = (list, tuple, range)


def inspect_array_like(obj, strings: bool = False) -> tuple[tuple[int, ...], int, str]:
    """(shape, element count, kind "b"/"i"/"f") NumPy would give a nested list/tuple/range.

    Only numbers (and arrays of bool/int/float) may be elements: anything else
    raises TypeError before NumPy sees it (a list of long strings would become
    a unicode array far bigger than the list), except str when `strings` (an
    explicit dtype fixes the item size). Shared sub-lists are walked once, but
    counted as often as they occur; nesting deeper than 3 is a ValueError.
    The shape is read from first elements (NumPy rejects ragged input itself).
    """
    memo: dict[int, tuple | None] = {}
    allowed = _LEAF_KIND.keys() | ({str} if strings else set())

    def walk(seq, depth: int):
        if type(seq) is range:
            return (len(seq),), len(seq), "i"
        if isinstance(seq, np.ndarray):
            if seq.dtype.kind not in "bif":
                raise TypeError(f"arrays of {seq.dtype} are not supported")
            return seq.shape, seq.size, seq.dtype.kind
        key = id(seq)
        if key in memo:
            if memo[key] is None:
                raise ValueError("an array cannot contain itself")
            return memo[key]
        if depth >= 3:
            raise ValueError(NDIM_MESSAGE)
        memo[key] = None
        types = set(map(type, seq))
        kinds = {_LEAF_KIND.get(t, "f") for t in types & allowed}
        count, inner = 0, ()
        if types <= allowed:
            count = len(seq)
        else:
            for i, x in enumerate(seq):
                t = type(x)
                if t in allowed:
                    count += 1
                elif t in _SEQUENCES or t is np.ndarray:
                    shape, n, kind = walk(x, depth + 1)
                    count += n
                    kinds.add(kind)
                    if i == 0:
                        inner = shape
                else:
                    raise TypeError(f"NumPy arrays hold numbers, not '{t.__name__}'")
        kind = max(kinds, key="bif".index) if kinds else "f"
        memo[key] = r = (len(seq), *inner), count, kind
        return r

    if type(obj) not in _SEQUENCES and not isinstance(obj, np.ndarray):
        raise TypeError(f"NumPy arrays hold numbers, not '{type(obj).__name__}'")
    return walk(obj, 0)


def operand_shape(x) -> tuple[int, ...]:
    """Shape of `x` as a NumPy operand; TypeError for values NumPy must not convert."""
    if isinstance(x, np.ndarray):
        return x.shape
    if type(x) in _NUMBERS or isinstance(x, np.generic):
        return ()
    if type(x) in _SEQUENCES:
        return inspect_array_like(x)[0]
    raise TypeError(f"unsupported operand type for NumPy arrays: '{type(x).__name__}'")


def broadcast_size(*operands) -> int | None:
    """Elements of the broadcast result of `operands`; None if they do not broadcast."""
    try:
        return math.prod(np.broadcast_shapes(*map(operand_shape, operands)))
    except ValueError:
        return None


def _matmul_size(a, b) -> int | None:
    sa, sb = operand_shape(a), operand_shape(b)
    if not sa or not sb:
        return None
    sa, sb = (sa if len(sa) > 1 else (1, *sa)), (sb if len(sb) > 1 else (*sb, 1))
    try:
        batch = np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        return None
    return math.prod(batch) * sa[-2] * sb[-1]


def array_charge(charge, *operands) -> None:
    """Charge the result of an element-wise NumPy operation on `operands` (8-byte items).

    Shapes that do not broadcast charge nothing: NumPy raises its own
    ValueError before allocating.
    """
    n = broadcast_size(*operands)
    if n is not None:
        charge(sizes.array_size(_ARRAY_ITEMSIZE * n))


def make_operators(meter) -> dict[str, Callable]:
    """Operator name -> function: binary ones take (a, b), unary ones (a)."""
    charge = meter.charge
    ops: dict[str, Callable] = {}

    def binary(name: str) -> Callable:
        pyop, pre = _BINARY[name], _PRECHECKS.get(name)
        result_size = _matmul_size if name == "matmul" else broadcast_size
        int_direct = name in _INT_DIRECT

        def general(a, b):
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                n = result_size(a, b)
                if n is not None:
                    charge(sizes.array_size(_ARRAY_ITEMSIZE * n))
                with np.errstate(all="ignore"):
                    return pyop(a, b)
            a, b = to_python_scalar(a), to_python_scalar(b)
            if pre is not None:
                pre(a, b, charge)
            return _checked(pyop(a, b))

        def op(a, b):
            if int_direct and type(a) is int and type(b) is int:
                r = pyop(a, b)
                if INT64_MIN <= r <= INT64_MAX:
                    return r
                overflow()
            ta, tb = type(a), type(b)
            if (ta is float and (tb is float or tb is int)) or (ta is int and tb is float):
                return pyop(a, b)  # a float result (or Python's TypeError): no int rule
            return general(a, b)

        op.__name__ = op.__qualname__ = name
        return op

    def unary(name: str) -> Callable:
        pyop = _UNARY[name]

        def op(a):
            if type(a) is int or type(a) is float:
                return _checked(pyop(a))
            if isinstance(a, np.ndarray):
                charge(sizes.array_size(_ARRAY_ITEMSIZE * a.size))
                with np.errstate(all="ignore"):
                    return pyop(a)
            return _checked(pyop(to_python_scalar(a)))

        op.__name__ = op.__qualname__ = name
        return op

    for name in _BINARY:
        ops[name] = binary(name)
    for name in _UNARY:
        ops[name] = unary(name)
    return ops
