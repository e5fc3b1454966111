"""The syntax error CPython 3.11 reports for a source text: which one, where, in its words.

CPython stops at the first syntax error it meets and words it as users know
it (`'[' was never closed`, `expected ':'`, `expected an indented block
after 'if' statement on line 3`). parso, which parses extension text for the
engine, recovers from errors and reports them in its own, older words,
often several per mistake. `first_syntax_error` picks the error CPython
would report and words it as CPython does:

- `tokens.scan` finds what CPython's tokenizer refuses (tabs and spaces
  mixed inconsistently, dedents to no outer level, unmatched brackets,
  unterminated strings, malformed numbers, stray characters, brackets never
  closed);
- the first token parso's parser could not place is where CPython's parser
  fails too; it is worded with CPython's second-pass messages for the common
  mistakes (a missing `:`, a block that is not indented, an indent where none
  belongs, a missing comma between bracketed items, `print x`, a conditional
  expression without `else`, `=` for `==` in a condition, `try` without
  `except`), and `invalid syntax` at that token otherwise;
- the two are ordered as CPython orders them: a tokenizer error met before
  the parser fails wins; one met after it wins only when CPython's
  re-tokenization of the rest of the file reports it (not an indentation
  error); a bracket still open at the end wins over a parser error on a
  later line;
- errors CPython finds only after parsing succeeds (its symbol table's, then
  its compiler's: `'return' outside function`, `duplicate argument ...`)
  come last; `syntax_phase` tells them apart so a caller can merge its own.

parso's messages for errors it finds on well-formed trees are kept when they
are CPython 3.11's words (a table below), reworded where 3.11 words them
differently, and reduced to a located `invalid syntax` otherwise.

Invariant: no text is handed to CPython (`compile`, `ast`, `tokenize`);
everything here reads the text and parso's tree. Nothing here raises for
any tree `parse_source` builds.
"""

from __future__ import annotations

import bisect
import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass

from parso.python.tree import Module

from frankenengine.frontend import tokens as tk
from frankenengine.frontend.tokens import (
    DEDENT,
    ENDMARKER,
    INDENT,
    NAME,
    NEWLINE,
    NUMBER,
    OP,
    STRING,
    Token,
)

PARSER, FUTURE, SYMTABLE, COMPILER = 0, 1, 2, 3  # the order CPython reports them in

INVALID_SYNTAX = "invalid syntax"
_KEYWORDS = frozenset(keyword.kwlist)
_SOFT_KEYWORDS = frozenset({"match", "case", "_"})
_CONSTANTS = frozenset({"True", "False", "None"})
_HEADERS = {
    "def": "function definition",
    "class": "class definition",
    **{
        name: f"'{name}' statement"
        for name in "if elif else while for with try except finally match case".split()
    },
}
_FORCED_COLON = frozenset({"def", "else", "try", "finally"})  # CPython's `&&':'`
_BINARY = frozenset("| ^ & << >> + - * / // % @ ** < > == != <= >=".split())
_BITWISE_BINARY = frozenset("| ^ & << >> + - * / // % @ **".split())
_UNARY = frozenset({"-", "+", "~"})
_WORD_BINARY = frozenset({"and", "or", "in", "is"})
_OPERAND_STARTS = frozenset({"(", "[", "{", "-", "+", "~", "..."})
_OPERAND_ENDS = frozenset({")", "]", "}", "..."})
_CLOSE_TO_OPEN = {")": "(", "]": "[", "}": "{"}
_AFTER_OPENING = _OPERAND_STARTS | {")", "]", "}", "*", "**", ":"}
_EXPRESSION_KEYWORDS = frozenset(
    "and or not in is if else for async await lambda None True False yield".split()
)


@dataclass(frozen=True)
class SyntaxProblem:
    """One syntax error: CPython's phase for it, 1-based line and column, CPython's message."""

    phase: int
    line: int
    col: int
    message: str


