"""CPython 3.11's tokenizer, as far as its errors go: what it refuses, where, in its words.

`scan(text)` walks the text as CPython's tokenizer (Parser/tokenizer.c)
does and returns its token stream up to the first error the tokenizer
itself raises:

- indentation, measured twice (tabs to multiples of 8, and tabs as one
  column) as CPython measures it: `TabError` (`inconsistent use of tabs and
  spaces in indentation`), `unindent does not match any outer indentation
  level`, `too many levels of indentation`;
- brackets: `unmatched ')'`, `closing parenthesis ']' does not match opening
  parenthesis '('`, `too many nested parentheses`, and the brackets still
  open at the end of the text (for `'(' was never closed`);
- strings left open (`unterminated string literal (detected at line 3)`),
  malformed numbers (`invalid decimal literal`, `leading zeros in decimal
  integer literals are not permitted; ...`), characters that cannot appear
  in source (`invalid character '€' (U+20AC)`), a backslash not at the end
  of its line.

Each error says whether CPython reports it even when its parser failed
earlier in the file (`hard`: the tokenizer raised it itself, so CPython's
re-tokenization of the rest of the file finds it) or only when the parser
reaches it (indentation and line-continuation errors).

Tokens carry CPython's positions (1-based line, 0-based column in
characters) and the bracket depth before them; NEWLINE, INDENT and DEDENT
are emitted where CPython emits them. Comments and blank lines produce
nothing. The text is never handed to CPython: this is a plain scanner over
the string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

MAX_INDENT_DEPTH = 100  # CPython's MAXINDENT: at most 99 nested indented blocks
MAX_BRACKET_DEPTH = 200  # CPython's MAXLEVEL

NAME, NUMBER, STRING, OP = "name", "number", "string", "op"
NEWLINE, INDENT, DEDENT, ENDMARKER = "newline", "indent", "dedent", "endmarker"

TAB_ERROR = "inconsistent use of tabs and spaces in indentation"
DEDENT_ERROR = "unindent does not match any outer indentation level"

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(")]}")
_OPERATOR = re.compile(
    r"\*\*=|//=|>>=|<<=|\.\.\.|->|:=|!=|==|<=|>=|\*\*|//|<<|>>|[-+*/%&|^@]="
    r"|[-+*/%&|^~<>()\[\]{},:;.=@!$?`]"  # `!$?` and the backquote: tokens no rule accepts
)
_STRING_PREFIX = re.compile(r"(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)(?=['\"])")
_NAME_RUN = re.compile(r"[A-Za-z0-9_\x80-\U0010ffff]+")
_PLAIN_NUMBER = re.compile(r"(?:[1-9][0-9]*|0)(?:\.[0-9]+)?(?![0-9A-Za-z_.\x80-\U0010ffff])")
_BLANKS = re.compile(r"[ \t\f]*")
_DIGITS = frozenset("0123456789")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_SPACE = frozenset(" \t\f")


class Token(NamedTuple):
    kind: str
    value: str
    line: int
    col: int
    level: int  # open brackets before this token

    @property
    def pos(self) -> tuple[int, int]:
        return (self.line, self.col)


_new_token = tuple.__new__  # Token(...) without the keyword handling of NamedTuple.__new__


@dataclass(frozen=True)
class TokenError:
    line: int
    col: int
    message: str
    hard: bool  # reported even when CPython's parser failed earlier in the file

    @property
    def pos(self) -> tuple[int, int]:
        return (self.line, self.col)


@dataclass
class Scan:
    tokens: list[Token] = field(default_factory=list)
    error: TokenError | None = None
    open_brackets: list[tuple[str, int, int]] = field(default_factory=list)  # (char, line, col)
    eof_line: int = 1  # the line CPython reports an error at the end of the text at

    def position(self, token: Token) -> tuple[int, int]:
        """Where CPython reports an error at `token` (the end of the text is on its last line)."""
        return (self.eof_line, 0) if token.kind == ENDMARKER else token.pos


class _Stop(Exception):
    def __init__(self, error: TokenError) -> None:
        self.error = error


def normalize(text: str) -> str:
    """The text CPython tokenizes: universal newlines, ending with a newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


def is_name_char(c: str) -> bool:
    """CPython's is_potential_identifier_char."""
    return bool(c) and (c.isascii() and (c.isalnum() or c == "_") or ord(c) >= 128)


