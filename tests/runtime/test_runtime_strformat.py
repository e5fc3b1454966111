"""format_str against str.format, and the deliberate ValueError for fields reaching into values."""

from __future__ import annotations

import pytest
from runtime_oracle import new_meter, outcome

from frankenengine.runtime.errors import MemoryLimitExceeded
from frankenengine.runtime.strformat import format_str, format_str_charged, spec_size

CASES = [
    ("{}-{}-{:>4}", ("a", 1, "z"), {}),
    ("{0}{1}{0}", ("x", "y"), {}),
    ("{name}:{0:.2f}", (3.14159,), {"name": "pi"}),
    ("{!r} {!s} {!a}", ("é", "é", "é"), {}),
    ("{0!r:>10}", ("x",), {}),
    ("{:{}}", ("x", 5), {}),
    ("{:{width}.{prec}f}", (2.71828,), {"width": 9, "prec": 2}),
    ("{0:{1}{2}}", (42, ">", 6), {}),
    ("{{}} {{{}}}", (1,), {}),
    ("}}{{", (), {}),
    ("{:,}|{:_x}|{:+08.3f}|{:e}|{:%}", (1234567, 255, -3.5, 1e22, 0.25), {}),
    ("{:*^11}|{:<5}|{:=+6}", ("mid", True, 42), {}),
    ("{}", ([1, "a"],), {}),
    ("{:d}", (True,), {}),
    ("", (), {}),
    ("plain", (1,), {}),
    ("{00}", (7,), {}),
    # errors, as CPython
    ("{}{}", (1,), {}),  # IndexError
    ("{5}", (1,), {}),  # IndexError
    ("{x}", (), {}),  # KeyError
    ("{0}{}", (1, 2), {}),  # ValueError: manual then automatic
    ("{}{0}", (1, 2), {}),  # ValueError: automatic then manual
    ("{!x}", (1,), {}),  # ValueError: unknown conversion
    ("{0!}", (1,), {}),
    ("{0!rr}", (1,), {}),
    ("}", (), {}),
    ("{", (), {}),
    ("{:{:{}}}", (1, 2, 3), {}),  # ValueError: max recursion
    ("{:d}", ("x",), {}),  # ValueError from format
    ("{:x}", (1.5,), {}),
    ("{:>5}", ([1],), {}),  # TypeError: list.__format__
    ("{ }", (1,), {}),  # KeyError ' '
    ("{99999999999999999999}", (1,), {}),
    ("{-1}", (1,), {}),
]


@pytest.mark.parametrize(("template", "args", "kwargs"), CASES)
def test_format_matches_str_format(template, args, kwargs):
    assert outcome(format_str, template, *args, **kwargs) == outcome(
        template.format, *args, **kwargs
    )
    charged = outcome(format_str_charged, new_meter().charge, template, args, kwargs)
    assert charged == outcome(template.format, *args, **kwargs)


def test_error_messages_match_cpython():
    for template, args, kwargs in CASES:
        try:
            template.format(*args, **kwargs)
        except Exception as exc:
            with pytest.raises(type(exc)) as info:
                format_str(template, *args, **kwargs)
            assert str(info.value) == str(exc), template


@pytest.mark.parametrize(
    "template", ["{0.real}", "{0[1]}", "{x.y}", "{[0]}", "{.imag}", "{0[}", "{x[a].b}", "{5.real}"]
)
def test_fields_reaching_into_values_raise_value_error(template):
    with pytest.raises(ValueError):
        format_str(template, [1, 2], x=1)


def test_keyword_named_template_is_a_field():
    assert format_str("{template}", template="t") == "t"


def test_spec_size_bounds_widths_and_precisions():
    assert spec_size("") == 0 and spec_size("d") == 0
    assert spec_size(">1000") >= 1000
    assert spec_size("0>10.500f") >= 510
    assert spec_size("é^100") >= 400
    assert spec_size("9" * 30) == 0  # CPython refuses it without allocating


def test_charged_format_refuses_huge_widths():
    meter = new_meter(memory=50_000_000)
    with pytest.raises(MemoryLimitExceeded):
        format_str_charged(meter.charge, "{:>{}}", ("x", 10**9), {})
