"""Regression programs found by the property tests: each must behave as under CPython.

Every `tests/testdata/properties/bug_NNN.py` is a minimal program (defining
`main()`) on which the engine once differed from CPython. Each is loaded in
the interpreter lane and compared with CPython's outcome exactly as the
property tests compare them (`oracle.check_program`). The first lines of
each file say what went wrong.

Adding a counterexample: a failing property test prints the program (its
assertion message, after Hypothesis has shrunk it). Save it to a file, reduce
it with `.venv/bin/python -m tests.properties.oracle FILE --reduce` (it keeps
the difference while deleting statements), and store the result as the next
free `bug_NNN.py` here, with comment lines on top saying what differed. This
test picks it up by its name; lane parity cases (`# entry:`/`# args:` files)
go to `lane_parity/` instead (test_lane_parity.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .oracle import check_program

REGRESSIONS = Path(__file__).resolve().parents[1] / "testdata" / "properties"
PROGRAMS = sorted(REGRESSIONS.glob("bug_*.py"))


@pytest.mark.parametrize("path", PROGRAMS, ids=[path.stem for path in PROGRAMS])
def test_regression_program_matches_cpython(path):
    check_program(path.read_text(encoding="utf-8"))
