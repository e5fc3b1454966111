"""The capability table matches the language surface, and the runtime binds every host function."""

from __future__ import annotations

from frankenengine.host import HostBridge
from frankenengine.host.arguments import CHECKS
from frankenengine.host.capabilities import CAPABILITIES, HOST_FUNCTIONS, TARGET_KINDS
from frankenengine.language import surface
from frankenengine.runtime.builtins import make_builtins
from frankenengine.runtime.limits import Limits, Meter


def new_meter() -> Meter:
    return Meter(Limits())


def test_table_rows_are_exactly_the_surface_members():
    members = {f"{m}.{name}" for m, names in surface.HOST_MODULE_MEMBERS.items() for name in names}
    assert set(HOST_FUNCTIONS) == members


def test_rows_are_consistent():
    for name, row in HOST_FUNCTIONS.items():
        params = [p for p, _ in row.params]
        assert row.capability in CAPABILITIES, name
        assert row.target_kind in TARGET_KINDS, name
        assert set(row.targets) <= set(params), name
        assert set(row.payload) <= set(params), name
        assert set(params) <= set(CHECKS), name
        assert (row.target_kind == "none") == (not row.targets), name
        assert row.operation or "method" in params, name


def test_bridge_gives_every_host_builtin_and_the_runtime_merges_them():
    host = HostBridge("x").builtins()
    assert set(host) == {f"host.{name}" for name in HOST_FUNCTIONS}
    table = make_builtins(new_meter(), host)
    assert all(table[name] is fn for name, fn in host.items())
    assert set(make_builtins(new_meter())).isdisjoint(host)