def first_syntax_error(
    text: str,
    tree: Module,
    issues: Iterable[tuple[tuple[int, int], str]],
    skip: Iterable[tuple[int, int]] = (),
) -> SyntaxProblem | None:
    """The syntax error CPython would report for `text`, or None when it has none.

    `tree` is parso's error-recovered tree of `text`, `issues` the (position,
    message) pairs of parso's error finder for it, and `skip` ranges of lines
    (first, last) whose parser errors are not errors (a `match` statement,
    which parso's grammar does not know).
    """
    skipped = list(skip)

    def kept(line: int) -> bool:
        return not any(first <= line <= last for first, last in skipped)

    scan = tk.scan(text)
    failure = _first_failure(tree, kept)
    rule_issues = [
        _reword(position, message, tree, scan.tokens)
        for position, message in issues
        if kept(position[0]) and message not in _ERROR_NODE_MESSAGES
    ]
    parse_issues = [p for p in rule_issues if p is not None and p.phase == PARSER]
    first_issue = min(parse_issues, key=lambda p: (p.line, p.col), default=None)
    if failure is not None and first_issue is not None:
        if (first_issue.line, first_issue.col - 1) < failure[0].start_pos:
            failure = None
    error = scan.error
    if failure is None and first_issue is None:
        if error is not None:
            return _tokenizer_problem(error)
        if scan.open_brackets:
            return _never_closed(scan.open_brackets[-1])
        later = [p for p in rule_issues if p is not None]
        return min(later, key=lambda p: (p.phase, p.line, p.col), default=None)
    if failure is None:  # an error parso finds on a well-formed tree, e.g. `f() = 1`
        if error is not None and (
            error.pos <= (first_issue.line, first_issue.col - 1) or error.hard
        ):
            return _tokenizer_problem(error)
        if scan.open_brackets:
            opened = scan.open_brackets[-1]
            if opened[1] < _line_after(scan, first_issue.line):
                return _never_closed(opened)
        return first_issue
    leaf, node = failure
    fail_pos = (scan.eof_line + 1, 0) if leaf.type == "endmarker" else leaf.start_pos
    indent = leaf.type == "error_leaf" and leaf.token_type == "INDENT"
    if error is not None and (error.pos < fail_pos or (error.pos == fail_pos and not indent)):
        return _tokenizer_problem(error)  # the parser reads up to the tokenizer's error
    stop = _token_index(scan.tokens, leaf)
    if stop is None:  # the tokenizer stopped inside the failing token itself
        if error is not None:
            return _tokenizer_problem(error)
        return SyntaxProblem(PARSER, *_one_based(leaf.start_pos), INVALID_SYNTAX)
    rules = _Rules(scan, stop, node)
    if scan.tokens[stop].kind == INDENT:  # reported as is: CPython does not re-tokenize
        return rules.problem_at(stop, "unexpected indent")
    if error is not None and error.hard:  # found by CPython's re-tokenization of the rest
        return _tokenizer_problem(error)
    opened = scan.open_brackets[-1] if scan.open_brackets else None
    forced = rules.forced_token()  # raised by CPython's first pass, at the failing token
    if forced is not None:
        if opened is not None and opened[1] < scan.tokens[stop].line:
            return _never_closed(opened)
        return forced
    furthest = rules.furthest_line()
    if rules.reached_error:  # CPython's second pass reads up to the tokenizer's error
        return _tokenizer_problem(error)
    if opened is not None and opened[1] < furthest:
        return _never_closed(opened)
    found = rules.problem()
    if rules.reached_error:
        return _tokenizer_problem(error)
    if found is not None:
        return found
    return rules.problem_at(stop, INVALID_SYNTAX)


def syntax_phase(message: str) -> int:
    """When CPython reports a syntax error with this (3.11) message: PARSER ... COMPILER."""
    for pattern, phase in _PHASES:
        if pattern.search(message):
            return phase
    return PARSER


# -- the parser's failure point --------------------------------------------------------------


def _first_failure(tree: Module, kept) -> tuple[object, object] | None:
    """(failing leaf, error node before it or None) for parso's first parser error."""
    best = None
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "error_leaf":
            candidate = (node, None)
        elif kind == "error_node":  # the token after it is the one parso could not place
            after = node.get_next_leaf()
            candidate = (after if after is not None else node.get_last_leaf(), node)
            stack.extend(reversed(node.children))  # earlier failures it swallowed
        else:
            stack.extend(reversed(getattr(node, "children", ())))
            continue
        if kept(candidate[0].start_pos[0]) and (
            best is None or candidate[0].start_pos < best[0].start_pos
        ):
            best = candidate
    return best


def _token_index(tokens: list[Token], leaf) -> int | None:
    """Index of the scanned token `leaf` stands for (None when the scan stopped before it)."""
    if not tokens:
        return None
    if leaf.type == "endmarker":
        return len(tokens) - 1 if tokens[-1].kind == ENDMARKER else None
    if leaf.type == "error_leaf" and leaf.token_type == "INDENT":
        line = leaf.start_pos[0]
        for index, token in enumerate(tokens):
            if token.kind == INDENT and token.line == line:
                return index
        return None
    keys = [token.pos for token in tokens]
    index = bisect.bisect_right(keys, leaf.start_pos) - 1
    if index < 0:
        return None
    if index == len(tokens) - 1 and tokens[index].pos < leaf.start_pos:
        return index if tokens[index].kind == ENDMARKER else None
    return index


