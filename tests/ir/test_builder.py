"""SSA construction by the FunctionBuilder (Braun et al.): phis, trivial-phi removal, unreachable code."""

from __future__ import annotations

import math
import struct

import samples

from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import LOOP_TEST, LOOP_WHILE, Signature
from frankenengine.ir.opcodes import Op
from frankenengine.ir.verifier import verify_function


def rows(fn, block) -> range:
    return range(int(fn.blocks[block]["start"]), int(fn.blocks[block]["end"]))


def ops(fn, block=None) -> list[int]:
    return [
        int(fn.insts[r]["op"]) for r in (range(len(fn.insts)) if block is None else rows(fn, block))
    ]


def phi_inputs(fn, row) -> list[int]:
    inst = fn.insts[row]
    assert inst["op"] == Op.phi
    return fn.operand_list(int(inst["a"]), int(inst["b"])).tolist()


def test_loop_variable_gets_a_phi_at_the_header():
    fn = samples.count()
    assert verify_function(fn) == []
    header = next(b for b, row in enumerate(fn.blocks) if row["kind"] == LOOP_WHILE)
    entry_end, body = 0, fn.preds(header).tolist()[1]
    assert fn.preds(header).tolist() == [entry_end, body]
    phis = [r for r in rows(fn, header) if fn.insts[r]["op"] == Op.phi]
    assert len(phis) == 2  # i and s; n is not assigned in the loop
    i_phi, s_phi = phis
    i_init, i_next = phi_inputs(fn, i_phi)
    assert fn.consts[fn.insts[i_init]["a"]] == 0
    # i_next = add(i_phi, 1), defined in the loop body
    assert fn.insts[i_next]["op"] == Op.add and fn.insts[i_next]["a"] == i_phi
    assert fn.block_of()[i_next] == body
    s_init, s_next = phi_inputs(fn, s_phi)
    assert fn.consts[fn.insts[s_init]["a"]] == 0 and s_init != i_init
    assert (fn.insts[s_next]["a"], fn.insts[s_next]["b"]) == (s_phi, i_phi)
    # the test block compares the header phi with the parameter directly
    test = next(b for b, row in enumerate(fn.blocks) if row["kind"] == LOOP_TEST)
    cmp = int(fn.blocks[test]["start"])
    assert (fn.insts[cmp]["op"], fn.insts[cmp]["a"], fn.insts[cmp]["b"]) == (Op.lt, i_phi, 0)


def diamond(assign_then: bool, assign_else: bool):
    fb = FunctionBuilder("diamond", Signature(("c", "x"), 0, (False, False)))
    fb.write_var("c", fb.emit(Op.param, 0))
    fb.write_var("x", fb.emit(Op.param, 1))
    then, other, join = fb.new_block(), fb.new_block(), fb.new_block()
    fb.emit(Op.br, fb.read_var("c"), then, other)
    for block, assign in ((then, assign_then), (other, assign_else)):
        fb.seal(block)
        fb.switch_to(block)
        if assign:
            fb.write_var("x", fb.const(block))
        fb.emit(Op.jump, join)
    fb.seal(join)
    fb.switch_to(join)
    fb.emit(Op.ret, fb.read_var("x"))
    return fb.finish()


def test_phi_only_where_values_differ():
    fn = diamond(True, False)
    assert ops(fn, 3).count(Op.phi) == 1
    then_const = rows(fn, 1)[0]
    assert phi_inputs(fn, rows(fn, 3)[0]) == [then_const, 1]  # [const, the parameter x]
    fn = diamond(False, False)
    assert Op.phi not in ops(fn)
    ret = fn.terminator(3)
    assert fn.insts[ret]["a"] == 1  # the parameter itself
    assert verify_function(fn) == []


