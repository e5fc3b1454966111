"""The verifier: valid samples are clean; each hand-corrupted table is reported with its message."""

from __future__ import annotations

import dataclasses

import pytest
import samples

from frankenengine.ir import types as T
from frankenengine.ir.function import LOOP_FOR, LOOP_TEST, Signature
from frankenengine.ir.opcodes import BY_NAME, Op
from frankenengine.ir.textparse import parse_function
from frankenengine.ir.verifier import (
    IRVerifyError,
    VerifierError,
    check,
    verify_function,
    verify_module,
)


def row_of(fn, name: str, nth: int = 0) -> int:
    rows = [r for r, inst in enumerate(fn.insts) if inst["op"] == BY_NAME[name].code]
    return rows[nth]


def messages(fn, module=None) -> list[str]:
    return [e.message for e in verify_function(fn, module)]


@pytest.mark.parametrize("name", sorted(samples.MODULES))
def test_samples_verify_clean(name):
    mod = samples.MODULES[name]()
    assert verify_module(mod) == []
    check(mod)


def test_error_carries_location_and_formats():
    fn = samples.copy_function(samples.arith())
    r = row_of(fn, "add")
    fn.insts[r]["a"] = 99
    assert verify_function(fn) == [
        VerifierError("arith", 0, r, "operand v99 out of range", "add @2:0")
    ]
    assert (
        str(verify_function(fn)[0])
        == f"function 'arith' b0 v{r} (add @2:0): operand v99 out of range"
    )


# Each corruption takes a copy of a sample and returns the message the verifier must report.
CORRUPTIONS = {}


def corruption(sample: str):
    def register(fn):
        CORRUPTIONS[fn.__name__] = (sample, fn)
        return fn

    return register


@corruption("arith")
def invalid_opcode(fn):
    fn.insts[row_of(fn, "neg")]["op"] = 999
    return "invalid opcode 999"


@corruption("arith")
def invalid_type(fn):
    fn.insts[row_of(fn, "add")]["type"] = 200
    return "invalid type code 200"


@corruption("arith")
def typed_non_value(fn):
    fn.insts[row_of(fn, "ret")]["type"] = T.INT
    return "defines no value but has type int"


@corruption("arith")
def absent_value(fn):
    fn.insts[row_of(fn, "sub")]["b"] = -1  # only OPTIONAL_FIELDS may be -1
    return "operand v-1 out of range"


@corruption("count")
def block_out_of_range(fn):
    fn.insts[row_of(fn, "jump")]["a"] = 50
    return "block b50 out of range"


@corruption("constants")
def const_out_of_range(fn):
    fn.insts[row_of(fn, "const")]["a"] = 77
    return "constant k77 out of range"


@corruption("arith")
def list_outside_pool(fn):
    r = row_of(fn, "build_tuple")
    fn.insts[r]["a"] = 10**6
    return f"operand list [1000000:+{fn.insts[r]['b']}] outside the pool ({len(fn.operands)})"


@corruption("arith")
def unused_field_set(fn):
    fn.insts[row_of(fn, "add")]["c"] = 5
    return "unused field c is 5, expected -1"


@corruption("containers")
def operand_defines_nothing(fn):
    fn.insts[row_of(fn, "getattr")]["a"] = row_of(fn, "delitem")
    return f"operand v{row_of(fn, 'delitem')} defines no value"


@corruption("count")
def partition_gap(fn):
    fn.blocks[2]["start"] += 1
    return f"block starts at row {fn.blocks[2]['start']}, expected {fn.blocks[1]['end']}"


@corruption("count")
def partition_short(fn):
    fn.blocks[-1]["end"] -= 1
    n = len(fn.insts)
    return f"blocks cover rows [0, {n - 1}) of {n} instructions"


@corruption("count")
def empty_block(fn):
    fn.blocks[1]["end"] = fn.blocks[1]["start"]
    fn.blocks[2]["start"] = fn.blocks[1]["start"]
    return "empty block"


@corruption("count")
def terminator_in_the_middle(fn):
    r = row_of(fn, "fuel")
    fn.insts[r]["op"], fn.insts[r]["a"] = Op.jump, 2
    return "terminator before the end of the block"


@corruption("count")
def missing_terminator(fn):
    r = row_of(fn, "ret")
    fn.insts[r]["op"], fn.insts[r]["type"] = Op.neg, T.ANY
    return "block does not end in a terminator"


@corruption("count")
def undef_after_body(fn):
    r = row_of(fn, "const", 2)  # the `1` in the loop body, after an add
    fn.insts[r]["op"], fn.insts[r]["a"] = Op.undef, -1
    return "undef after the start of the block"


