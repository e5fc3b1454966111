"""Differential property tests for the lanes: random numeric functions in every lane and CPython.

Each test draws a `Case` from `numeric_programs.py` (a module of 1-3 numeric
functions, the entry function and its arguments), calls the entry function in
CPython (the oracle) and in the engine's lanes (`interp`, `jit` and `auto`;
in `auto` the entry is called twice, with a tier-up policy of one call: the
first call runs in the interpreter and profiles, the second runs the
specialised native code; `osr` is `auto` entering the entry's loops natively in
the middle of its only call, `LOOPS_ONLY`), and asserts, for every lane and call:

- the same outcome as CPython: an identical return value (exact types, floats
  bit for bit, so `-0.0 != 0.0` and NaN payloads count, tuples stay tuples),
  or an exception of the same type (messages are not compared);
- the same contents of every array argument afterwards (dtype, shape and
  bytes), since the functions may write into them. Every run gets fresh
  arrays, rebuilt from the case's argument text (aliasing between arguments
  included).

A `CompileError` or an engine error (limits: `FuelExhausted`, ...) fails the
test: the generator only emits programs of the subset, and they are small. A
lane whose native code never returns hangs the test (the engine's limits are
what must stop it); `-o faulthandler_timeout=60` shows where it is stuck.

The oracle is `oracle.py`'s, with its model of deliberate difference 1 (an int
result outside [-2**63, 2**63-1] raises `OverflowError` at that operation),
plus one rule of the engine's value model: reading an array element gives a
Python `bool`/`int`/`float` (a value of the language), not a NumPy scalar. So,
before `oracle._Instrument` weaves in the int model, every subscript read
`a[i]` becomes `_fe_item(a[i])` (`.item()` for NumPy scalars, identity
otherwise) and `a[i] op= v` becomes `_fe_augelem(a, i, lambda: v, op)` (same
evaluation order, the element read as a Python scalar, the result checked by
the int model). Without it CPython would, for example, divide a NumPy
`float64` by zero into `inf` with a warning where the language raises
`ZeroDivisionError`, and wrap int64 overflow silently.

Tests:

- `test_interp_lane_matches_cpython`: many cases, interpreter lane only (fast,
  random like the other property tests);
- `test_jit_lane_matches_cpython_and_interp`: fewer, smaller cases (each
  function is compiled by Numba), in every lane. The examples are new every
  run (no `derandomize`: a fixed seed would test the same 20 programs
  forever); 20 examples keep a run's compile cost near 20 seconds on the
  shared 2-core machine. `ext.lanes()` is recorded in the failure report;
- `test_eligible_functions_run_in_jit_lane`: clearly eligible shapes (no
  recursion, no float exponents, plain contiguous arguments); besides parity,
  the entry function must have run in the JIT lane, in `jit` and in `auto`'s
  second call (`ext.lanes()[entry]["lane"] == "jit"`);
- `test_lane_parity_regression`: every program under
  `tests/testdata/properties/lane_parity/`, in every lane: `seed_*.py` are
  hand-written from the generator's grammar (edge cases a compiled lane easily
  gets wrong: exact int/float comparison, -0.0 and NaN bits, shifts by 64,
  writes before an exception, 2-D bounds, views and aliases), `bug_*.py` are
  failing cases found by the properties. Each file is a regression file:
  `# entry:` and `# args:` header lines, then the module.

Adding a counterexample: a failing example prints as the text of a
regression file (the assertion message and Hypothesis's "Falsifying example"
both show it, and Hypothesis prints a `@reproduce_failure` blob that replays
it exactly). Save that text as
`tests/testdata/properties/lane_parity/bug_NNN_<what_went_wrong>.py` (the next
free number), shortened by hand while it still fails, with a comment line
saying what differed; `test_lane_parity_regression` then runs it in every lane
on every run, whatever the random examples are. Run the JIT tests alone with
`-k "jit or regression"`; `--hypothesis-show-statistics` shows the outcome mix
and which lane the entry ran in.
"""

from __future__ import annotations

import ast
import math
import operator
import struct
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import event, given, note, settings

from frankenengine import Engine
from frankenengine.profiles.profile import TierPolicy

