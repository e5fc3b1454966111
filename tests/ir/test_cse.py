"""Common-subexpression elimination: what it merges, and that no merge survives a mutation.

Two kinds of test:
- on IR lowered from source: identical operations on values of immutable
  types are merged, and the same operations on lists, dicts, sets, arrays or
  values of unknown type are not, whatever stands between them;
- against CPython, for every opcode the pass may merge (`cse._MERGEABLE`,
  read from the opcode table) and every mutable type: a program evaluates an
  expression of that opcode, mutates its operand (directly, through an alias,
  inside a called helper), evaluates it again, also as a branch condition, and
  must give CPython's answer in every lane.

The source templates below are the test's own reviewed list; a test checks
that each one lowers to the opcode it stands for and that every mergeable
opcode has one or a stated reason why no source reaches it with a mutable
operand.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from frankenengine import CompileError, Engine, Limits
from frankenengine.frontend.lower import lower_module
from frankenengine.frontend.parse import parse_source
from frankenengine.ir.function import IRFunction, IRModule
from frankenengine.ir.opcodes import BY_NAME, OPCODES, Op
from frankenengine.ir.passes import cse, run_pipeline
from frankenengine.ir.verifier import verify_module

LANES = ("interp", "jit", "auto")

# -- IR-level behaviour -----------------------------------------------------------------------


def lower(source: str) -> IRModule:
    tree, errors = parse_source(textwrap.dedent(source), "x.py")
    assert errors == []
    module, diagnostics = lower_module(tree, "x.py", "x")
    assert diagnostics == []
    return module


def optimised(source: str, name: str = "f") -> IRFunction:
    module = run_pipeline(lower(source), verify=True)
    assert verify_module(module) == []
    return next(fn for fn in module.functions if fn.name == name)


def count(fn: IRFunction, op: int) -> int:
    return int(np.count_nonzero(fn.insts["op"] == op))


def test_the_heap_repro_keeps_both_truth_tests():
    fn = optimised(
        """
        def f(h):
            if not h:
                return "empty at entry"
            h.pop()
            if not h:
                return "empty after pop"
            return h[0]
        """
    )
    assert count(fn, Op.not_) == 2


@pytest.mark.parametrize(
    "expression",
    ["not xs", "xs == ys", "xs[0]", "1 in xs", "xs + ys", "xs < ys", "-xs"],
)
def test_operations_on_values_of_unknown_type_are_never_merged(expression):
    fn = optimised(
        f"""
        def f(xs, ys):
            a = {expression}
            b = {expression}
            return a, b
        """
    )
    op = lower_op(expression)
    assert count(fn, op) == 2


@pytest.mark.parametrize(
    ("expression", "op"),
    [
        ("s + t", Op.add),
        ("s == t", Op.eq),
        ("s < t", Op.lt),
        ("t in s", Op.in_),
        ("s[1]", Op.getitem),
        ("not s", Op.not_),
        ("i * 3", Op.mul),
        ("-x", Op.neg),
    ],
)
def test_operations_on_immutable_values_are_merged(expression, op):
    fn = optimised(
        f"""
        def f(a, b):
            s = str(a)
            t = str(b)
            i = len(s)
            x = float(b)
            p = {expression}
            b = [a]
            b.append(s)
            q = {expression}
            return p, q
        """
    )
    assert count(fn, op) == 1


def test_a_fresh_mutable_result_is_never_merged():
    fn = optimised(
        """
        def f():
            a = []
            b = []
            a.append(1)
            return a, b
        """
    )
    assert count(fn, Op.build_list) == 2


def test_the_table_decides_what_is_mergeable():
    names = {OPCODES[op].name for op in cse._MERGEABLE}
    for info in OPCODES:
        if info.code in cse._MERGEABLE:
            assert info.pure and info.defines, info.name
    # Reviewed: nothing that writes, calls out, reads a variable or orders execution.
    forbidden = set(
        "call call_kw call_method setitem delitem inplace unpack for_iter load_var load_outer "
        "load_global store_var store_outer store_global caught fuel yield".split()
    )
    assert not names & forbidden


# -- against CPython ------------------------------------------------------------------------------

# Source templates of the mergeable opcodes: X is the mutable operand, Y a
# second object equal to X's initial value, E an element, K a key or index.
TEMPLATES: dict[str, list[str]] = {
    "add": ["X + X"],
    "sub": ["X - Y"],
    "mul": ["X * 2"],
    "truediv": ["X / 2"],
    "floordiv": ["X // 2"],
    "mod": ["X % 2"],
    "pow": ["X ** 2"],
    "lshift": ["X << 1"],
    "rshift": ["X >> 1"],
    "bitand": ["X & Y"],
    "bitor": ["X | Y"],
    "bitxor": ["X ^ Y"],
    "neg": ["-X"],
    "pos": ["+X"],
    "invert": ["~X"],
    "not": ["not X"],
    "lt": ["X < Y"],
    "le": ["X <= Y"],
    "gt": ["X > Y"],
    "ge": ["X >= Y"],
    "eq": ["X == Y"],
    "ne": ["X != Y"],
    "in": ["E in X"],
    "not_in": ["E not in X"],
    "is": ["X is None"],
    "is_not": ["X is not None"],
    "getitem": ["X[K]", "X[0:2]"],
    "getattr": ["X.size"],
    "build_str": ["f'{X}'"],
    "format": ["f'{X!r:>30}'"],
    "build_tuple": ["(X, 1)[0]"],
    "build_slice": ["X[0:2]"],
    "get_iter": ["[v for v in X]"],
}
# Mergeable opcodes that no expression applies to a mutable operand, and why.
UNREACHABLE = {
    "param": "a function's parameter: one row per parameter",
    "phi": "an operand list: list-shaped rows are never merged",
    "undef": "no operand",
    "builtin": "no operand (a constant name)",
    "build_list": "a fresh mutable result: never merged (test_a_fresh_mutable_result...)",
    "build_set": "a fresh mutable result",
    "build_dict": "a fresh mutable result",
    "make_function": "a fresh function object",
    "item": "reads a row of an unpack, which consumes its operand (a write)",
    "exc_match": "matches the caught exception against a class, both immutable here",
    "matmul": "'@' is not supported yet (LANGUAGE.md, implementation status): test_matmul_...",
}
# Calls that look pure: never merged (calls out), kept as regressions.
CALL_TEMPLATES = ["bool(X)", "len(X)", "str(X)", "sorted(X)", "sum(X)", "min(X)", "X.count(E)"]

MUTABLES: dict[str, dict] = {
    "list": {
        "init": "[3, 1, 2]",
        "E": "1",
        "K": "0",
        "mutations": [
            "Z.append(5)",
            "Z.pop()",
            "Z.insert(0, 9)",
            "Z[0] = 7",
            "del Z[0]",
            "Z.clear()",
            "Z.sort()",
            "Z.extend([1, 1])",
            "Z += [6]",
        ],
    },
    "dict": {
        "init": "{1: 'a', 2: 'b'}",
        "E": "1",
        "K": "1",
        "mutations": ["Z[3] = 'c'", "del Z[1]", "Z.pop(2)", "Z.clear()", "Z.update({1: 'z'})"],
    },
    "set": {
        "init": "{3, 1, 2}",
        "E": "1",
        "K": "0",
        "mutations": ["Z.add(5)", "Z.discard(1)", "Z.remove(2)", "Z.clear()", "Z |= {8}"],
    },
    "array": {
        "init": "np.array([3, 1, 2])",
        "E": "1",
        "K": "0",
        "mutations": ["Z[0] = 7", "Z[1] = -4", "Z += 5", "Z.fill(0)"],
    },
}


ERRORS = ["IndexError", "KeyError", "TypeError", "ValueError", "ZeroDivisionError", "Exception"]


def lower_op(expression: str) -> int:
    """The opcode the expression's outermost operation lowers to (the last defining row)."""
    fn = next(
        fn for fn in lower(f"def f(xs, ys):\n    return {expression}\n").functions if fn.name == "f"
    )
    ops = [int(op) for op in fn.insts["op"] if OPCODES[int(op)].defines]
    skip = {Op.param, Op.builtin, Op.const}
    return [op for op in ops if op not in skip][-1]


