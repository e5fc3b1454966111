"""The 64-bit integer rule (LANGUAGE.md, deliberate difference 1).

Extension `int` values are signed 64-bit. Every operation whose exact int
result falls outside [INT64_MIN, INT64_MAX] raises `OverflowError("integer
overflow")`; results never wrap and never grow into big integers.

Invariants: `check_int` returns its argument unchanged when it is in range,
and passes bools and every non-int value through untouched (bools are always
in range, and floats follow IEEE 754, not this rule).
"""

from __future__ import annotations

from frankenengine.language.ints import INT64_MAX, INT64_MIN

OVERFLOW_MESSAGE = "integer overflow"


def overflow():
    """Raise the engine's OverflowError for an int result outside 64 bits."""
    raise OverflowError(OVERFLOW_MESSAGE)


def check_int(v):
    """Return `v`, or raise OverflowError if it is a Python int outside 64 bits."""
    if type(v) is int and not INT64_MIN <= v <= INT64_MAX:
        overflow()
    return v
