"""Escape attempts through the language surface: each must fail inside the sandbox, in every lane.

The names that reach outside come from the reviewed list (tests/escape_names.py),
never from the engine's own tables. For each one, in each lane (`interp`,
`jit`, `auto`):

- using it by name is a compile error naming it, on the line of the use,
  whatever the value it is read from (a function, a literal, an array, a
  parameter of unknown type, a module); a statement the subset does not have
  at all (attribute assignment, `del` of an attribute) may be refused as such;
- reaching it through a computed name (`getattr`, `setattr`, `hasattr`) is
  refused: either the accessor itself does not exist (a compile error about
  the accessor only, while the same module with a harmless function in its
  place loads), or the call raises `AttributeError` at run time (LANGUAGE.md,
  deliberate difference 3).

A format field that reaches into a value (`{0.__class__}`) is the classic
way from a string to the object graph (and from there to `os.environ`); it
must raise ValueError however `format` is reached: called directly, taken as
a value, or through the `str` type. Limits hold on every path too.
"""

import pytest
from escape_names import (
    ARRAY_ATTRIBUTES,
    COMPUTED_ATTRIBUTES,
    DUNDER_ATTRIBUTES,
    FRAME_ATTRIBUTES,
    GLOBAL_NAMES,
    HOST_MEMBERS,
    MODULE_MEMBERS,
)

from frankenengine import CompileError, Engine, Limits, RecursionLimitExceeded
from frankenengine.engine.api import LANES


def load(source: str, lane: str, limits: Limits | None = None):
    return Engine(lane=lane, limits=limits).load(source, name="ext", filename="ext.py")


def diagnostics(source: str, lane: str) -> list[tuple[int, str]]:
    """The (line, message) of every diagnostic; the module must not load."""
    with pytest.raises(CompileError) as info:
        load(source, lane)
    return [(d.line, d.message) for d in info.value.diagnostics]


def assert_each_use_refused(preamble: list[str], uses: list[str], name: str, lane: str) -> None:
    """Every use (the line holding `{name}`) has a diagnostic naming `name`; nothing else has.

    A use starting with `!` is a statement the subset may refuse as a whole
    (`v.x = 1`: "attribute assignment is not supported"): there the diagnostic
    may instead be the one the same statement gets with any other name.
    """

    def module(with_name: str) -> tuple[str, dict[int, str], set[int]]:
        lines, use_lines, whole = list(preamble), {}, set()
        for use in uses:
            template = use.removeprefix("!").split("\n")
            at = len(lines) + 1 + next(i for i, text in enumerate(template) if "{name}" in text)
            lines += [text.format(name=with_name) for text in template]
            use_lines[at] = lines[at - 1]
            if use.startswith("!"):
                whole.add(at)
        return "\n".join(lines) + "\n", use_lines, whole

    source, use_lines, whole = module(name)
    found = diagnostics(source, lane)
    stray = [(line, message) for line, message in found if line not in use_lines]
    assert not stray, f"diagnostics outside the uses of {name!r}: {stray}\n{source}"
    control = diagnostics(module(CONTROL_NAME)[0], lane) if whole else []
    for line, text in use_lines.items():
        messages = sorted(message for at, message in found if at == line)
        if any(f"'{name}'" in message for message in messages):
            continue
        anyway = sorted(message for at, message in control if at == line)
        refused_anyway = line in whole and messages and messages == anyway
        assert refused_anyway and not any(CONTROL_NAME in m for m in anyway), (
            f"line {line} ({text!r}) is not refused for {name!r}: {messages}\n{source}"
        )


CONTROL_NAME = "harmless_name"


# -- by name --------------------------------------------------------------------------------
GLOBAL_USES = [
    "x = {name}",
    "def g():\n    return {name}(1)",
    "def h(p={name}):\n    return p",
    "y = [{name} for _ in range(1)]",
]

PREAMBLE = [
    "import math",
    "import json",
    "import numpy as np",
    "from host import fs",
    "def f(v):",
    "    return v",
    "a = np.zeros(2)",
]
VALUE_USES = [
    "x1 = f.{name}",  # a function
    "x2 = (1).{name}",
    "x3 = 's'.{name}",
    "x4 = [1].{name}",
    "x5 = {{1: 2}}.{name}",
    "x6 = (1, 2).{name}",
    "x7 = a.{name}",  # an array
    "x8 = np.zeros(3).{name}",
    "def g1(v):\n    return v.{name}",  # a value of unknown type
    "def g2(v):\n    return v.{name}(1)",
    "x9 = (lambda: 0).{name}",
    "!def s1(v):\n    v.{name} = 1",
    "!def s2(v):\n    del v.{name}",
]
MODULE_USES = ["x10 = math.{name}", "x11 = np.{name}", "x12 = json.{name}", "x13 = fs.{name}"]


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("name", GLOBAL_NAMES)
def test_global_escape_names_are_compile_errors(name, lane):
    assert_each_use_refused([], GLOBAL_USES, name, lane)


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("name", DUNDER_ATTRIBUTES + FRAME_ATTRIBUTES)
def test_escape_attributes_are_compile_errors(name, lane):
    assert_each_use_refused(PREAMBLE, VALUE_USES + MODULE_USES, name, lane)


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("name", ARRAY_ATTRIBUTES)
def test_escape_members_of_values_are_compile_errors(name, lane):
    """`a.tofile` and friends (`json.dumps` is fine: module members are tested below)."""
    assert_each_use_refused(PREAMBLE, VALUE_USES, name, lane)


