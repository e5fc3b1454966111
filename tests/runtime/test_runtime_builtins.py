"""Every key of make_builtins against CPython's own object on sample inputs."""

from __future__ import annotations

import builtins
import math

import numpy as np
import pytest
from runtime_oracle import new_meter, oracle_outcome, outcome, reference_table

from frankenengine.language import surface
from frankenengine.runtime.builtins import make_builtins
from frankenengine.runtime.errors import CapabilityDenied

REFERENCE = reference_table()
NAN, INF = float("nan"), float("inf")


def gen(*items):
    """A fresh generator factory (each side of a comparison needs its own)."""
    return lambda: (x for x in items)


def raising_gen():
    yield ("a", 1)
    raise KeyError("boom")


# name -> list of samples; a sample is (args, kwargs). Arguments that are
# callables named "_fresh" are called once per side; "@name" strings are
# replaced by that side's object for `name` (the engine's wrappers vs CPython's).
SAMPLES: dict[str, list] = {
    "abs": [((-5,), {}), ((-2.5,), {}), ((True,), {}), (("x",), {}), ((np.int64(-3),), {})],
    "all": [(([1, 0],), {}), (([],), {}), ((range(5),), {}), ((5,), {}), ((gen(1, 2),), {})],
    "any": [(([0, 0, 1],), {}), (([],), {}), ((range(0),), {}), ((None,), {})],
    "bool": [((0,), {}), (("",), {}), (("0",), {}), (([],), {}), ((None,), {}), ((), {})],
    "chr": [((97,), {}), ((0x110000,), {}), (("a",), {}), ((-1,), {}), ((0x1F600,), {})],
    "dict": [
        (([("a", 1)],), {}),
        ((), {}),
        (({"a": 1},), {"b": 2}),
        ((), {"x": 1}),
        ((gen(("a", 1), ("b", 2)),), {}),
        (([1],), {}),
        ((["abc"],), {}),
        ((5,), {}),
        (({"a": 1}, {"b": 2}), {}),
        ((raising_gen,), {}),
    ],
    "divmod": [((-17, 5), {}), ((7.5, 2), {}), ((1, 0), {}), ((1.0, 0.0), {}), (("a", 1), {})],
    "enumerate": [(("abc",), {}), (("abc", 1), {}), (([5],), {"start": 5}), ((5,), {})],
    "filter": [((None, [0, 1, 2, ""]), {}), ((bool, range(4)), {}), ((None, 5), {})],
    "float": [(("2.5",), {}), ((3,), {}), (("x",), {}), ((" inf ",), {}), (("-0.0",), {})],
    "int": [
        (("42",), {}),
        ((" -17 ",), {}),
        ((7.9,), {}),
        ((-7.9,), {}),
        (("ff", 16), {}),
        (("101",), {"base": 2}),
        (("x",), {}),
        ((INF,), {}),
        ((NAN,), {}),
        ((True,), {}),
        ((), {}),
        (([1],), {}),
    ],
    "isinstance": [
        ((3, "@int"), {}),
        ((3.0, "@int"), {}),
        (("s", "@str"), {}),
        ((True, "@int"), {}),
        (([], ("@str", "@list")), {}),
        (({}, "@dict"), {}),
        (((1,), "@tuple"), {}),
        (({1}, "@set"), {}),
        ((2.5, "@float"), {}),
        ((True, "@bool"), {}),
        ((ValueError("x"), "@Exception"), {}),
        ((KeyError("x"), ("@IndexError", "@LookupError")), {}),
        ((np.float64(1.0), "@float"), {}),
        ((np.int64(1), "@int"), {}),
        ((range(3), "@range"), {}),
        ((3, "@len"), {}),
        ((3, 5), {}),
        ((enumerate([]), "@enumerate"), {}),
        ((zip(), "@zip"), {}),
        ((map(abs, []), "@map"), {}),
        ((filter(None, []), "@filter"), {}),
        ((reversed([]), "@reversed"), {}),
    ],
    "len": [(("abc",), {}), (([1, 2],), {}), ((5,), {}), ((range(-(2**63), 2**63 - 1),), {})],
    "list": [
        (("hey",), {}),
        ((range(5),), {}),
        ((gen(1, 2, 3),), {}),
        ((5,), {}),
        (({"a": 1, "b": 2},), {}),
        ((), {}),
        (([1], [2]), {}),
        ((np.arange(3),), {}),
        ((raising_gen,), {}),
    ],
    "map": [((abs, [-1, 2]), {}), ((lambda a, b: a + b, [1, 2], [3, 4]), {}), ((abs, 5), {})],
    "max": [
        (([3, 1, 2],), {}),
        ((3, 9, 1), {}),
        (([],), {}),
        (([],), {"default": 0}),
        (("apple", "fig", "kiwi"), {"key": len}),
        (([1, "a"],), {}),
        ((range(10),), {}),
        ((), {}),
    ],
    "min": [
        (([3, 1, 2],), {}),
        ((3, 9, 1), {}),
        (([],), {}),
        (([-3, 1, 2],), {"key": abs}),
        ((gen((2, "b"), (1, "z")),), {}),
    ],
    "ord": [(("A",), {}), (("ab",), {}), ((5,), {}), (("é",), {})],
    "pow": [
        ((3, 4), {}),
        ((2, 10, 1000), {}),
        ((2, -2), {}),
        ((0, -1), {}),
        ((2, -1, 5), {}),
        ((2, 3, 0), {}),
        ((2.0, 0.5), {}),
        (("a", 2), {}),
        ((-2, 63), {}),
        ((2, 62), {}),
        ((-8.0, 1 / 3), {}),
        ((10.0, 400), {}),
    ],
    "range": [((5,), {}), ((1, 10, 3), {}), ((1, 2, 0), {}), ((1.5,), {}), ((-5, 5, -2), {})],
    "repr": [
        (("it's",), {}),
        (('say "hi"',), {}),
        (([1, "a", None, 2.5],), {}),
        ((-0.0,), {}),
        (({1: (2,)},), {}),
        (({1, 2},), {}),
        (("é\n\x00",), {}),
        ((np.float64(1.5),), {}),
        ((np.arange(3),), {}),
        ((("@int", "@list", "@zip", "@float", "@enumerate", "@range"),), {}),
    ],
    "reversed": [
        (([1, 2, 3],), {}),
        (("abc",), {}),
        ((range(5),), {}),
        (({1, 2},), {}),
        (({"a": 1, "b": 2},), {}),
    ],
    "round": [
        ((2.5,), {}),
        ((3.5,), {}),
        ((-0.5,), {}),
        ((2.675, 2), {}),
        ((1234.5678, -2), {}),
        ((7, -1), {}),
        ((15, -1), {}),
        ((INF,), {}),
        ((NAN,), {}),
        ((np.float64(2.675), 2), {}),
        ((np.float64(2.5),), {}),
        (("x",), {}),
        ((2.5, None), {}),
    ],
    "set": [(([1, 2, 2],), {}), (("abc",), {}), (([[1]],), {}), ((gen(1, 2),), {}), ((), {})],
    "sorted": [
        (([3, 1, 2],), {}),
        (([3, 1, 2],), {"reverse": True}),
        ((["b", "A", "c"],), {"key": str.lower}),
        (([1, "a"],), {}),
        (("bca",), {}),
        (({"b": 1, "a": 2},), {}),
        ((gen(3, 2, 1),), {}),
        ((5,), {}),
        (([1],), {"reverse": "x"}),
    ],
    "str": [
        ((3,), {}),
        ((2.5,), {}),
        (([1, "a"],), {}),
        ((None,), {}),
        ((), {}),
        (({1: 2},), {}),
        ((-0.0,), {}),
        ((True,), {}),
        ((np.arange(3.0),), {}),
        ((ValueError("bad", 1),), {}),
        (("@dict",), {}),
        (("@ValueError",), {}),
    ],
    "sum": [
        (([1, 2, 3],), {}),
        (([1, 2], 10), {}),
        (([1, 2],), {"start": 10}),
        (([0.1] * 10,), {}),
        ((["a"], ""), {}),
        (([[1], [2]], []), {}),
        (([1, "a"],), {}),
        (([True, True],), {}),
        (([1, 2.5, 3],), {}),
        ((range(100),), {}),
        ((5,), {}),
        ((np.arange(4.0),), {}),
    ],
    "tuple": [(([1, 2],), {}), (("ab",), {}), ((5,), {}), ((gen(1),), {})],
    "zip": [(([1, 2, 3], "ab"), {}), ((), {}), (([1], 5), {})],
    # math
    "math.gcd": [((84, 36), {}), ((0, 0), {}), ((-12, 18), {}), ((2.5, 1), {}), ((4, 6, 8), {})],
    "math.log": [((8, 2), {}), ((0.0,), {}), ((-1,), {}), ((math.e,), {})],
    # numpy
    "numpy.zeros": [
        ((3,), {}),
        (((2, 3),), {}),
        (((2,),), {"dtype": "@int"}),
        ((3,), {"dtype": "@bool"}),
        ((3,), {"dtype": "@numpy.int64"}),
        ((-1,), {}),
        ((2.5,), {}),
        (([2, 2],), {"dtype": "@float"}),
    ],
    "numpy.full": [
        (((2, 2), 7), {}),
        ((3, 2.5), {}),
        ((3, True), {}),
        ((3, 1), {"dtype": "@float"}),
        ((3, [1, 2, 3]), {}),
    ],
    "numpy.arange": [
        ((5,), {}),
        ((1, 10, 3), {}),
        ((0, 1, 0.25), {}),
        ((5.0,), {}),
        ((0, 10, 0), {}),
        ((10, 0), {}),
        ((0, 5), {"dtype": "@float"}),
        ((0, INF), {}),
        ((10, 0, -3), {}),
    ],
    "numpy.linspace": [
        ((0, 1, 5), {}),
        ((0, 1), {}),
        ((0, 10, 4), {"endpoint": False}),
        ((0, 1, -1), {}),
        ((0, 1, 2.5), {}),
        ((0, 1, 3), {"dtype": "@int"}),
    ],
    "numpy.array": [
        (([1, 2, 3],), {}),
        (([[1, 2], [3, 4.5]],), {}),
        (([True, False],), {}),
        (((1, 2),), {}),
        ((range(4),), {}),
        (([[1], [2, 3]],), {}),
        (([1, 2],), {"dtype": "@float"}),
        ((np.arange(3),), {}),
        (([np.arange(2), [3, 4]],), {}),
        (([],), {}),
    ],
    "numpy.copy": [((np.arange(3),), {}), (([1, 2],), {}), ((np.ones((2, 2))[:, 0],), {})],
    "numpy.where": [
        ((np.array([True, False, True]),), {}),
        ((np.array([True, False]), 1, 2), {}),
        ((np.array([1, 0]), np.arange(2), -1.5), {}),
        ((np.array([1, 0]), 1), {}),
    ],
    "numpy.minimum": [
        ((np.arange(3), 1), {}),
        (([1, 5], [3, 2]), {}),
        ((np.arange(3), np.arange(2)), {}),
    ],
    "numpy.sum": [
        ((np.arange(6).reshape(2, 3),), {}),
        ((np.arange(6).reshape(2, 3),), {"axis": 0}),
        ((np.arange(6).reshape(2, 3),), {"axis": 1}),
        ((np.arange(6).reshape(2, 3),), {"axis": 5}),
        (([1, 2],), {}),
        ((np.arange(3),), {"dtype": "@float"}),
    ],
    "numpy.dot": [
        ((np.arange(3), np.arange(3)), {}),
        ((np.ones((2, 3)), np.ones((3, 2))), {}),
        ((np.ones((2, 3)), np.ones((2, 3))), {}),
        ((2, np.arange(3)), {}),
        ((np.ones((2, 3)), np.arange(3.0)), {}),
    ],
    "numpy.argmax": [
        ((np.array([3, 1, 2]),), {}),
        ((np.arange(6).reshape(2, 3),), {"axis": 0}),
        (([],), {}),
    ],
    "numpy.cumsum": [
        ((np.arange(5),), {}),
        ((np.arange(6).reshape(2, 3),), {"axis": 1}),
        (([1, 2.5],), {}),
    ],
    "numpy.float64": [((2.5,), {}), (("1.5",), {}), (("x",), {})],
    "numpy.int64": [((3,), {}), (("12",), {})],
    "numpy.bool_": [((0,), {}), ((2,), {})],
    # json
    "json.dumps": [
        (({"a": [1, 2.5, None, True]},), {}),
        (({"b": 1, "a": [1, {"c": []}]},), {"indent": 2}),
        (({"b": 1, "a": 2},), {"sort_keys": True}),
        (([1, 2],), {"separators": (",", ":")}),
        (({1: "x", 2.5: "y", None: 1, False: 2},), {}),
        (({(1, 2): 1},), {}),
        ((NAN,), {}),
        (("é\u2028\U0001f600",), {}),
        (({1, 2},), {}),
        (((1, 2),), {"indent": "\t"}),
        ((np.float64(0.5),), {}),
        ((np.int64(5),), {}),
        (({"b": 1, 2: 1},), {"sort_keys": True}),
    ],
    "json.loads": [
        (('{"a": [1, 2.5, null, true]}',), {}),
        (("[1, 2",), {}),
        ((5,), {}),
        (("NaN",), {}),
        (("-0",), {}),
        (("1e400",), {}),
        (('"\\ud83d\\ude00"',), {}),
    ],
}

