"""The `auto` lane's tier-up policy: counted (calls or fuel) and paid for (seconds)."""

from __future__ import annotations

import pytest

from frankenengine.profiles.profile import FunctionProfile, TierPolicy


@pytest.mark.parametrize(
    ("calls", "fuel", "seconds", "hot"),
    [
        (49, 19_999, 5.0, False),  # slow, but neither count reached
        (50, 0, 0.99, False),  # called enough, but interpreting it has cost too little
        (50, 0, 1.0, True),
        (1, 20_000, 1.0, True),  # one long call
        (10**6, 10**9, 0.5, False),  # cheap calls, many of them: not worth a compile yet
    ],
)
def test_a_function_is_hot_once_counted_and_paid_for(calls, fuel, seconds, hot):
    record = FunctionProfile("f", calls=calls, fuel=fuel, seconds=seconds)
    assert TierPolicy().hot(record) is hot


def test_without_a_time_threshold_counts_alone_decide():
    policy = TierPolicy(calls=3, seconds=0.0)
    assert not policy.hot(FunctionProfile("f", calls=2))
    assert policy.hot(FunctionProfile("f", calls=3))


def test_a_costlier_compile_waits_for_more_interpreted_time():
    record = FunctionProfile("f", calls=100, seconds=2.5)
    assert TierPolicy().hot(record, scale=1.0)
    assert not TierPolicy().hot(record, scale=3.0)
    assert TierPolicy(seconds=0.0).hot(record, scale=3.0)