def test_trivial_phis_are_removed_in_loops():
    # while c: pass -- c and x flow around the loop unchanged: no phi survives.
    fb = FunctionBuilder("loop", Signature(("c", "x"), 0, (False, False)))
    fb.write_var("c", fb.emit(Op.param, 0))
    fb.write_var("x", fb.emit(Op.param, 1))
    header, body, exit_ = fb.new_block(LOOP_WHILE), fb.new_block(), fb.new_block()
    fb.emit(Op.jump, header)
    fb.switch_to(header)
    fb.emit(Op.br, fb.read_var("c"), body, exit_)  # reads in an unsealed block: a phi
    fb.seal(body)
    fb.switch_to(body)
    inner = fb.new_block(LOOP_WHILE)  # a nested loop that also leaves x alone
    fb.emit(Op.jump, inner)
    fb.switch_to(inner)
    fb.write_var("x", fb.read_var("x"))
    fb.emit(Op.br, fb.read_var("c"), inner, header)
    fb.seal(inner)
    fb.seal(header)
    fb.seal(exit_)
    fb.switch_to(exit_)
    fb.emit(Op.ret, fb.read_var("x"))
    fn = fb.finish()
    assert Op.phi not in ops(fn)
    assert fn.insts[fn.terminator(exit_)]["a"] == 1  # blocks keep their creation order
    assert verify_function(fn) == []


def test_unreachable_blocks_are_dropped_with_their_phi_inputs():
    fb = FunctionBuilder("dead", Signature(("c",), 0, (False,)))
    fb.write_var("c", fb.emit(Op.param, 0))
    then, other, dead, join = (fb.new_block() for _ in range(4))
    fb.emit(Op.br, fb.read_var("c"), then, other)
    for value, block in enumerate((then, other, dead)):
        fb.seal(block)
        fb.switch_to(block)
        fb.write_var("x", fb.const(10 + value))
        fb.emit(Op.jump, join)
    fb.seal(join)
    fb.switch_to(join)
    fb.emit(Op.ret, fb.read_var("x"))
    fn = fb.finish()
    assert len(fn.blocks) == 4  # entry, then, other, join
    assert fn.preds(3).tolist() == [1, 2]
    phi = int(fn.blocks[3]["start"])
    assert [fn.consts[fn.insts[v]["a"]] for v in phi_inputs(fn, phi)] == [10, 11]
    assert 12 not in [fn.consts[i["a"]] for i in fn.insts if i["op"] == Op.const]
    assert verify_function(fn) == []


def test_code_after_return_is_dropped_and_merge_cleared():
    fb = FunctionBuilder("early")
    then, other, join = fb.new_block(), fb.new_block(), fb.new_block()
    fb.emit(Op.br, fb.const(True), then, other)
    fb.set_merge(fb.entry, join)
    for block in (then, other):
        fb.seal(block)
        fb.switch_to(block)
        fb.emit(Op.ret, fb.const(block))
    fb.seal(join)
    fb.switch_to(join)  # no predecessors: unreachable
    fb.emit(Op.ret, fb.read_var("missing"))
    fn = fb.finish()
    assert len(fn.blocks) == 3
    assert fn.blocks[0]["merge"] == -1
    assert Op.undef not in ops(fn)
    assert verify_function(fn) == []


def test_undefined_variable_reads_as_undef():
    fn = samples.maybe()
    assert verify_function(fn) == []
    join = len(fn.blocks) - 1
    phi = int(fn.blocks[join]["start"])
    undef, one = phi_inputs(fn, phi)
    assert fn.insts[undef]["op"] == Op.undef and fn.block_of()[undef] == 0
    assert fn.consts[fn.insts[one]["a"]] == 1


def test_constants_are_deduplicated_exactly():
    fb = FunctionBuilder("consts")
    neg_nan = -math.nan  # sign bit set: math.copysign tells it apart
    payload = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000123))[0]
    values = [
        1,
        True,
        1.0,
        0.0,
        -0.0,
        math.nan,
        neg_nan,
        payload,
        "1",
        (1,),
        (True,),
        (0.0,),
        (-0.0,),
    ]
    indexes = [fb.const_index(v) for v in values]
    assert indexes == list(range(len(values)))
    assert [fb.const_index(v) for v in values] == indexes
    assert fb.const_index(math.nan) == indexes[5]
