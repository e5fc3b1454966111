"""The checker against the shared conformance programs.

A program with a `# compile-error: N` directive must be refused with a
diagnostic at line N; every other program must check clean. When the shared
folder is absent the test is parametrized over no files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frankenengine.engine.frontend.check import check_source

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
FILES = sorted(CONFORMANCE.glob("*.py")) if CONFORMANCE.is_dir() else []
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


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_conformance_program(path: Path):
    source = path.read_text(encoding="utf-8")
    expected_line = compile_error_line(source)
    _, diagnostics = check_source(source, path.name)
    rendered = [str(d) for d in diagnostics]
    if expected_line is None:
        assert diagnostics == [], rendered
    else:
        assert expected_line in {d.line for d in diagnostics}, rendered
