"""Load-time diagnostics against CPython: syntax errors, "not supported" names, call keywords.

CPython is the oracle. The tests compile source with CPython's `compile()`
(test code only: the engine never hands extension text to CPython, which
`test_the_frontend_never_calls_cpythons_compiler` checks) and require the
engine to report the same syntax error, at the same line, in the same words,
alone. The file-driven cases live in tests/testdata/diagnostics (run by
test_check_testdata.py); this module holds the inline cases, a mutation
corpus, and the checks of the surface's tables against the running
interpreter and the runtime's implementations:

- `PYTHON_BUILTIN_NAMES` and `PYTHON_MODULE_MEMBERS` are exactly what CPython
  3.11 and the pinned NumPy have, so "not supported" is said of exactly the
  names Python has;
- `CALL_KEYWORDS` lists, for every engine-provided function, exactly the
  keywords both the engine's implementation and CPython's function take
  (`inspect.signature` where it is known, a probing call otherwise).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import inspect
import io
import json
import math
import random
import warnings
from pathlib import Path

import numpy
import pytest
from escape_names import GLOBAL_NAMES as ESCAPE_NAMES

from frankenengine.frontend.check import check_source
from frankenengine.language import surface
from frankenengine.runtime.builtins import make_builtins
from frankenengine.runtime.limits import Limits, Meter

TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
SITE_NAMES = frozenset({"copyright", "credits", "exit", "help", "license", "quit"})
MODULES = {"math": math, "json": json, "numpy": numpy}


def cpython_error(source: str) -> SyntaxError | None:
    """CPython's syntax error for `source`, or None when it compiles (the oracle)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "t.py", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    return None


def engine(source: str) -> list[tuple[int, str]]:
    _, diagnostics = check_source(source, "t.py")
    return [(d.line, d.message) for d in diagnostics]


# -- syntax errors: inline cases ---------------------------------------------------------------

# Each source has one syntax error whose message the engine promises to word as CPython does.
CPYTHON_WORDED = [
    "x = [1, 2\n",
    "x = (1, [2,\n",
    "x = [1, 2\ny = 3\n",
    "x = foo(1,\n   2,\n   3\ny = 4\n",
    "from . import (a, b\n",
    "x = 1)\n",
    "}\n",
    "x = (1]\n",
    "x = [\n  1,\n)\n",
    "if x\n    pass\n",
    "if x:\n  pass\nelif y\n  pass\n",
    "def f() -> int\n  pass\n",
    "def f() x:\n  pass\n",
    "class A\n  pass\n",
    "try\n  pass\nexcept:\n  pass\n",
    "try:\n  pass\nexcept ValueError as e\n  pass\n",
    "try:\n  pass\nfinally\n  pass\n",
    "with x as y\n  pass\n",
    "for x in y:\n  pass\nelse\n  pass\n",
    "x = 1\n  y = 2\n",
    "for x in range(3):\n  pass\n    else:\n  pass\n",
    "if True:\n    pass\n  pass\n",
    "def f():\n  return\n\n x = 1\n",
    "class A:\npass\n",
    "def f():\n\n\nx = 1\n",
    "with open(x) as f:\nreturn\n",
    "try:\n  pass\nfinally:\npass\n",
    "for x in y:\n  pass\nelse:\npass\n",
    "@d\ndef f():\npass\n",
    "async def f():\n  async for x in y:\n  pass\n",
    "x = 1\nif x:\n",
    "if x:\n\n\n",
    "x = 1 +\n",
    "import\n",
    "from x import\n",
    "x = [i for i in]\n",
    "x = not\n",
    "x = f(**)\n",
    "else:\n  pass\n",
    "x = a b\n",
    "f(a b)\n",
    "x = {1: 2 3: 4}\n",
    "x = [a.b c]\n",
    "x = (a, b c)\n",
    "x = {'a': 1, 'b' 2}\n",
    "x = [w for w inwords]\n",
    "print x\n",
    "[print 1]\n",
    "x = 5 if 3\n",
    "[x if y z]\n",
    "if x = 1:\n  pass\n",
    "[x = 1]\n",
    "if x.y = 1:\n  pass\n",
    "f() = 3\n",
    "x + 1 = 2\n",
    "x = 1 = 2\n",
    "a, b += 1\n",
    "del f()\n",
    "True = 1\n",
    "try:\n  pass\nx = 1\n",
    "def f\n",
    "lookup({'a': }, 'b')\n",
    "x = {1: 2, 3}\n",
    "x = {1: 2, f(3), 4: 5}\n",
    "def f():\r\n    x = [1,\r\n    return x\r\n",
    "def f():\r\n    if x\r\n        pass\r\n",
    "x = [1, 2, 3,, 4]\n",
    "x = 1\x0b\n",
    "a b c d\n",
    "print(f'{x}' y)\n",
    "x = 'abc\ny = 1\n",
    "x = '''abc\ny\nz\n",
    "x = 'abc\\\ndef\n",
    "x = 1abc\n",
    "x = 0x1g\n",
    "x = 09\n",
    "x = 1_\n",
    "x = 0o8\n",
    "x = 1 € 2\n",
    "x = 1 \\ 2\n",
    "x = a\\",
    "if x:\n\tpass\n        pass\n",
    "if x:\n        pass\n\tpass\n",
    "return 1\n",
    "def f():\n  continue\n",
    "def f(a, a):\n  pass\n",
    "def f(x=1, y):\n  pass\n",
    "f(x=1, 2)\n",
    "def f(*, **k): pass\n",
    "x = f(a for a in b, c)\n",
    "def f():\n  await x\n",
    "await x\n",
    "x = 1 if 2 else\n",
    "x = )\ny = 1\nz = (]\n",
    "x = a b\ny = )\n",
    "x = a b\ny = 'abc\n",
    "x = [1 2\n",
    "x = (1 2 +\n",
    "if x:\n  y = [1 2\n",
    "return 1\nx = a b\n",
    "return 1\ndef f(a, a): pass\n",
    "def f():\n  x = 1\n\\\n y = 2\n",
]


