"""Deterministic memory estimates for values of the subset.

The meter is charged with these estimates before anything sizeable is
allocated, and `deep_size` recounts what a run really holds. The table
(bytes): str 49 + len (4 bytes a character when not ASCII), list/tuple
56 + 8 * len, dict 64 + 100 * len, set 200 + 60 * len, ndarray 112 + nbytes,
numbers and every other object 32.

Invariants: every function here is deterministic (it depends only on the
value, never on addresses or hash order), never undercounts a big allocation,
and is iterative (deeply nested values cannot exhaust the C stack). Shared
objects are counted once by `deep_size` (memory is shared) but once per
occurrence by `text_bound` (text is repeated).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable
from itertools import chain

import numpy as np

STR_HEADER, SEQ_HEADER, DICT_HEADER, SET_HEADER, ARRAY_HEADER = 49, 56, 64, 200, 112
SEQ_SLOT, DICT_SLOT, SET_SLOT, OBJECT_SIZE = 8, 100, 60, 32

DICT_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))


def view_mapping(view) -> dict:
    """The dict behind a dict view (`view.mapping` is only a read-only proxy)."""
    refs = gc.get_referents(view)
    return refs[0] if refs and type(refs[0]) is dict else {}


_SCALARS = frozenset({int, float, bool, type(None), np.float64, np.int64, np.bool_})


def str_size(nchars: int, ascii: bool = True) -> int:
    """Estimate of a str of `nchars` characters."""
    return STR_HEADER + max(nchars, 0) * (1 if ascii else 4)


def seq_size(n: int) -> int:
    return SEQ_HEADER + SEQ_SLOT * max(n, 0)


def dict_size(n: int) -> int:
    return DICT_HEADER + DICT_SLOT * max(n, 0)


def set_size(n: int) -> int:
    return SET_HEADER + SET_SLOT * max(n, 0)


def array_size(nbytes: int) -> int:
    return ARRAY_HEADER + max(nbytes, 0)


_SHALLOW = {
    str: lambda v: str_size(len(v), v.isascii()),
    list: lambda v: seq_size(len(v)),
    tuple: lambda v: seq_size(len(v)),
    dict: lambda v: dict_size(len(v)),
    set: lambda v: set_size(len(v)),
    frozenset: lambda v: set_size(len(v)),
}


def estimate(value) -> int:
    """Shallow estimate of `value` (its own header and slots, not its contents)."""
    f = _SHALLOW.get(type(value))
    if f is not None:
        return f(value)
    if isinstance(value, np.ndarray):
        return array_size(value.nbytes)
    return OBJECT_SIZE


def deep_size(roots: Iterable, exclude: set[int] = frozenset()) -> int:
    """Estimate of everything reachable from `roots`, each object counted once.

    Walks list/tuple/dict/set contents, dict views' mappings and ndarray bases
    (a view costs its header, its base is counted once). Objects whose id is
    in `exclude` are skipped together with their contents.
    """
    seen = set(exclude)
    stack = list(roots)
    total = 0
    while stack:
        v = stack.pop()
        i = id(v)
        if i in seen:
            continue
        seen.add(i)
        t = type(v)
        if t is list or t is tuple or t is set or t is frozenset:
            total += _SHALLOW[t](v)
            if _SCALARS.issuperset(map(type, v)):  # fast path: flat containers of numbers
                fresh = set(map(id, v)) - seen
                seen |= fresh
                total += OBJECT_SIZE * len(fresh)
            else:
                stack.extend(v)
        elif t is dict:
            total += dict_size(len(v))
            stack.extend(v.keys())
            stack.extend(v.values())
        elif t is str:
            total += str_size(len(v), v.isascii())
        elif isinstance(v, np.ndarray):
            base = v.base
            if isinstance(base, np.ndarray):
                total += ARRAY_HEADER
                stack.append(base)
            else:
                total += array_size(v.nbytes)
        elif t in DICT_VIEWS:
            total += OBJECT_SIZE
            stack.append(view_mapping(v))
        else:
            total += OBJECT_SIZE
    return total


# -- text bounds -------------------------------------------------------------
# Upper bounds of len(repr(v)) / len(str(v)) / len(json.dumps(v)), used to charge
# the meter before the text is built (shared sub-objects repeat in the text, so a
# small value can have an enormous repr; the bound is computed per distinct object).

_REPR_LEAF = {
    int: 20,
    float: 24,
    bool: 5,
    type(None): 4,
    np.float64: 40,
    np.int64: 32,
    np.bool_: 16,
    range: 72,
}
_JSON_LEAF = {**_REPR_LEAF, float: 24, np.float64: 24, np.int64: 24}
_OTHER_CHARS = 256
_CYCLE_CHARS = 5  # "[...]"


def _repr_str_chars(s: str) -> int:
    if s.isprintable():
        return len(s) + 2 + s.count("\\") + s.count("'")
    return 2 + (4 if s.isascii() else 10) * len(s)


def _json_str_chars(s: str) -> int:
    if s.isascii() and s.isprintable():
        return len(s) + 2 + s.count("\\") + s.count('"')
    return 2 + 12 * len(s)


def _array_chars(a: np.ndarray) -> int:
    n = a.size
    if n > np.get_printoptions()["threshold"]:
        n = min(n, 6**a.ndim)
    return 80 + 48 * n


def _node(v):
    """(children, fixed chars, items) of a container node, or None for a leaf."""
    t = type(v)
    if t is list or t is tuple or t is set or t is frozenset:
        return v, 5, len(v)
    if t is dict:
        return chain(v.keys(), v.values()), 2, len(v)
    if t in DICT_VIEWS:
        return (view_mapping(v),), 14 + 6 * len(v), 0
    if isinstance(v, BaseException):
        return v.args, 4 + len(t.__name__), len(v.args)
    return None


def text_bound(
    value,
    *,
    json: bool = False,
    indent: int | None = None,
    item_sep: int = 2,
    key_sep: int = 2,
) -> int:
    """Bytes (a str estimate) bounding repr(value), str(value) or json.dumps(value).

    For JSON, `indent` is the length of one indentation level (None: one line)
    and `item_sep`/`key_sep` the lengths of the separators; JSON text is ASCII.
    """
    leaf = _JSON_LEAF if json else _REPR_LEAF
    str_chars = _json_str_chars if json else _repr_str_chars
    dict_extra = item_sep + key_sep + (2 if json else 0)
    memo: dict[int, tuple[int, int, int]] = {}  # id -> (chars, items, depth)
    active: set[int] = set()
    wide = False

    def leaf_chars(v) -> int | None:
        nonlocal wide
        c = leaf.get(type(v))
        if c is not None:
            return c
        if type(v) is str:
            r = memo.get(id(v))
            if r is None:
                wide = wide or not (json or v.isascii())
                r = memo[id(v)] = (str_chars(v), 0, 0)
            return r[0]
        if isinstance(v, np.ndarray):
            return _array_chars(v)
        return None if _node(v) is not None else _OTHER_CHARS

    def combine(v) -> tuple[int, int, int]:
        kids, chars, items = _node(v)
        chars += items * (dict_extra if type(v) is dict else item_sep)
        if type(v) in (list, tuple) and leaf.keys() >= (counts := Counter(map(type, v))).keys():
            return chars + sum(leaf[t] * n for t, n in counts.items()), items, 1
        depth = 1
        for k in kids:
            c = leaf_chars(k)
            if c is not None:
                chars += c
                continue
            m = memo.get(id(k))
            if m is None:  # an ancestor: a cycle, printed as "[...]"
                chars += _CYCLE_CHARS
            else:
                chars, items, depth = chars + m[0], items + m[1], max(depth, m[2] + 1)
        return chars, items, depth

    top = leaf_chars(value)
    if top is not None:
        chars, items, depth = top, 0, 0
    else:
        stack = [(value, False)]
        while stack:
            v, done = stack.pop()
            i = id(v)
            if done:
                active.discard(i)
                memo[i] = combine(v)
                continue
            if i in memo or i in active:
                continue
            active.add(i)
            stack.append((v, True))
            if type(v) in (list, tuple) and leaf.keys() >= set(map(type, v)):
                continue
            stack.extend((k, False) for k in _node(v)[0] if leaf_chars(k) is None)
        chars, items, depth = memo[id(value)]
    if indent is not None:
        chars += items * (1 + max(indent, 0) * depth)
    return str_size(chars, not wide)
