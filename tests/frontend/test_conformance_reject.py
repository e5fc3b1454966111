"""The checker against the shared conformance programs.

A program with a `# compile-error: N` directive must be refused with a
diagnostic at line N; every other program must check clean. The project's own
programs (tests/testdata/conformance) are checked too, so the test has files
even where the shared folder is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frankenengine.engine.frontend.check import check_source

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
OWN = Path(__file__).resolve().parents[1] / "testdata" / "conformance"
FILES = (sorted(CONFORMANCE.glob("*.py")) if CONFORMANCE.is_dir() else []) + sorted(
    OWN.glob("*.py")
)
_COMPILE_ERROR = re.compile(r"^#\s*compile-error:\s*(\d+)\s*$")


def compile_error_line(source: str) -> int | None:
    """The line named by the file's `# compile-error: N` directive, if it has one."""
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        match = _COMPILE_ERROR.match(line)
        if match:
            return int(match.group(1))
    return None


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.parent.name}/{p.name}" for p in FILES])
def test_conformance_program(path: Path):
    source = path.read_text(encoding="utf-8")
    expected_line = compile_error_line(source)
    _, diagnostics = check_source(source, path.name)
    rendered = [str(d) for d in diagnostics]
    if expected_line is None:
        assert diagnostics == [], rendered
    else:
        assert expected_line in {d.line for d in diagnostics}, rendered
