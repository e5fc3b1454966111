"""The pass pipeline (typeinfer, fold, dce, typeinfer) on IR lowered from real source.

Type inference is checked on small programs, folding against CPython (by
hand-picked cases and by a hypothesis test over random arithmetic trees), DCE
by what it removes and keeps, and the whole pipeline by running it with the
verifier on every program of the shared conformance suite.
"""

from __future__ import annotations

import math
import operator
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frankenengine.frontend.lower import lower_module
from frankenengine.frontend.parse import parse_source
from frankenengine.ir import types as T
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.ir.passes import PASSES, cse, dce, fold, run_pipeline, typeinfer
from frankenengine.ir.passes.compact import compact
from frankenengine.ir.printer import print_module
from frankenengine.ir.verifier import verify_module
from tools.evidence.checksums import conformance_programs
from tools.evidence.directives import read_directives

# -- helpers -------------------------------------------------------------------


def lower(source: str) -> IRModule:
    tree, errors = parse_source(source, "x.py")
    assert errors == []
    module, diagnostics = lower_module(tree, "x.py", "x")
    assert diagnostics == []
    assert verify_module(module) == []
    return module


def function(module: IRModule, name: str = "f") -> IRFunction:
    return next(fn for fn in module.functions if fn.name == name)


def inferred(source: str, name: str = "f") -> IRFunction:
    return function(typeinfer.run(lower(source)), name)


def piped(source: str, name: str = "f") -> IRFunction:
    return function(run_pipeline(lower(source), verify=True), name)


def rows(fn: IRFunction, op: int) -> list[int]:
    return np.flatnonzero(fn.insts["op"] == op).tolist()


def type_of(fn: IRFunction, row: int) -> str:
    return T.NAMES[int(fn.insts["type"][row])]


def types_of(fn: IRFunction, op: int) -> list[str]:
    return [type_of(fn, r) for r in rows(fn, op)]


def returned(fn: IRFunction) -> list[int]:
    """The value rows returned by `fn`."""
    return [int(fn.insts["a"][r]) for r in rows(fn, Op.ret)]


def const_value(fn: IRFunction, row: int) -> object:
    assert fn.insts["op"][row] == Op.const, OPCODES[int(fn.insts["op"][row])].name
    return fn.consts[int(fn.insts["a"][row])]


def folded_result(source: str) -> object:
    """The constant `f` returns after the pipeline (asserting that it folded)."""
    fn = piped(source)
    (row,) = returned(fn)
    return const_value(fn, row)


