"""Text form: print -> parse -> print is the identity and the parsed tables equal the originals.

Golden files under tests/testdata/ir hold the printed sample modules; run with
FRANKEN_UPDATE_GOLDEN=1 to rewrite them after an intended change.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np
import pytest
import samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frankenengine.ir.opcodes import OPCODES
from frankenengine.ir.printer import const_text, print_function, print_module
from frankenengine.ir.textparse import IRParseError, parse_function, parse_module
from frankenengine.ir.verifier import verify_function

GOLDEN = Path(__file__).resolve().parents[1] / "testdata" / "ir"


def roundtrip_function(fn):
    text = print_function(fn)
    back = parse_function(text)
    assert print_function(back) == text
    samples.assert_functions_equal(fn, back)
    return text


def test_samples_cover_every_opcode():
    used = {int(op) for fn in samples.all_functions() for op in fn.insts["op"]}
    missing = [info.name for info in OPCODES if info.code not in used]
    assert missing == []


@pytest.mark.parametrize("name", sorted(samples.MODULES))
def test_module_roundtrip(name):
    mod = samples.MODULES[name]()
    text = print_module(mod)
    back = parse_module(text)
    assert print_module(back) == text
    samples.assert_modules_equal(mod, back)


@pytest.mark.parametrize("name", sorted(samples.MODULES))
def test_golden(name):
    text = print_module(samples.MODULES[name]())
    path = GOLDEN / f"{name}.ir"
    if os.environ.get("FRANKEN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text
    samples.assert_modules_equal(
        parse_module(path.read_text(encoding="utf-8")), samples.MODULES[name]()
    )


def test_function_without_id_roundtrips():
    for fn in samples.all_functions():
        roundtrip_function(fn)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -(2**100),
        -0.0,
        5e-324,
        1.7976931348623157e308,
        float("nan"),
        -float("nan"),
        struct.unpack("<d", struct.pack("<Q", 0xFFF0000000000001))[0],
        float("-inf"),
        "",
        "'\"\\",
        "\ud800 lone surrogate",
        "nan",
        ("nan", float("nan"), (), ((),), (1,)),
    ],
)
def test_constant_spelling_roundtrips(value):
    fn = samples.copy_function(samples.constants())
    fn.consts[0] = value
    text = roundtrip_function(fn)
    assert const_text(value) in text


def test_duplicate_and_unused_constants_keep_their_indexes():
    fn = samples.copy_function(samples.constants())
    fn.consts[1] = fn.consts[0]  # None twice: the second prints as k1
    fn.consts.append("unused")
    fn.insts[5]["a"] = 99  # out of range: prints as k99
    text = roundtrip_function(fn)
    assert "const k1 : bool" in text and "const k99" in text


def test_noncanonical_operand_pool_is_printed_explicitly():
    fn = samples.copy_function(samples.function_named("total"))
    fn.operands = np.concatenate([[7, 7], fn.operands]).astype(np.int32)
    fn.insts["a"][[i for i, row in enumerate(fn.insts) if row["op"] == samples.Op.phi]] += 2
    fn.blocks["preds"] += 2
    text = roundtrip_function(fn)
    assert "  operands [7, 7," in text and "&2[" in text
    assert verify_function(fn) == []


def test_malformed_unused_field_and_unknown_opcode_roundtrip():
    fn = samples.copy_function(samples.arith())
    fn.insts[2]["c"] = 5
    fn.insts[3]["op"] = 999
    text = roundtrip_function(fn)
    assert "add v0, v1, !5" in text and "v3 = " not in text and "op999 " in text


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("function 'f'() parent -1 line 0 generator maybe\n", 1, "true or false"),
        ("function 'f'() parent -1 line 0 generator false\n  slots []\n  consts [1, 2\n", 3, "','"),
        (
            "function 'f'() parent -1 line 0 generator false\n\n  slots []\n  consts [(1)]\n",
            4,
            "trailing comma",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts []\n"
            "  b0 plain merge -1 preds []:\n    v0 = frobnicate @1:0\n",
            5,
            "unknown opcode",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts []\n"
            "  b0 plain merge -1 preds []:\n    v1 = const None : none @1:0\n",
            5,
            "expected value v0",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts [1]\n"
            "  b0 plain merge -1 preds []:\n    v0 = const 2 : int @1:0\n",
            5,
            "not in the pool",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts []\n"
            "  b0 plain merge -1 preds []:\n    ret v0 @1:0\n  b2 plain merge -1 preds []:\n",
            6,
            "expected block b1",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts ['\\N{nope}']\n",
            3,
            "bad string literal",
        ),
        (
            "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts []\n"
            "  b0 plain merge -1 preds []:\n    ret v99999999999 @1:0\n",
            1,
            "does not fit",
        ),
        ("module 'm' file 'm.py'\nglobals []\n", 2, "end of text"),
        (
            "module 'm' file 'm.py'\nglobals []\nexports []\nfunction 3 'f'() parent -1 line 0 generator false\n  slots []\n  consts []\n",
            4,
            "function 0",
        ),
    ],
)
def test_parse_errors_name_the_line(text, line, message):
    parse = parse_module if text.startswith("module") else parse_function
    with pytest.raises(IRParseError, match=message) as info:
        parse(text)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}:")


def test_constants_are_not_evaluated():
    text = (
        "function 'f'() parent -1 line 0 generator false\n  slots []\n"
        "  consts [__import__('os').system('true')]\n"
    )
    with pytest.raises(IRParseError, match="expected a constant"):
        parse_function(text)


# -- random programs ---------------------------------------------------------
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(samples.straight_line, samples.programs))
def test_random_programs_roundtrip(program):
    fn = samples.lower(program)
    assert verify_function(fn) == []
    roundtrip_function(fn)
