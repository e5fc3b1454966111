"""The policy: argmin of expected loss, the documented thresholds, custom matrices, the gate."""

from __future__ import annotations

import pytest
from sentinel_fixtures import only

from frankenengine.sentinel import ACTIONS, DEFAULT_LOSS, LossMatrix
from frankenengine.sentinel.policy import GATED, choose, stronger

ALL = ACTIONS
NO_CHALLENGE = tuple(a for a in ACTIONS if a != "challenge")


@pytest.mark.parametrize(
    "p, expected",
    [
        (0.0, "allow"),
        (0.04, "allow"),
        (0.06, "warn"),
        (0.15, "challenge"),
        (0.3, "sandbox"),
        (0.45, "suspend"),
        (0.7, "terminate"),
        (0.95, "quarantine"),
        (1.0, "quarantine"),
    ],
)
def test_default_matrix_thresholds_with_the_gate_open(p, expected):
    assert choose(DEFAULT_LOSS.expected(p), True, ALL) == expected


def test_without_a_challenge_callback_sandbox_comes_earlier():
    assert choose(DEFAULT_LOSS.expected(0.15), True, NO_CHALLENGE) == "sandbox"
    assert choose(DEFAULT_LOSS.expected(0.13), True, NO_CHALLENGE) == "warn"


def test_the_gate_holds_back_every_stopping_action():
    assert GATED == {"suspend", "terminate", "quarantine"}
    for p in (0.45, 0.7, 0.99):
        assert choose(DEFAULT_LOSS.expected(p), False, ALL) == "sandbox"
        assert choose(DEFAULT_LOSS.expected(p), True, ALL) in GATED


def test_choice_is_the_argmin_of_expected_loss():
    for i in range(101):
        p = i / 100
        losses = DEFAULT_LOSS.expected(p)
        chosen = choose(losses, True, ALL)
        assert losses[chosen] == min(losses.values())


def test_expected_loss_values():
    losses = DEFAULT_LOSS.expected(0.25)
    assert losses["allow"] == pytest.approx(25.0)
    assert losses["quarantine"] == pytest.approx(45.0)
    assert set(losses) == set(ACTIONS)


def test_a_custom_matrix_replaces_the_default():
    lenient = LossMatrix({a: (0.0 if a == "allow" else 1.0, 1.0) for a in ACTIONS})
    assert choose(lenient.expected(0.99), True, ALL) == "allow"
    assert choose(only("challenge").expected(0.0), True, ALL) == "challenge"
    step = only("terminate", at=0.3)
    assert choose(step.expected(0.29), True, ALL) == "allow"
    assert choose(step.expected(0.31), True, ALL) == "terminate"
    assert LossMatrix.from_json(step.to_json()) == step


def test_ties_go_to_the_weaker_action():
    flat = LossMatrix({a: (1.0, 1.0) for a in ACTIONS})
    assert choose(flat.expected(0.5), True, ALL) == "allow"


def test_a_matrix_must_name_every_action():
    with pytest.raises(ValueError, match="missing quarantine"):
        LossMatrix({a: (0, 0) for a in ACTIONS if a != "quarantine"})
    with pytest.raises(ValueError, match="unknown explode"):
        LossMatrix({**{a: (0, 0) for a in ACTIONS}, "explode": (0, 0)})


def test_stronger():
    assert stronger("warn", "terminate") == "terminate"
    assert stronger("quarantine", "sandbox") == "quarantine"
    assert stronger("deny", "allow") in ("deny", "allow")
    assert stronger("deny", "warn") == "warn"
