"""List methods, comprehensions and operators in the JIT lane, against CPython.

Each function of `tests/testdata/jit/list_methods.py` runs in CPython (the oracle: the
file is ordinary Python), in the interpreter lane and in the JIT lane, on fresh copies
of the same arguments. Compared: the result with exact element types, the caller's
lists afterwards (same objects, new contents), the exception (type and message), and
between the lanes the fuel used. Every function must run as native code (`lanes`).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from frankenengine import Engine, Limits, MemoryLimitExceeded

SOURCE = (Path(__file__).parents[1] / "testdata" / "jit" / "list_methods.py").read_text()
_SHARED_ROW = [1, 2]
_ROW_AND_ROWS = (_SHARED_ROW, [[5, 6], _SHARED_ROW])  # the row is also an argument
_FLOAT_ROWS = [[1.0, 2.0], [3.0]]

CASES = [
    ("prefix_by_append", ([1.0, 2.5, -0.0, 1e300],)),
    ("prefix_by_append", ([0.1] * 3000,)),  # past the first capacities
    ("squares", (0,)),
    ("squares", (2000,)),
    ("evens_reversed", (11,)),
    ("stack", (100,)),
    ("insert_everywhere", ([1, 2, 3], 9)),
    ("insert_everywhere", ([1.5], 0.5)),
    ("pop_at", ([1, 2, 3], -1)),
    ("pop_at", ([1, 2, 3], 0)),
    ("pop_at", ([1, 2, 3], 3)),  # IndexError: pop index out of range
    ("pop_at", ([1, 2, 3], -4)),
    ("pop_all", ([1, 2, 3, 4],)),
    ("extend_self", ([1, 2, 3],)),
    ("concat_and_compare", (5,)),
    ("concat_and_compare", (0,)),
    ("reductions", ([3, -7, 12, 0],)),
    ("reductions", ([True, False, True],)),
    ("total", ([2**62, 2**62, -(2**62)],)),  # partial sums leave 64 bits, the result fits
    ("float_sums", ([0.1, 0.2, 0.3, 1e16, -1e16],)),
    ("sorted_ints", ([5, -1, 3, 3, 0],)),
    ("sorted_ints", ([7],)),
    ("copies_are_new", ([1.0, 2.0],)),
    ("grow_while_iterating", ([1, 2],)),
    ("alias_append", ([False],)),
    ("grows_through_helper", (3000,)),
    ("bools", (10,)),
    ("empty_min", (0,)),  # ValueError: min() arg is an empty sequence
    ("empty_min", (4,)),
    ("pop_empty", (1,)),  # IndexError: pop from empty list
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], 0, 5, 1)),
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], -2, 10, -1)),
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], 3, -7, 2)),
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], 9, -9, -3)),
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], -100, 100, 5)),
    ("slices", ([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], 2, 2, 1)),
    ("slices", ([1.0], 0, 1, 0)),  # ValueError: slice step cannot be zero
    ("copy_rows", ([1.5, 2.5],)),
    ("walks", ([1.5, 2.5, -1.0], [0.5, 4.0])),
    ("rows_walk", ([[1.0, 2.0], [3.0], [4.0, 5.0, 6.0]],)),
    ("matmul", ([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[1.0, -1.0, 0.5], [2.0, 0.0, -0.0]])),
    ("rows_in_place", ([[1.0, 2.0, 3.0], [4.0]], 2.0)),
    ("shared_rows", ([[1, 2], [3]],)),
    ("floyd", ([[0, 5, 99, 10], [99, 0, 3, 99], [99, 99, 0, 1], [99, 99, 99, 0]],)),
    ("row_errors", ([[1.5], [2.5, 3.5]], 1, -2)),
    ("row_errors", ([[1.5], [2.5, 3.5]], 0, 1)),  # IndexError from the row
    ("row_errors", ([[1.5], [2.5, 3.5]], 2, 0)),  # IndexError from the outer list
    ("ragged_rows", (6,)),
    ("slice_and_concat", ([1, 2, 3, 4, 5], 1, 4)),
    ("slices", ([0.25] * 600, 0, 600, 1)),  # results past 256 items are charged
    # Lists of lists crossing in bulk (`list_boundary._Bulk`), and row by row when a row
    # is reachable twice.
    ("rows_shuffle", ([[1.0, 2.0], [3.0], [4.0, 5.0]],)),
    ("rows_one_store", ([[0.5] * 40 for _ in range(5)], 3, -1, 9.5)),  # few items changed
    ("rows_one_store", ([[0.5], [1.5]], 0, 0, -0.0)),  # the sign of zero is a change
    ("rows_one_store", ([[1], [2, 3]], 1, 2, 4)),  # IndexError from the row
    ("rows_shared_by_repeat", (3,)),
    ("row_then_rows", _ROW_AND_ROWS),
    ("row_then_rows", (_ROW_AND_ROWS[0][:], [r[:] for r in _ROW_AND_ROWS[1]])),
    ("row_and_matrix", (_FLOAT_ROWS, _FLOAT_ROWS[0])),
    ("rows_of_bools", ([[True, False], [False]],)),
    ("swap_rows", ([[1.0, 2.0], [3.0], [4.0, 5.0]], 0, 2)),  # a tuple of rows, unpacked
    ("swap_rows", ([[1.0, 2.0], [3.0]], 1, -1)),
    ("swap_rows", ([[1.0, 2.0], [3.0]], 0, 5)),  # IndexError
    ("swap_lists", ([0.5], [2.5, 3.5])),
    ("sums_and_lists", ([1.0, 2.0], 4)),
    ("sums_and_lists", ([0.5], 0)),
    ("same_list_twice", ([3.0],)),
    ("total_rows_and_first", ([[1.0, 2.0], [3.0]],)),
    ("total_rows_and_first", ([[-0.0], [2.0, 3.0]],)),
    ("through_a_callee", ([1.0],)),
    ("sort_in_place", ([5, -1, 3, 3, 0, 2**62],)),
    ("sort_in_place", ([True, False, True],)),
]


def cpython(name: str, args: tuple):
    namespace: dict = {}
    exec(compile(SOURCE, "list_methods.py", "exec"), namespace)
    return _observe(lambda: namespace[name](*args), args)


@pytest.fixture(scope="module")
def extensions() -> dict:
    """One extension per lane for the whole module: each function is compiled once for
    each signature, and fuel and memory are counted per call."""
    return {
        lane: Engine(lane=lane, limits=Limits(), jit_cache=False).load(SOURCE, "list_methods")
        for lane in ("interp", "jit")
    }


def engine(ext, name: str, args: tuple):
    seen = _observe(lambda: ext.call(name, *args), args)
    return seen, ext.fuel_used(), ext.lanes()[name]


def _observe(call, args: tuple) -> dict:
    try:
        result, error = call(), None
    except Exception as exc:  # compared with CPython's
        result, error = None, (type(exc).__name__, str(exc))
    return {
        "result": _typed(result),
        "args": [_typed(a) for a in args],
        "error": error,
        "returns_an_argument": [result is a for a in args],
        "identities": _identities((*args, result)),
    }


def _identities(values) -> list[int]:
    """Every list reachable from `values`, depth first, as the number of the first list
    met that is the same object: which lists are one object (rows shared by two names,
    a row returned that is a caller's row)."""
    numbers: dict[int, int] = {}
    seen = []
    stack = list(reversed(values))
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            met = id(v) in numbers
            seen.append(numbers.setdefault(id(v), len(numbers)))
            if not met:
                stack.extend(reversed(v))
        elif isinstance(v, tuple):  # a result holding lists
            stack.extend(reversed(v))
    return seen


def _typed(value):
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_typed(x) for x in value])
    return (type(value).__name__, repr(value))


