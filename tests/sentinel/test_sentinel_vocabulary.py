"""The sentinel's operation vocabulary covers every row of the host capability table.

The sentinel imports nothing of the engine (DESIGN.md's layering rule), so it
keeps its own names for host operations (`features.operation`); this test is
what ties them to `host.capabilities.HOST_FUNCTIONS`: a host function added
without a sentinel operation would be seen as "other", and fail here.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from frankenengine.host.capabilities import HOST_FUNCTIONS
from frankenengine.sentinel.features import EVENT_FEATURES, operation

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def events_of(row):
    """The events a call of `row` can produce: one per HTTP method for `operation` ""."""
    operations = HTTP_METHODS if row.operation == "" else (row.operation,)
    return [SimpleNamespace(capability=row.capability, operation=op) for op in operations]


@pytest.mark.parametrize("row", list(HOST_FUNCTIONS.values()), ids=lambda row: row.name)
def test_every_host_function_has_a_sentinel_operation(row):
    for event in events_of(row):
        op = operation(event)
        assert op in EVENT_FEATURES["op"], (row.name, event.operation, op)
        assert op != "other", (row.name, event.operation)
        assert op.partition(".")[0] == row.module, (row.name, op)


def test_distinct_effects_get_distinct_operations():
    # Reviewed: what reads must never share a name with what writes or sends.
    by_op: dict[str, set[str]] = {}
    for row in HOST_FUNCTIONS.values():
        for event in events_of(row):
            by_op.setdefault(operation(event), set()).add(row.capability)
    for op, capabilities in by_op.items():
        assert len(capabilities) == 1, (op, capabilities)