def _line_after(scan: tk.Scan, line: int) -> int:
    """The line CPython's parser reads to after an error on `line` (in brackets, the next's)."""
    for token in scan.tokens:
        if token.line > line:
            return scan.eof_line + 1 if token.kind == ENDMARKER else token.line
        if token.line == line and token.level == 0 and token.kind == NEWLINE:
            return line
    return scan.eof_line + 1


def _one_based(pos: tuple[int, int]) -> tuple[int, int]:
    return max(1, pos[0]), max(0, pos[1]) + 1


def _tokenizer_problem(error: tk.TokenError) -> SyntaxProblem:
    return SyntaxProblem(PARSER, *_one_based(error.pos), error.message)


def _never_closed(bracket: tuple[str, int, int]) -> SyntaxProblem:
    char, line, col = bracket
    return SyntaxProblem(PARSER, line, col + 1, f"'{char}' was never closed")


# -- CPython's second-pass wording for the common mistakes -------------------------------------


def _is_op(token: Token | None, *values: str) -> bool:
    return token is not None and token.kind == OP and token.value in values


def _is_kw(token: Token | None, *values: str) -> bool:
    return token is not None and token.kind == NAME and token.value in values


def _ends_operand(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind == NAME:
        return token.value not in _KEYWORDS or token.value in _CONSTANTS
    return token.kind in (NUMBER, STRING) or (token.kind == OP and token.value in _OPERAND_ENDS)


def _starts_operand(token: Token | None) -> bool:
    if token is None:
        return False
    if token.kind == NAME:
        return token.value not in _KEYWORDS or token.value in _CONSTANTS | {
            "not",
            "lambda",
            "await",
        }
    return token.kind in (NUMBER, STRING) or (token.kind == OP and token.value in _OPERAND_STARTS)


class _Rules:
    """Messages for a parser failure at `tokens[stop]` (after parso's error node `node`)."""

    def __init__(self, scan: tk.Scan, stop: int, node) -> None:
        self.scan = scan
        self.t = scan.tokens
        self.k = stop
        self.node = node
        self.reached_error = False  # a rule read past the tokens before the tokenizer's error

    def at(self, index: int) -> Token | None:
        if index >= len(self.t) and self.scan.error is not None:
            self.reached_error = True
        return self.t[index] if 0 <= index < len(self.t) else None

    def problem_at(self, index: int, message: str) -> SyntaxProblem:
        return SyntaxProblem(PARSER, *_one_based(self.scan.position(self.t[index])), message)

    def forced_token(self) -> SyntaxProblem | None:
        """Errors CPython's first pass raises where a token must follow (`&&':'`, `&&'('`)."""
        return self.def_parenthesis() or self.missing_colon(forced_only=True)

    def furthest_line(self) -> int:
        """The line of the furthest token CPython's parser reads before reporting the failure.

        Past the last line when it reads to the end of the text: a missing comma
        before an item that runs on to the end (`[1 2` ... ) makes CPython read
        the item to the end, and an unclosed bracket is then what it reports.
        """
        beyond = self.scan.eof_line + 1
        stop = self.t[self.k]
        if stop.kind == ENDMARKER:
            return beyond
        if self.no_expressions():
            return stop.line
        if _is_op(stop, "="):  # `if x = 1`: the second pass reads the value and one token more
            end = self.expression_end(self.k + 1)
        elif _starts_operand(stop) and _ends_operand(self.at(self.k - 1)):
            end = self.expression_end(self.k)  # `[1 2 ...`: it reads the second item
        else:
            return stop.line
        if end is None or self.t[end].kind == ENDMARKER:
            return beyond
        return max(stop.line, self.t[end].line)

    def no_expressions(self) -> bool:
        """True where CPython's grammar reads names, not expressions: imports, parameters.

        (A parameter's default value is an expression.)
        """
        if _is_kw(self.at(self.line_start(self.k)), "import", "from", "global", "nonlocal"):
            return True
        opener = self.enclosing_opener(self.k)
        if (
            opener is None
            or not _is_op(self.t[opener], "(")
            or not _is_kw(self.at(opener - 2), "def")
        ):
            return False
        a = self.operand_start(self.k - 1) if _ends_operand(self.at(self.k - 1)) else None
        return a is None or not _is_op(self.at(a - 1), "=")

    def expression_end(self, i: int) -> int | None:
        """Index of the first token after the expression read from tokens[i] (None: to the end)."""
        while True:
            while _is_op(self.at(i), *_UNARY) or _is_kw(self.at(i), "not", "await"):
                i += 1
            token = self.at(i)
            if token is None or token.kind == ENDMARKER:
                return None
            if _is_op(token, "(", "[", "{"):
                close = self.closer(i)
                if close is None:
                    return self.unclosed_end(i)
                i = close + 1
            elif token.kind == STRING:
                while _is_string(self.at(i)):
                    i += 1
            elif _ends_operand(token):
                i += 1
            else:
                return i
            while True:  # trailers
                token = self.at(i)
                if _is_op(token, "."):
                    i += 2
                elif _is_op(token, "(", "["):
                    close = self.closer(i)
                    if close is None:
                        return None
                    i = close + 1
                else:
                    break
            token = self.at(i)
            if token is None or token.kind == ENDMARKER:
                return None
            if (token.kind == OP and token.value in _BINARY) or _is_kw(
                token, "and", "or", "in", "is", "not", "if", "else"
            ):
                i += 1
                continue
            return i

    def unclosed_end(self, open_: int) -> int | None:
        """Where CPython stops reading a bracket never closed: its first impossible token pair.

        None when nothing in it stops the parser before the end of the text.
        """
        for j in range(open_ + 1, len(self.t)):
            prev, token = self.t[j - 1], self.t[j]
            if token.kind == ENDMARKER:
                return None
            if _impossible_pair(prev, token, self.at(j + 1)):
                return j
        if self.scan.error is not None:
            self.at(len(self.t))  # reading on meets the tokenizer's error
        return None

    def problem(self) -> SyntaxProblem | None:
        for rule in (
            self.dict_value,
            self.indented_block,
            self.unexpected_unindent,
            self.missing_colon,
            self.try_without_handler,
            self.legacy_print,
            self.missing_else,
            self.assignment_in_condition,
            self.missing_comma,
        ):
            found = rule()
            if found is not None:
                return found
        return None

    # -- structure helpers ---------------------------------------------------------------------

    def line_start(self, index: int) -> int:
        """Index of the first token of the logical line holding tokens[index]."""
        j = index - 1
        while j >= 0 and self.t[j].kind not in (NEWLINE, INDENT, DEDENT):
            j -= 1
        return j + 1

    def header(self, start: int) -> int | None:
        """Index of the compound-statement keyword a logical line starts with (after `async`)."""
        if _is_kw(self.at(start), "async"):
            start += 1
        token = self.at(start)
        return (
            start if token is not None and token.kind == NAME and token.value in _HEADERS else None
        )

    def opener(self, close: int) -> int | None:
        """Index of the bracket that tokens[close] closes."""
        level = self.t[close].level
        j = close - 1
        while j >= 0:
            token = self.t[j]
            if token.level == level and _is_op(token, "(", "[", "{"):
                return j
            if token.level < level:
                return None
            j -= 1
        return None

    def closer(self, open_: int) -> int | None:
        level = self.t[open_].level
        for j in range(open_ + 1, len(self.t)):
            token = self.t[j]
            if token.level == level and _is_op(token, ")", "]", "}"):
                return j
            if token.level < level or token.kind in (NEWLINE, ENDMARKER):
                return None
        return None

    def atom_start(self, end: int) -> int | None:
        """Start of the atom (name, number, strings, bracketed group) ending at tokens[end]."""
        token = self.at(end)
        if not _ends_operand(token):
            return None
        if token.kind == OP and token.value in _CLOSE_TO_OPEN:
            return self.opener(end)
        if token.kind == STRING:
            while _is_string(self.at(end - 1)):
                end -= 1
        return end

    def operand_start(self, end: int) -> int | None:
        """Start of the disjunction (`a or b`, `not x < y.z(1)`...) ending at tokens[end]."""
        i = self.atom_start(end)
        while i is not None:
            current, prev = self.t[i], self.at(i - 1)
            if prev is None or prev.level != current.level:
                return i
            if _is_op(prev, "."):
                i = self.atom_start(i - 2)
            elif _is_op(current, "(", "[") and _ends_operand(prev):
                i = self.atom_start(i - 1)
            elif _is_op(prev, *_UNARY) and not _ends_operand(self.at(i - 2)):
                i -= 1
            elif _is_kw(prev, "not") and not _is_kw(self.at(i - 2), "is"):
                i -= 1
            elif _is_kw(prev, "await"):
                i -= 1
            elif (
                (prev.kind == OP and prev.value in _BINARY)
                or _is_kw(prev, *_WORD_BINARY)
                or (_is_kw(prev, "not") and _is_kw(self.at(i - 2), "is"))
            ):
                before = i - 2
                if _is_kw(prev, "in") and _is_kw(self.at(before), "not"):
                    before -= 1
                if _is_kw(prev, "not") and _is_kw(self.at(before), "is"):
                    before -= 1
                i = self.atom_start(before)
            else:
                return i
        return None

    def bitwise_end(self, start: int) -> int | None:
        """Index just after the `bitwise_or` expression starting at tokens[start]."""
        i = start
        while True:
            while _is_op(self.at(i), *_UNARY) or _is_kw(self.at(i), "await"):
                i += 1
            token = self.at(i)
            if token is None:
                return None
            if _is_op(token, "(", "[", "{"):
                close = self.closer(i)
                if close is None:
                    return None
                i = close + 1
            elif token.kind == STRING:
                while _is_string(self.at(i)):
                    i += 1
            elif _ends_operand(token) and token.kind != OP or _is_op(token, "..."):
                i += 1
            else:
                return None
            while True:  # trailers
                token = self.at(i)
                if (
                    _is_op(token, ".")
                    and self.at(i + 1) is not None
                    and self.at(i + 1).kind == NAME
                ):
                    i += 2
                elif _is_op(token, "(", "["):
                    close = self.closer(i)
                    if close is None:
                        return None
                    i = close + 1
                else:
                    break
            if _is_op(self.at(i), *_BITWISE_BINARY):
                i += 1
                continue
            return i

    def has_top_level(self, start: int, end: int, *values: str) -> bool:
        level = self.t[start].level
        return any(
            self.t[j].level == level and self.t[j].value in values and self.t[j].kind in (OP, NAME)
            for j in range(start, end + 1)
        )

    # -- the rules -----------------------------------------------------------------------------

    def def_parenthesis(self) -> SyntaxProblem | None:
        """`def f x:`: CPython's grammar insists on the parameter list."""
        if _is_kw(self.at(self.k - 2), "def") and self.at(self.k - 1).kind == NAME:
            if not _is_op(self.t[self.k], "("):
                return self.problem_at(self.k, "expected '('")
        return None

    def indented_block(self) -> SyntaxProblem | None:
        if self.t[self.k].kind == INDENT:
            return None
        j = self.k - 1
        while j >= 0 and self.t[j].kind == DEDENT:
            j -= 1
        if not (self.at(j) and self.t[j].kind == NEWLINE and _is_op(self.at(j - 1), ":")):
            return None
        first = self.header(self.line_start(j - 1))
        if first is None:
            return None
        header = self.t[first]
        what = _HEADERS[header.value]
        return self.problem_at(
            self.k, f"expected an indented block after {what} on line {header.line}"
        )

    def dict_value(self) -> SyntaxProblem | None:
        """`{"a": }`: a key and its colon, then no value; `{"a": 1, "b"}`: a key, no colon."""
        if not _is_op(self.t[self.k], "}", ","):
            return None
        opener = self.enclosing_opener(self.k - 1)
        if opener is None or not _is_op(self.t[opener], "{"):
            return None
        if _is_op(self.at(self.k - 1), ":"):
            return self.problem_at(self.k - 1, "expression expected after dictionary key and ':'")
        key = self.operand_start(self.k - 1)
        if key is not None and _is_op(self.at(key - 1), ",") and key - 1 > opener:
            if self.has_top_level(opener + 1, key - 1, ":"):
                return self.problem_at(key, "':' expected after dictionary key")
        return None

    def unexpected_unindent(self) -> SyntaxProblem | None:
        """A dedent where a decorated `def` or `class` must follow its decorator."""
        j = self.k - 1
        if not (self.at(j) and self.t[j].kind == DEDENT):
            return None
        while self.at(j) and self.t[j].kind == DEDENT:
            j -= 1
        if self.at(j) and self.t[j].kind == NEWLINE and _is_op(self.at(self.line_start(j)), "@"):
            return self.problem_at(self.k, "unexpected unindent")
        return None

    def missing_colon(self, forced_only: bool = False) -> SyntaxProblem | None:
        stop = self.t[self.k]
        start = self.line_start(self.k)
        first = self.header(start)
        if first is None or self.t[first].value == "case":
            return None
        header = self.t[first]
        if self.has_top_level(first, self.k - 1, ":") or stop.level != header.level:
            return None
        prev = self.at(self.k - 1)
        if header.value == "match" and prev is header:
            prev = None if not _starts_operand(stop) else header
        bare = header.value in ("else", "try", "finally", "except", "match")
        complete = (bare and prev is header) or (prev is not header and _ends_operand(prev))
        if header.value == "def":
            complete = _is_op(prev, ")") or (
                self.has_top_level(first, self.k - 1, "->") and _ends_operand(prev)
            )
        if not complete:
            return None
        if stop.kind == NEWLINE and not forced_only:
            return self.problem_at(self.k, "expected ':'")
        if header.value == "match" and self.k == first + 1 and not forced_only:
            end = self.expression_end(self.k)  # `match x` then the end of the line
            if end is not None and self.t[end].kind == NEWLINE:
                return self.problem_at(end, "expected ':'")
        if header.value in _FORCED_COLON and (header.value == "def" or prev is header):
            return self.problem_at(self.k, "expected ':'")
        return None

    def try_without_handler(self) -> SyntaxProblem | None:
        node = self.node
        children = getattr(node, "children", [])
        if len(children) < 3 or getattr(children[0], "value", None) != "try":
            return None
        if children[-1].type not in ("suite", "simple_stmt"):
            return None
        stop = self.t[self.k]
        if _is_kw(stop, "except", "finally") and stop.col == children[0].start_pos[1]:
            return None
        return self.problem_at(self.k, "expected 'except' or 'finally' block")

    def legacy_print(self) -> SyntaxProblem | None:
        prev = self.at(self.k - 1)
        if not (_is_kw(prev, "print", "exec") and _starts_operand(self.t[self.k])):
            return None
        if _is_op(self.at(self.k - 2), ".") or _ends_operand(self.at(self.k - 2)):
            return None
        name = prev.value
        return self.problem_at(
            self.k - 1, f"Missing parentheses in call to '{name}'. Did you mean {name}(...)?"
        )

    def missing_else(self) -> SyntaxProblem | None:
        if _is_kw(self.t[self.k], "else") or _is_op(self.t[self.k], ":"):
            return None
        b = self.operand_start(self.k - 1)
        if b is None or not _is_kw(self.at(b - 1), "if"):
            return None
        a = self.operand_start(b - 2)
        if a is None or self.in_comprehension(a):
            return None
        return self.problem_at(a, "expected 'else' after 'if' expression")

    def in_comprehension(self, index: int) -> bool:
        """True when tokens[index] follows a `for` of a comprehension at its bracket level."""
        level = self.t[index].level
        j = index - 1
        while j >= 0 and self.t[j].level >= level and self.t[j].kind not in (NEWLINE, INDENT):
            token = self.t[j]
            if token.level == level and (_is_kw(token, "for") or _is_op(token, ",")):
                return _is_kw(token, "for")
            j -= 1
        return False

    def assignment_in_condition(self) -> SyntaxProblem | None:
        if not _is_op(self.t[self.k], "="):
            return None
        a = self.operand_start(self.k - 1)
        if a is None:
            return None
        before = self.at(a - 1)
        in_header = _is_kw(before, "if", "elif", "while") and self.line_start(a - 1) == a - 1
        if not (in_header or _is_op(before, "[")):
            return None
        end = self.bitwise_end(self.k + 1)
        if end is None or _is_op(self.at(end), "=", ":="):
            return None
        if self.has_top_level(a, self.k - 1, "<", ">", "==", "!=", "<=", ">=", "and", "or"):
            return None
        if self.has_top_level(a, self.k - 1, "not", "in", "is"):
            return None
        if a == self.k - 1 and self.t[a].kind == NAME and self.t[a].value not in _KEYWORDS:
            return self.problem_at(
                a, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
            )
        what = self.expression_name(a, self.k - 1)
        if what is None:
            return None
        return self.problem_at(
            a, f"cannot assign to {what} here. Maybe you meant '==' instead of '='?"
        )

    def expression_name(self, start: int, end: int) -> str | None:
        """CPython's name for the expression tokens[start..end] (for `cannot assign to ...`)."""
        first, last = self.t[start], self.t[end]
        if start == end or all(_is_string(self.t[j]) for j in range(start, end + 1)):
            if first.kind == NUMBER:
                return "literal"
            if first.kind == STRING:
                prefixes = [_prefix(self.t[j].value) for j in range(start, end + 1)]
                return "f-string expression" if any("f" in p for p in prefixes) else "literal"
            if _is_op(first, "..."):
                return "ellipsis"
            return None
        if _is_op(first, "(", "[", "{") and self.closer(start) == end:
            if _is_op(first, "{"):
                if end == start + 1 or self.has_top_level(start + 1, end - 1, ":"):
                    return "dict literal"
                return "set display"
            return None
        if self.has_top_level(start, end, *_BITWISE_BINARY) or _is_op(first, *_UNARY):
            return "expression"
        if _is_kw(first, "await"):
            return "await expression"
        if last.kind == NAME and _is_op(self.at(end - 1), "."):
            return "attribute"
        if _is_op(last, ")"):
            return "function call"
        if _is_op(last, "]"):
            return "subscript"
        return None

    def missing_comma(self) -> SyntaxProblem | None:
        """Two expressions side by side inside brackets: `[1 2]`, `f(a b)`."""
        stop = self.t[self.k]
        if stop.level == 0 or not _starts_operand(stop):
            return None
        a = self.operand_start(self.k - 1)
        if a is None:
            return None
        before = self.at(a - 1)
        if _is_op(before, "*") and _is_op(self.at(a - 2), "(", "[", "{", ","):
            a -= 1  # a starred item: `[*a b]`
            before = self.at(a - 1)
        if _is_kw(before, "for"):  # a comprehension's target, not its iterable
            if self.has_top_level(a, self.k - 1, "in"):
                return None
        elif not _is_op(before, "(", "[", "{", ",", ":", "=", ":="):
            return None
        if _is_kw(stop, "lambda") and not (
            self.at(self.k + 1).kind == NAME or _is_op(self.at(self.k + 1), ":", "*", "**")
        ):
            return None
        if self.no_expressions():
            return None  # a parameter list holds no expressions
        opener = self.enclosing_opener(a)
        first = self.t[a]
        if first.kind == NAME and (first.value in _SOFT_KEYWORDS or self.t[a + 1].kind == STRING):
            return None
        if a == self.k - 1 and _is_kw(first, "print", "exec"):
            return None
        if (
            opener is not None
            and _is_op(self.t[opener], "{")
            and _is_op(before, ",")
            and self.has_top_level(opener + 1, a - 1, ":")
        ):
            return self.problem_at(a, "':' expected after dictionary key")
        return self.problem_at(a, "invalid syntax. Perhaps you forgot a comma?")

    def enclosing_opener(self, index: int) -> int | None:
        level = self.t[index].level
        j = index - 1
        while j >= 0:
            if self.t[j].level < level:
                return j if _is_op(self.t[j], "(", "[", "{") else None
            j -= 1
        return None


def _impossible_pair(prev: Token, token: Token, after: Token | None) -> bool:
    """Two adjacent tokens no expression can hold (`a b`, `(,`, `, *` is fine: `,` then `*a`)."""
    if token.kind == NAME and token.value in _KEYWORDS - _EXPRESSION_KEYWORDS:
        return True
    if _ends_operand(prev) and _starts_operand(token):
        if _is_op(token, "(", "[") or (prev.kind == STRING and token.kind == STRING):
            return False
        return not (_is_kw(token, "not") and _is_kw(after, "in"))
    if _is_op(prev, "(", "[", "{", ",") or (prev.kind == OP and prev.value in _BINARY):
        return token.kind == OP and token.value not in _AFTER_OPENING
    return False


def _is_string(token: Token | None) -> bool:
    return token is not None and token.kind == STRING


def _prefix(literal: str) -> str:
    return literal[: len(literal) - len(literal.lstrip("bBrRuUfF"))].lower()


# -- parso's messages for well-formed trees, in CPython 3.11's words -------------------------

# Messages parso gives for error nodes and leaves (the failure point, handled above).
_ERROR_NODE_MESSAGES = frozenset(
    {
        "SyntaxError: invalid syntax",
        "SyntaxError: f-string: invalid syntax",
        "IndentationError: expected an indented block",
        "IndentationError: unexpected indent",
        "IndentationError: unindent does not match any outer indentation level",
        "IndentationError: too many levels of indentation",
        "SyntaxError: unexpected character after line continuation character",
        "SyntaxError: EOL while scanning string literal",
        "SyntaxError: EOF while scanning triple-quoted string literal",
        "SyntaxError: too many statically nested blocks",  # counted as CPython counts, in parse.py
    }
)

# parso's wording -> CPython 3.11's, for the messages 3.11 words differently.
_REWORDED = {
    "two starred expressions in assignment": "multiple starred expressions in assignment",
    "cannot assign to yield expression": "assignment to yield expression not possible",
    "keyword can't be an expression": (
        'expression cannot contain assignment, perhaps you meant "=="?'
    ),
}

_AUGMENTED = re.compile(r"^'(\w+)' is an illegal expression for augmented assignment$")
_PARSO_EXPRESSIONS = frozenset(
    "power arith_expr term factor shift_expr and_expr xor_expr expr".split()
)

# Messages (after rewording) that are CPython 3.11's own words, by the phase it reports them in.
_PHASES: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"^from __future__ imports must occur|^not a chance$|^future feature "), FUTURE),
    (
        re.compile(
            r"^duplicate argument '|^name '.*' is (parameter and (global|nonlocal)|nonlocal and "
            r"global|assigned to before (global|nonlocal) declaration|used prior to "
            r"(global|nonlocal) declaration)$|^no binding for nonlocal '|^nonlocal declaration "
            r"not allowed at module level$|^import \* only allowed at module level$|^assignment "
            r"expression (cannot be used in a comprehension iterable expression|within a "
            r"comprehension cannot be used in a class body|cannot rebind comprehension "
            r"iteration variable)"
        ),
        SYMTABLE,
    ),
    (
        re.compile(
            r"^'(return|yield|await)' outside (async )?function$|^'break' outside loop$|"
            r"^'continue' not properly in loop$|^too many statically nested blocks$|"
            r"^can't use starred expression here$|^starred assignment target must be in a list "
            r"or tuple$|^multiple starred expressions in assignment$|^too many expressions in "
            r"star-unpacking assignment$|^keyword argument repeated: |^'yield from' inside async "
            r"function$|^'return' with value in async generator$|^asynchronous comprehension "
            r"outside of an asynchronous function$|^cannot assign to __debug__$"
        ),
        COMPILER,
    ),
]
_PARSER_WORDS = re.compile(
    r"^(named arguments must follow bare \*|dict unpacking cannot be used in dict comprehension|"
    r"cannot mix bytes and nonbytes literals|trailing comma not allowed without surrounding "
    r"parentheses|illegal target for annotation|only single target \(not (tuple|list)\) can be "
    r"annotated|expression cannot contain assignment, perhaps you meant \"==\"\?|iterable "
    r"argument unpacking follows keyword argument unpacking|positional argument follows keyword "
    r"argument( unpacking)?|non-default argument follows default argument|default 'except:' "
    r"must be last|cannot delete starred|'\w+' is an illegal expression for augmented "
    r"assignment|bytes can only contain ASCII literal characters|\((unicode|value) error\) .*|"
    r"cannot (assign to|delete) (True|False|None|literal|function call|expression|comparison|"
    r"conditional expression|lambda|attribute|subscript|starred|yield expression|await "
    r"expression|f-string expression|dict literal|set display|dict comprehension|list "
    r"comprehension|set comprehension|generator expression|ellipsis)|assignment to yield "
    r"expression not possible|cannot use assignment expressions with \w[\w -]*|Generator "
    r"expression must be parenthesized|iterable unpacking cannot be used in comprehension)$"
)


