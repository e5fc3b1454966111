"""Differential property tests: values read, mutated and read again, in every lane against CPython.

The programs come from `mutation_programs.py`: the same pure-looking
expression (`not x`, `x == y`, `len(x)`, `x[i]`, `"%s" % x`, `a.sum()`,
...) is evaluated before and after a mutation of its operand (a method, an
item store or deletion, an augmented assignment, a helper function, an
alias), in straight-line code, in branch conditions, after joins and in loop
bodies. An engine that merges, hoists or reuses such an expression across
the mutation returns a stale value; CPython never does.

Each program runs under CPython (the oracle) and in the `interp`, `jit` and
`auto` lanes through `test_lane_parity.check_case`: array elements read as
Python scalars and `oracle.py`'s 64-bit int model on the CPython side; in
every lane the same outcome (the recorded values with exact types, floats
bit for bit, or the same exception type) and the same contents of the array
arguments afterwards. A `CompileError` or an engine error fails the test:
the generators emit only the implemented subset, and small programs.

- `test_mutations_between_reads_match_cpython`: lists, dicts, sets,
  strings and arrays in `main()`; the JIT rejects these functions (they
  hold lists), so every lane runs them in the interpreter, after the
  engine's passes. Cheap: many examples.
- `test_kernels_mutating_their_arrays_match_cpython`: JIT-eligible kernels
  reading and writing their array arguments (sometimes the same array
  twice); `jit` compiles the kernel with Numba (about a second per example),
  so few examples. The lanes the kernel ran in are Hypothesis events
  (`--hypothesis-show-statistics`).

Seeds are not fixed: every run explores new programs. A failure shows the
falsifying program: the assertion message holds it as a regression file
(`# entry:`, `# args:`, the module), and so does Hypothesis's report.
"""

from __future__ import annotations

from hypothesis import event, given, settings

from .hypothesis_settings import PROPERTY as BASE
from .mutation_programs import mutation_kernels, mutation_programs
from .numeric_programs import Case
from .test_lane_parity import check_case

LANES = ("interp", "jit", "auto")


def outcome_event(runs: dict) -> None:
    outcome = runs["cpython"].outcome
    event(f"outcome: {outcome.kind} {outcome.value if outcome.kind == 'raise' else ''}")


@settings(BASE, max_examples=200)
@given(mutation_programs())
def test_mutations_between_reads_match_cpython(source):
    outcome_event(check_case(Case(source, "main", "[]"), lanes=LANES))


@settings(BASE, max_examples=5)
@given(mutation_kernels())
def test_kernels_mutating_their_arrays_match_cpython(case):
    runs = check_case(case, lanes=LANES)
    outcome_event(runs)
    for side, run in runs.items():
        if side != "cpython":
            event(f"{side}: k ran in {run.lanes['k']['lane']}")
