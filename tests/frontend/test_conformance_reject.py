"""The checker against the conformance programs.

A program with a `# compile-error: N` directive must be refused with a
diagnostic at line N; every other program must check clean. The programs and
their directives are the ones the conformance test runs
(`tools.evidence.checksums.conformance_programs`): the shared
suite beside the clone, the project's own programs and the demo. The shared
suite is required: without it `test_shared_programs_are_checked` errors,
naming the missing folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frankenengine.frontend.check import check_source
from tools.evidence.checksums import conformance_programs
from tools.evidence.directives import parse_directives

PROGRAMS = conformance_programs(Path(__file__).resolve().parents[2])


@pytest.mark.parametrize("path", [p for _, p in PROGRAMS], ids=[i for i, _ in PROGRAMS])
def test_conformance_program(path: Path):
    source = path.read_text(encoding="utf-8")
    expected_line = parse_directives(source).compile_error
    _, diagnostics = check_source(source, path.name)
    rendered = [str(d) for d in diagnostics]
    if expected_line is None:
        assert diagnostics == [], rendered
    else:
        assert expected_line in {d.line for d in diagnostics}, rendered


def test_shared_programs_are_checked(shared_conformance):
    shared = {path for program_id, path in PROGRAMS if program_id.startswith("shared/")}
    assert shared == set(shared_conformance.glob("*.py"))
