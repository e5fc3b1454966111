"""IRFunction's operand and use accessors: `list_operands`, `value_operands`, `users`.

The expected operands are written from the golden text of the samples
(tests/testdata/ir/*.ir), where the printer shows every operand of a row: for
`v24 = call_kw [v23, v3, v17], ('key',)` the values v23, v3 and v17, and not
the constant of keyword names. A second group of tests checks, over samples
that hold every opcode of the table, that the bulk accessors agree with the
one-row accessor and that `users` is exactly the inverse of the operands.
"""

from __future__ import annotations

from collections import Counter

from samples import _sig, all_functions, basic_module, closure_module, control_module

from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import BY_NAME, OPCODES, Op


def named(module: IRModule, name: str) -> IRFunction:
    return next(fn for fn in module.functions if fn.name == name)


def test_value_operands_of_containers_as_the_golden_text_prints_them():
    fn = named(basic_module(), "containers")
    expected = {
        3: [0, 1],  # v3 = build_list [v0, v1]
        6: [1, 0],  # v6 = build_dict [v1, v0]
        8: [0, 1, 7],  # v8 = build_slice v0, v1, v7
        10: [0, 9],  # v10 = format v0, v9, 114 (the conversion is an immediate)
        11: [1],  # v11 = format v1, -1, 0 (no format spec: the absent field is left out)
        13: [12, 10, 11],  # v13 = build_str [v12, v10, v11]
        15: [3, 0, 14],  # setitem v3, v0, v14
        16: [6, 1],  # delitem v6, v1
        17: [13],  # v17 = getattr v13, 'upper'
        18: [4],  # v18 = unpack v4, 2
        19: [18],  # v19 = item v18, 0
        21: [],  # v21 = builtin 'len'
        24: [23, 3, 17],  # v24 = call_kw [v23, v3, v17], ('key',)
        25: [13, 19],  # v25 = call_method [v13, v19], 'split'
        26: [],  # v26 = load_global 3
        28: [27],  # store_global 3, v27
        29: [],  # del_global 3
        31: [30],  # ret v30
    }
    assert {row: fn.value_operands(row) for row in expected} == expected


def test_value_operands_of_control_flow_and_closures():
    control = control_module()
    count, total = named(control, "count"), named(control, "total")
    assert count.value_operands(4) == [1, 12]  # v4 = phi [v1, v12]
    assert count.value_operands(3) == []  # jump b1
    assert total.value_operands(5) == [1]  # v5 = for_iter v1, b2, b3
    safe_div = named(control, "safe_div")
    assert safe_div.value_operands(safe_div.terminator(0)) == []  # try_except b1, b2, b3
    closures = closure_module()
    top, outer, inner = closures.functions
    assert top.value_operands(1) == [0]  # v1 = make_function 1, [v0]: its defaults
    assert outer.value_operands(2) == [0]  # store_var 0, v0
    assert outer.value_operands(3) == []  # v3 = make_function 2, []
    assert outer.value_operands(4) == [3]  # v4 = call [v3]
    assert inner.value_operands(0) == []  # v0 = load_outer 1, 0
    assert inner.value_operands(3) == [2]  # store_outer 1, 0, v2
    assert inner.value_operands(4) == []  # del_outer 1, 0


def test_list_operands_are_the_list_entries_only():
    containers = named(basic_module(), "containers")
    assert containers.list_operands(24) == [23, 3, 17]  # call_kw: not its names constant
    assert containers.list_operands(8) == []  # build_slice has no list
    assert containers.list_operands(31) == []  # ret
    assert named(control_module(), "count").list_operands(4) == [1, 12]  # phi inputs
    top, outer, _ = closure_module().functions
    assert top.list_operands(1) == [0]  # make_function's defaults follow its function id
    assert outer.list_operands(3) == []
    assert all(type(x) is int for x in containers.list_operands(24))


def test_users_list_a_row_once_per_use_in_row_order():
    fb = FunctionBuilder("twice", _sig("a"), line=1)
    a = fb.emit(Op.param, 0, line=1)
    doubled = fb.emit(Op.add, a, a, line=2)
    fb.emit(Op.ret, fb.emit(Op.mul, doubled, a, line=3), line=3)
    fn = fb.finish()
    assert [fn.insts["op"][r] for r in range(4)] == [Op.param, Op.add, Op.mul, Op.ret]
    assert fn.users() == [[1, 1, 2], [2], [3], []]
    containers = named(basic_module(), "containers")
    users = containers.users()
    assert users[3] == [14, 15, 22, 24]  # the list v3: getitem, setitem, call, call_kw
    assert users[30] == [31] and users[31] == []


def test_the_samples_hold_every_opcode():
    seen = {int(op) for fn in all_functions() for op in fn.insts["op"]}
    assert seen == {info.code for info in OPCODES}


def test_bulk_accessors_agree_with_the_one_row_accessor_on_every_opcode():
    for fn in all_functions():
        rows = range(len(fn.insts))
        by_row = fn.all_value_operands()
        assert by_row == [fn.value_operands(r) for r in rows], fn.name
        uses = Counter((u, r) for r in rows for u in by_row[r])
        users = Counter((u, r) for u, rs in enumerate(fn.users()) for r in rs)
        assert users == uses, fn.name
        assert fn.users(by_row) == fn.users()
        for r, user_rows in enumerate(fn.users()):
            assert user_rows == sorted(user_rows), (fn.name, r)


def test_operand_fields_come_from_the_shape_column():
    assert BY_NAME["store_outer"].value_fields == ("c",)
    assert BY_NAME["format"].value_fields == ("a", "b")
    assert BY_NAME["br"].value_fields == ("a",)
    assert BY_NAME["try_except"].value_fields == ()
    assert BY_NAME["make_function"].list_fields == ("b", "c")
    assert BY_NAME["call_kw"].list_fields == ("a", "b")
    assert BY_NAME["build_slice"].list_fields is None
