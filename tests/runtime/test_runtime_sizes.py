"""Size estimates and text bounds."""

from __future__ import annotations

import json

import numpy as np

from frankenengine.runtime import sizes
from frankenengine.runtime.sizes import deep_size, estimate, text_bound


def test_shallow_estimates_follow_the_table():
    assert estimate("abc") == 49 + 3
    assert estimate("ééé") == 49 + 12
    assert estimate([1, 2]) == estimate((1, 2)) == 56 + 16
    assert estimate({"a": 1}) == 64 + 100
    assert estimate({1, 2, 3}) == 200 + 180
    assert estimate(np.zeros(10)) == 112 + 80
    assert estimate(np.zeros(10, dtype=bool)) == 112 + 10
    assert estimate(5) == estimate(2.5) == estimate(None) == 32


def test_deep_size_counts_each_object_once():
    s = "x" * 100
    inner = [s, s]
    total = deep_size([[inner, inner]])
    assert total == estimate([inner, inner]) + estimate(inner) + estimate(s)
    assert deep_size([inner], exclude={id(inner)}) == 0
    assert deep_size([{"k": (1, 2.5)}]) == 164 + 49 + 1 + 72 + 32 + 32
    numbers = list(range(1000))
    assert deep_size([numbers]) == 56 + 8 * 1000 + 32 * 1000
    assert deep_size([[numbers, numbers]]) == deep_size([numbers]) + 56 + 16


def test_deep_size_of_views_counts_the_base_once():
    base = np.zeros(1000)
    views = [base[:10], base[5:], base.reshape(10, 100)]
    assert deep_size([views]) == estimate(views) + 3 * 112 + (112 + 8000)
    assert deep_size([base[::2]]) == 112 + 112 + 8000
    d = {"a": 1}
    assert deep_size([d.keys()]) == 32 + estimate(d) + 49 + 1 + 32


def test_deep_size_is_iterative():
    deep: list = []
    for _ in range(200_000):
        deep = [deep]
    assert deep_size([deep]) == 200_001 * 56 + 200_000 * 8
    cyclic: list = []
    cyclic.append(cyclic)
    assert deep_size([cyclic]) == 64


def _bounded(value, **kw):
    return text_bound(value, **kw) >= sizes.str_size(len(repr(value)), repr(value).isascii())


def test_text_bound_covers_repr_and_str():
    shared = ["é" * 10, "x'\\\"" * 5]
    cyclic: list = [1]
    cyclic.append(cyclic)
    values = [
        5,
        -(2**63),
        -1.7976931348623157e308,
        "plain",
        "tab\there\x00\u2028",
        "😀" * 20,
        [shared, shared, (shared,)],
        {1: [None, True], "k": {2.5: ()}},
        {1, 2, 3},
        set(),
        (1,),
        cyclic,
        {"a": 1}.items(),
        np.arange(2000.0),
        np.arange(30).reshape(2, 3, 5) * 1.5,
        ValueError("bad", [1, 2]),
        np.float64(-1.5e-300),
        np.int64(-(2**63)),
        range(-(2**63), 2**63 - 1, 3),
    ]
    for v in values:
        assert _bounded(v), v
        assert text_bound(v) >= sizes.str_size(len(str(v)), str(v).isascii()), v


def test_text_bound_of_shared_trees_grows_with_the_text_not_the_objects():
    a = ["x" * 10]
    for _ in range(50):
        a = [a, a]
    assert text_bound(a) > 2**50 * 10
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert text_bound(deep) >= 2 * 100_000


def test_json_bound_covers_json_dumps():
    values = [
        {"a": [1, 2.5, None, True], "é": "😀\n"},
        [[1, [2, [3]]], {"k": {1: float("nan")}}],
        "x" * 100,
        [],
    ]
    for v in values:
        for indent in (None, 0, 2, 7):
            text = json.dumps(v, indent=indent)
            assert text_bound(v, json=True, indent=indent, item_sep=2, key_sep=2) >= 49 + len(text)
        text = json.dumps(v, separators=(" , ", " : "))
        assert text_bound(v, json=True, item_sep=3, key_sep=3) >= 49 + len(text)