def same_value(a: object, b: object) -> bool:
    """Equal with equal types; floats bit for bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(map(same_value, a, b))
    return a == b


# -- type inference --------------------------------------------------------------


def test_range_loop_variable_and_its_successor_are_int():
    fn = inferred("def f(n):\n    t = 0\n    for i in range(n):\n        t = i + 1\n    return t\n")
    assert types_of(fn, Op.for_iter) == ["int"]
    assert types_of(fn, Op.add) == ["int"]
    assert types_of(fn, Op.phi) == ["int"]  # t: join of 0 and i + 1


def test_true_division_is_float():
    fn = inferred("def f(xs):\n    x = len(xs)\n    return x / 2\n")
    assert types_of(fn, Op.truediv) == ["float"]
    assert types_of(fn, Op.call) == ["int"]


def test_string_concatenation_is_str():
    fn = inferred('def f():\n    s = "ab"\n    return s + "a"\n')
    assert types_of(fn, Op.add) == ["str"]


def test_phi_of_int_and_float_is_any():
    fn = inferred("def f(c):\n    if c:\n        x = 1\n    else:\n        x = 1.5\n    return x\n")
    assert types_of(fn, Op.phi) == ["any"]


def test_comparisons():
    fn = inferred("def f(a, b):\n    return (a < b, 1 < 2.5, [1] == [2], (1,) < (2,), a is b)\n")
    assert types_of(fn, Op.lt) == ["any", "bool", "any"]  # tuple < tuple may give an array
    assert types_of(fn, Op.eq) == ["bool"]
    assert types_of(fn, Op.is_) == ["bool"]


def test_builtin_calls_and_math():
    source = (
        "import math\n"
        "def f(xs, s):\n"
        "    return (len(xs), float(s), math.sqrt(2.0), math.floor(2.5), math.pi, math.isnan(1.0),\n"
        "            abs(-3), abs(2.5), abs(xs), sorted(xs), str(3), range(3), min(xs), math.sqrt)\n"
    )
    fn = inferred(source)
    (tuple_row,) = rows(fn, Op.build_tuple)
    start, count = int(fn.insts["a"][tuple_row]), int(fn.insts["b"][tuple_row])
    items = [type_of(fn, v) for v in fn.operand_list(start, count)]
    assert items == [
        *("int", "float", "float", "int", "float", "bool", "int", "float", "any"),
        *("list", "str", "range", "any", "any"),
    ]


def test_power_types_are_only_claimed_when_sure():
    source = (
        "def f(n, y):\n"
        "    i = len(n)\n"
        "    x = float(y)\n"
        "    return (i ** 2, i ** -1, i ** i, x ** 2, x ** 0.5, x ** 2.0, 2 ** 0.5, i ** 0.5)\n"
    )
    assert types_of(inferred(source), Op.pow) == [
        *("int", "any", "any", "float", "any", "float", "float", "any"),
    ]


def test_strings_methods_and_indexing():
    source = (
        "def f(s, k):\n"
        '    t = str(s) + "!"\n'
        "    out = (t.upper(), t.split(), t.find('a'), t.isdigit(), t.get(k), t[0], t[1:], t[k])\n"
        "    for ch in t:\n"
        "        out = ch\n"
        "    return out\n"
    )
    fn = inferred(source)
    assert types_of(fn, Op.call_method) == ["str", "list", "int", "bool", "any"]
    assert types_of(fn, Op.getitem) == ["str", "str", "any"]
    assert types_of(fn, Op.for_iter) == ["str"]


def test_loop_carried_int_stays_int_and_float_accumulates():
    source = (
        "def f(n):\n"
        "    total = 0.0\n"
        "    k = 0\n"
        "    while k < n:\n"
        "        total += k * 0.5\n"
        "        k += 1\n"
        "    return total\n"
    )
    fn = inferred(source)
    assert sorted(types_of(fn, Op.phi)) == ["float", "int"]
    assert types_of(fn, Op.inplace) == ["float", "int"]
    assert types_of(fn, Op.lt) == ["any"]  # n is a parameter


def test_parameter_types_specialise_the_inference():
    fn = function(lower("def f(a, b):\n    return a * b + 1\n"))
    typeinfer.infer_function(fn, [T.INT, T.FLOAT])
    assert types_of(fn, Op.mul) == ["float"]
    assert types_of(fn, Op.add) == ["float"]


def test_undefined_values_and_non_values():
    source = "def f(c):\n    if c:\n        x = 1\n    return x\n"
    fn = inferred(source)
    for r, op in enumerate(fn.insts["op"].tolist()):
        if not OPCODES[op].defines or op == Op.undef:
            assert type_of(fn, r) == "nothing"
        else:
            assert type_of(fn, r) != "nothing"
    assert types_of(fn, Op.phi) == ["int"]  # 1 joined with the undefined x


def test_inference_is_idempotent():
    module = typeinfer.run(lower("def f(n):\n    return [i * 2.0 for i in range(n)]\n"))
    first = [fn.insts["type"].copy() for fn in module.functions]
    typeinfer.run(module)
    assert all(
        np.array_equal(a, fn.insts["type"]) for a, fn in zip(first, module.functions, strict=True)
    )


# -- folding -----------------------------------------------------------------------


def test_nested_arithmetic_folds_to_one_constant():
    fn = piped("def f():\n    return 2 + 3 * 4\n")
    (row,) = returned(fn)
    assert same_value(const_value(fn, row), 14)
    assert rows(fn, Op.const) == [row]
    assert not rows(fn, Op.add) and not rows(fn, Op.mul)


@pytest.mark.parametrize(
    "expr, op",
    [
        ("1 // 0", Op.floordiv),
        ("1.0 % 0.0", Op.mod),
        ("2 ** 100", Op.pow),
        ("2 ** 62 * 4", Op.mul),  # 2 ** 62 folds, the product overflows
        ("9223372036854775807 + 1", Op.add),
        ("-(-9223372036854775807 - 1)", Op.neg),
        ("1 << 64", Op.lshift),
        ("(-8) ** 0.5", Op.pow),  # complex
        ("1e300 ** 2", Op.pow),  # OverflowError
        ('"ab" * 3000', Op.mul),  # longer than fold.MAX_LEN
        ('1 < "a"', Op.lt),
        ('"%d" % 5', Op.mod),
        ("None is None", Op.is_),
    ],
)
def test_operations_left_for_run_time(expr, op):
    fn = piped(f"def f():\n    return {expr}\n")
    (row,) = returned(fn)
    assert fn.insts["op"][row] == op


@pytest.mark.parametrize(
    "expr, value",
    [
        ("-0.0", -0.0),
        ("-(0.0)", -0.0),
        ("0.0 * -1.0", -0.0),
        ("(0.0 + 0.0, -(0.0), 0.0 - 0.0)", (0.0, -0.0, 0.0)),
        ('"ab" * 3', "ababab"),
        ('"a" + "b" * 2', "abb"),
        ("(True + 0, 1.0 * 1, 1 == 1, 3 & 1, True & True)", (1, 1.0, True, 1, True)),
        ("7 // -2, -7 % 3, 2 ** -2, 7 / 2", (-4, 2, 0.25, 3.5)),
        ("1 << 62, -1 >> 70, ~5, not 0", (1 << 62, -1, -6, True)),
        ('"b" in "abc", "abc" < "abd", None == None, 1 != 1.0', (True, True, True, False)),
        ("2 ** 62 - 1 + 2 ** 62", 2**63 - 1),
        ("(1, 2) + (3,)", (1, 2, 3)),
    ],
)
def test_folded_values_are_cpythons(expr, value):
    assert same_value(folded_result(f"def f():\n    return {expr}\n"), value)


def test_nan_and_inf_fold_bit_exactly():
    value = folded_result("def f():\n    return 1e308 * 10.0 - 1e308 * 10.0\n")
    assert math.isnan(value)
    assert same_value(value, 1e308 * 10.0 - 1e308 * 10.0)


def test_augmented_assignment_of_constants_folds():
    assert same_value(
        folded_result("def f():\n    x = 2\n    x += 3\n    x *= 2.0\n    return x\n"), 10.0
    )


def test_constants_are_pooled_by_identity_not_equality():
    fn = piped("def f():\n    return (1 + 0, True or 0, 1.0 + 0.0, 0.0 * -1.0, 0.0 * 1.0)\n")
    values = [v for v in fn.consts if not isinstance(v, tuple)]
    for v in (1, 1.0, -0.0, 0.0):
        assert sum(same_value(v, c) for c in values) == 1


def test_fold_does_not_touch_non_constant_operands():
    fn = piped("def f(x):\n    return x + 2 * 3\n")
    (row,) = returned(fn)
    assert fn.insts["op"][row] == Op.add
    assert same_value(const_value(fn, int(fn.insts["b"][row])), 6)


# -- dead-code elimination -----------------------------------------------------------


def test_dce_removes_unused_pure_instructions_and_renumbers():
    source = (
        "def f(a):\n"
        "    t = (a, 1)\n"
        "    u = a is None\n"
        "    z = 2.5 * 2.0\n"
        "    w = [a, t]\n"
        "    v = float(a) * 3.0\n"
        "    return a\n"
    )
    module = lower(source)
    before = len(function(module).insts)
    fn = function(run_pipeline(module, verify=True))
    ops = [OPCODES[op].name for op in fn.insts["op"].tolist()]
    # float(a) is a call (effects), kept; its unused float product goes.
    assert ops == ["fuel", "param", "builtin", "call", "ret"]
    assert len(fn.insts) < before
    assert fn.insts["a"][fn.terminator(0)] == 1  # ret refers to the renumbered param
    assert verify_module(module) == []


def test_dce_keeps_operations_that_may_raise():
    source = (
        "def f(d, n):\n"
        '    d["k"]\n'
        "    n + 1\n"
        "    1 // 0\n"
        "    not d\n"
        "    x = 99999999999999999999\n"
        "    return 0\n"
    )
    fn = piped(source)
    for op in (Op.getitem, Op.add, Op.floordiv, Op.not_):
        assert rows(fn, op), OPCODES[op].name
    assert any(const_value(fn, r) == 99999999999999999999 for r in rows(fn, Op.const))


def test_dce_removes_a_dead_phi_cycle():
    source = "def f(n):\n    k = ()\n    for i in range(n):\n        k = (k, i)\n    return n\n"
    module = lower(source)
    assert rows(function(module), Op.phi)
    fn = piped(source)
    assert not rows(fn, Op.phi)
    assert not rows(fn, Op.build_tuple)


def test_dce_drops_unused_make_function_but_keeps_the_nested_ir():
    source = "def f():\n    def g():\n        return 1\n    return 2\n"
    module = run_pipeline(lower(source), verify=True)
    assert not rows(function(module), Op.make_function)
    assert function(module, "g").parent == module.functions.index(function(module))


def test_dce_keeps_caught_in_a_bare_except():
    source = "def f(d):\n    try:\n        d[0]\n    except:\n        pass\n    return 1\n"
    assert len(rows(piped(source), Op.caught)) == 1


def test_compact_refuses_to_drop_a_used_value():
    fn = function(lower("def f(a):\n    return a + 1\n"))
    keep = np.ones(len(fn.insts), dtype=bool)
    keep[rows(fn, Op.param)] = False
    with pytest.raises(ValueError):
        compact(fn, keep)


def test_compact_keeping_everything_is_the_identity():
    module = lower("def f(a, *, b=2):\n    return [a, (a, b), a if b else -a]\n")
    text = print_module(module)
    module.functions = [compact(fn, np.ones(len(fn.insts), dtype=bool)) for fn in module.functions]
    assert print_module(module) == text


# -- the pipeline over the conformance suite ----------------------------------------------

CONFORMANCE = [  # the programs the conformance test runs, except those that must not compile
    path
    for _, path in conformance_programs(Path(__file__).resolve().parents[2])
    if read_directives(path).compile_error is None
]


def test_conformance_pipeline_runs_over_the_shared_programs(shared_conformance):
    shared = [path for path in CONFORMANCE if path.parent == shared_conformance]
    assert shared, f"no shared conformance program reached the pipeline test: {shared_conformance}"


def test_pass_table_order():
    assert [name for name, _ in PASSES] == ["typeinfer", "fold", "dce", "typeinfer", "cse"]
    assert [run for _, run in PASSES] == [typeinfer.run, fold.run, dce.run, typeinfer.run, cse.run]


@pytest.mark.parametrize("path", CONFORMANCE, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_pipeline_keeps_conformance_programs_valid(path):
    tree, errors = parse_source(path.read_text(), path.name)
    assert errors == []
    module, _ = lower_module(tree, path.name, path.stem)
    module = run_pipeline(module, verify=True)  # raises naming the pass that broke the IR
    for fn in module.functions:
        for r, op in enumerate(fn.insts["op"].tolist()):
            nothing = int(fn.insts["type"][r]) == T.NOTHING
            assert nothing == (not OPCODES[op].defines or op == Op.undef)
    text = print_module(module)
    assert print_module(run_pipeline(module, verify=True)) == text  # a fixpoint


# -- folding agrees with CPython on random arithmetic --------------------------------------

_BINARY = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
    "<<": operator.lshift,
    ">>": operator.rshift,
    "&": operator.and_,
    "|": operator.or_,
    "^": operator.xor,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_UNARY = {"-": operator.neg, "+": operator.pos, "~": operator.invert, "not ": operator.not_}
_FLOATS = [0.0, -0.0, 0.5, 1.5, 2.0, -2.5, 3.25, 1e300, 1e-300]

_leaves = st.one_of(st.integers(-6, 6), st.sampled_from(_FLOATS)).map(lambda v: ("const", v))
_trees = st.recursive(
    _leaves,
    lambda kids: st.one_of(
        st.tuples(st.just("bin"), st.sampled_from(sorted(_BINARY)), kids, kids),
        st.tuples(st.just("un"), st.sampled_from(sorted(_UNARY)), kids),
    ),
    max_leaves=10,
)


def source_of(tree) -> str:
    if tree[0] == "const":
        return f"({tree[1]!r})"
    if tree[0] == "un":
        return f"({tree[1]}{source_of(tree[2])})"
    return f"({source_of(tree[2])} {tree[1]} {source_of(tree[3])})"


class _Raises(Exception):
    """CPython raises, or the engine's 64-bit ints overflow."""


