"""Property tests: the frontend never raises, whatever text or bytes it is given.

`check_source` on random text, random bytes and random mutations of real
programs (the conformance suite and the frontend testdata files) must return a tree
and a list of well-formed diagnostics, and never report an internal error of
the checker.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parso.python.tree import Module

from frankenengine.frontend.check import INTERNAL_ERROR, check_source
from frankenengine.language.diagnostics import Diagnostic

HERE = Path(__file__).resolve()
CONFORMANCE = HERE.parents[3] / "shared" / "conformance"  # required: test_seed_programs_exist
TESTDATA = HERE.parents[1] / "testdata" / "frontend"
SEEDS = sorted(TESTDATA.glob("*.py")) + sorted(CONFORMANCE.glob("*.py"))
SEED_SOURCES = [path.read_text(encoding="utf-8") for path in SEEDS]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SNIPPETS = st.sampled_from(
    [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        "\n",
        "    ",
        "\t",
        "\\",
        '"',
        "'",
        '"""',
        "f'{",
        "}'",
        "#",
        "*",
        "**",
        "=",
        ":=",
        ".",
        "...",
        "@",
        "lambda",
        "def ",
        "class ",
        "yield",
        "async ",
        "await ",
        "with ",
        "import ",
        "from ",
        "global ",
        "nonlocal ",
        "return",
        "raise",
        "except",
        "try:",
        "for x in y:",
        "match x:",
        "case 1:",
        "del ",
        "__class__",
        "eval",
        " if ",
        " else ",
        " for ",
        " in ",
        "\x00",
        "\r",
        "\x0c",
        "1j",
        "b''",
        "0x",
        "1_",
        "x",
    ]
)


def assert_well_formed(result) -> None:
    tree, diagnostics = result
    assert isinstance(tree, Module)
    assert isinstance(diagnostics, list)
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.line >= 1
        assert diagnostic.col >= 1
        assert INTERNAL_ERROR not in diagnostic.message, str(diagnostic)
    assert diagnostics == sorted(set(diagnostics), key=lambda d: (d.line, d.col, d.message))


@FUZZ
@given(st.text())
def test_random_text(text):
    assert_well_formed(check_source(text, "fuzz.py"))


@FUZZ
@given(st.lists(SNIPPETS | st.text(max_size=5), max_size=40).map("".join))
def test_random_code_like_text(text):
    assert_well_formed(check_source(text, "fuzz.py"))


@FUZZ
@given(st.binary())
def test_random_bytes(data):
    assert_well_formed(check_source(data, "fuzz.py"))
    assert_well_formed(check_source(data.decode("utf-8", errors="replace"), "fuzz.py"))


def _mutate(source: str, data) -> str:
    lines = source.splitlines(keepends=True) or [""]
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        operation = data.draw(
            st.sampled_from(["delete", "insert", "duplicate", "drop_line", "dup_line", "swap"]),
            label="operation",
        )
        text = "".join(lines)
        if operation in ("delete", "insert", "duplicate"):
            start = data.draw(st.integers(0, len(text)), label="start")
            end = min(len(text), start + data.draw(st.integers(0, 8), label="length"))
            if operation == "delete":
                text = text[:start] + text[end:]
            elif operation == "insert":
                text = text[:start] + data.draw(SNIPPETS | st.text(max_size=4)) + text[start:]
            else:
                text = text[:end] + text[start:end] + text[end:]
            lines = text.splitlines(keepends=True) or [""]
        else:
            index = data.draw(st.integers(0, len(lines) - 1), label="line")
            if operation == "drop_line" and len(lines) > 1:
                del lines[index]
            elif operation == "dup_line":
                lines.insert(index, lines[index])
            elif operation == "swap":
                other = data.draw(st.integers(0, len(lines) - 1), label="other line")
                lines[index], lines[other] = lines[other], lines[index]
    return "".join(lines)


@FUZZ
@given(st.data())
def test_mutated_programs(data):
    source = data.draw(st.sampled_from(SEED_SOURCES), label="seed")
    assert_well_formed(check_source(_mutate(source, data), "mutant.py"))


def test_seed_programs_exist(shared_conformance):
    """Both seed folders are there (a missing ../shared is an error, not fewer seeds)."""
    assert set(shared_conformance.glob("*.py")) <= set(SEEDS)
    assert len(SEED_SOURCES) > len(list(shared_conformance.glob("*.py"))) >= 5
