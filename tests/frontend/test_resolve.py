"""The resolver: what each name is bound to, and the scoping errors it reports."""

from __future__ import annotations

from textwrap import dedent

import pytest

from frankenengine.frontend.parse import parse_source
from frankenengine.frontend.resolve import (
    BUILTIN,
    CELL,
    FREE,
    GLOBAL,
    LOCAL,
    MODULE,
    UNDEFINED,
    resolve_module,
)
from frankenengine.frontend.scopes import ScopeBuilder


def resolve(source: str):
    """The tree and its resolution (the parser's own errors aside: some restate the resolver's)."""
    tree, _ = parse_source(dedent(source), "t.py")
    return tree, resolve_module(tree, "t.py")


def name_leaves(tree, name: str) -> list:
    """Every Name leaf spelled `name`, in source order."""
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        if node.type == "name" and node.value == name:
            found.append(node)
        stack.extend(reversed(getattr(node, "children", ())))
    return found


def kinds(source: str, name: str) -> list[str]:
    """The binding kind of each occurrence of `name` the resolver met, in source order."""
    tree, resolution = resolve(source)
    return [resolution.binding(leaf).kind for leaf in name_leaves(tree, name)]


def messages(source: str) -> list[tuple[int, int, str]]:
    _, resolution = resolve(source)
    return sorted((d.line, d.col, d.message) for d in resolution.diagnostics)


