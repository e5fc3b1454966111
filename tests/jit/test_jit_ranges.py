"""Bounds of a counted loop body's int values (`jit.ranges`), by the rules its docstring
states, written out here by hand for each expression."""

from __future__ import annotations

import pytest

from frankenengine.engine.api import compile_source
from frankenengine.ir.opcodes import Op
from frankenengine.jit.compiler import JitModule
from frankenengine.jit.jtypes import INT
from frankenengine.jit.loops import counted_loops
from frankenengine.jit.ranges import SMALL, body_bounds

TEMPLATE = """
def f(n, m):
    t = 0
    for i in range(n):
        t = {expr}
    return t
"""


@pytest.mark.parametrize(
    "expr,bounds",
    [
        ("i", (-SMALL, SMALL)),
        ("i * i", (-SMALL * SMALL, SMALL * SMALL)),
        ("i * i % 7", (0, 6)),
        ("(i + 3) % -4", (-3, 0)),
        ("i // 4 - 1", (-SMALL // 4 - 1, SMALL // 4 - 1)),
        ("-i + 2", (-SMALL + 2, SMALL + 2)),
        ("i * i * i", (-(SMALL**3), SMALL**3)),  # bounded, but past 64 bits: checked
        ("i + m", None),  # a parameter has no bounds
        ("i % m", None),  # nor a remainder by a variable
        ("i // 0", None),  # nor a division by zero
        ("t + 1", None),  # nor a value carried from iteration to iteration
    ],
)
def test_bounds_of_the_loop_bodys_values(expr, bounds):
    module = compile_source(TEMPLATE.format(expr=expr), "f.py", "f")
    jit = JitModule(module, lambda index: (False, None), cache_dir=None)
    fid = next(i for i, fn in enumerate(module.functions) if fn.name == "f")
    types = jit.type_group(fid, (INT, INT))[(fid, (INT, INT))].types
    fn = module.functions[fid]
    ops = fn.insts["op"].tolist()
    [(header, loop)] = counted_loops(fn, types).items()
    rows = [
        r
        for b in loop.blocks - {header}
        for r in range(int(fn.blocks[b]["start"]), int(fn.blocks[b]["end"]))
    ]
    variable = fn.terminator(header)
    row = fn.blocks[header]
    [phi] = [r for r in range(int(row["start"]), int(row["end"])) if ops[r] == Op.phi]
    incoming = zip(fn.preds(header).tolist(), fn.list_operands(phi), strict=True)
    [latch] = [v for p, v in incoming if p in loop.blocks]
    assert body_bounds(fn, ops, types, rows, variable).get(latch) == bounds