@pytest.mark.parametrize("source", CPYTHON_WORDED)
def test_syntax_error_is_cpythons(source):
    oracle = cpython_error(source)
    assert oracle is not None
    assert engine(source) == [(oracle.lineno, f"syntax error: {oracle.msg}")]


# Errors the engine does not word as CPython does (f-string internals, rarer
# second-pass messages): it still reports exactly one, at CPython's line.
LOCATED_ONLY = [
    'x = f"{a!}"\n',
    'x = f"{}"\n',
    "def f(x, *, y, **z, w): pass\n",
    "def f():\n  yield = 1\n",
    'print(\n    f"p50 {x:.1f} ms, p95 {max(y:.1f} ms"\n)\n',
]


@pytest.mark.parametrize("source", LOCATED_ONLY)
def test_other_syntax_errors_are_located(source):
    oracle = cpython_error(source)
    assert oracle is not None
    found = engine(source)
    assert len(found) == 1 and found[0][1] == "syntax error: invalid syntax"
    assert abs(found[0][0] - oracle.lineno) <= 1


def test_valid_python_has_no_syntax_error():
    sources = [
        "x = [1,\n 2]\n",
        "x = (1 if y else\n     2)\n",
        "x = 1if y else 2\n",
        "def f(a, /, b, *, c): pass\n",
        "lambda: (yield)\n",
        "x = 'a' 'b' f'{1}'\n",
        "if x:\n\tpass\nelse:\n\tpass\n",
        "x = 1 \\\n  + 2\n",
        "match x:\n    case 1:\n        pass\n",
    ]
    for source in sources:
        assert cpython_error(source) is None
        assert not [m for _, m in engine(source) if m.startswith("syntax error")], source


