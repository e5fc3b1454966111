"""Compile-time diagnostics: what the frontend says about a rejected extension.

Every problem the frontend finds in an extension's source (a syntax error, a
construct outside the language subset, a name that reaches outside the
sandbox) becomes one `Diagnostic`, naming the file, the 1-based line and
column, and a terse lowercase message such as `'class' is not supported` or
`undefined name 'foo'`. Diagnostics are plain immutable values: they are
collected, never raised one at a time, so a file's every problem is reported
in one pass.

Invariants: `line >= 1` and `col >= 1`; `str(d)` is `file:line:col: message`;
a list handed to a user is deduplicated and sorted by position
(`sort_diagnostics`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One compile-time problem at a position of an extension's source."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Deduplicate and sort by (line, col), then message and file for a stable order."""
    return sorted(set(diagnostics), key=lambda d: (d.line, d.col, d.message, d.file))
