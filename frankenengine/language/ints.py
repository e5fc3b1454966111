"""The language's int range: every int an extension computes is a 64-bit signed integer.

LANGUAGE.md (deliberate difference 1): an int operation whose exact result
falls outside [INT64_MIN, INT64_MAX] raises `OverflowError` at that
operation, and an int constant outside it raises where it is evaluated. The
passes (folding, type inference, dead-code elimination), the serialiser, both
lanes and the runtime all read the range from here.

Invariant: INT64_MIN == -(2**63) and INT64_MAX == 2**63 - 1, the range of
NumPy's int64 and of a machine word, so the JIT lane can hold every int the
interpreter can.
"""

from __future__ import annotations

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def fits_int64(value: int) -> bool:
    """True when the int `value` is in the language's range."""
    return INT64_MIN <= value <= INT64_MAX