MEMBER_CASES = [(module, name) for module, names in MODULE_MEMBERS.items() for name in names]


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize(("module", "name"), MEMBER_CASES)
def test_escape_members_of_modules_are_compile_errors(module, name, lane):
    uses = [
        f"import {module} as m\nx = m.{{name}}",
        f"import {module}\ny = {module}.{{name}}",
        f"from {module} import {{name}}",
        f"def g():\n    import {module} as mm\n    return mm.{{name}}()",
    ]
    assert_each_use_refused([], uses, name, lane)


HOST_CASES = [(module, name) for module, names in HOST_MEMBERS.items() for name in names]


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize(("module", "name"), HOST_CASES)
def test_unlisted_members_of_host_modules_are_compile_errors(module, name, lane):
    uses = [
        f"from host import {module}\nx = {module}.{{name}}",
        f"!from host.{module} import {{name}}",
    ]
    assert_each_use_refused([], uses, name, lane)


# -- through a computed name ------------------------------------------------------------------
VALUES = """import numpy as np

def target(k):
    if k == 0:
        return 1
    if k == 1:
        return 's'
    if k == 2:
        return [1]
    if k == 3:
        return {'a': 1}
    if k == 4:
        return target
    if k == 5:
        return lambda: 0
    if k == 6:
        return np.zeros(2)
    return (1, 2.5)

"""
KINDS = 8  # values `target(k)` makes: int, str, list, dict, function, lambda, array, tuple
ROUTES = {
    "getattr": "def probe(k, name):\n    return {route}(target(k), name)\n",
    "setattr": "def probe(k, name):\n    {route}(target(k), name, 1)\n    return 1\n",
    "hasattr": "def probe(k, name):\n    return {route}(target(k), name)\n",
}
HARMLESS = "def _harmless(v, name, value=None):\n    return None\n\n"


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_computed_names_are_refused(route, lane):
    source = VALUES + ROUTES[route].format(route=route)
    try:
        ext = load(source, lane)
    except CompileError as exc:  # the accessor itself does not exist: nothing to reach with
        found = [(d.line, d.message) for d in exc.diagnostics]
        assert found and all(f"'{route}'" in message for _, message in found), found
        control = VALUES + HARMLESS + ROUTES[route].format(route="_harmless")
        assert load(control, lane).call("probe", 0, "x") in (None, 1)
        return
    for name in COMPUTED_ATTRIBUTES:
        for k in range(KINDS):
            with pytest.raises(AttributeError):
                got = ext.call("probe", k, name)
                pytest.fail(f"{route}(target({k}), {name!r}) gave {got!r} in the {lane} lane")


# -- format fields ----------------------------------------------------------------------------
REACHING_FORMATS = {
    "direct call": "def main():\n    return '{0.__class__}'.format(1)\n",
    "method as a value": "def main():\n    g = '{0.__class__}'.format\n    return g(1)\n",
    "through str": "def main():\n    return str.format('{0.__class__}', 1)\n",
    "through map": "def main():\n    return list(map('{0.__class__}'.format, [1]))\n",
    "index field": "def main():\n    return '{0[0]}'.format([1])\n",
    "computed field": "def main(f):\n    return ('{0.' + f + '}').format(main)\n",
}


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("name", sorted(REACHING_FORMATS))
def test_format_fields_cannot_reach_into_values(name, lane):
    ext = load(REACHING_FORMATS[name], lane)
    for args in [()] if name != "computed field" else [(n,) for n in COMPUTED_ATTRIBUTES]:
        with pytest.raises(ValueError):
            ext.call("main", *args)


@pytest.mark.parametrize("lane", LANES)
def test_plain_format_fields_still_work(lane):
    ext = load(
        "def main():\n    g = '{}-{x:>3}'.format\n    return g(1, x=2), str.format('{0}', 'a')\n",
        lane,
    )
    assert ext.call("main") == ("1-  2", "a")


@pytest.mark.parametrize("lane", LANES)
def test_return_through_finally_still_counts_depth(lane):
    source = (
        "def f(n):\n    try:\n        return n\n    finally:\n        if n < 500:\n"
        "            f(n + 1)\n"
        "def main():\n    return f(0)\n"
    )
    ext = load(source, lane, Limits(depth=50))
    with pytest.raises(RecursionLimitExceeded):
        ext.call("main")


@pytest.mark.parametrize("lane", LANES)
def test_return_through_finally_gives_the_depth_back(lane):
    source = (
        "def g(n):\n    try:\n        return n\n    finally:\n        h()\n"
        "def h():\n    return 0\n"
        "def main():\n    t = 0\n    for i in range(5000):\n        t += g(i)\n    return t\n"
    )
    ext = load(source, lane, Limits(depth=20))
    assert ext.call("main") == sum(range(5000))
