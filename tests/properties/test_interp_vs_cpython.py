"""Differential property tests: the interpreter lane against CPython on random programs.

Each test draws well-typed programs from `programs.py` (biased towards one
area of the language), runs `main()` under CPython (the oracle, with the
64-bit int model of `oracle.py`) and in the engine's interpreter lane, and
asserts the same outcome: an identical result value (exact types, floats bit
for bit), or the same exception type; and byte-identical printed output. A
`CompileError` fails the test: the generator only emits constructs of the
subset, so the engine rejecting one is an engine bug.

A separate test draws regular "shapes" (deep nesting, long elif chains,
hundreds of statements or names) within what CPython 3.11 accepts; two more
check that repeated calls evolve state as in CPython and that the engine is
deterministic.

Failing examples shrink (for a bounded time) to a program shown in the
assertion message. Reduce it further with

    .venv/bin/python -m tests.properties.oracle FILE --reduce

and save it under `tests/testdata/properties/` (see `test_regressions.py`).
"""

from __future__ import annotations

from hypothesis import given, settings

from .hypothesis_settings import PROPERTY as BASE
from .oracle import check_program, run_engine, same_outcome
from .programs import (
    exception_programs,
    expression_programs,
    function_programs,
    program_shapes,
    programs,
    statement_programs,
)

PROPERTY = settings(BASE, max_examples=150)


@PROPERTY
@given(programs())
def test_random_programs_match_cpython(source):
    check_program(source)


@PROPERTY
@given(expression_programs())
def test_expressions_match_cpython(source):
    check_program(source)


@PROPERTY
@given(statement_programs())
def test_statements_and_control_flow_match_cpython(source):
    check_program(source)


@PROPERTY
@given(function_programs())
def test_functions_and_closures_match_cpython(source):
    check_program(source)


@PROPERTY
@given(exception_programs())
def test_exceptions_match_cpython(source):
    check_program(source)


@settings(PROPERTY, max_examples=25)
@given(program_shapes())
def test_program_shapes_load_and_match_cpython(source):
    """Deep nesting, long chains and many names, within what CPython 3.11 accepts."""
    check_program(source)


@settings(PROPERTY, max_examples=60)
@given(programs())
def test_repeated_calls_match_cpython(source):
    """State that outlives a call (mutable defaults) evolves as in CPython."""
    check_program(source, calls=2)


@settings(PROPERTY, max_examples=60)
@given(programs())
def test_engine_is_deterministic(source):
    """Two fresh loads of the same program give identical results and output."""
    first_loaded, first = run_engine(source)
    second_loaded, second = run_engine(source)
    assert first_loaded == second_loaded
    for a, b in zip(first, second, strict=True):
        assert same_outcome(a, b), f"two runs differ:\n{source}\n{a}\n{b}"
