"""Parse extension source into a parso syntax tree, turning syntax errors into diagnostics.

`parse_source` is the only entry point. It parses with parso's Python 3.11
grammar in error-recovery mode and reports the syntax error CPython 3.11
would report for the text, at its line and in its words (`syntax error:
'[' was never closed`, `syntax error: expected ':'`; see `syntax.py`), as a
`Diagnostic` with a 1-based line and column. Like CPython, it reports one:
what follows a syntax error is not analysed further, so no follow-on error
(a cascade of parser errors, an undefined name in a half-parsed line) is
ever shown.

Invariants:

- it never raises, whatever the input (`str` or `bytes`, random text, NUL
  characters, invalid UTF-8, pathological nesting); an unexpected failure
  becomes a `syntax error: cannot parse` diagnostic;
- the returned tree is at most `MAX_TREE_DEPTH` nodes deep, so later passes
  (parso's own error finder, the checker, lowering) may recurse over it
  without hitting Python's recursion limit: deeper source is rejected with a
  diagnostic and an empty module is returned in its place;
- a `match` statement (which parso's 3.11 grammar does not know) is reported
  once as `'match' is not supported` rather than as a cascade of syntax errors;
- at most one diagnostic starts with `syntax error:`; when there is one, it
  is the only diagnostic (the checker adds none: see `check.merge_diagnostics`).
"""

from __future__ import annotations

import parso
from parso.python.token import PythonTokenTypes
from parso.python.tokenize import tokenize
from parso.python.tree import Module
from parso.utils import parse_version_string, split_lines

from frankenengine.frontend import syntax
from frankenengine.frontend.tokens import MAX_BRACKET_DEPTH, MAX_INDENT_DEPTH
from frankenengine.language.diagnostics import Diagnostic, sort_diagnostics
from frankenengine.language.headroom import recursion_headroom

PYTHON_VERSION = "3.11"
SYNTAX_ERROR_PREFIX = "syntax error:"

# CPython's tokenizer refuses more than 200 nested brackets (MAXLEVEL) and 100
# or more levels of indentation (MAXINDENT); we do the same, before parsing.
__all__ = ["MAX_BRACKET_DEPTH", "MAX_INDENT_DEPTH", "MAX_TREE_DEPTH", "parse_source"]

# Deepest syntax tree handed to later passes: enough for CPython's 200 nested
# brackets (about two tree levels each). parso's error finder and the later
# tree walks recurse a few Python frames per level; the pipeline runs them
# under `headroom.recursion_headroom()`.
MAX_TREE_DEPTH = 1000

_GRAMMAR = parso.load_grammar(version=PYTHON_VERSION)
_VERSION_INFO = parse_version_string(PYTHON_VERSION)
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
_BOM = "\ufeff"


def parse_source(source: str | bytes, filename: str) -> tuple[Module, list[Diagnostic]]:
    """Parse `source` (text, or UTF-8 bytes) and return its tree and its syntax errors.

    The diagnostics are sorted and deduplicated; an empty list means the source
    is valid Python 3.11 (the subset is checked separately, by `check_module`).
    """
    diagnostics: list[Diagnostic] = []
    try:
        with recursion_headroom():
            text = _decode(source, filename, diagnostics)
            found: list[Diagnostic] = []
            tree = _parse_text(text, filename, found)
            if not diagnostics:  # an undecodable text has no further errors worth showing
                diagnostics = found
    except RecursionError:  # called from deep inside a host: parso's recursion ran out
        diagnostics.append(Diagnostic(filename, 1, 1, "syntax error: too deeply nested"))
        tree = _empty_module()
    except Exception:  # the frontend must never raise, whatever the input
        diagnostics.append(Diagnostic(filename, 1, 1, "syntax error: cannot parse"))
        tree = _empty_module()
    return tree, sort_diagnostics(diagnostics)


