"""Unit tests for parse_source and the Diagnostic value."""

from __future__ import annotations

import pytest
from parso.python.tree import Module

from frankenengine.frontend.parse import (
    MAX_BRACKET_DEPTH,
    MAX_INDENT_DEPTH,
    MAX_TREE_DEPTH,
    parse_source,
)
from frankenengine.language.diagnostics import Diagnostic, sort_diagnostics


def messages(source) -> list[tuple[int, int, str]]:
    _, diagnostics = parse_source(source, "t.py")
    return [(d.line, d.col, d.message) for d in diagnostics]


def test_diagnostic_str_and_order():
    d = Diagnostic("ext.py", 3, 7, "'class' is not supported")
    assert str(d) == "ext.py:3:7: 'class' is not supported"
    a = Diagnostic("b.py", 2, 1, "x")
    b = Diagnostic("a.py", 1, 5, "y")
    assert sort_diagnostics([a, b, a]) == [b, a]


def test_valid_source_has_no_diagnostics():
    tree, diagnostics = parse_source("def main():\n    return 1\n", "t.py")
    assert isinstance(tree, Module)
    assert diagnostics == []
    assert tree.children[0].type == "funcdef"


def test_syntax_errors_are_one_based_and_prefixed():
    assert messages("x = )\n") == [(1, 5, "syntax error: unmatched ')'")]
    assert messages("x = 1 +\n") == [(1, 8, "syntax error: invalid syntax")]
    assert messages("if True:\n  x = 1\n    y = 2\n") == [(3, 5, "syntax error: unexpected indent")]
    assert messages("def f():\n    return\nreturn 1\n") == [
        (3, 1, "syntax error: 'return' outside function")
    ]


def test_only_the_first_syntax_error_is_reported():
    # CPython stops at the first error; what follows it is not analysed.
    assert messages("x = )\ny = 1\nz = (]\n") == [(1, 5, "syntax error: unmatched ')'")]
    assert messages("if x\n    return 1\n") == [(1, 5, "syntax error: expected ':'")]


def test_bytes_are_decoded_as_utf8():
    tree, diagnostics = parse_source("s = 'Wörld'\n".encode(), "t.py")
    assert diagnostics == []
    assert "Wörld" in tree.get_code()


def test_byte_order_mark_is_ignored():
    assert messages(b"\xef\xbb\xbfx = 1\n") == []
    assert messages("\ufeffx = 1\n") == []


def test_invalid_utf8_is_a_diagnostic_at_its_line():
    found = messages(b"x = 1\ny = '\xff'\n")
    assert (2, 6, "syntax error: source is not valid utf-8 (byte 0xff)") in found


def test_nul_characters_are_rejected():
    found = messages("x = 1\ny = 2\x00\n")
    assert (2, 6, "syntax error: source code cannot contain null bytes") in found


def test_match_statement_is_reported_once():
    source = "def f(x):\n    match x:\n        case 1:\n            return 1\n    return 0\n"
    assert messages(source) == [(2, 5, "'match' is not supported")]


def test_match_as_identifier_is_fine():
    assert messages("match = 1\nmatch(match)\nmatch[0] = 2\n") == []


def test_deep_bracket_nesting_is_rejected_without_parsing():
    depth = MAX_BRACKET_DEPTH + 1
    tree, diagnostics = parse_source("x = " + "(" * depth + "1" + ")" * depth + "\n", "t.py")
    assert [d.message for d in diagnostics] == ["syntax error: too many nested parentheses"]
    assert tree.children[0].type == "endmarker"


def test_huge_nesting_does_not_crash():
    for source in ["[" * 100_000, "x = " + "-" * 50_000 + "1\n", "f(" * 5_000]:
        _, diagnostics = parse_source(source, "t.py")
        assert diagnostics


def test_deep_indentation_is_rejected():
    lines = [" " * i + "if x:\n" for i in range(MAX_INDENT_DEPTH + 2)]
    found = messages("".join(lines) + " " * (MAX_INDENT_DEPTH + 2) + "pass\n")
    assert "syntax error: too many levels of indentation" in [m for _, _, m in found]


def test_deep_tree_is_rejected_and_replaced_by_an_empty_module():
    # Unary minus nests one tree level per sign and needs no brackets.
    tree, diagnostics = parse_source("x = " + "-" * MAX_TREE_DEPTH + "1\n", "t.py")
    assert [d.message for d in diagnostics] == ["syntax error: too deeply nested"]
    assert tree.children[0].type == "endmarker"


def test_nesting_cpython_accepts_is_accepted():
    depth = 199  # CPython's parser allows 200 nested brackets
    _, diagnostics = parse_source("x = " + "f(" * depth + ")" * depth + "\n", "t.py")
    assert diagnostics == []


def test_deep_nesting_compiles_and_runs():
    from frankenengine import Engine

    source = "def main():\n    return " + "abs(" * 190 + "-1" + ")" * 190 + "\n"
    assert Engine(lane="interp").load(source).call("main") == 1


@pytest.mark.parametrize(
    "source",
    ["", "\n", "\r\n\r", "\x0c", "\\", "'''", 'f"{', "def", "\t\tx", "\udcff", "\x00" * 10],
)
def test_odd_inputs_never_raise(source):
    tree, diagnostics = parse_source(source, "t.py")
    assert isinstance(tree, Module)
    assert all(d.line >= 1 and d.col >= 1 for d in diagnostics)