_UNARY_FLOAT = [(0.5,), (2,), (-1.0,), (1e308,), (NAN,), (INF,), ("x",), (0,)]
_BINARY_FLOAT = [(1.0, -1.0), (2.0, 0.0), (-7.0, 3.0), (INF, 2.0), ("a", 1.0)]
for _name in surface.MODULE_MEMBERS["math"]:
    _key = f"math.{_name}"
    if _key in SAMPLES or not callable(getattr(math, _name)):
        continue
    if _name in ("atan2", "fmod", "hypot", "copysign", "pow"):
        SAMPLES[_key] = [(a, {}) for a in _BINARY_FLOAT]
    else:
        SAMPLES[_key] = [(a, {}) for a in _UNARY_FLOAT + [(-2.5,), (2.5,)]]
for _name in ("sqrt", "exp", "log", "sin", "cos", "abs"):
    SAMPLES[f"numpy.{_name}"] = [
        ((np.arange(4),), {}),
        ((4.0,), {}),
        (([1, 4],), {}),
        ((-1.0,), {}),
        ((np.array([[-1.5, 2]]),), {}),
    ]
SAMPLES["numpy.maximum"] = SAMPLES["numpy.minimum"]
SAMPLES["numpy.argmin"] = SAMPLES["numpy.argmax"]
SAMPLES["numpy.ones"] = SAMPLES["numpy.zeros"]
SAMPLES["numpy.empty"] = SAMPLES["numpy.zeros"]
SAMPLES["numpy.zeros_like"] = [
    ((np.arange(3),), {}),
    (([1.5, 2],), {}),
    ((np.ones((2, 2)),), {"dtype": "@bool"}),
    (([True],), {}),
]
SAMPLES["numpy.empty_like"] = SAMPLES["numpy.zeros_like"]


