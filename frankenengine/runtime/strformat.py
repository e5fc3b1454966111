"""`str.format` for extension code.

`format_str(template, *args, **kwargs)` behaves like CPython's
`template.format(*args, **kwargs)`: automatic and manual numbering (mixing
them is a ValueError), named fields, conversions `!r !s !a`, format specs with
nested replacement fields (at most two levels, as CPython), `{{` and `}}`,
and CPython's exception types for every malformed template, missing index
(IndexError) or missing name (KeyError).

The one deliberate difference (LANGUAGE.md, difference 5): a field that
reaches into a value, by attribute (`{0.real}`) or index (`{0[1]}`), raises
ValueError before anything is looked up.

`format_str_charged` does the same and first charges the meter with a bound
of every field's text (a shared nested list has an enormous repr), every
width and precision in a spec (a width alone can ask for gigabytes) and the
joined result; `spec_size` is that bound, also usable for f-strings.
"""

from __future__ import annotations

import re
import sys
from _string import formatter_field_name_split
from string import Formatter

from frankenengine.runtime import sizes

_parse = Formatter().parse
_CONVERSIONS = {"r": repr, "s": str, "a": ascii}
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d*))?[a-zA-Z%]?", re.S)
_SMALL = frozenset({int, float, bool, type(None)})
REACH_MESSAGE = "format fields may not reach into a value (attribute or index)"


class _Numbering:
    """Automatic/manual field numbering, shared by a template and its nested specs."""

    __slots__ = ("mode", "next")

    def __init__(self):
        self.mode = None
        self.next = 0

    def index(self, first) -> int | str:
        if first == "":
            if self.mode == "manual":
                raise ValueError(
                    "cannot switch from manual field specification to automatic field numbering"
                )
            self.mode = "auto"
            self.next += 1
            return self.next - 1
        if type(first) is int:
            if self.mode == "auto":
                raise ValueError(
                    "cannot switch from automatic field numbering to manual field specification"
                )
            self.mode = "manual"
        return first


def spec_size(spec: str) -> int:
    """Bytes a format spec alone can ask for (its width plus its precision); 0 if none.

    A width or precision CPython refuses ("Too many decimal digits") counts 0:
    `format` raises its ValueError without allocating.
    """
    m = _SPEC.fullmatch(spec)
    if m is None:
        return 0
    n = sum(int(g) for g in m.groups() if g and len(g) < 20)
    if n == 0 or n > sys.maxsize:
        return 0
    return sizes.str_size(n, spec.isascii())


def _lookup(field: str, args: tuple, kwargs: dict, numbering: _Numbering):
    first, rest = formatter_field_name_split(field)
    for _ in rest:
        raise ValueError(REACH_MESSAGE)
    key = numbering.index(first)
    if type(key) is int:
        if key >= len(args):
            raise IndexError(f"Replacement index {key} out of range for positional args tuple")
        return args[key]
    return kwargs[key]


def _build(template, args, kwargs, numbering, depth, charge) -> str:
    if depth <= 0:
        raise ValueError("Max string recursion exceeded")
    parts = []
    for literal, field, spec, conversion in _parse(template):
        parts.append(literal)
        if field is None:
            continue
        value = _lookup(field, args, kwargs, numbering)
        if charge is not None and type(value) not in _SMALL:
            charge(sizes.text_bound(value))  # str() or repr() of a value can be huge
        if conversion is not None:
            convert = _CONVERSIONS.get(conversion)
            if convert is None:
                raise ValueError(f"Unknown conversion specifier {conversion}")
            value = convert(value)
        if "{" in spec:
            spec = _build(spec, args, kwargs, numbering, depth - 1, charge)
        if charge is not None and (n := spec_size(spec)):
            charge(n)
        parts.append(format(value, spec))
    if charge is not None and len(parts) > 1:
        charge(sizes.str_size(sum(map(len, parts)), all(p.isascii() for p in parts)))
    return "".join(parts)


def format_str_charged(charge, template: str, args: tuple, kwargs: dict) -> str:
    """`template.format(*args, **kwargs)`, charging `charge` (or None) for big results."""
    return _build(template, args, kwargs, _Numbering(), 2, charge)


def format_str(template: str, /, *args, **kwargs) -> str:
    """`template.format(*args, **kwargs)`, without attribute or index fields."""
    return _build(template, args, kwargs, _Numbering(), 2, None)
