"""The runtime implements exactly the language surface."""

from __future__ import annotations

from runtime_oracle import new_meter

from frankenengine.language import surface
from frankenengine.runtime.builtins import METHOD_WRAPPED, make_builtins, make_methods
from frankenengine.runtime.operators import make_operators


def test_builtins_cover_exactly_the_surface():
    members = {f"{m}.{name}" for m, names in surface.MODULE_MEMBERS.items() for name in names}
    assert set(make_builtins(new_meter())) == set(surface.BUILTIN_NAMES) | members


def test_methods_are_surface_methods():
    methods = make_methods(new_meter())
    assert set(methods) == METHOD_WRAPPED
    assert set(methods) <= surface.ALL_METHODS
    assert surface.GROWING_METHODS <= set(methods)


def test_each_meter_gets_its_own_tables():
    a, b = new_meter(), new_meter()
    make_builtins(a)["list"](range(100))
    assert a.memory > 0 and b.memory == 0
    assert make_operators(a)["add"](1, 2) == 3
