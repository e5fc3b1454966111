"""Unit tests for check_module / check_source on small inline programs.

The allowlist tests take their names from lists reviewed and written here
(and the escape names from tests/escape_names.py), never from the engine's
tables: a name added to `surface` fails `test_surface_holds_only_reviewed_names`
until it is reviewed and added below, and a name that reaches outside fails
`test_every_escape_name_is_rejected` whatever the tables say.
"""

from __future__ import annotations

import pytest
from escape_names import GLOBAL_NAMES, MODULE_MEMBERS

from frankenengine.frontend import check as check_mod
from frankenengine.frontend.check import INTERNAL_ERROR, check_module, check_source
from frankenengine.frontend.parse import parse_source
from frankenengine.language import surface

# -- the reviewed allowlist (LANGUAGE.md, as far as the engine implements it) ----------------
REVIEWED_BUILTINS = frozenset(
    """abs all any bool chr dict divmod enumerate filter float int isinstance len list map max
    min ord pow print range repr reversed round set sorted str sum tuple zip
    ArithmeticError AssertionError CapabilityDenied ConnectionError Exception FileExistsError
    FileNotFoundError IndexError IsADirectoryError KeyError LookupError NotADirectoryError
    OSError OverflowError PermissionError RuntimeError TimeoutError TypeError ValueError
    ZeroDivisionError NameError UnboundLocalError NotImplementedError""".split()
)
REVIEWED_MODULE_MEMBERS = {
    "math": frozenset(
        """acos asin atan atan2 ceil copysign cos cosh e exp expm1 fabs floor fmod gcd hypot inf
        isfinite isinf isnan log log10 log1p log2 nan pi pow sin sinh sqrt tan tanh tau
        trunc""".split()
    ),
    "numpy": frozenset(
        """abs arange argmax argmin array bool_ copy cos cumsum dot empty empty_like exp float64
        full int64 linspace log maximum minimum ones sin sqrt sum where zeros
        zeros_like""".split()
    ),
    "json": frozenset({"dumps", "loads"}),
}
REVIEWED_HOST_MEMBERS = {
    "fs": frozenset(
        """append_text exists is_dir list_dir make_dirs mtime read_text remove rename size
        write_text""".split()
    ),
    "net": frozenset({"get", "post", "request"}),
    "env": frozenset({"get"}),
    "proc": frozenset({"run"}),
    "clock": frozenset({"monotonic", "sleep", "time"}),
    "log": frozenset({"error", "info", "warn"}),
}
REVIEWED_HOST_EXPORTS = frozenset({"CapabilityDenied"})
# Methods and attributes of the values of the subset (str, list, tuple, dict, set, arrays).
REVIEWED_ATTRIBUTES = frozenset(
    """add append capitalize casefold center clear copy count difference discard dtype endswith
    expandtabs extend fill find format get index insert intersection isalnum isalpha isascii
    isdecimal isdigit isdisjoint isidentifier islower isnumeric isprintable isspace issubset
    issuperset istitle isupper items join keys ljust lower lstrip max mean min ndim partition
    pop remove removeprefix removesuffix replace reshape reverse rfind rindex rjust rpartition
    rsplit rstrip setdefault shape size sort split splitlines startswith strip sum swapcase
    symmetric_difference title union update upper values zfill""".split()
)