def evaluate(tree) -> tuple[object, bool]:
    """CPython's value of the tree, and whether a fold guard (huge pow/shift, ~bool) was hit."""
    if tree[0] == "const":
        return tree[1], False
    if tree[0] == "un":
        value, guarded = evaluate(tree[2])
        guarded = guarded or (tree[1] == "~" and type(value) is bool)  # deprecated: not folded
        return _checked(lambda: _UNARY[tree[1]](value)), guarded
    (lhs, g1), (rhs, g2) = evaluate(tree[2]), evaluate(tree[3])
    guarded = g1 or g2
    intlike = type(lhs) in (bool, int) and type(rhs) in (bool, int)
    if tree[1] == "**" and intlike and abs(rhs) > 64:
        guarded = True
        if rhs > 0 and abs(lhs) > 1:
            raise _Raises  # certainly outside 64 bits
    if tree[1] == "<<" and intlike and rhs > 63:
        if lhs != 0:
            raise _Raises
        return 0, True
    return _checked(lambda: _BINARY[tree[1]](lhs, rhs)), guarded


def _checked(compute):
    try:
        value = compute()
    except Exception as exc:
        raise _Raises from exc
    if type(value) is int and not -(2**63) <= value < 2**63:
        raise _Raises
    if type(value) not in (bool, int, float):
        raise _Raises  # complex
    return value


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_folding_matches_cpython(tree):
    module = fold.run(lower(f"def f():\n    return {source_of(tree)}\n"))
    assert verify_module(module) == []
    fn = function(module)
    (row,) = returned(fn)
    is_const = fn.insts["op"][row] == Op.const
    try:
        expected, guarded = evaluate(tree)
    except _Raises:
        assert not is_const  # the raising operation is left for run time
        return
    if is_const:
        got = const_value(fn, row)
        assert same_value(got, expected), (source_of(tree), got, expected)
    else:
        assert guarded, source_of(tree)  # anything else that CPython computes folds


@settings(max_examples=300, deadline=None)
@given(_trees)
def test_inferred_types_are_sound(tree):
    fn = function(typeinfer.run(lower(f"def f():\n    return {source_of(tree)}\n")))
    (row,) = returned(fn)
    inferred_type = int(fn.insts["type"][row])
    try:
        expected, _ = evaluate(tree)
    except _Raises:
        return
    if inferred_type != T.ANY:
        assert T.of_python_value(expected) == inferred_type, source_of(tree)