def fill(template: str, kind: str, name: str) -> str:
    spec = MUTABLES[kind]
    return (
        template.replace("X", name)
        .replace("Y", "y")
        .replace("E", spec["E"])
        .replace("K", spec["K"])
    )


def program(template: str, kind: str) -> str:
    """Every mutation of `kind`, at each of three sites, around two evaluations of `template`."""
    spec = MUTABLES[kind]
    lines = ["import numpy as np", ""]
    sites = []
    for m, mutation in enumerate(spec["mutations"]):
        lines += [f"def mutate{m}(z):", f"    {mutation.replace('Z', 'z')}", ""]
        for site, (target, step) in {
            "direct": ("x", mutation.replace("Z", "x")),
            "alias": ("w", mutation.replace("Z", "w")),
            "helper": ("x", f"mutate{m}(x)"),
        }.items():
            expr = fill(template, kind, "x")
            name = f"{site}{m}"
            sites.append(name)
            lines += [
                f"def {name}():",
                f"    x = {spec['init']}",
                f"    y = {spec['init']}",
                "    w = x" if target == "w" else "    w = None",
                f"    r = [{expr}]",
                f"    if {expr}:",
                "        r.append('t1')",
                f"    {step}",
                f"    r.append({expr})",
                f"    if {expr}:",
                "        r.append('t2')",
                "    return r",
                "",
            ]
    lines += [
        "def main():",
        "    out = []",
        f"    for site in ({', '.join(sites)},):",
        "        try:",
        "            out.append(site())",
    ]
    for error in ERRORS:
        lines += [f"        except {error}:", f"            out.append('{error}')"]
    lines += ["    return out", ""]
    return "\n".join(lines)


