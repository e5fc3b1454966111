"""The opcode table's `jit` column says what the JIT lane compiles, and eligibility reads it.

- every opcode marked False has its reason in `jit.typing.NEVER_COMPILED`, and
  no other opcode has one;
- a function holding one instruction of such an opcode, and nothing else the
  JIT refuses, is rejected before any typing, with that reason at the
  instruction's line, by `prefilter` and by `infer` alike (the same function
  with an opcode marked True is not rejected by `prefilter`);
- every opcode marked True is in a function the JIT lane really compiles and
  runs: one program holds them all, so marking True an opcode the JIT always
  refuses (as `build_slice`, `is` and `is not` once were) fails here.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from frankenengine import Engine
from frankenengine.frontend.lower import lower_module
from frankenengine.frontend.parse import parse_source
from frankenengine.ir.facts import module_facts
from frankenengine.ir.function import (
    BLOCK_DTYPE,
    INST_DTYPE,
    PLAIN,
    IRFunction,
    IRModule,
    Signature,
)
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.passes import run_pipeline
from frankenengine.jit.jtypes import INT
from frankenengine.jit.typing import NEVER_COMPILED, Reject, infer, prefilter

NOT_COMPILED = [info for info in OPCODES if not info.jit]
COMPILED = [info for info in OPCODES if info.jit]
LINE = 7  # the line of the instruction under test

# One operand of each shape letter: the parameter's value, slot/global/function 0,
# constant 0 (the name of a built-in the JIT knows), block 0, opcode `add`, and an
# operand list of one entry, the parameter.
_OPERAND = {"v": 0, "i": 0, "k": 0, "b": 0, "o": Op.add, "L": 0, "n": 1, "-": -1}


def holding(op: int) -> IRModule:
    """`def f(x)`: its parameter, one instruction of `op`, then `return x` (unless `op` ends
    the block). The tables are enough for eligibility, which reads opcodes before types."""
    info = OPCODES[op]
    rows = [(Op.param, 0, -1, -1, 1), (op, *(_OPERAND[letter] for letter in info.shape), LINE)]
    if not info.terminator:
        rows.append((Op.ret, 0, -1, -1, LINE + 1))
    insts = np.zeros(len(rows), dtype=INST_DTYPE)
    for k, column in enumerate(("op", "a", "b", "c", "line")):
        insts[column] = [row[k] for row in rows]
    blocks = np.zeros(1, dtype=BLOCK_DTYPE)
    blocks[0] = (0, len(rows), 0, 0, PLAIN, -1)
    fn = IRFunction(
        "f",
        Signature(("x",), 0, (False,)),
        insts,
        blocks,
        np.zeros(1, dtype=np.int32),
        ["len"],
        slots=("s",),
        line=1,
    )
    return IRModule("m", "m.py", [fn], ("g",), ("f",))


def test_the_opcodes_never_compiled_are_exactly_those_the_table_marks():
    assert set(NEVER_COMPILED) == {info.code for info in NOT_COMPILED}
    assert all(NEVER_COMPILED.values())


@pytest.mark.parametrize("name", [info.name for info in NOT_COMPILED])
def test_an_opcode_marked_false_is_rejected_with_its_reason(name):
    op = next(info.code for info in NOT_COMPILED if info.name == name)
    module = holding(op)
    rejected = prefilter(module, 0)
    assert rejected is not None
    assert (rejected.reason, rejected.line) == (NEVER_COMPILED[op], LINE)
    with pytest.raises(Reject) as caught:
        infer(module, 0, (INT,), module_facts(module), lambda index: (False, None), None)
    assert (caught.value.reason, caught.value.line) == (NEVER_COMPILED[op], LINE)


@pytest.mark.parametrize("name", [info.name for info in COMPILED])
def test_the_same_function_with_an_opcode_marked_true_passes_the_prefilter(name):
    op = next(info.code for info in COMPILED if info.name == name)
    assert prefilter(holding(op), 0) is None


# Every opcode marked True, in two functions the JIT compiles together.
NATIVE = """
import math
import numpy as np

SCALE = 3


def kernel(a, n, x):
    total = 0
    for i in range(n):
        total += i * SCALE - 1
        a[i] = a[i] + x / 2.0
    pair = (n, x)
    p, q = pair
    ys = [p, n]
    z = np.zeros(3, dtype=np.float64)
    m = a.sum() + a.shape[0] + z.size
    y = ((p // 2) % 5) ** 2
    y = (y << 1 >> 1 & 7 | 8) ^ 1
    w = -y + (+y) + ~y
    if not (w < 3 and w <= 4 or w > 5 and w >= 6 or w == 7 or w != 8):
        raise ValueError("unreachable")
    return total + m + q + math.floor(x) + helper(w) + ys[1] + (n in ys) + (p not in ys) + len(ys[1:])


def helper(v):
    return v - 1
"""


def optimised(source: str) -> IRModule:
    tree, errors = parse_source(textwrap.dedent(source), "x.py")
    assert errors == []
    module, diagnostics = lower_module(tree, "x.py", "x")
    assert diagnostics == []
    return run_pipeline(module)


def test_every_opcode_marked_true_runs_in_native_code():
    module = optimised(NATIVE)
    present = {
        OPCODES[op].name
        for fn in module.functions
        if fn.name in ("kernel", "helper")
        for op in fn.insts["op"].tolist()
    }
    assert present >= {info.name for info in COMPILED}
    results = {}
    for lane in ("jit", "interp"):
        ext = Engine(lane=lane, jit_cache=False).load(NATIVE, name="native")
        results[lane] = ext.call("kernel", np.zeros(4), 4, 1.5)
    assert ext.lanes() == {
        "kernel": {"lane": "interp", "reason": "lane forced to interp"},
        "helper": {"lane": "interp", "reason": "lane forced to interp"},
    }
    assert results["jit"] == results["interp"] == 17.5  # 15.5, True + False, and len([n])
    native = Engine(lane="jit", jit_cache=False).load(NATIVE, name="native")
    native.call("kernel", np.zeros(4), 4, 1.5)
    assert native.lanes() == {
        "kernel": {"lane": "jit", "reason": ""},
        "helper": {"lane": "jit", "reason": "compiled into kernel"},
    }


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("return n is None", "'is' test at line 2"),
        ("return n is not None", "'is' test at line 2"),
        ("t = (1, 2, 3)\n    return t[0:n]", "slice of a tuple at line 3"),
    ],
)
def test_an_extension_sees_the_reason_of_the_table(body, reason):
    ext = Engine(lane="jit", jit_cache=False).load(f"def f(n):\n    {body}\n", name="reasons")
    ext.call("f", 2)
    assert ext.lanes()["f"] == {"lane": "interp", "reason": reason}
