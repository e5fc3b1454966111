"""Property test: mutated programs go through the whole load pipeline as CPython says they should.

Random mutations of the conformance programs (the project's and the shared
suite's) are parsed, checked, lowered, verified, optimised, turned into
interpreter code and loaded: their top-level code runs under small limits.
The outcome of a load must be one of:

- a compile error, none of whose diagnostics blames the engine ("internal
  error");
- a limit error (FuelExhausted, MemoryLimitExceeded, ...): LANGUAGE.md's
  deliberate difference 2;
- the module loaded, or its top-level code raised an exception of the
  language (the built-in types of LANGUAGE.md "Built-ins", raised with the
  extension's file and line in its traceback). Then CPython, the oracle,
  loading the same module (with the 64-bit int model and the array-element
  rule of tests/properties) must do the same: raise the same type, or
  load and print the same text. An engine bug that surfaces as, say, a
  `TypeError` from the engine's own code shows here as an outcome CPython
  does not have (or as an exception without the extension's traceback).

A module that imports `host` is not run under CPython (the stand-in would do
real I/O); its outcome is still checked against the list above. Every
failure prints the mutant's source.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from properties import oracle
from properties.hypothesis_settings import PROPERTY
from properties.test_lane_parity import compile_for_cpython, cpython_namespace
from test_fuzz_frontend import _mutate

from frankenengine import CompileError, Engine, EngineError, Limits
from frankenengine.runtime.errors import (
    DeadlineExceeded,
    FuelExhausted,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    RecursionLimitExceeded,
)
from tools.evidence.directives import parse_directives

HERE = Path(__file__).resolve()
OWN = HERE.parents[1] / "testdata" / "conformance"
SHARED = HERE.parents[3] / "shared" / "conformance"  # required: see test_seeds_include_shared
SEEDS = sorted(OWN.glob("*.py")) + sorted(SHARED.glob("*.py"))
SEED_SOURCES = [path.read_text(encoding="utf-8") for path in SEEDS]
# A deadline only so that no mutant can hang the run (it is a limit error, allowed).
LIMITS = Limits(fuel=20_000, memory=20_000_000, depth=200, output=100_000, deadline=10.0)
LIMIT_ERRORS = (
    FuelExhausted,
    MemoryLimitExceeded,
    RecursionLimitExceeded,
    OutputLimitExceeded,
    DeadlineExceeded,
)
# The exception types an extension can raise (LANGUAGE.md, "Built-ins"), reviewed here.
LANGUAGE_EXCEPTIONS = frozenset(
    """BaseException Exception ArithmeticError AssertionError AttributeError IndexError KeyError
    LookupError NameError NotImplementedError OverflowError RuntimeError StopIteration TypeError
    UnboundLocalError ValueError ZeroDivisionError OSError FileNotFoundError FileExistsError
    IsADirectoryError NotADirectoryError PermissionError TimeoutError ConnectionError
    CapabilityDenied""".split()
)
CPYTHON_LINES = 5_000_000  # CPython's "fuel": traced lines before its run counts as unfinished
IMPORTS_HOST = re.compile(r"^\s*(from|import)\s+host\b", re.MULTILINE)
FUZZ = settings(PROPERTY, max_examples=150)


class _OutOfLines(BaseException):
    """CPython's run of a module took more than CPYTHON_LINES lines."""


def cpython_load(source: str) -> tuple[str, str]:
    """CPython running the module: ("ok", printed), ("raise", type name) or ("unfinished", "")."""
    code = compile_for_cpython(source)  # a SyntaxError here: the engine accepted invalid Python
    namespace = cpython_namespace(oracle._Model())
    buffer = io.StringIO()
    lines = 0

    def trace(frame, event, arg):
        nonlocal lines
        lines += 1
        if lines > CPYTHON_LINES:
            raise _OutOfLines
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        with contextlib.redirect_stdout(buffer), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, namespace)  # the oracle's run, never the engine's
    except _OutOfLines:
        return ("unfinished", "")
    except Exception as exc:  # the module's own error is its outcome
        return ("raise", type(exc).__name__)
    finally:
        sys.settrace(previous)
    return ("ok", buffer.getvalue())


def check_load(source: str) -> str:
    """Load `source` and assert that the outcome is allowed (module docstring); its kind."""

    def fail(why: str):
        pytest.fail(f"{why}\n--- mutant ---\n{source}", pytrace=False)

    try:
        ext = Engine(lane="interp", limits=LIMITS).load(source, name="mutant", filename="mutant.py")
    except CompileError as exc:
        blamed = [str(d) for d in exc.diagnostics if "internal error" in d.message]
        if blamed or not exc.diagnostics:
            fail(f"the engine failed on the module: {blamed or 'no diagnostics'}")
        return "compile error"
    except EngineError as exc:
        if not isinstance(exc, LIMIT_ERRORS):
            fail(f"engine error that is no limit: {type(exc).__name__}: {exc}")
        return "limit"
    except Exception as exc:
        kind = type(exc)
        if kind.__name__ not in LANGUAGE_EXCEPTIONS or kind.__module__ not in (
            "builtins",
            "frankenengine.runtime.errors",
        ):
            fail(f"{kind.__module__}.{kind.__name__} is not an exception of the language: {exc}")
        notes = "\n".join(getattr(exc, "__notes__", ()))
        where = [int(n) for n in re.findall(r'File "mutant\.py", line (\d+)', notes)]
        if not where or not all(1 <= n <= source.count("\n") + 1 for n in where):
            fail(f"{kind.__name__} ({exc}) without the extension's line: notes {notes!r}")
        engine = ("raise", kind.__name__)
    else:
        engine = ("ok", ext.take_output())
    if IMPORTS_HOST.search(source):
        return engine[0]
    try:
        expected = cpython_load(source)
    except SyntaxError as exc:
        fail(f"the engine ran a module CPython rejects ({exc}); engine: {engine}")
    if expected != engine:
        fail(f"load differs from CPython's\n--- CPython ---\n{expected}\n--- engine ---\n{engine}")
    return engine[0]


@FUZZ
@given(st.data())
def test_mutated_programs_load_as_in_cpython(data):
    source = _mutate(data.draw(st.sampled_from(SEED_SOURCES), label="seed"), data)
    note(f"--- mutant ---\n{source}")
    check_load(source)


@pytest.mark.parametrize("path", SEEDS, ids=[f"{p.parent.parent.name}/{p.stem}" for p in SEEDS])
def test_every_seed_loads_as_in_cpython(path):
    source = path.read_text(encoding="utf-8")
    refused_at = parse_directives(source).compile_error
    outcome = check_load(source)
    if refused_at is None:
        assert outcome == "ok", f"{path.name}: {outcome}"
    else:
        assert outcome == "compile error", f"{path.name} should be refused at line {refused_at}"


def test_seeds_include_shared(shared_conformance):
    """The shared suite is among the seeds (a missing ../shared is an error, not fewer seeds)."""
    assert set(shared_conformance.glob("*.py")) <= set(SEEDS)
    assert len(SEEDS) > len(list(OWN.glob("*.py")))
