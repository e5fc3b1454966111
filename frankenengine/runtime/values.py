"""Values crossing the host boundary: argument checks and JSON results.

`check_argument` admits only values of the subset (LANGUAGE.md "Values"):
None, bool, int in 64 bits (OverflowError otherwise), float, str, list,
tuple, dict, set, NumPy arrays of bool/int64/float64 with 1 to 3 dimensions
and NumPy scalars of those dtypes, checked recursively; anything else is a
TypeError naming the type.

`to_json` turns a result into JSON-compatible data, as the conformance suite
compares results: tuples as lists, NumPy scalars as Python numbers, arrays
via `tolist()`, dict keys stringified as `json.dumps` would, sets as sorted
lists (a canonical order when the elements are not mutually comparable),
NaN and infinities kept as floats. It is used on the engine's and on
CPython's result alike, so it is deterministic (never depends on hash order
or addresses), iterative (deep results cannot exhaust the stack), refuses
circular values like `json.dumps` (ValueError) and refuses results with more
than `max_nodes` items (ValueError), since shared sub-lists can make a small
value expand enormously.
"""

from __future__ import annotations

import json
import math
from itertools import chain

import numpy as np

from frankenengine.language.ints import INT64_MAX, INT64_MIN
from frankenengine.runtime.intcheck import OVERFLOW_MESSAGE

_ARRAY_DTYPES = (np.dtype(np.bool_), np.dtype(np.int64), np.dtype(np.float64))
_ATOMS = frozenset({type(None), bool, float, str})
_ATOMS_AND_INT = _ATOMS | {int}
_DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))
MAX_NODES = 10_000_000


def check_argument(value):
    """Return `value` if it is a value of the subset; TypeError/OverflowError otherwise."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        v = stack.pop()
        t = type(v)
        if t in _ATOMS:
            continue
        if t is int:
            if not INT64_MIN <= v <= INT64_MAX:
                raise OverflowError(OVERFLOW_MESSAGE)
        elif t in (list, tuple, set, dict):
            if id(v) not in seen:
                seen.add(id(v))
                if t is not dict and _flat(v):
                    continue
                stack.extend(v)
                if t is dict:
                    stack.extend(v.values())
        elif t is np.ndarray:
            if v.dtype not in _ARRAY_DTYPES:
                raise TypeError(f"unsupported argument type: ndarray of {v.dtype}")
            if not 1 <= v.ndim <= 3:
                raise TypeError(f"unsupported argument type: {v.ndim}-dimensional ndarray")
        elif not (isinstance(v, np.generic) and v.dtype in _ARRAY_DTYPES):
            raise TypeError(f"unsupported argument type: {t.__name__}")
    return value


def _flat(items) -> bool:
    """Whether a list, tuple or set holds atoms and ints only, or lists of those (a
    matrix), checked at C speed (the common argument, a long list of numbers or rows of
    them): its ints must fit 64 bits."""
    kinds = set(map(type, items))
    if kinds == {list}:  # one level down only: a list may contain itself
        items = list(chain.from_iterable(items))
        kinds = set(map(type, items))
    if kinds <= _ATOMS:
        return True
    if not kinds <= _ATOMS_AND_INT:
        return False
    ints = items if len(kinds) == 1 else [x for x in items if type(x) is int]
    if not (INT64_MIN <= min(ints) and max(ints) <= INT64_MAX):
        raise OverflowError(OVERFLOW_MESSAGE)
    return True


def _float_key(x: float) -> str:
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


_KEY_TEXT = {
    str: str,
    bool: lambda k: "true" if k else "false",
    type(None): lambda k: "null",
    int: int.__repr__,
    float: _float_key,
}


def _key(k) -> str:
    if isinstance(k, np.generic):
        k = k.item()
    text = _KEY_TEXT.get(type(k))
    return text(k) if text is not None else json_dumps_result(to_json(k))


def _nan_last(x):
    return (x != x, x) if type(x) is float else (False, x)


def _canonical(x):
    return type(x).__name__, json_dumps_result(to_json(x))


def _sorted_set(s) -> list:
    try:
        return sorted(s, key=_nan_last)
    except TypeError:
        return sorted(s, key=_canonical)


def to_json(value, max_nodes: int = MAX_NODES):
    """JSON-compatible data for a result (see the module docstring)."""
    root: list = [None]
    stack: list = [(value, root, 0)]
    active: set[int] = set()
    nodes = 0
    while stack:
        v, parent, slot = stack.pop()
        if parent is None:  # leaving container `v` (an id)
            active.discard(v)
            continue
        nodes += 1
        if nodes > max_nodes:
            raise ValueError(f"result has more than {max_nodes} items")
        t = type(v)
        if t in _ATOMS or t is int:
            parent[slot] = v
            continue
        if isinstance(v, np.generic):
            parent[slot] = v.item()
            continue
        if isinstance(v, np.ndarray):
            nodes += v.size
            if nodes > max_nodes:
                raise ValueError(f"result has more than {max_nodes} items")
            parent[slot] = v.tolist()
            continue
        if t is range:
            if len(v) > max_nodes:
                raise ValueError(f"result has more than {max_nodes} items")
            parent[slot] = list(v)
            continue
        if t in (set, frozenset):
            items = _sorted_set(v)
        elif t in (list, tuple) or t in _DICT_VIEWS:
            items = list(v)
        elif t is dict:
            items = None
        else:
            raise TypeError(f"a result of type {t.__name__} cannot be converted to JSON")
        if id(v) in active:
            raise ValueError("Circular reference detected")
        active.add(id(v))
        stack.append((id(v), None, None))
        if items is None:
            out: dict = {}
            children = []
            for k, x in v.items():
                key = _key(k)
                out[key] = None
                children.append((x, out, key))
        else:
            out = [None] * len(items)
            children = [(x, out, i) for i, x in enumerate(items)]
        parent[slot] = out
        stack.extend(reversed(children))
    return root[0]


def json_dumps_result(obj) -> str:
    """The JSON text of a `to_json` result (NaN and infinities allowed, Unicode kept)."""
    return json.dumps(obj, allow_nan=True, ensure_ascii=False)
