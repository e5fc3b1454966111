"""File-driven checker tests over tests/testdata/frontend/*.py (in the style of starlark-go).

Each testdata file is one extension module. A line that must be rejected ends
with a comment `### "regex"` (several quoted regexes when the line has several
diagnostics); every diagnostic on that line must match one of them, one to
one. Lines without `###` must produce no diagnostic, so an `ok_*.py` file
(which has no `###` at all) must check clean.

Every file is checked with the sibling modules `helpers` and `util`, so
imports of a package's own modules can be tested.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from frankenengine.engine.frontend.check import check_source

TESTDATA = Path(__file__).resolve().parents[1] / "testdata" / "frontend"
FILES = sorted(TESTDATA.glob("*.py"))
LOCAL_MODULES = frozenset({"helpers", "util"})
_EXPECT = re.compile(r"###(.*)$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def expectations(source: str) -> dict[int, list[str]]:
    """Line number -> the regexes its diagnostics must match."""
    expected: dict[int, list[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            regexes = _QUOTED.findall(match.group(1))
            assert regexes, f"line {number}: '###' without a quoted regex"
            expected[number] = regexes
    return expected


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
    names = [path.name for path in FILES]
    assert len(names) >= 15
    assert any(name.startswith("ok_") for name in names)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_testdata(path: Path):
    source = path.read_text(encoding="utf-8")
    expected = expectations(source)
    if path.name.startswith("ok_"):
        assert not expected, "an ok_ file must not expect diagnostics"
    _, diagnostics = check_source(source, path.name, LOCAL_MODULES)
    actual: dict[int, list[str]] = defaultdict(list)
    for diagnostic in diagnostics:
        assert diagnostic.file == path.name
        assert diagnostic.col >= 1
        actual[diagnostic.line].append(diagnostic.message)
    problems = []
    for line in sorted(set(expected) | set(actual)):
        regexes, messages = expected.get(line, []), actual.get(line, [])
        if not _matches_one_to_one(regexes, messages):
            problems.append(f"line {line}: expected {regexes}, got {messages}")
    assert not problems, "\n".join(problems)