def _empty_module() -> Module:
    return _GRAMMAR.parse("")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, col) of character `offset` of `text`, counting lines as parso does."""
    lines = split_lines(text[:offset])
    return len(lines), len(lines[-1]) + 1


def _decode(source: str | bytes, filename: str, diagnostics: list[Diagnostic]) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = bytes(source)
        try:
            text = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = source[: exc.start].decode("utf-8", errors="replace")
            line, col = _position(good, len(good))
            bad = source[exc.start]
            message = f"syntax error: source is not valid utf-8 (byte 0x{bad:02x})"
            diagnostics.append(Diagnostic(filename, line, col, message))
            text = source.decode("utf-8", errors="replace")
    else:
        text = str(source)
    if text.startswith(_BOM):
        text = text[len(_BOM) :]
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _position(text, nul)
        message = "syntax error: source code cannot contain null bytes"
        diagnostics.append(Diagnostic(filename, line, col, message))
    return text


def _parse_text(text: str, filename: str, diagnostics: list[Diagnostic]) -> Module:
    nesting = _nesting_error(text, filename)
    if nesting is not None:
        diagnostics.append(nesting)
        return _empty_module()
    tree = _GRAMMAR.parse(text, error_recovery=True)
    too_deep = _depth_error(tree, filename)
    if too_deep is not None:
        diagnostics.append(too_deep)
        return _empty_module()
    blocks = _match_blocks(tree, text)
    issues = [(issue.start_pos, issue.message) for issue in _GRAMMAR.iter_errors(tree)]
    skip = [(first, last) for _, first, last in blocks]
    problem = syntax.first_syntax_error(text, tree, issues, skip)
    if problem is None or problem.phase != syntax.PARSER:
        nested = _block_nesting_errors(tree)  # parso counts `if`; CPython does not
        candidates = [problem, *nested] if problem is not None else nested
        problem = min(candidates, key=lambda p: (p.phase, p.line, p.col), default=None)
    if problem is not None:
        message = f"{SYNTAX_ERROR_PREFIX} {problem.message}"
        diagnostics.append(Diagnostic(filename, problem.line, problem.col, message))
    else:
        for col, first, _ in blocks:
            diagnostics.append(Diagnostic(filename, first, col, "'match' is not supported"))
    return tree


_LOOP_BLOCKS = frozenset({"for_stmt", "while_stmt", "try_stmt", "with_stmt"})
MAX_STATIC_BLOCKS = 20  # CPython's CO_MAXBLOCKS: nested loops, try and with (not if)


def _block_nesting_errors(tree: Module) -> list[syntax.SyntaxProblem]:
    """CPython's "too many statically nested blocks", counted as CPython counts them."""
    errors = []
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.type in ("funcdef", "lambdef"):
            depth = 0  # a function body starts a new block stack
        elif node.type in _LOOP_BLOCKS:
            depth += 1
            if depth == MAX_STATIC_BLOCKS + 1:
                line, col = node.start_pos
                errors.append(
                    syntax.SyntaxProblem(
                        syntax.COMPILER, line, col + 1, "too many statically nested blocks"
                    )
                )
        stack.extend((child, depth) for child in getattr(node, "children", ()))
    return errors


def _nesting_error(text: str, filename: str) -> Diagnostic | None:
    """Refuse bracket nesting and indentation deeper than CPython accepts, before parsing."""
    brackets = 0
    indents = 0
    for token in tokenize(text, version_info=_VERSION_INFO):
        kind = token.type
        if kind is PythonTokenTypes.OP:
            if token.string in _OPENING:
                brackets += 1
                if brackets > MAX_BRACKET_DEPTH:
                    return _at(
                        filename, token.start_pos, "syntax error: too many nested parentheses"
                    )
            elif token.string in _CLOSING and brackets > 0:
                brackets -= 1
        elif kind is PythonTokenTypes.INDENT:
            indents += 1
            if indents >= MAX_INDENT_DEPTH:
                return _at(
                    filename, token.start_pos, "syntax error: too many levels of indentation"
                )
        elif kind is PythonTokenTypes.DEDENT and indents > 0:
            indents -= 1
    return None


def _depth_error(tree: Module, filename: str) -> Diagnostic | None:
    """Refuse trees deeper than MAX_TREE_DEPTH (walked without recursion)."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return _at(filename, node.start_pos, "syntax error: too deeply nested")
        for child in getattr(node, "children", ()):
            stack.append((child, depth + 1))
    return None


def _at(filename: str, start_pos: tuple[int, int], message: str) -> Diagnostic:
    line, col = start_pos
    return Diagnostic(filename, max(1, line), max(0, col) + 1, message)


def _match_blocks(tree: Module, text: str) -> list[tuple[int, int, int]]:
    """(col, first line, last line) of every `match` statement parso could not parse."""
    lines = split_lines(text)
    blocks: list[tuple[int, int, int]] = []
    leaf = tree.get_first_leaf()
    while leaf is not None:
        if leaf.type == "name" and leaf.value == "match" and _is_match_header(leaf, lines):
            line, col = leaf.start_pos
            last = _block_end(lines, line, col)
            blocks.append((col + 1, line, last))
        leaf = leaf.get_next_leaf()
    return blocks


def _is_match_header(leaf, lines: list[str]) -> bool:
    """A `match` name that starts a line, sits in an error node and ends its line with ':'."""
    if leaf.parent is None or leaf.parent.type != "error_node":
        return False
    line, col = leaf.start_pos
    if line > len(lines) or lines[line - 1][:col].strip():
        return False
    subject = leaf.get_next_leaf()
    if subject is None or subject.start_pos[0] != line or subject.type in ("newline", "endmarker"):
        return False
    if subject.type == "operator" and subject.value not in ("(", "[", "{", "-", "~"):
        return False
    last = None
    current = subject
    while current is not None and current.type not in ("newline", "endmarker"):
        last = current
        current = current.get_next_leaf()
    return last is not None and last.type == "operator" and last.value == ":"


def _block_end(lines: list[str], header_line: int, indent: int) -> int:
    """Last line of the indented block that follows the header at `header_line`."""
    last = header_line
    for number in range(header_line + 1, len(lines) + 1):
        line = lines[number - 1]
        stripped = line.lstrip(" \t\f")
        if not stripped or stripped.startswith("#"):
            continue
        if len(line) - len(stripped) <= indent:
            break
        last = number
    return last
