"""The range arithmetic behind counted loops (`checked.range_trip`, `range_within`),
against Python's own `range` on int64 bounds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from frankenengine.jit.checked import range_trip, range_within

INT64 = st.integers(-(2**63), 2**63 - 1)
STEP = INT64.filter(lambda s: s != 0)
SMALL = st.integers(-40, 40)


@settings(deadline=None)  # the first example compiles the helper
@given(INT64, INT64, STEP)
def test_range_trip_is_the_length_of_the_range(a, b, step):
    assert range_trip(a, b, step) == min(len(range(a, b, step)), 2**63 - 1)


@settings(deadline=None)  # the first example compiles the helper
@given(SMALL, SMALL, SMALL.filter(lambda s: s != 0), st.integers(0, 40))
def test_range_within_says_whether_every_value_indexes_from_the_front(a, b, step, n):
    values = range(a, b, step)
    assert range_within(a, len(values), step, 0, n - 1) == all(0 <= v < n for v in values)


@settings(deadline=None)  # the first example compiles the helper
@given(INT64, INT64, STEP, st.integers(0, 2**62))
def test_range_within_holds_at_the_int64_extremes(a, b, step, n):
    values = range(a, b, step)
    if len(values) >= 1 << 30:
        return  # counted loops are at most 2**30 trips (`state.MAX_COUNTED_TRIPS`)
    low, high = -n, n
    expected = all(low <= v <= high for v in (*values[:1], *values[-1:]))
    assert range_within(a, len(values), step, low, high) == expected