from . import oracle
from .hypothesis_settings import PROPERTY as BASE
from .numeric_programs import Case, numeric_cases, parse_case

REGRESSIONS = Path(__file__).resolve().parents[1] / "testdata" / "properties" / "lane_parity"
LANES = ("interp", "jit", "auto", "osr")
# `auto` tiers a function up after its first call: the second call runs native code.
AUTO_TIER_UP = TierPolicy(calls=1, seconds=0.0, compile_in_background=False)
# "osr": `auto` that never compiles a whole function, and enters every loop it can in
# native code at the top of its second iteration (in-call tier-up).
LOOPS_ONLY = TierPolicy(
    calls=10**9, fuel=10**18, seconds=0.0, loop_poll=2, compile_in_background=False
)
_POLICIES = {"auto": AUTO_TIER_UP, "osr": LOOPS_ONLY}
AUTO_CALLS = 2
PROPERTY = settings(BASE, max_examples=100)
# The JIT compiles every function it runs: few examples (new ones every run).
JIT_PROPERTY = settings(PROPERTY, max_examples=20)


# -- the oracle: CPython with array elements read as Python scalars -------------------
def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _ArrayElements(ast.NodeTransformer):
    """`a[i]` -> `_fe_item(a[i])`; `a[i] op= v` -> `_fe_augelem(a, i, lambda: v, "iop")`."""

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            return ast.copy_location(_call("_fe_item", node), node)
        return node

    def visit_AugAssign(self, node):
        target = node.target
        if not isinstance(target, ast.Subscript):
            return self.generic_visit(node)
        container = self.visit(target.value)
        key = self.visit(target.slice)
        value = self.visit(node.value)
        thunk = ast.Lambda(
            args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
            body=value,
        )
        opname = ast.Constant(oracle.AUG_NAMES[type(node.op)])
        call = _call("_fe_augelem", container, key, thunk, opname)
        return ast.copy_location(ast.Expr(value=call), node)


def _item(value):
    return value.item() if isinstance(value, np.generic) else value


def compile_for_cpython(source: str):
    """The module compiled with the array-element rule and then oracle.py's int model."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = _ArrayElements().visit(ast.parse(source, "p.py"))
            tree = ast.fix_missing_locations(oracle._Instrument().visit(tree))
            return compile(tree, "p.py", "exec")
    finally:
        sys.setrecursionlimit(limit)


@dataclass
class Run:
    """What one side did: the call's outcome, the array arguments afterwards, the lanes used."""

    outcome: oracle.Outcome
    arrays: list[tuple[int, str, tuple, bytes]]  # (argument index, dtype, shape, contents)
    lanes: dict | None = None


def _arrays(args: list) -> list[tuple[int, str, tuple, bytes]]:
    """Array arguments by dtype, shape and bytes; list arguments by their items' exact types
    and reprs (dtype "list"), so a lane that coerces `[1, 2.0]` or loses a write shows."""
    return [
        (k, str(a.dtype), a.shape, a.tobytes())
        if isinstance(a, np.ndarray)
        else (k, "list", (len(a),), repr([(type(x).__name__, x) for x in a]).encode())
        for k, a in enumerate(args)
        if isinstance(a, np.ndarray | list)
    ]


def cpython_namespace(model: oracle._Model) -> dict:
    """A fresh namespace for code from `compile_for_cpython`: the int model, the element rule."""

    def augelem(container, key, thunk, opname):
        current = _item(container[key])
        container[key] = model.chk(getattr(operator, opname)(current, thunk()))

    namespace = model.namespace()
    namespace.update(_fe_item=_item, _fe_augelem=augelem)
    return namespace


def run_cpython(case: Case) -> Run:
    model = oracle._Model()
    namespace = cpython_namespace(model)
    exec(compile_for_cpython(case.source), namespace)  # the reference run, never the engine's
    args = case.build_args()
    try:
        with np.errstate(all="raise"):  # no NumPy arithmetic is expected: make it loud
            result = namespace[case.entry](*args)
    except Exception as exc:  # the program's error is its outcome
        outcome = oracle.Outcome("raise", type(exc).__name__, "")
    else:
        outcome = oracle.Outcome("ok", result, "")
    outcome.overflowed = model.overflowed
    return Run(outcome, _arrays(args))