def test_the_frontend_never_calls_cpythons_compiler(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the frontend handed text to CPython")

    for name in ("compile", "exec", "eval"):
        monkeypatch.setattr(builtins, name, refuse)
    monkeypatch.setattr(ast, "parse", refuse)
    for source in CPYTHON_WORDED[:20] + ["def f(x):\n    return complex(x, sum=1)\n"]:
        _, diagnostics = check_source(source, "t.py")
        assert diagnostics


# -- syntax errors: a mutation corpus ------------------------------------------------------------

_SNIPPETS = (
    "( ) [ ] { } : , = ' \" \t \n . + $ \\ # 1a 0x 09 * ** not == € if else x 1 print def "
    "return for in lambda"
).split(" ") + ["    ", "\xa0"]


def _mutants(count: int, seed: int) -> list[str]:
    """`count` programs of the testdata (without `match`) with one random edit each."""
    folders = [TESTDATA / "frontend", TESTDATA / "diagnostics"]
    seeds = [
        text
        for folder in folders
        for path in sorted(folder.glob("ok_*.py"))
        if "match" not in (text := path.read_text(encoding="utf-8"))
    ]
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        source = rng.choice(seeds)
        lines = source.split("\n")
        kind = rng.randrange(5)
        at = rng.randrange(len(source) + 1)
        if kind == 0:
            mutant = source[:at] + source[at + 1 :]
        elif kind == 1:
            mutant = source[:at] + rng.choice(_SNIPPETS) + source[at:]
        elif kind == 2:
            marks = [i for i, c in enumerate(source) if c in "()[]{}:"]
            i = rng.choice(marks)
            mutant = source[:i] + source[i + 1 :]
        elif kind == 3:
            j = rng.randrange(len(lines))
            body = lines[j].lstrip(" ")
            width = len(lines[j]) - len(body) + rng.choice([-4, -2, 2, 4])
            indent = rng.choice([" " * max(width, 0), "\t" * (max(width, 0) // 4)])
            mutant = "\n".join(lines[:j] + [indent + body] + lines[j + 1 :])
        else:
            j = rng.randrange(len(lines))
            mutant = "\n".join(lines[: j + 1] + lines[j:])
        if "match" not in mutant:
            out.append(mutant)
    return out


def test_mutants_get_cpythons_syntax_error():
    rejected = same_line = exact = 0
    for mutant in _mutants(500, seed=2026):
        oracle = cpython_error(mutant)
        found = engine(mutant)
        if oracle is None:  # valid Python: never a syntax error
            assert not [m for _, m in found if m.startswith("syntax error")], mutant
            continue
        rejected += 1
        # Exactly one diagnostic, a syntax error, never a follow-on.
        assert len(found) == 1 and found[0][1].startswith("syntax error: "), (mutant, found)
        same_line += found[0][0] == oracle.lineno
        exact += found[0] == (oracle.lineno, f"syntax error: {oracle.msg}")
    assert rejected >= 200
    assert same_line >= 0.99 * rejected
    assert exact >= 0.95 * rejected


# -- "not supported": what Python has and the language lacks -----------------------------------


def test_python_builtin_names_are_cpythons():
    cpython = {name for name in dir(builtins) if not name.startswith("_")} - SITE_NAMES
    assert surface.PYTHON_BUILTIN_NAMES == cpython


@pytest.mark.parametrize("module", sorted(MODULES))
def test_python_module_members_are_cpythons(module):
    actual = {name for name in dir(MODULES[module]) if not name.startswith("_")}
    assert surface.PYTHON_MODULE_MEMBERS[module] == actual
    assert set(surface.MODULE_MEMBERS[module]) <= actual
    assert not surface.OUTSIDE_MODULE_MEMBERS[module] & surface.MODULE_MEMBERS[module]


def test_every_builtin_python_has_is_allowed_refused_or_not_supported():
    for name in sorted(surface.PYTHON_BUILTIN_NAMES - {"True", "False", "None"}):
        found = engine(f"x = {name}\n")
        if name in surface.BUILTIN_NAMES:
            assert found == [], name
        elif name in ESCAPE_NAMES:
            assert found == [(1, f"'{name}' reaches outside the sandbox")]
        else:
            assert found == [(1, f"'{name}' is not supported")]


def test_names_python_lacks_stay_undefined():
    for name in ["unichr", "cmp", "xrange", "raw_input", "reduce", "helper", "license"]:
        assert engine(f"x = {name}\n") == [(1, f"undefined name '{name}'")]


def test_sandbox_names_keep_their_refusal():
    for name in ["open", "eval", "exec", "compile", "globals", "locals", "vars", "dir", "id"]:
        assert engine(f"x = {name}(1)\n") == [(1, f"'{name}' reaches outside the sandbox")]
    assert engine("x = __import__('os')\n") == [(1, "dunder name '__import__' is not allowed")]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_member_python_has_is_allowed_absent_or_not_supported(module):
    members = sorted(surface.PYTHON_MODULE_MEMBERS[module])
    source = f"import {module} as m\n" + "".join(
        f"x{i} = m.{name}\n" for i, name in enumerate(members)
    )
    found = dict(engine(source))
    for line, name in enumerate(members, start=2):
        if name in surface.MODULE_MEMBERS[module]:
            assert line not in found, name
        elif name in surface.OUTSIDE_MODULE_MEMBERS[module]:
            assert found[line] == f"'{module}' has no attribute '{name}'"
        else:
            assert found[line] == f"'{module}.{name}' is not supported"
    assert engine(f"import {module}\nx = {module}.not_a_member\n") == [
        (2, f"'{module}' has no attribute 'not_a_member'")
    ]


def test_from_imports_of_members_python_has():
    assert engine("from math import fsum\n") == [(1, "'math.fsum' is not supported")]
    assert engine("from numpy import fft\n") == [(1, "'numpy.fft' is not supported")]
    assert engine("from numpy import load\n") == [(1, "cannot import 'load' from 'numpy'")]
    assert engine("from math import nope\n") == [(1, "cannot import 'nope' from 'math'")]


# -- call keywords -------------------------------------------------------------------------------

_ARRAY = numpy.ones(3)
# A valid call of each function, as (positional values, their parameter names): a
# probe adds one keyword to it, or passes a named value by keyword instead.
_SAMPLES: dict[str, tuple[tuple, str]] = {
    "abs": ((1,), "x"),
    "all": (([],), "iterable"),
    "any": (([],), "iterable"),
    "bool": ((1,), "x"),
    "chr": ((65,), "i"),
    "dict": ((), ""),
    "divmod": ((7, 2), "x y"),
    "enumerate": (([1],), "iterable"),
    "filter": ((None, [1]), "function iterable"),
    "float": (("1",), "x"),
    "int": (("5",), "x"),
    "isinstance": ((1, int), "obj class_or_tuple"),
    "len": (([],), "obj"),
    "list": (([],), "iterable"),
    "map": ((abs, [1]), "func iterable"),
    "max": (([1],), "iterable"),
    "min": (([1],), "iterable"),
    "ord": (("a",), "c"),
    "pow": ((2, 3), "base exp"),
    "print": (("x",), ""),
    "range": ((3,), "stop"),
    "repr": ((1,), "obj"),
    "reversed": (([1],), "sequence"),
    "round": ((1.5,), "number"),
    "set": (([],), "iterable"),
    "sorted": (([1],), "iterable"),
    "str": ((1,), "object"),
    "sum": (([1],), "iterable"),
    "tuple": (([],), "iterable"),
    "zip": (([1],), ""),
    "math.atan2": ((1.0, 2.0), "y x"),
    "math.copysign": ((1.0, 2.0), "x y"),
    "math.fmod": ((1.0, 2.0), "x y"),
    "math.gcd": ((4, 6), ""),
    "math.hypot": ((3.0, 4.0), ""),
    "math.pow": ((2.0, 3.0), "x y"),
    "json.dumps": (([1],), "obj"),
    "json.loads": (("[1]",), "s"),
    "numpy.maximum": ((_ARRAY, _ARRAY), "x1 x2"),
    "numpy.minimum": ((_ARRAY, _ARRAY), "x1 x2"),
    "numpy.where": ((_ARRAY > 0,), "condition"),
    "numpy.arange": ((3,), "start"),
    "numpy.array": (([1.0],), "object"),
    "numpy.bool_": ((), ""),
    "numpy.float64": ((), ""),
    "numpy.int64": ((), ""),
    "numpy.dot": ((_ARRAY, _ARRAY), "a b"),
    "numpy.empty": ((3,), "shape"),
    "numpy.ones": ((3,), "shape"),
    "numpy.zeros": ((3,), "shape"),
    "numpy.full": ((3, 1.0), "shape fill_value"),
    "numpy.linspace": ((0.0, 1.0), "start stop"),
    "numpy.empty_like": ((_ARRAY,), "a"),
    "numpy.zeros_like": ((_ARRAY,), "a"),
}
# Parameter names CPython documents for functions `inspect.signature` cannot read.
_DOCUMENTED: dict[str, str] = {
    "bool": "x o",
    "dict": "",
    "filter": "function iterable",
    "int": "x base",
    "map": "func iterable",
    "max": "key default",
    "min": "key default",
    "range": "start stop step",
    "set": "iterable",
    "str": "object encoding errors",
    "zip": "iterables strict",
    "math.hypot": "coordinates",
    "math.log": "x base",
}
_NOT_A_KEYWORD = "zz_not_a_keyword"


def _probe(callee: str, keyword: str) -> tuple[tuple, dict]:
    """The arguments of a call of `callee` that passes `keyword` and is otherwise valid."""
    if callee in _SAMPLES:
        values, names = _SAMPLES[callee][0], _SAMPLES[callee][1].split()
    elif callee in surface.EXCEPTION_TYPES:
        values, names = ("message",), []
    elif callee.startswith("numpy."):
        values, names = (_ARRAY,), ["a" if callee[6:] in _REDUCTIONS else "x"]
    else:
        values, names = (0.5,), ["x"]
    if keyword in names:  # passed by keyword instead, with the following values
        at = names.index(keyword)
        return values[:at], dict(zip(names[at:], values[at:], strict=True))
    return values, {keyword: None}


_REDUCTIONS = frozenset({"argmax", "argmin", "copy", "cumsum", "sum"})


def _refuses(function, callee: str, keyword: str) -> bool:
    """True when calling `function` fails because it does not take `keyword`."""
    positional, keywords = _probe(callee, keyword)
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            function(*positional, **keywords)
    except TypeError as exc:
        text = str(exc)
        return "takes no keyword arguments" in text or (
            f"'{keyword}'" in text
            and any(s in text for s in ("unexpected keyword", "invalid keyword", "positional-only"))
        )
    except Exception:  # the keyword was taken; the call failed for another reason
        return False
    return False


def _keyword_parameters(function) -> set[str] | None:
    """Names `function` takes by keyword, per inspect.signature (None: unknown or any)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {p.name for p in parameters if p.kind in kinds}


@pytest.fixture(scope="module")
def implementations() -> dict[str, object]:
    table = make_builtins(Meter(Limits()))
    return {name: value for name, value in table.items() if callable(value)}


def _cpython_function(callee: str):
    module, _, name = callee.rpartition(".")
    if not module:
        return getattr(builtins, name, None)
    return getattr(MODULES[module], name)


def test_every_engine_function_has_its_keywords_listed(implementations):
    assert set(surface.CALL_KEYWORDS) == set(implementations)
    for keywords in surface.CALL_KEYWORDS.values():
        assert keywords == frozenset({surface.ANY_KEYWORD}) or surface.ANY_KEYWORD not in keywords


@pytest.mark.parametrize("callee", sorted(surface.CALL_KEYWORDS))
def test_call_keywords_match_the_implementations(callee, implementations):
    listed = surface.CALL_KEYWORDS[callee]
    implementation = implementations[callee]
    cpython = _cpython_function(callee)  # None for CapabilityDenied: the engine's own class
    functions = [implementation] + ([cpython] if cpython is not None else [])
    if surface.ANY_KEYWORD in listed:
        assert all(not _refuses(f, callee, _NOT_A_KEYWORD) for f in functions)
        return
    for function in functions:  # the probe itself works on this function
        assert _refuses(function, callee, _NOT_A_KEYWORD), function
    declared = _keyword_parameters(implementation)
    if declared is not None:
        assert listed <= declared, f"not in {callee}'s signature: {sorted(listed - declared)}"
    for keyword in listed:  # listed: both take it
        for function in functions:
            assert not _refuses(function, callee, keyword), (function, keyword)
    candidates = set(listed) | set(_DOCUMENTED.get(callee, "").split())
    for function in functions:
        candidates |= _keyword_parameters(function) or set()
    for keyword in candidates - listed:  # not listed: one of them refuses it
        assert any(_refuses(function, callee, keyword) for function in functions), keyword


def test_keywords_of_static_callees_are_checked_at_load():
    source = (
        "import json\nimport numpy as np\nfrom math import sqrt\n"
        "def main(x):\n"
        "    a = json.dumps(x, ensure_ascii=False)\n"
        "    b = np.zeros(3, order='C')\n"
        "    c = sqrt(x=2.0)\n"
        "    d = len(x, obj=1)\n"
        "    return a, b, c, d\n"
    )
    assert engine(source) == [
        (5, "json.dumps() got an unexpected keyword argument 'ensure_ascii'"),
        (6, "numpy.zeros() got an unexpected keyword argument 'order'"),
        (7, "math.sqrt() takes no keyword arguments"),
        (8, "len() takes no keyword arguments"),
    ]


def test_calls_the_checker_cannot_resolve_are_left_to_run_time():
    source = (
        "import json\n"
        "def main(f, x, len):\n"
        "    dumps = json.dumps if x else f\n"
        "    return f(ensure_ascii=1), dumps(x, ensure_ascii=1), len(x, obj=1)\n"
    )
    assert engine(source) == []