def plain(value):
    """Results as comparable plain values: arrays as lists, NumPy scalars as Python numbers."""
    if isinstance(value, np.ndarray):
        return ("array", value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return (type(value).__name__, [plain(v) for v in value])
    if isinstance(value, dict):
        return ("dict", [(plain(k), plain(v)) for k, v in value.items()])
    if isinstance(value, set):
        return ("set", sorted(map(repr, value)))
    return value


def cpython(source: str):
    namespace: dict = {}
    exec(compile(source, "cse_oracle.py", "exec"), namespace)  # the oracle, on test-made source
    return plain(namespace["main"]())


def applicable(template: str, kind: str) -> bool:
    """CPython evaluates the template on the initial value without raising."""
    spec = MUTABLES[kind]
    source = f"import numpy as np\nx = {spec['init']}\ny = {spec['init']}\nr = {fill(template, kind, 'x')}\n"
    try:
        exec(compile(source, "probe.py", "exec"), {})
    except Exception:
        return False
    return True


CASES = [
    pytest.param(template, kind, id=f"{kind}:{template}")
    for template in sorted({t for ts in TEMPLATES.values() for t in ts} | set(CALL_TEMPLATES))
    for kind in MUTABLES
    if applicable(template, kind)
]
ENGINES = {lane: Engine(lane=lane, limits=Limits(fuel=1_000_000)) for lane in LANES}


def test_every_mergeable_opcode_has_a_template_or_a_reason():
    mergeable = {OPCODES[op].name for op in cse._MERGEABLE}
    assert mergeable == set(TEMPLATES) | set(UNREACHABLE)
    assert not set(TEMPLATES) & set(UNREACHABLE)


def test_matmul_is_still_refused_so_it_needs_no_template_yet():
    # When `@` lands, this fails: move "matmul" from UNREACHABLE to TEMPLATES ("X @ X").
    with pytest.raises(CompileError, match="'@' is not supported"):
        ENGINES["interp"].load("import numpy as np\ndef f(a):\n    return a @ a\n")


@pytest.mark.parametrize(("name", "template"), [(n, t) for n, ts in TEMPLATES.items() for t in ts])
def test_each_template_lowers_to_its_opcode(name, template):
    expression = fill(template, "list", "xs").replace("y", "ys")
    module = lower(f"def f(xs, ys):\n    return {expression}\n")
    assert any(BY_NAME[name].code in fn.insts["op"] for fn in module.functions)


def test_every_mutable_type_is_exercised_by_many_templates():
    kinds = [case.values[1] for case in CASES]
    for kind in MUTABLES:
        assert kinds.count(kind) >= 8, kind


@pytest.mark.parametrize(("template", "kind"), CASES)
def test_repeated_expression_around_a_mutation_matches_cpython(template, kind):
    source = program(template, kind)
    expected = cpython(source)
    for lane, engine in ENGINES.items():
        got = plain(engine.load(source, name="cse_case").call("main"))
        assert got == expected, f"lane {lane}\n{source}"
