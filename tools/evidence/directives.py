"""Parse the directives of a conformance program into a frozen `Directives`.

Directives are comment lines at the top of a program (see the shared suite's
conformance/README.md). The conformance tests and the golden checksums run
programs as their directives say, through this one parser. Parsing reads the
leading lines of the file: blank lines and comments are read, the first other
line (code or a docstring) ends the directive block. A comment of the form
`# word: value` with a lowercase word that is not a known directive is an
error, so a misspelt directive cannot silently turn a test into a weaker one.

    # call: NAME                      entry function (default main)
    # jit: f, g                       must run in the JIT lane under --lane jit
    # interp-only: reason             the JIT lane is expected to reject the entry
    # raises: Type                    the call raises this exception type
    # compile-error: LINE             loading fails with a compile error naming LINE
    # limits: fuel=N memory=B depth=N (several pairs per line, several lines)
    # oracle: none                    CPython is not the oracle for this program
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from frankenengine.engine import outcome
from frankenengine.runtime import errors

# Limit name -> (CLI flag, value type). fuel/memory/depth are the README's;
# deadline/output are the two other limits of LANGUAGE.md.
LIMIT_FLAGS: dict[str, tuple[str, type]] = {
    "fuel": ("--fuel", int),
    "memory": ("--memory", int),
    "depth": ("--depth", int),
    "deadline": ("--deadline", float),
    "output": ("--output", int),
}

# Engine errors raised when a limit or the sentinel stops a run, by name.
LIMIT_ERRORS = frozenset(error.__name__ for error in errors.LIMIT_ERRORS)
SENTINEL_ERRORS = frozenset(
    error.__name__ for error in (errors.ExtensionTerminated, errors.ExtensionQuarantined)
)

_DIRECTIVE = re.compile(r"^#\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KNOWN = frozenset({"call", "jit", "interp-only", "raises", "compile-error", "limits", "oracle"})


class DirectiveError(ValueError):
    """A conformance program's directive block is malformed."""


@dataclass(frozen=True)
class Directives:
    """What a conformance program says about itself."""

    call: str = "main"
    jit: tuple[str, ...] = ()
    interp_only: str | None = None
    raises: str | None = None
    compile_error: int | None = None
    limits: tuple[tuple[str, int | float], ...] = ()
    oracle: bool = True

    @property
    def uses_oracle(self) -> bool:
        """True when CPython's outcome is part of the expectation."""
        return self.oracle and self.compile_error is None

    @property
    def expected_exit(self) -> int:
        """The exit status the conformance README prescribes for this program (of
        `franken run`, engine/outcome.py)."""
        if self.compile_error is not None:
            return outcome.EXIT_COMPILE
        if self.raises is None:
            return outcome.EXIT_OK
        if self.raises in LIMIT_ERRORS:
            return outcome.EXIT_LIMIT
        if self.raises in SENTINEL_ERRORS:
            return outcome.EXIT_SENTINEL
        return outcome.EXIT_RAISED

    def limit_flags(self) -> list[str]:
        """The `franken run` flags that apply this program's limits."""
        flags: list[str] = []
        for key, value in self.limits:
            flags += [LIMIT_FLAGS[key][0], str(value)]
        return flags


def _parse_limits(value: str, lineno: int, seen: dict[str, int | float]) -> None:
    if not value:
        raise DirectiveError(f"line {lineno}: empty '# limits:' directive")
    for item in value.replace(",", " ").split():
        key, eq, raw = item.partition("=")
        if not eq or key not in LIMIT_FLAGS:
            raise DirectiveError(
                f"line {lineno}: bad limit {item!r} (known: {sorted(LIMIT_FLAGS)})"
            )
        if key in seen:
            raise DirectiveError(f"line {lineno}: limit {key!r} given twice")
        kind = LIMIT_FLAGS[key][1]
        try:
            number = kind(raw)
        except ValueError:
            raise DirectiveError(f"line {lineno}: limit {key}={raw!r} is not a number") from None
        if number <= 0:
            raise DirectiveError(f"line {lineno}: limit {key} must be positive")
        seen[key] = number


def parse_directives(source: str) -> Directives:
    """Parse the directive block at the top of `source`."""
    call: str | None = None
    jit: list[str] = []
    interp_only: str | None = None
    raises: str | None = None
    compile_error: int | None = None
    limits: dict[str, int | float] = {}
    oracle = True

    for lineno, raw_line in enumerate(source.splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _DIRECTIVE.match(line)
        if match is None:
            continue  # a plain comment
        key, value = match.groups()
        if key not in _KNOWN:
            raise DirectiveError(f"line {lineno}: unknown directive {key!r}")
        if key == "call":
            if call is not None or not _NAME.match(value):
                raise DirectiveError(f"line {lineno}: bad or repeated '# call:' {value!r}")
            call = value
        elif key == "jit":
            names = [n.strip() for n in value.split(",") if n.strip()]
            if not names or not all(_NAME.match(n) for n in names):
                raise DirectiveError(f"line {lineno}: bad '# jit:' list {value!r}")
            jit.extend(names)
        elif key == "interp-only":
            if interp_only is not None or not value:
                raise DirectiveError(f"line {lineno}: '# interp-only:' needs one reason")
            interp_only = value
        elif key == "raises":
            if raises is not None or not _NAME.match(value):
                raise DirectiveError(f"line {lineno}: bad or repeated '# raises:' {value!r}")
            raises = value
        elif key == "compile-error":
            if compile_error is not None or not value.isdigit() or int(value) < 1:
                raise DirectiveError(f"line {lineno}: '# compile-error:' needs one line number")
            compile_error = int(value)
        elif key == "limits":
            _parse_limits(value, lineno, limits)
        elif key == "oracle":
            if value != "none":
                raise DirectiveError(
                    f"line {lineno}: the only oracle directive is '# oracle: none'"
                )
            oracle = False

    entry = call or "main"
    if compile_error is not None and raises is not None:
        raise DirectiveError("'# compile-error:' and '# raises:' exclude each other")
    if interp_only is not None and entry in jit:
        raise DirectiveError(f"entry {entry!r} is both '# jit:' and '# interp-only:'")
    if raises in (LIMIT_ERRORS | SENTINEL_ERRORS) and oracle:
        raise DirectiveError(f"'# raises: {raises}' is an engine error: add '# oracle: none'")
    return Directives(
        call=entry,
        jit=tuple(dict.fromkeys(jit)),
        interp_only=interp_only,
        raises=raises,
        compile_error=compile_error,
        limits=tuple(limits.items()),
        oracle=oracle,
    )


def read_directives(path: str | Path) -> Directives:
    """Parse the directives of the program at `path`."""
    return parse_directives(Path(path).read_text(encoding="utf-8"))