def _resolve(value, table):
    if callable(value) and getattr(value, "__name__", "") in ("<lambda>", "raising_gen"):
        if value.__name__ == "raising_gen" or value.__code__.co_argcount == 0:
            return value()
    if type(value) is str and value.startswith("@"):
        return table[value[1:]]
    if type(value) is tuple:
        return tuple(_resolve(v, table) for v in value)
    return value


CASES = [
    pytest.param(name, sample, id=f"{name}-{i}")
    for name, samples in sorted(SAMPLES.items())
    for i, sample in enumerate(samples)
]


@pytest.mark.parametrize(("name", "sample"), CASES)
def test_builtin_matches_cpython(name, sample):
    engine = make_builtins(new_meter())
    args, kwargs = sample
    mine = outcome(
        engine[name],
        *_resolve(args, engine),
        **{k: _resolve(v, engine) for k, v in kwargs.items()},
    )
    theirs = oracle_outcome(
        REFERENCE[name],
        *_resolve(args, REFERENCE),
        **{k: _resolve(v, REFERENCE) for k, v in kwargs.items()},
    )
    assert mine == theirs


def test_every_builtin_has_samples():
    """Each function key has samples above (constants, exceptions and print are tested below)."""
    engine = make_builtins(new_meter())
    constants = {f"math.{n}" for n in ("pi", "e", "inf", "nan", "tau")}
    special = constants | set(surface.EXCEPTION_TYPES) | {"print"}
    assert set(engine) - special == set(SAMPLES)