@corruption("count")
def phi_arity(fn):
    fn.insts[row_of(fn, "phi")]["b"] -= 1
    return "phi has 1 inputs but the block has 2 predecessors"


@corruption("count")
def wrong_predecessors(fn):
    exit_ = len(fn.blocks) - 1
    fn.operands[fn.blocks[exit_]["preds"]] = 3
    return "predecessors [b3] differ from the edges into the block [b2]"


@corruption("maybe")
def use_not_dominated(fn):
    fn.insts[row_of(fn, "ret")]["a"] = row_of(fn, "const")  # defined in the `then` arm only
    return f"use of v{row_of(fn, 'const')} is not dominated by its definition"


@corruption("arith")
def use_before_def(fn):
    fn.insts[row_of(fn, "add")]["a"] = row_of(fn, "sub")
    return f"v{row_of(fn, 'sub')} is used before its definition"


@corruption("maybe")
def phi_input_not_dominating(fn):
    phi = fn.insts[row_of(fn, "phi")]
    pool = fn.operands[phi["a"] : phi["a"] + 2]
    pool[:] = pool[::-1].copy()  # the then-arm constant now arrives from the entry
    return f"phi input v{row_of(fn, 'const')} does not dominate predecessor b0"


@corruption("count")
def merge_out_of_range(fn):
    fn.blocks[0]["merge"] = 40
    return "merge b40 out of range"


@corruption("count")
def for_block_without_for_iter(fn):
    fn.blocks[-1]["kind"] = LOOP_FOR
    return "for block does not end in for_iter"


@corruption("count")
def loop_test_block_without_br(fn):
    fn.blocks[0]["kind"] = LOOP_TEST
    return "test block does not end in br"


@corruption("total")
def for_iter_not_over_get_iter(fn):
    fn.insts[row_of(fn, "get_iter")]["op"] = Op.pos
    return f"for_iter operand v{row_of(fn, 'pos')} is not a get_iter"


@corruption("safe_div")
def caught_outside_dispatch(fn):
    r = row_of(fn, "load_var", 1)  # in the join block
    fn.insts[r]["op"], fn.insts[r]["a"] = Op.caught, -1
    return "caught is not the first instruction of a try_except dispatch block"


@corruption("safe_div")
def caught_not_first(fn):
    r = row_of(fn, "builtin")  # right after the real `caught` of the dispatch block
    fn.insts[r]["op"], fn.insts[r]["a"] = Op.caught, -1
    return "caught is not the first instruction of a try_except dispatch block"


@corruption("arith")
def signature_defaults(fn):
    fn.signature = Signature(("a", "b"), 0, (False,))
    return "signature has 2 names but 1 defaults"


@corruption("arith")
def param_out_of_range(fn):
    fn.insts[row_of(fn, "param", 1)]["a"] = 5
    return "param 5 out of range (2 parameters)"


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corruption_is_reported(name):
    sample, corrupt = CORRUPTIONS[name]
    original = samples.function_named(sample)
    fn = samples.copy_function(original)
    expected = corrupt(fn)
    assert expected in messages(fn)
    assert verify_function(original) == []  # the copy did not share tables


def test_unreachable_block():
    fn = parse_function(
        "function 'f'() parent -1 line 0 generator false\n  slots []\n  consts [None]\n"
        "  b0 plain merge -1 preds []:\n    v0 = const None : none @1:0\n    ret v0 @1:0\n"
        "  b1 plain merge -1 preds []:\n    ret v0 @2:0\n"
    )
    assert [str(e) for e in verify_function(fn)] == [
        "function 'f' b1: block unreachable from the entry"
    ]


def test_module_level_ranges():
    mod = samples.closure_module()
    mod.functions[0] = samples.copy_function(mod.functions[0])
    top = mod.functions[0]
    top.insts[row_of(top, "make_function")]["a"] = 9
    top.insts[row_of(top, "store_global")]["a"] = 4
    mod.functions[2] = dataclasses.replace(mod.functions[2], parent=7)
    found = [e.message for e in verify_module(mod)]
    assert "make_function 9 out of range (3 functions)" in found
    assert "store_global 4 out of range (1 globals)" in found
    assert "parent 7 out of range" in found


def test_check_raises_with_every_problem():
    fn = samples.copy_function(samples.count())
    fn.insts[row_of(fn, "add")]["c"] = 3
    fn.blocks[0]["merge"] = 40
    fn.insts[row_of(fn, "ret")]["type"] = T.INT
    with pytest.raises(IRVerifyError) as info:
        check(fn)
    assert len(info.value.errors) == 3
    text = str(info.value)
    assert "3 problems" in text and "merge b40" in text and "unused field c" in text