def _fresh(args: tuple) -> tuple:
    """A copy of the arguments: rows included, and rows shared within them stay shared."""
    return copy.deepcopy(args)


@pytest.mark.parametrize("name,args", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_list_code_runs_natively_with_cpythons_results(extensions, name, args):
    oracle = cpython(name, _fresh(args))
    interpreted, interp_fuel, _ = engine(extensions["interp"], name, _fresh(args))
    native, jit_fuel, lane = engine(extensions["jit"], name, _fresh(args))
    assert interpreted == oracle
    assert native == oracle
    assert lane == {"lane": "jit", "reason": ""}
    assert jit_fuel == interp_fuel


def test_an_appended_list_keeps_its_identity_and_unchanged_items():
    ext = Engine(lane="jit", jit_cache=False).load(SOURCE, name="list_methods")
    xs = [1, 2]
    first = xs[0]
    assert ext.call("grow_while_iterating", xs) is xs
    assert xs == [1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32, 64]
    assert xs[0] is first
    assert ext.lanes()["grow_while_iterating"]["lane"] == "jit"


def test_a_float_appended_to_an_int_list_is_a_rejection_not_a_coercion():
    source = "def f(xs):\n    xs.append(1.5)\n    return xs\n"
    ext = Engine(lane="jit", jit_cache=False).load(source, name="mixed")
    xs = [1]
    assert ext.call("f", xs) == [1, 1.5] and type(xs[0]) is int
    assert ext.lanes()["f"] == {"lane": "interp", "reason": "list[int] receives a float at line 2"}


def test_sorting_a_float_list_in_place_is_a_rejection():
    """CPython's order of a float list holding NaNs is its sort algorithm's."""
    source = "def f(xs):\n    xs.sort()\n    return xs\n"
    ext = Engine(lane="jit", jit_cache=False).load(source, name="sort_floats")
    xs = [2.0, float("nan"), 1.0]
    assert ext.call("f", xs) is xs
    assert repr(xs) == repr(sorted([2.0, float("nan"), 1.0]))
    assert ext.lanes()["f"] == {
        "lane": "interp",
        "reason": "method 'sort' of a float list at line 2",
    }


def test_an_empty_list_nothing_is_put_into_is_a_rejection():
    source = "def f(n):\n    xs = []\n    return len(xs) + n\n"
    ext = Engine(lane="jit", jit_cache=False).load(source, name="empty")
    assert ext.call("f", 2) == 2
    assert ext.lanes()["f"]["reason"] == "empty list (its element type is unknown) at line 2"


def test_appends_stop_at_the_memory_limit_in_native_code():
    """Native code charges the slots it grows: a list grown without end is stopped."""
    source = (
        "def f(n):\n    xs = []\n    for i in range(n):\n        xs.append(i)\n    return len(xs)\n"
    )
    ext = Engine(lane="jit", limits=Limits(memory=1 << 20), jit_cache=False).load(source, "grow")
    with pytest.raises(MemoryLimitExceeded):
        ext.call("f", 10**7)
    assert ext.lanes()["f"]["lane"] == "jit"
    assert ext.call("f", 1000) == 1000  # the engine goes on after the limit


# Big lists: with only a few hundred bytes charged, the interpreter's recount of live memory
# when a charge crosses the limit (which native code cannot do) decides instead.
@pytest.mark.parametrize("args", [([0.25] * 600, 10, 590), ([7] * 300, 0, 280)])
def test_the_least_memory_limit_that_lets_a_call_finish_is_the_same(args):
    """Slices, repeats and concatenations charge as the interpreter: the least memory limit
    under which the call finishes is the same in both lanes. (Appends differ by design:
    see `jit.cells`.)"""
    name = "slice_and_concat"
    least = {}
    for lane in ("interp", "jit"):
        ext = Engine(lane=lane, jit_cache=False).load(SOURCE, name="list_methods")
        lo, hi = 1, 10**6
        while lo < hi:
            mid = (lo + hi) // 2
            try:
                ext.invoke(name, _fresh(args), limits=Limits(memory=mid))
                hi = mid
            except MemoryLimitExceeded:
                lo = mid + 1
        assert ext.lanes()[name]["lane"] == lane
        least[lane] = lo
    assert least["jit"] == least["interp"]


def test_rows_keep_their_identity_and_a_row_passed_twice_is_one_object():
    ext = Engine(lane="jit", jit_cache=False).load(SOURCE, name="list_methods")
    rows = [[1.0, 2.0, 3.0], [4.0]]
    first, second = rows
    assert ext.call("rows_in_place", rows, 2.0) == 2
    assert ext.lanes()["rows_in_place"]["lane"] == "jit"
    assert rows[1] is second and second == [8.0, 2.0]  # changed in place, appended to
    assert rows[0] is not first and rows[0] == [1.0, 2.0]  # replaced in native code
    assert first == [2.0, 4.0, 6.0]  # the replaced row was changed before
    a = [[0.5, 0.25], [1.0, 1.0]]
    row = a[0]
    assert ext.call("row_and_matrix", a, row) == 33
    assert ext.lanes()["row_and_matrix"]["lane"] == "jit"
    assert a[0] is row and row == [5.0, 0.25, 1.5]