def _reword(position: tuple[int, int], message: str, tree: Module, tokens: list[Token]):
    """parso's issue as CPython 3.11 words and orders it (None: not an error in 3.11)."""
    for prefix in ("SyntaxError: ", "IndentationError: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    message = _REWORDED.get(message, message)
    try:
        leaf = tree.get_leaf_for_position(position, include_prefixes=True)
    except ValueError:
        leaf = None
    if message == "keyword argument repeated" and leaf is not None:
        message = f"keyword argument repeated: {leaf.value}"
    elif message in ("'yield' outside function", "'await' outside async function"):
        enclosing = _enclosing_function(leaf)
        if message.startswith("'yield'") and enclosing == "lambdef":
            return None  # CPython allows `lambda: (yield)`
        if message.startswith("'await'") and enclosing is None:
            message = "'await' outside function"
    augmented = _AUGMENTED.match(message)
    if augmented is not None and augmented.group(1) in _PARSO_EXPRESSIONS:
        message = "'expression' is an illegal expression for augmented assignment"
    line, col = _one_based(position)
    phase = syntax_phase(message)
    if phase == PARSER and _PARSER_WORDS.match(message) is None:
        message = INVALID_SYNTAX
    elif message.startswith("cannot assign to ") and _single_assignment_target(
        tokens, position, message
    ):
        message += " here. Maybe you meant '==' instead of '='?"
    return SyntaxProblem(phase, line, col, message)


def _enclosing_function(leaf) -> str | None:
    node = getattr(leaf, "parent", None)
    while node is not None:
        if node.type in ("funcdef", "lambdef", "async_funcdef"):
            return node.type
        node = node.parent
    return None


def _single_assignment_target(tokens: list[Token], position: tuple[int, int], message: str) -> bool:
    """True for `f() = 1`: CPython words an invalid lone target as a likely `==` typo."""
    what = message[len("cannot assign to ") :]
    if what in ("True", "False", "None", "starred", "yield expression"):
        return False
    keys = [token.pos for token in tokens]
    index = bisect.bisect_right(keys, position) - 1  # after the INDENT/DEDENT at the same place
    if index < 0 or tokens[index].pos != position:
        return False
    rules = _Rules(tk.Scan(tokens=tokens), index, None)
    start = rules.line_start(index)
    if start != index or _is_op(tokens[index], "(", "["):
        return False
    end = start
    while end < len(tokens) and tokens[end].kind not in (NEWLINE, ENDMARKER):
        end += 1
    equals = [
        j
        for j in range(start, end)
        if tokens[j].level == 0
        and tokens[j].kind == OP
        and tokens[j].value.endswith("=")
        and tokens[j].value not in ("==", "!=", "<=", ">=")
    ]
    if len(equals) != 1 or tokens[equals[0]].value != "=":
        return False
    eq = equals[0]
    if rules.operand_start(eq - 1) != start or rules.has_top_level(
        start, eq - 1, "<", ">", "==", "!=", "<=", ">=", "and", "or", "not", "in", "is", ","
    ):
        return False
    value = rules.at(eq + 1)
    return _starts_operand(value) and not _is_kw(value, "not", "lambda")