NESTED = """
import math
total = 0

def outer(a):
    b = a + 1
    def inner():
        return b + total + len([]) + math.pi
    return inner
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a", [LOCAL, LOCAL]),  # the parameter, and its read in outer
        ("b", [CELL, FREE]),  # bound in outer, read by inner: a cell there, free in inner
        ("total", [GLOBAL, GLOBAL]),
        ("len", [BUILTIN]),
        ("math", [MODULE, MODULE]),  # the import's alias, and its read in inner
        ("inner", [LOCAL, LOCAL]),
        ("outer", [GLOBAL]),
    ],
)
def test_nested_functions(name, expected):
    assert kinds(NESTED, name) == expected


def test_a_comprehension_is_a_scope_whose_first_iterable_is_outside():
    source = """
    def scale(xs, k):
        return [x * k for x in xs if x]
    """
    assert kinds(source, "x") == [LOCAL, LOCAL, LOCAL]
    assert kinds(source, "k") == [CELL, FREE]  # the comprehension reads k from scale
    assert kinds(source, "xs") == [LOCAL, LOCAL]  # read in scale, not in the comprehension


def test_a_comprehension_target_shadows_the_name_it_iterates():
    source = """
    x = [1, 2]
    y = [x for x in x]
    """
    assert kinds(source, "x") == [GLOBAL, LOCAL, LOCAL, GLOBAL]


def test_a_subscript_comprehension_target_reads_its_parts_in_the_comprehension():
    source = """
    def fill(a, i):
        return [0 for a[i] in [1]]
    """
    assert kinds(source, "a") == [CELL, FREE]
    assert kinds(source, "i") == [CELL, FREE]


def test_comprehension_and_generator_scopes():
    tree, resolution = resolve("a = [i for i in r]\nb = sum(j for j in r)\nc = (k for k in r)\n")
    scopes = [s for s in resolution.scopes() if s is not resolution.root]
    assert [s.kind for s in scopes] == ["comprehension", "genexp", "genexp"]
    assert [sorted(s.definitions) for s in scopes] == [["i"], ["j"], ["k"]]
    assert all(s.parent is resolution.root for s in scopes)


def test_lambdas_bind_their_parameters_and_read_defaults_outside():
    source = """
    def make(d):
        return lambda q=d: q + d + m
    m = 1
    """
    assert kinds(source, "q") == [LOCAL, LOCAL]
    assert kinds(source, "d") == [CELL, CELL, FREE]  # the default is read in make
    assert kinds(source, "m") == [GLOBAL, GLOBAL]


def test_nonlocal_names_resolve_to_the_enclosing_function():
    source = """
    def counter():
        c = 0
        def bump():
            nonlocal c
            c += 1
            return c
        return bump
    """
    assert kinds(source, "c") == [CELL, FREE, FREE, FREE]


def test_global_declarations_resolve_to_the_module():
    source = """
    count = 0
    def reset():
        global count
        count = 1
        return count
    """
    assert kinds(source, "count") == [GLOBAL, GLOBAL, GLOBAL, GLOBAL]


def test_a_global_never_bound_at_module_level_is_undefined():
    source = """
    def f():
        global ghost
        return ghost
    """
    assert kinds(source, "ghost") == [UNDEFINED, UNDEFINED]
    assert messages(source) == [(4, 12, "undefined name 'ghost'")]


def test_imports_bind_aliases_with_their_import_item():
    source = """
    import numpy as np
    from math import sqrt as root
    from . import util
    def f():
        import json
        return json, np, root, util
    """
    tree, resolution = resolve(source)
    for name, module, member in [
        ("np", "numpy", None),
        ("root", "math", "sqrt"),
        ("util", "util", None),
        ("json", "json", None),
    ]:
        use = resolution.binding(name_leaves(tree, name)[-1])
        assert use.kind == MODULE
        ((definition,),) = [use.definitions]
        assert (definition.how, definition.item.module, definition.item.member) == (
            "import",
            module,
            member,
        )
        assert definition.leaf is name_leaves(tree, name)[0]


def test_a_name_bound_by_an_import_and_an_assignment_is_a_variable():
    source = """
    import math
    if x:
        math = 3
    y = math
    """
    assert kinds(source, "math") == [GLOBAL, GLOBAL, GLOBAL]


def test_class_bodies_are_skipped_by_the_functions_inside():
    source = """
    class C:
        y = 1
        z = y
        def m(self):
            return y
    """
    assert kinds(source, "y") == [LOCAL, LOCAL, UNDEFINED]
    assert messages(source) == [(6, 16, "undefined name 'y'")]


def test_undefined_names_and_unsupported_builtins_are_reported_where_read():
    source = """
    def f(a):
        return a + b + complex(1) + open + __name__
    """
    assert messages(source) == [
        (3, 16, "undefined name 'b'"),
        (3, 20, "'complex' is not supported"),
    ]  # `open` and `__name__` are refused by the checker, not reported here


def test_attribute_and_keyword_names_are_not_names():
    assert messages("print(1 .real, sep=x.y)\n") == [(1, 20, "undefined name 'x'")]


def test_nonlocal_errors():
    source = """
    nonlocal top
    def f(p):
        nonlocal p
        nonlocal q
        def g():
            nonlocal p  # declared in f, which is enough
    """
    assert messages(source) == [
        (2, 1, "syntax error: nonlocal declaration not allowed at module level"),
        (4, 14, "syntax error: name 'p' is parameter and nonlocal"),
        (5, 14, "syntax error: no binding for nonlocal 'q' found"),
    ]


def test_nonlocal_sees_through_a_nonlocal_declaration_but_not_a_class():
    source = """
    def f():
        v = 1
        def g():
            nonlocal v
            def h():
                nonlocal v
        class C:
            w = 2
            def m(self):
                nonlocal w
    """
    assert messages(source) == [(11, 22, "syntax error: no binding for nonlocal 'w' found")]


def test_duplicate_parameters_are_reported_at_the_second():
    assert messages("def f(a, b, a):\n    pass\nlambda x, x: x\n") == [
        (1, 13, "syntax error: duplicate argument 'a' in function definition"),
        (3, 11, "syntax error: duplicate argument 'x' in function definition"),
    ]


def test_scope_tree_and_parameters():
    tree, resolution = resolve("def f(a, b=1):\n    g = lambda c: c\n    return g\n")
    funcdef = tree.children[0]
    function = resolution.scope_of(funcdef)
    assert function.kind == "function"
    assert function.params == {"a", "b"}
    assert sorted(function.definitions) == ["a", "b", "g"]
    (lam,) = function.children
    assert lam.kind == "lambda"
    assert lam.parent is function and function.parent is resolution.root


def test_the_lowering_scopes_keep_only_package_imports_as_variables():
    tree, _ = resolve("import math\nfrom helpers import f\nfrom math import sqrt\n")
    root = ScopeBuilder(frozenset({"helpers"})).build(tree)
    assert root.locals == {"f"}


def test_the_lowering_scopes_mark_captures_and_try_assignments_as_slots():
    source = """
    def f():
        a = 1
        b = 2
        try:
            c = 3
        except ValueError:
            pass
        return lambda: a + b + c
    """
    tree, _ = resolve(source)
    builder = ScopeBuilder()
    builder.build(tree)
    function = builder.scope_of(tree.children[0])
    assert function.captured == {"a", "b", "c"}
    assert function.in_try == {"c"}
