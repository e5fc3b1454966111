"""Host-boundary checks and the JSON form of results."""

from __future__ import annotations

import json

import numpy as np
import pytest

from frankenengine.language.ints import INT64_MAX as INT_MAX
from frankenengine.language.ints import INT64_MIN as INT_MIN
from frankenengine.runtime.values import check_argument, json_dumps_result, to_json


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        INT_MAX,
        INT_MIN,
        2.5,
        float("nan"),
        "s",
        [1, (2, {3: {4}})],
        {"a": [np.arange(3)], (1, "b"): None},
        np.zeros((2, 2, 2), dtype=bool),
        np.arange(3),
        np.float64(1.5),
        np.int64(3),
        np.bool_(True),
        set(),
        [1, 2.5, "s", None, True, INT_MAX, INT_MIN],  # flat: checked at C speed
        (INT_MIN, INT_MAX),
        {1.5, -3},
        [[1.5, 2.5], [], [INT_MIN, True, None]],  # rows of atoms: the fast path too
    ],
)
def test_allowed_arguments(value):
    assert check_argument(value) is value


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (2**63, OverflowError),
        ([1, [INT_MIN - 1]], OverflowError),
        ({"k": 10**30}, OverflowError),
        ([1.5, 2**63], OverflowError),  # flat lists, tuples and sets: the fast path
        ([True, INT_MIN - 1, "s"], OverflowError),
        ((1, 2, -(2**64)), OverflowError),
        ({2**70}, OverflowError),
        ([[1.5], [2, 2**63]], OverflowError),  # rows of atoms and ints: the fast path
        ([[1.5], [b"x"]], TypeError),
        ([[1.5], [[object()]]], TypeError),  # rows of rows: the general walk
        ([1.5, object()], TypeError),
        (b"bytes", TypeError),
        (1j, TypeError),
        (frozenset(), TypeError),
        ([object()], TypeError),
        ({(1, b"x"): 1}, TypeError),
        (np.zeros(3, dtype=np.float32), TypeError),
        (np.zeros(3, dtype=np.int32), TypeError),
        (np.zeros((1, 1, 1, 1)), TypeError),
        (np.zeros(()), TypeError),
        (np.float32(1), TypeError),
        (range(3), TypeError),
        (len, TypeError),
    ],
)
def test_refused_arguments(value, error):
    with pytest.raises(error):
        check_argument(value)


def test_refused_argument_names_its_type():
    with pytest.raises(TypeError, match="bytes"):
        check_argument([b"x"])


def test_a_list_that_contains_itself_is_walked_once():
    loop: list = [1.5]
    loop.append(loop)
    assert check_argument([loop, loop]) is not None


def test_deeply_nested_arguments_do_not_recurse():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert check_argument(deep) is deep


def test_to_json_conversions():
    value = [
        (1, 2),
        dict(
            [(1, "a"), (True, 2), (None, 3), (2.5, 4), ((1, 2), 5), ("s", 6)]
            + [(float("inf"), 7), (np.int64(9), 8)]
        ),
        {3, 1, 2},
        {1, "a", (2,)},
        {float("nan"), 1.0, -1.0},
        np.arange(3),
        np.zeros((2, 2), dtype=bool),
        np.float64(1.5),
        np.int64(-3),
        np.bool_(False),
        float("nan"),
        -0.0,
        {"a": 1}.items(),
        range(3),
    ]
    out = to_json(value)
    assert json_dumps_result(out) == (
        '[[1, 2], {"1": 2, "null": 3, "2.5": 4, "[1, 2]": 5, "s": 6, "Infinity": 7, "9": 8}, '
        '[1, 2, 3], [1, "a", [2]], [-1.0, 1.0, NaN], [0, 1, 2], [[false, false], [false, false]], '
        '1.5, -3, false, NaN, -0.0, [["a", 1]], [0, 1, 2]]'
    )
    assert type(out[7]) is float and type(out[8]) is int and type(out[9]) is bool


def test_to_json_keys_match_json_dumps():
    d = dict([(1, 0), (2.5, 0), (True, 1), (None, 0), ("k", 0), (1e100, 0), (-0.0, 0)])
    assert json_dumps_result(to_json(d)) == json.dumps(d)


def test_to_json_is_deterministic_for_sets_of_mixed_types():
    a = {"b", 2, "a", 1, (1, "x"), None}
    assert to_json(a) == to_json(set(reversed(list(a))))
    assert to_json(a) == [None, 1, 2, "a", "b", [1, "x"]]


def test_to_json_refuses_cycles_and_huge_results_and_unknown_types():
    cyclic: list = []
    cyclic.append(cyclic)
    with pytest.raises(ValueError):
        to_json(cyclic)
    shared: list = [1]
    for _ in range(40):
        shared = [shared, shared]
    with pytest.raises(ValueError):
        to_json(shared, max_nodes=10_000)
    with pytest.raises(TypeError):
        to_json([len])
    repeated = [1, 2]
    assert to_json([repeated, repeated]) == [[1, 2], [1, 2]]


def test_to_json_is_iterative():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    out = to_json(deep)
    for _ in range(100_000):
        out = out[0]
    assert out == []


def test_json_dumps_result():
    assert json_dumps_result({"é": [float("nan"), float("-inf")]}) == '{"é": [NaN, -Infinity]}'