def test_math_constants_are_the_values():
    engine = make_builtins(new_meter())
    for name in ("pi", "e", "inf", "tau"):
        assert engine[f"math.{name}"] == getattr(math, name)
    assert math.isnan(engine["math.nan"])


def test_exception_types_are_the_real_classes():
    engine = make_builtins(new_meter())
    for name, parent in surface.EXCEPTION_PARENTS.items():
        cls = engine[name]
        assert cls is REFERENCE[name]
        assert cls is (CapabilityDenied if name == "CapabilityDenied" else getattr(builtins, name))
        if parent is not None:
            assert issubclass(cls, engine[parent])
    assert issubclass(CapabilityDenied, PermissionError)


def _print_both(*args, **kwargs):
    import contextlib
    import io

    out: list[str] = []
    engine = make_builtins(new_meter(out=out))
    mine = outcome(engine["print"], *args, **kwargs)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        theirs = outcome(print, *args, **kwargs)
    return (mine, "".join(out)), (theirs, buf.getvalue())


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, "a", [1, "b"], None, 2.5, -0.0), {}),
        ((1, 2), {"sep": ", ", "end": "!\n"}),
        ((1, 2), {"sep": None, "end": None}),
        ((), {}),
        (("x",), {"end": ""}),
        (("é", {"k": (1,)}), {"sep": "\u2028"}),
        ((np.float64(1.5), np.arange(3)), {}),
    ],
)
def test_print_output_matches_cpython(args, kwargs):
    mine, theirs = _print_both(*args, **kwargs)
    assert mine == theirs


@pytest.mark.parametrize("kwargs", [{"sep": 5}, {"end": b"x"}, {"foo": 1}, {"file": "f"}])
def test_print_bad_keywords_raise_type_error(kwargs):
    engine = make_builtins(new_meter())
    with pytest.raises(TypeError) as info:
        engine["print"]("x", **kwargs)
    if "sep" in kwargs:
        assert str(info.value) == "sep must be None or a string, not int"
    if "foo" in kwargs:
        assert str(info.value) == "'foo' is an invalid keyword argument for print()"


def test_print_accepts_flush_and_file_none():
    mine, theirs = _print_both("a", 1, flush=True, file=None)
    assert mine == theirs


def test_print_charges_the_output_limit():
    from frankenengine.runtime.errors import OutputLimitExceeded
    from frankenengine.runtime.limits import Limits, Meter

    meter = Meter(Limits(output=10))
    engine = make_builtins(meter)
    engine["print"]("12345")
    with pytest.raises(OutputLimitExceeded):
        engine["print"]("123456")