def found(source: str, local_modules: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    _, diagnostics = check_source(source, "t.py", local_modules)
    return [(d.line, d.message) for d in diagnostics]


def test_clean_program():
    assert found("import math\n\ndef main(x=1):\n    return math.sqrt(x)\n") == []


@pytest.mark.parametrize("name", sorted(REVIEWED_BUILTINS))
def test_every_builtin_resolves(name):
    assert found(f"x = {name}\n") == []


def test_surface_holds_only_reviewed_names():
    """The engine's allowlists are within the reviewed ones: a new name needs a review here."""
    unreviewed = {
        "builtins": surface.BUILTIN_NAMES - REVIEWED_BUILTINS,
        "attributes": surface.ALL_ATTRIBUTES - REVIEWED_ATTRIBUTES,
        "host exports": surface.HOST_EXPORTED_NAMES - REVIEWED_HOST_EXPORTS,
        "host modules": set(surface.HOST_MODULE_MEMBERS) - set(REVIEWED_HOST_MEMBERS),
        "modules": set(surface.MODULE_MEMBERS) - set(REVIEWED_MODULE_MEMBERS),
    }
    for module, members in surface.MODULE_MEMBERS.items():
        unreviewed[module] = members - REVIEWED_MODULE_MEMBERS.get(module, frozenset())
    for module, members in surface.HOST_MODULE_MEMBERS.items():
        unreviewed[module] = members - REVIEWED_HOST_MEMBERS.get(module, frozenset())
    unreviewed = {kind: sorted(names) for kind, names in unreviewed.items() if names}
    assert not unreviewed, f"names in engine/surface.py that no review has allowed: {unreviewed}"


@pytest.mark.parametrize("name", GLOBAL_NAMES)
def test_every_escape_name_is_rejected(name):
    expected = {
        f"dunder name '{name}' is not allowed",
        f"'{name}' reaches outside the sandbox",
        f"undefined name '{name}'",
    }
    assert [line for line, _ in found(f"x = {name}\n")] == [1]
    assert {message for _, message in found(f"x = {name}\n")} <= expected
    calls = found(f"def f():\n    return {name}()\n")
    assert [line for line, _ in calls] == [2] and calls[0][1] in expected


@pytest.mark.parametrize("module", sorted(MODULE_MEMBERS))
def test_escape_members_of_modules_are_rejected(module):
    members = MODULE_MEMBERS[module]
    source = f"import {module} as m\n" + "".join(
        f"x{i} = m.{name}\n" for i, name in enumerate(members)
    )
    assert found(source) == [
        (line, f"'{module}' has no attribute '{name}'") for line, name in enumerate(members, 2)
    ]


def test_forbidden_names_in_every_position():
    source = (
        "def open(eval=1):\n"  # def name, parameter
        "    exec = 2\n"  # assignment
        "    for vars in []:\n"  # loop target
        "        pass\n"
        "    try:\n"
        "        pass\n"
        "    except ValueError as dir:\n"  # except target
        "        pass\n"
        "    return [id for id in ()], lambda input: 0\n"  # comprehension, lambda parameter
        "import math as locals\n"  # import alias
    )
    lines = [line for line, message in found(source) if "reaches outside the sandbox" in message]
    assert lines == [1, 1, 2, 3, 7, 9, 9, 9, 10]


def test_module_members_and_attributes_are_all_accepted():
    lines = ["import math", "import json", "import numpy as np", "from host import fs, net"]
    lines += [f"a{i} = math.{m}" for i, m in enumerate(sorted(REVIEWED_MODULE_MEMBERS["math"]))]
    lines += [f"b{i} = np.{m}" for i, m in enumerate(sorted(REVIEWED_MODULE_MEMBERS["numpy"]))]
    lines += [f"c{i} = json.{m}" for i, m in enumerate(sorted(REVIEWED_MODULE_MEMBERS["json"]))]
    lines += [f"d{i} = fs.{m}" for i, m in enumerate(sorted(REVIEWED_HOST_MEMBERS["fs"]))]
    lines += [f"e{i} = [].{m}" for i, m in enumerate(sorted(REVIEWED_ATTRIBUTES))]
    lines += ["from host import " + ", ".join(sorted(REVIEWED_HOST_MEMBERS))]
    lines += ["from host import " + ", ".join(sorted(REVIEWED_HOST_EXPORTS))]
    assert found("\n".join(lines) + "\n") == []


def test_checker_reports_on_error_recovered_trees():
    source = "def f(:\n    return eval(1)\nclass A:\n    pass\n"
    tree, parse_errors = parse_source(source, "t.py")
    assert parse_errors
    messages = [d.message for d in check_module(tree, "t.py")]
    assert "'class' is not supported" in messages
    assert "syntax error: invalid syntax" in messages  # the error node, seen by the checker
    assert found(source) == [(1, "syntax error: invalid syntax")]  # CPython's error, alone


def test_mirrored_syntax_errors_are_not_duplicated():
    assert found("def f(a, a):\n    return a\n") == [
        (1, "syntax error: duplicate argument 'a' in function definition")
    ]
    assert found("nonlocal x\n") == [
        (1, "syntax error: nonlocal declaration not allowed at module level")
    ]
    assert found("def f():\n    def g():\n        nonlocal x\n") == [
        (3, "syntax error: no binding for nonlocal 'x' found")
    ]


def test_checker_alone_reports_python_scope_errors():
    source = "def f(a):\n    nonlocal a\n    def g():\n        nonlocal zz\n"
    tree, _ = parse_source(source, "t.py")
    assert [(d.line, d.message) for d in check_module(tree, "t.py")] == [
        (2, "syntax error: name 'a' is parameter and nonlocal"),
        (4, "syntax error: no binding for nonlocal 'zz' found"),
    ]


def test_nonlocal_through_several_functions():
    source = (
        "def a():\n    x = 1\n    def b():\n        nonlocal x\n"
        "        def c():\n            nonlocal x\n            x += 1\n"
        "        return c\n    return b\n"
    )
    assert found(source) == []


def test_local_modules():
    source = "import helpers\nfrom helpers import f\nfrom . import util\nx = helpers.g(util.h, f)\n"
    assert found(source, frozenset({"helpers", "util"})) == []
    assert found(source) == [
        (1, "'helpers' cannot be imported"),
        (2, "'helpers' cannot be imported"),
        (3, "'.util' cannot be imported"),
    ]


def test_local_module_names_are_still_checked_for_dunders():
    assert found("import helpers\nx = helpers.__dict__\n", frozenset({"helpers"})) == [
        (2, "dunder name '__dict__' is not allowed")
    ]
    assert found("from helpers import __secret\n", frozenset({"helpers"})) == [
        (1, "dunder name '__secret' is not allowed")
    ]


def test_module_alias_shadowed_by_a_local():
    source = "import numpy as np\ndef f(np):\n    return np.shape, np.tofile\n"
    assert found(source) == [(3, "unknown attribute 'tofile'")]


def test_name_bound_to_module_and_value():
    source = "import math\nif 1:\n    math = 'x'\ny = math.sqrt, math.upper, math.nope\n"
    assert found(source) == [(4, "unknown attribute 'nope'")]


def test_modules_are_not_values():
    assert found("import math\nx = math\nprint(math)\n") == [
        (2, "module 'math' is not a value"),
        (3, "module 'math' is not a value"),
    ]


def test_rejected_import_does_not_cascade():
    assert found("import os\nx = os.getcwd().strip().nope\n") == [(1, "'os' cannot be imported")]


def test_number_and_string_literals():
    source = "a = 1J + 2j\nb = B'x'\nc = Rb'x'\nd = u'x' + r'x' + f'{a!r:>{a}}'\ne = 0xFFFF_FFFF_FFFF_FFFF_FF\n"
    assert found(source) == [
        (1, "complex literals are not supported"),
        (1, "complex literals are not supported"),
        (2, "bytes literals are not supported"),
        (3, "bytes literals are not supported"),
    ]


def test_generator_expression_positions():
    ok = "def f(g):\n    return g\nx = f(i for i in ())\ny = f((i for i in ()))\nz = f(0, k=(i for i in ()))\n"
    assert found(ok) == []
    assert found("x = (i for i in ())\n") == [
        (1, "generator expression must be passed directly to a call")
    ]
    assert found("x = [(i for i in ())]\n") == [
        (1, "generator expression must be passed directly to a call")
    ]


def test_comprehension_scoping():
    assert found("x = [x for x in x]\n") == []  # the iterable reads the module-level x
    assert found("y = [v for v in range(3)]\nz = v\n") == [(2, "undefined name 'v'")]
    assert found("y = [[v, w] for v in range(3) for w in range(v)]\n") == []
    assert found("y = [w for v in range(w) for w in range(3)]\n") == [(1, "undefined name 'w'")]


def test_functions_see_module_names_defined_later():
    assert found("def f():\n    return g() + K\ndef g():\n    return 1\nK = 2\n") == []


def test_shadowing_builtins_is_allowed():
    assert found("len = 3\ndef print(x):\n    return x\ndef f(sum=sum):\n    return sum\n") == []


def test_is_only_with_singletons():
    assert found("a = b = 1\nc = a is b\nd = a is None is not b\n") == [
        (2, "'is' is only supported with None, True or False")
    ]


def test_bare_raise_inside_nested_except():
    source = (
        "def f():\n    try:\n        pass\n    except ValueError:\n"
        "        try:\n            pass\n        finally:\n            raise\n"
    )
    assert found(source) == []


def test_every_error_in_nested_scopes_is_found():
    source = (
        "def outer():\n"
        "    def inner(x):\n"
        "        return lambda y: [eval(z) for z in y.__dict__] + [undefined_one]\n"
        "    return inner\n"
    )
    assert found(source) == [
        (3, "'eval' reaches outside the sandbox"),
        (3, "dunder name '__dict__' is not allowed"),
        (3, "undefined name 'undefined_one'"),
    ]


def test_results_are_sorted_and_unique():
    _, diagnostics = check_source("x = eval\ny = eval\nx = eval\n", "t.py")
    assert [(d.line, d.col) for d in diagnostics] == [(1, 5), (2, 5), (3, 5)]


def test_internal_errors_become_a_diagnostic(monkeypatch):
    def boom(self, node):
        raise ValueError("bug")

    monkeypatch.setattr(check_mod._Checker, "visit_expr_stmt", boom)
    tree, _ = parse_source("x = 1\n", "t.py")
    diagnostics = check_module(tree, "t.py")
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith(INTERNAL_ERROR)


def test_recursion_errors_become_a_diagnostic(monkeypatch):
    def deep(self, node):
        raise RecursionError

    monkeypatch.setattr(check_mod._Checker, "visit_expr_stmt", deep)
    tree, _ = parse_source("x = 1\n", "t.py")
    assert [d.message for d in check_module(tree, "t.py")] == [
        "module is too deeply nested to check"
    ]
