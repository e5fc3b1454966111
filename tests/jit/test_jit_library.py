"""The JIT's library names only what the language has, and takes its math from the language.

The language defines the math module once (`language.signatures`); the JIT
compiles every float- or bool-valued math function of it except those it
lists with a reason (`MATH_NOT_COMPILED`), plus its own routines for the
int-valued ones. These tests fail when the JIT names a callee the language
lacks, when a math routine disagrees with the language about its result or
its number of arguments, or when a routine's helper is missing from `checked`.
"""

from __future__ import annotations

from frankenengine.jit import checked
from frankenengine.jit import library as lib
from frankenengine.jit.jtypes import BOOL, FLOAT, INT
from frankenengine.jit.typing import _KNOWN_CALLEES
from frankenengine.language import signatures, surface

KIND_OF = {FLOAT: "float", BOOL: "bool", INT: "int"}
LANGUAGE_NAMES = surface.BUILTIN_NAMES | {
    f"{module}.{member}" for module, members in surface.MODULE_MEMBERS.items() for member in members
}


def math_names(names) -> set[str]:
    return {name.removeprefix("math.") for name in names if name.startswith("math.")}


def test_every_callee_the_jit_knows_is_a_name_of_the_language():
    assert _KNOWN_CALLEES <= LANGUAGE_NAMES, sorted(_KNOWN_CALLEES - LANGUAGE_NAMES)
    assert lib.EXCEPTIONS <= surface.EXCEPTION_TYPES


def test_the_jit_compiles_the_languages_math_but_the_functions_it_names_with_a_reason():
    compiled = math_names(lib.ROUTINES) | math_names(lib.BY_ARGUMENT)
    assert set(lib.MATH_NOT_COMPILED) <= set(signatures.MATH_FUNCTIONS)
    assert all(lib.MATH_NOT_COMPILED.values())
    assert compiled == set(signatures.MATH_FUNCTIONS) - set(lib.MATH_NOT_COMPILED)
    assert math_names(lib.MATH_CONSTANTS) == signatures.MATH_CONSTANTS


def test_math_routines_agree_with_the_language_on_result_and_arguments():
    for name, routine in lib.ROUTINES.items():
        if not name.startswith("math."):
            continue
        declared = signatures.MATH_FUNCTIONS[name.removeprefix("math.")]
        assert KIND_OF[routine.result] == declared.result, name
        assert declared.min_args <= len(routine.params), name
        assert declared.max_args is None or len(routine.params) <= declared.max_args, name
    for name, by_type in lib.BY_ARGUMENT.items():
        if name.startswith("math."):
            declared = signatures.MATH_FUNCTIONS[name.removeprefix("math.")]
            assert {KIND_OF[routine.result] for routine in by_type.values()} == {declared.result}


def test_every_routine_names_a_helper_of_checked():
    routines = list(lib.ROUTINES.values()) + [
        routine for by_type in lib.BY_ARGUMENT.values() for routine in by_type.values()
    ]
    missing = {r.helper for r in routines if not callable(getattr(checked, r.helper, None))}
    assert not missing
