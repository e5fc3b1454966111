"""The lanes meet through named interfaces, never through each other's private attributes.

The engine (tiering, loader, listings) and the JIT lane read no `_`-prefixed
attribute of another object: a scan of their source with `ast` reports
every `x._name` (and `getattr(x, "_name")`) where `x` is not `self` or `cls`.
What they use instead is tested here: `InterpModule`'s public methods, the
generated factory's `GeneratedEntryPoints` (by name), and the meter's
`MeterSlots` layout through which it is lent to the JIT's state array.
"""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from frankenengine.engine.api import compile_source
from frankenengine.interp.codegen import generate
from frankenengine.interp.entry_points import (
    FACTORY_RESULT,
    GeneratedEntryPoints,
    factory_return_statement,
)
from frankenengine.interp.lane import InterpModule
from frankenengine.jit import state
from frankenengine.runtime.builtins import METHOD_WRAPPED
from frankenengine.runtime.limits import Limits, Meter, MeterSlots

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "frankenengine"
SCANNED = ("engine", "jit")
OWN = {"self", "cls"}
ATTRIBUTE_BUILTINS = {"getattr", "setattr", "hasattr", "delattr"}

# Reviewed: (file under frankenengine/, the access) -> why it stays.
REVIEWED = {
    ("jit/diskcache.py", "dispatcher._cache"): (
        "Numba's Dispatcher has no public setter for its cache; the disk cache gives each "
        "loaded group's dispatcher, and each runtime helper while it compiles, the locator "
        "of its checked entry (diskcache.use_cache)"
    ),
    ("jit/cells.py", "structref._Utils"): (
        "Numba's structref exposes a structref's payload to an intrinsic only through its "
        "`_Utils` helper (the borrowed view of a list cell's data, `cells.items`)"
    ),
    ("jit/rows.py", "structref._Utils"): (
        "as in cells.py: the payload address of a row cell (`rows.address`) comes from "
        "structref's `_Utils.get_data_pointer`"
    ),
    ("jit/cells.py", "view._getvalue"): (
        "the LLVM value of a Numba struct proxy (cgutils) is read with `_getvalue`, the "
        "extension API's documented way to return a struct from an intrinsic"
    ),
    ("jit/cells.py", "it._getvalue"): "as `view._getvalue`: a list iterator's struct",
    ("jit/rows.py", "ref._getvalue"): "as `view._getvalue`: a row cell made from its address",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_accesses(source: str) -> list[tuple[int, str]]:
    """(line, text) of every private attribute read or written on an object not `self`/`cls`:
    `x._name`, `a.b._name`, `f()._name`, and `getattr(x, "_name")` with a literal name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in OWN):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ATTRIBUTE_BUILTINS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            owner = node.args[0]
            if not (isinstance(owner, ast.Name) and owner.id in OWN):
                found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def scan(files, root: Path) -> list[tuple[str, int, str]]:
    """(file relative to `root`, line, text) of every private access in `files`."""
    return [
        (path.relative_to(root).as_posix(), line, text)
        for path in files
        for line, text in private_accesses(path.read_text())
    ]


def violations(files, root: Path = PACKAGE_DIR) -> list[tuple[str, int, str]]:
    """The private accesses in `files` that are not reviewed."""
    return [hit for hit in scan(files, root) if (hit[0], hit[2]) not in REVIEWED]


def test_engine_and_jit_touch_no_private_attribute_of_another_object():
    files = sorted(path for layer in SCANNED for path in (PACKAGE_DIR / layer).glob("*.py"))
    assert len(files) > 10  # the scan reads the real packages
    found = violations(files)
    assert found == [], "private attributes reached across objects:\n" + "\n".join(
        f"frankenengine/{file}:{line}: {text}" for file, line, text in found
    )
    reached = {(file, text) for file, _, text in scan(files, PACKAGE_DIR)}
    stale = set(REVIEWED) - reached
    assert not stale, f"reviewed accesses that are gone (drop them from REVIEWED): {stale}"


def test_the_scanner_reports_a_planted_violation(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(
        "def run(interp, meter, self=None):\n"
        "    self._mine = interp.__name__\n"  # own attribute, dunder: allowed
        "    value = interp._getters[0]()\n"
        "    deadline = getattr(meter, '_deadline', None)\n"
        "    self.interp._call_kw(value)\n"
        "    return cls._table, getattr(self, '_own')\n"
    )
    assert violations([planted], tmp_path) == [
        ("planted.py", 3, "interp._getters"),
        ("planted.py", 4, "getattr(meter, '_deadline', None)"),
        ("planted.py", 5, "self.interp._call_kw"),
    ]


# -- the generated factory's entry points ------------------------------------------------


def test_the_factory_returns_its_entry_points_by_name():
    assert list(FACTORY_RESULT) == [f.name for f in fields(GeneratedEntryPoints)]
    module = compile_source("X = 1\n\ndef f(a, b=2):\n    return a + b\n", "m.py", "m")
    source = generate(module, METHOD_WRAPPED).source
    assert source.rstrip("\n").endswith(factory_return_statement())
    for field, local in FACTORY_RESULT.items():
        assert f"{field}={local}" in factory_return_statement()


def test_interp_module_public_interface():
    module = compile_source("X = 1\n\ndef f(a, b=2):\n    return a + b\n", "m.py", "m")
    interp = InterpModule(module)
    x, f = interp.global_index["X"], interp.global_index["f"]
    assert interp.global_value(x) == (False, None)  # before the top-level code ran
    interp.run_init(Limits())
    assert interp.global_value(x) == (True, 1)
    found, fn = interp.global_value(f)
    assert found and fn(40) == 42
    assert interp.call_with_keywords(fn, (1,), ("b",), (10,)) == 11
    with pytest.raises(TypeError, match="unexpected keyword argument 'c'"):
        interp.call_with_keywords(fn, (1,), ("c",), (10,))
    interp.rebind(f, lambda a, b=0: "replaced")
    assert interp.call("f", (1,), {}, Limits()) == "replaced"
    interp.run_init(Limits(fuel=100))
    _, depth = interp.handoff(7)
    assert depth == 0  # outside any call
    assert interp.handoff(0) == (7, 0)  # the countdown handed over is the lane's now


# -- the meter's state, lent to the JIT --------------------------------------------------


def test_meter_slots_cover_the_meter_layout():
    assert set(state.METER_SLOTS) == set(MeterSlots._fields)
    slots = list(state.METER_SLOTS.values())
    assert len(set(slots)) == len(slots) and max(slots) < state.ST_SIZE
    assert state.ST_SITE not in slots and state.ST_TIMED_OUT not in slots


SLOTS = MeterSlots(**state.METER_SLOTS)


def test_lending_the_meter_moves_fuel_and_charges_memory():
    meter = Meter(Limits(fuel=100_000, memory=10_000, depth=50, deadline=60.0))
    meter.charge(1_000)
    first = meter.first_batch()
    array = np.full(state.ST_SIZE, -99, dtype=np.int64)
    budget = meter.lend(array, SLOTS, countdown=first, depth=2)
    assert budget == 9_000
    assert (array[state.ST_FUEL], array[state.ST_DEPTH], array[state.ST_DMAX]) == (
        first,
        2,
        50,
    )
    reserve = 100_000 - first
    assert array[state.ST_RESERVE] == reserve and meter.fuel_left == 0  # never counted twice
    assert array[state.ST_MEMORY] == 9_000
    assert array[state.ST_DEADLINE] > 0
    assert array[state.ST_SITE] == -99  # the JIT's own slots are left alone
    # The borrowing lane used 30 fuel of its countdown, took a batch of 500 from the
    # reserve and allocated 400 bytes.
    array[state.ST_FUEL] = first - 30 + 500
    array[state.ST_RESERVE] = reserve - 500
    array[state.ST_MEMORY] = 8_600
    countdown = meter.take_back(array, SLOTS, budget)
    # The countdown goes back in batches of the meter's size, the rest to its reserve.
    assert countdown == meter.batch == first and type(countdown) is int
    assert meter.fuel_left == reserve - 500 + 470 and type(meter.fuel_left) is int
    assert meter.memory == 1_400
    assert meter.fuel_used(countdown) == 30
    meter.lend(array, SLOTS, countdown=0, depth=2)
    array[state.ST_FUEL] = -1
    assert meter.take_back(array, SLOTS, 0) == 0  # a countdown below zero comes back as 0


def test_no_deadline_is_zero():
    array = np.full(state.ST_SIZE, -99, dtype=np.int64)
    Meter(Limits()).lend(array, SLOTS, 0, 0)
    assert array[state.ST_DEADLINE] == 0