def run_lane(case: Case, lane: str) -> list[Run]:
    """Load the module in `lane` and call the entry, with fresh arguments, once (twice in
    `auto`: interpreter, then native code). Engine errors propagate and fail the test."""
    policy = _POLICIES.get(lane)
    engine_lane = "auto" if lane == "osr" else lane
    ext = Engine(lane=engine_lane, limits=oracle.LIMITS, tier_up=policy)
    ext = ext.load(case.source, name="p")
    runs = []
    for _ in range(AUTO_CALLS if lane == "auto" else 1):
        args = case.build_args()
        try:
            result = ext.call(case.entry, *args)
        except Exception as exc:
            outcome = oracle.Outcome("raise", type(exc).__name__, ext.take_output())
        else:
            outcome = oracle.Outcome("ok", result, ext.take_output())
        runs.append(Run(outcome, _arrays(args), ext.lanes()))
    return runs


def _show_arrays(run: Run) -> str:
    parts = []
    for k, dtype, shape, data in run.arrays:
        if dtype == "list":
            parts.append(f"arg {k}: {data.decode()}")
            continue
        values = np.frombuffer(data, dtype=dtype).reshape(shape)
        parts.append(f"arg {k}: {values.tolist()!r}")
    return "; ".join(parts) or "-"


def _bits(run: Run) -> str:
    value = run.outcome.value
    if isinstance(value, float) and math.isnan(value):
        return f" (bits {struct.pack('>d', value).hex()})"
    return ""


def check_case(case: Case, lanes=LANES) -> dict[str, Run]:
    """Assert that every lane matches CPython on `case`; returns every side's run.

    Keys: "cpython", each lane, and "auto call 2" for `auto`'s tiered-up call.
    """
    runs = {"cpython": run_cpython(case)}
    for lane in lanes:
        for call, run in enumerate(run_lane(case, lane), 1):
            runs[lane if call == 1 else f"{lane} call {call}"] = run
    want = runs["cpython"]
    for side, got in runs.items():
        if oracle.same_outcome(want.outcome, got.outcome) and want.arrays == got.arrays:
            continue
        report = "\n".join(
            f"--- {name} ---\n{oracle.show(run.outcome)}{_bits(run)}\n  arrays: {_show_arrays(run)}"
            + (f"\n  lanes: {run.lanes}" if run.lanes else "")
            for name, run in runs.items()
        )
        raise AssertionError(f"{side} differs from CPython:\n{case.render()}\n{report}")
    return runs


def record(runs: dict[str, Run]) -> None:
    """Hypothesis statistics (`--hypothesis-show-statistics`): outcomes and lanes."""
    outcome = runs["cpython"].outcome
    event(
        f"outcome: {outcome.kind} {outcome.value if outcome.kind == 'raise' else type(outcome.value).__name__}"
    )
    for side in ("jit", "auto call 2"):
        if side in runs:
            note(f"{side} lanes(): {runs[side].lanes}")


# -- the tests ----------------------------------------------------------------------------
@PROPERTY
@given(numeric_cases("full"))
def test_interp_lane_matches_cpython(case):
    record(check_case(case, lanes=("interp",)))


@JIT_PROPERTY
@given(numeric_cases("jit"))
def test_jit_lane_matches_cpython_and_interp(case):
    runs = check_case(case)
    record(runs)
    event(f"jit lane of the entry: {runs['jit'].lanes[case.entry]['lane']}")


@settings(JIT_PROPERTY, max_examples=10)
@given(numeric_cases("eligible"))
def test_eligible_functions_run_in_jit_lane(case):
    runs = check_case(case)
    record(runs)
    for side in ("jit", "auto call 2"):
        lane = runs[side].lanes[case.entry]
        assert lane["lane"] == "jit", (
            f"{side}: {case.entry} did not run in the jit lane ({lane['reason']}):\n{case.render()}"
        )


REGRESSION_FILES = sorted(REGRESSIONS.glob("*.py"))


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=[p.stem for p in REGRESSION_FILES])
def test_lane_parity_regression(path):
    check_case(parse_case(path.read_text(encoding="utf-8")))
