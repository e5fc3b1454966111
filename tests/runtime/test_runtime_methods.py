"""Every wrapper of make_methods against calling the method directly."""

from __future__ import annotations

import numpy as np
import pytest
from runtime_oracle import new_meter, normalise, outcome

from frankenengine.language import surface
from frankenengine.runtime.builtins import METHOD_WRAPPED, make_methods


def _failing():
    yield 1
    yield 1 // 0


# name -> samples; a sample is a function returning a fresh (receiver, args, kwargs).
SAMPLES: dict[str, list] = {
    "format": [
        lambda: ("{}-{}-{:>4}", ("a", 1, "z"), {}),
        lambda: ("{0}{1}{0}", ("x", "y"), {}),
        lambda: ("{name!r:^9}|{0:.3f}", (3.14159,), {"name": "n"}),
        lambda: ("{:{width}.{prec}}", (2.71828,), {"width": 8, "prec": 3}),
        lambda: ("{{}} {}", (1,), {}),
        lambda: ("{}{}", (1,), {}),
        lambda: ("{x}", (), {}),
        lambda: ("{0}{}", (1, 2), {}),
        lambda: ([1], (), {}),
        lambda: ("{:d}", ("x",), {}),
    ],
    "append": [
        lambda: ([1], (2,), {}),
        lambda: ((1,), (2,), {}),
        lambda: ([1], (), {}),
        lambda: ([], ("x" * 10,), {}),
    ],
    "extend": [
        lambda: ([1], ([2, 3],), {}),
        lambda: ([1], ((x for x in range(3)),), {}),
        lambda: ([1], (5,), {}),
        lambda: ([1], (range(3),), {}),
        lambda: ([1], ("ab",), {}),
        lambda: ([1], (_failing(),), {}),
        lambda: ([1], ({"k": 1},), {}),
        lambda: ((1,), ([2],), {}),
        lambda: ([0], (np.arange(3),), {}),
        lambda: ([0], (map(str, range(5000)),), {}),
    ],
    "insert": [
        lambda: ([1, 2], (0, 9), {}),
        lambda: ([1], ("a", 2), {}),
        lambda: ([1], (-1, 5), {}),
    ],
    "add": [lambda: ({1}, (2,), {}), lambda: ({1}, ([1],), {}), lambda: ([1], (2,), {})],
    "update": [
        lambda: ({"a": 1}, ({"b": 2},), {}),
        lambda: ({"a": 1}, ([("c", 3)],), {"d": 4}),
        lambda: ({1}, ([2, 3], (4,)), {}),
        lambda: ({"a": 1}, ((x for x in [("k", 1)]),), {}),
        lambda: ({1}, ((x for x in [5]),), {}),
        lambda: ({"a": 1}, ([1],), {}),
        lambda: ({"a": 1}, (["abc"],), {}),
        lambda: ({"a": 1}, ((("k", 1 // x) for x in [1, 0]),), {}),
        lambda: ({1}, (5,), {}),
        lambda: ({1}, (), {"a": 1}),
        lambda: ({"a": 1}, ({}, {}), {}),
        lambda: ([1], ([2],), {}),
    ],
    "setdefault": [
        lambda: ({"a": 1}, ("a", 5), {}),
        lambda: ({"a": 1}, ("b",), {}),
        lambda: ({}, ([1],), {}),
    ],
    "join": [
        lambda: (",", (["a", "b"],), {}),
        lambda: ("-", ((str(i) for i in range(3)),), {}),
        lambda: (",", ([1, 2],), {}),
        lambda: (",", (5,), {}),
        lambda: ([1], ([],), {}),
        lambda: ("", ("abc",), {}),
        lambda: (",", ({"a": 1, "b": 2},), {}),
        lambda: ("é", (("x", "y"),), {}),
        lambda: (",", (["a", ["b"]],), {}),
    ],
    "replace": [
        lambda: ("aaa", ("a", "bb"), {}),
        lambda: ("abc", ("", "-"), {}),
        lambda: ("aaa", ("a", "b", 2), {}),
        lambda: ("abc", (1, "x"), {}),
        lambda: ("abc", ("b", ""), {}),
        lambda: ("abc", ("a", "b"), {"count": 1}),
    ],
    "ljust": [
        lambda: ("ab", (5,), {}),
        lambda: ("ab", (5, "*"), {}),
        lambda: ("ab", (5, "**"), {}),
        lambda: ("ab", (2.5,), {}),
        lambda: ("ab", (-3,), {}),
        lambda: ("ab", (), {"width": 5}),
    ],
    "zfill": [lambda: ("-42", (6,), {}), lambda: ("x", ("a",), {}), lambda: ([1], (3,), {})],
    "expandtabs": [
        lambda: ("a\tb", (), {}),
        lambda: ("a\tb", (4,), {}),
        lambda: ("a\tbc\t", (), {"tabsize": 2}),
        lambda: ("a\tb", (-1,), {}),
    ],
    "copy": [
        lambda: ([1, [2]], (), {}),
        lambda: ({"a": 1}, (), {}),
        lambda: ({1, 2}, (), {}),
        lambda: (np.arange(3), (), {}),
        lambda: ("abc", (), {}),
        lambda: ([1], (2,), {}),
    ],
    "split": [
        lambda: ("a,b,,c", (",",), {}),
        lambda: ("the quick  brown", (), {}),
        lambda: ("a b c", (None, 1), {}),
        lambda: ("a,b,c", (), {"sep": ",", "maxsplit": 1}),
        lambda: ("a", ("",), {}),
        lambda: (" a\u3000b\x1cc ", (), {}),
        lambda: ("a", (1,), {}),
    ],
    "splitlines": [
        lambda: ("a\nb\r\nc", (), {}),
        lambda: ("a\nb\r\nc\n", (), {"keepends": True}),
        lambda: ("", (), {}),
        lambda: ("a\u2028b\x85c", (), {}),
    ],
    "reshape": [
        lambda: (np.arange(6), (2, 3), {}),
        lambda: (np.arange(6), ((3, 2),), {}),
        lambda: (np.arange(6), (4,), {}),
        lambda: ([1], (1,), {}),
        lambda: (np.arange(6).reshape(2, 3)[:, ::2], (-1,), {}),
        lambda: (np.arange(6), (-1,), {}),
    ],
    "union": [
        lambda: ({1, 2}, ({2, 3},), {}),
        lambda: ({1}, ([4], range(3)), {}),
        lambda: ({1, 2}, ((x for x in [2]),), {}),
        lambda: ({1}, (5,), {}),
        lambda: ({1}, (), {}),
        lambda: ([1], ([2],), {}),
    ],
}
SAMPLES["rjust"] = SAMPLES["center"] = SAMPLES["ljust"]
SAMPLES["rsplit"] = SAMPLES["split"]
SAMPLES["intersection"] = SAMPLES["difference"] = SAMPLES["union"]
SAMPLES["symmetric_difference"] = SAMPLES["union"][:1] + SAMPLES["union"][3:]


def _direct(receiver, name, args, kwargs):
    return getattr(receiver, name)(*args, **kwargs)


CASES = [
    pytest.param(name, make, id=f"{name}-{i}")
    for name, samples in sorted(SAMPLES.items())
    for i, make in enumerate(samples)
]


@pytest.mark.parametrize(("name", "make"), CASES)
def test_method_matches_direct_call(name, make):
    methods = make_methods(new_meter())
    receiver, args, kwargs = make()
    mine = outcome(methods[name], receiver, *args, **kwargs)
    mine_after = normalise(receiver)
    receiver, args, kwargs = make()
    theirs = outcome(_direct, receiver, name, args, kwargs)
    assert (mine, mine_after) == (theirs, normalise(receiver))


def test_every_wrapped_method_has_samples_and_is_in_the_surface():
    methods = make_methods(new_meter())
    assert set(methods) == METHOD_WRAPPED == set(SAMPLES)
    assert METHOD_WRAPPED <= surface.ALL_METHODS
    assert surface.GROWING_METHODS <= METHOD_WRAPPED


def test_format_rejects_fields_that_reach_into_values():
    methods = make_methods(new_meter())
    for template in ("{0.real}", "{0[1]}", "{x.y}", "{[0]}"):
        with pytest.raises(ValueError):
            methods["format"](template, [1, 2], x=1)


def test_reshape_to_more_than_three_dimensions_is_refused():
    methods = make_methods(new_meter())
    with pytest.raises(ValueError):
        methods["reshape"](np.arange(16), 2, 2, 2, 2)
