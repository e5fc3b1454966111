"""File-driven checker tests over tests/testdata/{frontend,diagnostics}/*.py (starlark-go style).

Each testdata file is one extension module. A line that must be rejected ends
with a comment `### "regex"` (several quoted regexes when the line has several
diagnostics); every diagnostic on that line must match one of them, one to
one. `### line N: "regex"`, anywhere in the file, says the same of line N
(for lines that cannot hold a comment, such as the inside of a string).
Lines without an expectation must produce no diagnostic, so an `ok_*.py` file
(which has no `###` at all) must check clean.

`### cpython` (or `### line N: cpython`, optionally followed by the exception
class, `### cpython TabError`) expects CPython's own syntax error: the test
compiles the file with CPython's `compile()` (the oracle; the engine never
hands extension text to CPython), requires CPython to report that line (and
class), and requires the engine to report exactly `syntax error: <CPython's
message>` there, and nothing else in the file. Every file without such an
expectation must be valid Python 3.11, as every extension is.

Every file is checked with the sibling modules `helpers` and `util`, so
imports of a package's own modules can be tested.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from frankenengine.frontend.check import check_source

TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
FRONTEND = sorted((TESTDATA / "frontend").glob("*.py"))
DIAGNOSTICS = sorted((TESTDATA / "diagnostics").glob("*.py"))
FILES = FRONTEND + DIAGNOSTICS
LOCAL_MODULES = frozenset({"helpers", "util"})
_EXPECT = re.compile(r"###\s*(?:line (\d+):)?\s*(.*)$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_CPYTHON = re.compile(r"^cpython(?:\s+(\w+))?\s*$")


@dataclass
class Expectations:
    """What a testdata file expects: regexes by line, and CPython's error if it expects one."""

    regexes: dict[int, list[str]] = field(default_factory=dict)
    cpython_line: int | None = None
    cpython_class: str | None = None


def expectations(source: str) -> Expectations:
    """The `###` expectations of a testdata file."""
    found = Expectations()
    for number, line in enumerate(source.splitlines(), start=1):
        match = _EXPECT.search(line)
        if not match:
            continue
        target = int(match.group(1)) if match.group(1) else number
        cpython = _CPYTHON.match(match.group(2))
        if cpython:
            assert found.cpython_line is None, f"line {number}: a second CPython expectation"
            found.cpython_line, found.cpython_class = target, cpython.group(1)
            continue
        regexes = _QUOTED.findall(match.group(2))
        assert regexes, f"line {number}: '###' without a quoted regex or 'cpython'"
        found.regexes.setdefault(target, []).extend(regexes)
    return found


def cpython_error(source: str, filename: str) -> SyntaxError | None:
    """CPython's syntax error for `source` (the oracle), or None when it compiles."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    return None


def _matches_one_to_one(regexes: list[str], messages: list[str]) -> bool:
    """True when the messages can be paired with the regexes, each used exactly once."""
    if len(regexes) != len(messages):
        return False
    if not regexes:
        return True
    first, rest = regexes[0], regexes[1:]
    for index, message in enumerate(messages):
        if re.search(first, message) and _matches_one_to_one(
            rest, messages[:index] + messages[index + 1 :]
        ):
            return True
    return False


def test_testdata_exists():
    names = [path.name for path in FRONTEND]
    assert len(names) >= 15
    assert any(name.startswith("ok_") for name in names)
    assert len(DIAGNOSTICS) >= 30
    assert any(name.startswith("ok_") for name in (p.name for p in DIAGNOSTICS))


@pytest.mark.parametrize("path", FILES, ids=[f"{path.parent.name}/{path.name}" for path in FILES])
def test_testdata(path: Path):
    source = path.read_text(encoding="utf-8")
    expected = expectations(source)
    if path.name.startswith("ok_"):
        assert not expected.regexes and expected.cpython_line is None, (
            "an ok_ file must not expect diagnostics"
        )
    oracle = cpython_error(source, path.name)
    regexes = {line: list(found) for line, found in expected.regexes.items()}
    if expected.cpython_line is None:
        assert oracle is None, f"not valid Python 3.11: {oracle!r}"
    else:
        assert oracle is not None, "CPython compiles this file: it expects no syntax error"
        assert oracle.lineno == expected.cpython_line, f"CPython reports {oracle!r}"
        if expected.cpython_class is not None:
            assert type(oracle).__name__ == expected.cpython_class, f"CPython raises {oracle!r}"
        exact = f"^{re.escape('syntax error: ' + oracle.msg)}$"
        regexes.setdefault(oracle.lineno, []).append(exact)
    _, diagnostics = check_source(source, path.name, LOCAL_MODULES)
    actual: dict[int, list[str]] = defaultdict(list)
    for diagnostic in diagnostics:
        assert diagnostic.file == path.name
        assert diagnostic.col >= 1
        actual[diagnostic.line].append(diagnostic.message)
    problems = []
    for line in sorted(set(regexes) | set(actual)):
        wanted, messages = regexes.get(line, []), actual.get(line, [])
        if not _matches_one_to_one(wanted, messages):
            problems.append(f"line {line}: expected {wanted}, got {messages}")
    assert not problems, "\n".join(problems)
