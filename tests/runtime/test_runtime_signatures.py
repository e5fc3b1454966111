"""The language's signatures and result kinds hold for the runtime and for CPython.

`language.signatures` is the one place that says what the math module has,
how many arguments each of its functions takes and what kind of value each
built-in, math function and str method gives; type inference and the JIT
read it. These tests call the runtime's own implementations (and CPython's
str methods, which the runtime uses) and fail when a listed kind or arity is
wrong, and check that the tables name only members of the language surface.
"""

from __future__ import annotations

import math

import pytest
from runtime_oracle import new_meter

from frankenengine.language import signatures, surface
from frankenengine.runtime.builtins import make_builtins

BUILTINS = make_builtins(new_meter())


def kind_of(value) -> str:
    return type(value).__name__


def test_the_tables_name_only_the_languages_members_and_kinds():
    assert set(signatures.BUILTIN_RESULTS) <= surface.BUILTIN_FUNCTIONS
    assert set(signatures.STR_METHOD_RESULTS) <= surface.STR_METHODS
    assert surface.MODULE_MEMBERS["math"] == signatures.MATH_CONSTANTS | set(
        signatures.MATH_FUNCTIONS
    )
    kinds = {f.result for f in signatures.MATH_FUNCTIONS.values()}
    kinds |= set(signatures.BUILTIN_RESULTS.values()) | set(signatures.STR_METHOD_RESULTS.values())
    assert kinds <= signatures.RESULT_KINDS


def numbers(name: str, count: int) -> list:
    return [4 + k for k in range(count)] if name == "gcd" else [0.5] * count


@pytest.mark.parametrize("name", sorted(signatures.MATH_FUNCTIONS))
def test_math_functions_give_their_kind_and_take_their_arguments(name):
    declared = signatures.MATH_FUNCTIONS[name]
    function = BUILTINS[f"math.{name}"]
    longest = declared.min_args + 2 if declared.max_args is None else declared.max_args
    for count in range(declared.min_args, longest + 1):
        assert kind_of(function(*numbers(name, count))) == declared.result, (name, count)
    if declared.min_args > 0:
        with pytest.raises(TypeError):
            function(*numbers(name, declared.min_args - 1))
    if declared.max_args is not None:
        with pytest.raises(TypeError):
            function(*numbers(name, declared.max_args + 1))


def test_math_constants_are_floats():
    for name in signatures.MATH_CONSTANTS:
        assert kind_of(BUILTINS[f"math.{name}"]) == "float" == kind_of(getattr(math, name))


BUILTIN_CALLS = {
    "len": ([1, 2],),
    "ord": ("a",),
    "int": ("12",),
    "float": (3,),
    "bool": (0,),
    "isinstance": (1, BUILTINS["int"]),
    "all": ([1, 0],),
    "any": ([0, 1],),
    "str": (1.5,),
    "repr": ("x",),
    "chr": (65,),
    "list": ((1, 2),),
    "sorted": ({3, 1},),
    "tuple": ([1],),
    "dict": ([(1, 2)],),
    "set": ([1, 1],),
    "range": (1, 5),
}


def test_built_ins_give_their_kind():
    assert set(BUILTIN_CALLS) == set(signatures.BUILTIN_RESULTS)
    for name, args in BUILTIN_CALLS.items():
        assert kind_of(BUILTINS[name](*args)) == signatures.BUILTIN_RESULTS[name], name


STR_ARGUMENTS = {
    "center": (7,),
    "ljust": (7,),
    "rjust": (7,),
    "zfill": (7,),
    "replace": ("b", "x"),
    "join": (["p", "q"],),
    "removeprefix": ("a",),
    "removesuffix": ("c",),
    "find": ("b",),
    "rfind": ("b",),
    "index": ("b",),
    "rindex": ("b",),
    "count": ("b",),
    "startswith": ("a",),
    "endswith": ("c",),
}


@pytest.mark.parametrize("name", sorted(signatures.STR_METHOD_RESULTS))
def test_str_methods_give_their_kind(name):
    for receiver in ("a b c", "Abc1", ""):
        if name in ("index", "rindex") and "b" not in receiver:
            continue
        result = getattr(receiver, name)(*STR_ARGUMENTS.get(name, ()))
        assert kind_of(result) == signatures.STR_METHOD_RESULTS[name], (name, receiver)
