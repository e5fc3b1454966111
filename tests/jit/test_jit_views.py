"""Which list values the JIT reads once into views, and which rows by address (`jit.views`).

The expectations are written next to each function in `tests/testdata/jit/views.py`
(`# expect:` comments), from the rule the module states: a view only where no resize
(a resizing list method, a row stored, a call passing a list to an extension function)
can run after the list is made. The native results of the same functions are compared
with CPython's in `test_views_keep_cpythons_results`.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from frankenengine import Engine
from frankenengine.engine.api import compile_source
from frankenengine.ir.opcodes import Op
from frankenengine.jit.compiler import JitModule
from frankenengine.jit.jtypes import FLOAT, INT, ListT
from frankenengine.jit.views import plan_lists

SOURCE_PATH = Path(__file__).parents[1] / "testdata" / "jit" / "views.py"
SOURCE = SOURCE_PATH.read_text()
EXPECT = re.compile(r"# expect: (\w+) views=(\S+) rows=(\S+)")
EXPECTED = {m[1]: (m[2], m[3]) for m in EXPECT.finditer(SOURCE)}
ROWS = ListT(ListT(FLOAT))
KEYS = {  # the argument types each function is typed with
    "append_in_loop": (ListT(FLOAT), INT),
    "twice": (FLOAT,),
    "rows_in_place": (ROWS,),
    "row_then_pop": (ROWS,),
    "row_stored": (ROWS, ROWS),
    "matrix_after_copy": (ROWS,),
}


@pytest.fixture(scope="module")
def module():
    return compile_source(SOURCE, str(SOURCE_PATH), "views")


def _described(fn, rows: frozenset[int]) -> str:
    names = []
    for r in sorted(rows):
        if fn.insts["op"][r] == Op.param:
            names.append(f"param{int(fn.insts['a'][r])}")
        else:
            names.append(f"value{int(fn.insts['line'][r])}")
    return ",".join(sorted(set(names))) or "-"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_views_and_row_addresses_follow_the_rule(module, name):
    jit = JitModule(module, lambda index: (False, None), cache_dir=None)
    fid = next(i for i, f in enumerate(module.functions) if f.name == name)
    key = KEYS.get(name, (ListT(FLOAT),))
    typed = jit.type_group(fid, key)[(fid, key)]
    fn = module.functions[fid]
    plan = plan_lists(fn, typed.types, fn.users())
    assert (_described(fn, plan.views), _described(fn, plan.row_addresses)) == EXPECTED[name]


ARGS = {
    "plain_reads": ([1.5, 2.5, 4.0],),
    "append_after": ([1.5],),
    "append_in_loop": ([0.5, 1.0], 4),
    "append_before": ([1.5, 3.0],),
    "reverse_keeps_buffers": ([1.5, 3.0],),
    "passes_the_list": ([1.5],),
    "passes_a_float": ([1.5, 0.25],),
    "rows_in_place": ([[1.0, 2.0], [3.0]],),
    "row_then_pop": ([[1.0, 2.0], [3.0]],),
    "row_stored": ([[1.0, 2.0], [3.0]], [[0.0], [0.0]]),
    "matrix_after_copy": ([[1.0, 2.0], [3.0, 4.0]],),
}


@pytest.fixture(scope="module")
def native():
    return Engine(lane="jit", jit_cache=False).load(SOURCE, "views")


@pytest.mark.parametrize("name", sorted(ARGS))
def test_views_keep_cpythons_results(native, name):
    namespace: dict = {}
    exec(compile(SOURCE, str(SOURCE_PATH), "exec"), namespace)
    expected_args = copy.deepcopy(ARGS[name])
    expected = namespace[name](*expected_args)
    args = copy.deepcopy(ARGS[name])
    assert native.call(name, *args) == expected
    assert args == expected_args
    assert native.lanes()[name] == {"lane": "jit", "reason": ""}