def scan(text: str) -> Scan:
    """Tokenize `text` (already normalized or not) as CPython 3.11 would, up to its first error."""
    return _Scanner(normalize(text)).run()


class _Scanner:
    def __init__(self, s: str) -> None:
        self.s = s
        self.line = 1
        self.line_start = 0
        self.brackets: list[tuple[str, int, int]] = []
        self.indents = [0]
        self.alt_indents = [0]
        self.result = Scan(eof_line=max(1, s.count("\n")))
        self.tokens = self.result.tokens

    # -- helpers -------------------------------------------------------------

    def fail(self, index: int, message: str, hard: bool = True) -> None:
        raise _Stop(TokenError(self.line, index - self.line_start, message, hard))

    def emit(self, kind: str, value: str, index: int) -> None:
        token = (kind, value, self.line, index - self.line_start, len(self.brackets))
        self.tokens.append(_new_token(Token, token))

    def newline_at(self, index: int) -> None:
        """Account for the newline character at `index`."""
        self.line += 1
        self.line_start = index + 1

    # -- main loop -----------------------------------------------------------

    def run(self) -> Scan:
        try:
            self.tokenize()
        except _Stop as stop:
            self.result.error = stop.error
        self.result.open_brackets = list(self.brackets)
        return self.result

    def tokenize(self) -> None:
        s, n = self.s, len(self.s)
        i = 0
        at_line_start = True
        blank = False
        while True:
            if at_line_start:
                at_line_start = False
                i, blank = self.indentation(i)
            if i < n and s[i] in _SPACE:
                i = _BLANKS.match(s, i).end()
            if i >= n:
                break
            c = s[i]
            if c == "#":
                end = s.find("\n", i)
                i = n if end < 0 else end
            elif c == "\n":
                if not blank and not self.brackets:
                    self.emit(NEWLINE, "", i)
                self.newline_at(i)
                i += 1
                at_line_start = True
            elif c == "\\":
                i = self.continuation(i)
            elif c.isascii() and (c.isalpha() or c == "_") or ord(c) >= 128:
                i = self.name_or_string(i)
            elif c in "'\"":
                i = self.string(i, i)
            elif c in _DIGITS or (c == "." and s[i + 1 : i + 2] in _DIGITS and s[i + 1 : i + 2]):
                plain = _PLAIN_NUMBER.match(s, i)  # the common case, well formed by construction
                end = plain.end() if plain else _Number(self, i).scan()
                self.emit(NUMBER, s[i:end], i)
                i = end
            else:
                i = self.operator(i)
        self.emit(ENDMARKER, "", n)

    def indentation(self, i: int) -> tuple[int, bool]:
        """Measure a line's indentation; emit INDENT/DEDENT; (index after it, blank line?)."""
        s, n = self.s, len(self.s)
        col = alt = 0
        continued = 0  # a backslash in the indentation: the (nonzero) column before it counts
        while i < n:
            c = s[i]
            if c == " ":
                col, alt = col + 1, alt + 1
            elif c == "\t":
                col, alt = (col // 8 + 1) * 8, alt + 1
            elif c == "\f":
                col = alt = 0
            elif c == "\\":
                continued = continued or col
                i = self.continuation(i)
                continue
            else:
                break
            i += 1
        c = s[i] if i < n else ""
        blank = c in ("#", "\n")
        if blank or self.brackets:
            return i, blank
        if continued:
            col = alt = continued
        indents, alts = self.indents, self.alt_indents
        if col == indents[-1]:
            if alt != alts[-1]:
                self.fail(self.line_start, TAB_ERROR, hard=False)
        elif col > indents[-1]:
            if len(indents) >= MAX_INDENT_DEPTH:
                self.fail(self.line_start, "too many levels of indentation", hard=False)
            if alt <= alts[-1]:
                self.fail(self.line_start, TAB_ERROR, hard=False)
            indents.append(col)
            alts.append(alt)
            self.emit(INDENT, "", i)
        else:
            while len(indents) > 1 and col < indents[-1]:
                indents.pop()
                alts.pop()
                self.emit(DEDENT, "", i)
            if col != indents[-1]:
                self.fail(self.line_start, DEDENT_ERROR, hard=False)
            if alt != alts[-1]:
                self.fail(self.line_start, TAB_ERROR, hard=False)
        return i, False

    def continuation(self, i: int) -> int:
        s = self.s
        if s[i + 1 : i + 2] != "\n":
            self.fail(i, "unexpected character after line continuation character", hard=False)
        if i + 2 >= len(s):
            self.fail(i, "unexpected EOF while parsing", hard=False)
        self.newline_at(i + 1)
        return i + 2

    def name_or_string(self, i: int) -> int:
        s = self.s
        prefix = _STRING_PREFIX.match(s, i)
        if prefix is not None:
            return self.string(i, prefix.end())
        match = _NAME_RUN.match(s, i)
        end = match.end() if match else i + 1
        name = s[i:end]
        if not name.isascii() and not name.isidentifier():
            bad = next(
                k
                for k, ch in enumerate(name)
                if not (name[:1] if k == 0 else "a" + ch).isidentifier()
            )
            ch = name[bad]
            if ch.isprintable():
                message = f"invalid character '{ch}' (U+{ord(ch):04X})"
            else:
                message = f"invalid non-printable character U+{ord(ch):04X}"
            self.fail(i + bad, message)
        self.emit(NAME, name, i)
        return end

    def string(self, start: int, quote_at: int) -> int:
        """A string literal starting at `start` (its prefix), quote at `quote_at`; its end."""
        s, n = self.s, len(self.s)
        quote = s[quote_at]
        first_line, first_line_start = self.line, self.line_start
        if s[quote_at : quote_at + 3] == quote * 3:
            size, i = 3, quote_at + 3
        elif s[quote_at + 1 : quote_at + 2] == quote:
            self.emit(STRING, s[start : quote_at + 2], start)
            return quote_at + 2
        else:
            size, i = 1, quote_at + 1
        special = re.compile(r"[\\\n" + re.escape(quote) + "]")
        while True:
            match = special.search(s, i)
            j = n if match is None else match.start()
            c = s[j] if j < n else ""
            if c == quote and (size == 1 or s[j : j + 3] == quote * 3):
                end = j + size
                break
            if c == quote:
                i = j + 1
            elif c == "\\":
                if s[j + 1 : j + 2] == "\n":
                    self.newline_at(j + 1)
                i = j + 2
            elif c == "\n" and size == 3:
                self.newline_at(j)
                i = j + 1
            else:  # end of line (one quote) or end of text: CPython reports it at the opening quote
                detected = self.line if c == "\n" else self.result.eof_line
                kind = "triple-quoted string literal" if size == 3 else "string literal"
                raise _Stop(
                    TokenError(
                        first_line,
                        start - first_line_start,
                        f"unterminated {kind} (detected at line {detected})",
                        True,
                    )
                )
        token = Token(
            STRING, s[start:end], first_line, start - first_line_start, len(self.brackets)
        )
        self.result.tokens.append(token)
        return end

    def operator(self, i: int) -> int:
        s = self.s
        c = s[i]
        match = _OPERATOR.match(s, i)
        if match is None:
            if not c.isprintable():
                self.fail(i, f"invalid non-printable character U+{ord(c):04X}")
            self.emit(OP, c, i)
            return i + 1
        op = match.group()
        if op in _OPENERS:
            if len(self.brackets) >= MAX_BRACKET_DEPTH:
                self.fail(i, "too many nested parentheses")
            self.emit(OP, op, i)
            self.brackets.append((op, self.line, i - self.line_start))
            return i + 1
        if op in _CLOSERS:
            if not self.brackets:
                self.fail(i, f"unmatched '{op}'")
            opening, line, _ = self.brackets.pop()
            if _OPENERS[opening] != op:
                where = f" on line {line}" if line != self.line else ""
                self.fail(
                    i,
                    f"closing parenthesis '{op}' does not match opening parenthesis "
                    f"'{opening}'{where}",
                )
        self.emit(OP, op, i)
        return match.end()


class _Number:
    """CPython's number tokenizer (tok_get's number branch, verify_end_of_number)."""

    def __init__(self, scanner: _Scanner, start: int) -> None:
        self.scanner = scanner
        self.s = scanner.s
        self.start = start
        self.i = start

    def next(self) -> str:
        c = self.s[self.i] if self.i < len(self.s) else ""
        self.i += 1
        return c

    def back(self) -> None:
        self.i -= 1

    def fail(self, message: str, at: int | None = None) -> None:
        self.scanner.fail(self.i if at is None else at, message)

    def scan(self) -> int:
        """The index just after the number."""
        c = self.next()
        if c == ".":
            return self.fraction(self.next())
        if c == "0":
            c = self.next()
            if c in ("x", "X"):
                return self.based(_HEX_DIGITS, "hexadecimal")
            if c in ("o", "O"):
                return self.based(frozenset("01234567"), "octal")
            if c in ("b", "B"):
                return self.based(frozenset("01"), "binary")
            nonzero = False
            while True:
                if c == "_":
                    c = self.next()
                    if c not in _DIGITS or not c:
                        self.back()
                        self.fail("invalid decimal literal")
                if c != "0":
                    break
                c = self.next()
            if c in _DIGITS and c:
                nonzero = True
                c = self.decimal_tail()
            if c == ".":
                return self.fraction(self.next())
            if c in ("e", "E"):
                return self.exponent(c)
            if c in ("j", "J"):
                return self.imaginary()
            if nonzero:
                self.back()
                self.fail(
                    "leading zeros in decimal integer literals are not permitted; "
                    "use an 0o prefix for octal integers",
                    at=self.start,
                )
            self.verify_end(c, "decimal")
            self.back()
            return self.i
        c = self.decimal_tail()
        if c == ".":
            return self.fraction(self.next())
        if c in ("e", "E"):
            return self.exponent(c)
        if c in ("j", "J"):
            return self.imaginary()
        self.verify_end(c, "decimal")
        self.back()
        return self.i

    def based(self, digits: frozenset[str], kind: str) -> int:
        c = self.next()
        while True:
            if c == "_":
                c = self.next()
            if c not in digits or not c:
                if c in _DIGITS and c:
                    self.fail(f"invalid digit '{c}' in {kind} literal", at=self.i - 1)
                self.back()
                self.fail(f"invalid {kind} literal")
            while True:
                c = self.next()
                if c not in digits or not c:
                    break
            if c != "_":
                break
        if c in _DIGITS and c:
            self.fail(f"invalid digit '{c}' in {kind} literal", at=self.i - 1)
        self.verify_end(c, kind)
        self.back()
        return self.i

    def decimal_tail(self) -> str:
        while True:
            c = self.next()
            while c in _DIGITS and c:
                c = self.next()
            if c != "_":
                return c
            c = self.next()
            if c not in _DIGITS or not c:
                self.back()
                self.fail("invalid decimal literal")

    def fraction(self, c: str) -> int:
        if c in _DIGITS and c:
            c = self.decimal_tail()
        if c in ("e", "E"):
            return self.exponent(c)
        if c in ("j", "J"):
            return self.imaginary()
        self.verify_end(c, "decimal")
        self.back()
        return self.i

    def exponent(self, e: str) -> int:
        c = self.next()
        if c in ("+", "-"):
            c = self.next()
            if c not in _DIGITS or not c:
                self.back()
                self.fail("invalid decimal literal")
        elif c not in _DIGITS or not c:
            self.back()
            self.verify_end(e, "decimal")
            self.back()  # the number ends before the 'e'
            return self.i
        c = self.decimal_tail()
        if c in ("j", "J"):
            return self.imaginary()
        self.verify_end(c, "decimal")
        self.back()
        return self.i

    def imaginary(self) -> int:
        c = self.next()
        self.verify_end(c, "imaginary")
        self.back()
        return self.i

    def verify_end(self, c: str, kind: str) -> None:
        """A number may be followed by a keyword CPython still accepts (`1if`), not by a name."""
        rest = self.s[self.i :]
        follows = {"a": "nd", "e": "lse", "f": "or", "o": "r", "n": "ot"}.get(c)
        if follows is not None:
            if rest.startswith(follows) and not is_name_char(rest[len(follows) : len(follows) + 1]):
                return
        elif c == "i" and rest[:1] in ("f", "n", "s") and rest[:1]:
            return
        if c.isascii() and is_name_char(c):  # 3.11 leaves a non-ASCII character to the next token
            self.back()
            self.fail(f"invalid {kind} literal")
