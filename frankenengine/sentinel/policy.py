"""The decision policy: the action with the least expected loss, gated by the e-process.

The seven actions, weakest first (ACTIONS): allow, warn, challenge,
sandbox, suspend, terminate, quarantine. A `LossMatrix` gives each action's
loss when the extension is benign and when it is malicious; the expected
loss of action a at posterior p is (1 - p) * loss[a].benign + p *
loss[a].malicious, and `choose` takes the argmin (ties go to the weaker
action). The host may pass its own matrix.

Default matrix (DEFAULT_LOSS; benign: the cost of disturbing a good
extension, malicious: the harm left possible):

    action      benign  malicious   chosen when (all actions available)
    allow          0       100      p < 0.048
    warn           1        80      0.048 <= p < 0.091
    challenge      4        50      0.091 <= p < 0.194  (without a host callback:
    sandbox       10        25      0.194 <= p < 0.435   sandbox from 0.141)
    suspend       20        12      0.435 <= p < 0.527
    terminate     30         3      0.527 <= p < 0.909
    quarantine    60         0      p >= 0.909

Gate: the actions that stop a run (GATED: suspend, which ends in
termination unless the host resumes, terminate, quarantine) are only
available once the e-process has crossed 1/alpha. A run is therefore
stopped only when stopping is the least expected loss *and* the
anytime-valid test rejects "benign" at level alpha, so under the test's
null at most alpha of benign extensions are ever terminated, however long
they run (eprocess.py). Below the gate the policy takes the best of the
other actions: sandbox (reversible: it narrows the capabilities, the run
goes on) is decided by the expected loss alone, so that a likely attack is
contained at once, before the test has gathered enough evidence to stop it.
`challenge` is available only when the host gave a challenge callback.

Invariants: `choose` is a pure function of its arguments (floats combined
in a fixed order), so replay reproduces it exactly; POLICY_VERSION changes
whenever the decision logic (here, in rules.py or judge.py) changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from frankenengine.sentinel import events

# 2: the rules sandbox-escape and mining-share, and the features they read (fuel as time)
POLICY_VERSION = "2"
# the sentinel's actions: a decision's, less the grants' own "deny"
ACTIONS: tuple[str, ...] = tuple(a for a in events.ACTIONS if a != "deny")
CONTAINING = frozenset({"sandbox", "suspend", "terminate", "quarantine"})
GATED = frozenset({"suspend", "terminate", "quarantine"})  # stopping: needs the e-process
STRENGTH = {action: rank for rank, action in enumerate(ACTIONS)}


@dataclass(frozen=True)
class LossMatrix:
    """action -> (loss if benign, loss if malicious), for every action of ACTIONS."""

    losses: Mapping[str, tuple[float, float]]

    def __post_init__(self):
        missing = set(ACTIONS) - set(self.losses)
        extra = set(self.losses) - set(ACTIONS)
        if missing or extra:
            raise ValueError(
                f"loss matrix must give exactly the actions {', '.join(ACTIONS)}"
                + (f" (missing {', '.join(sorted(missing))})" if missing else "")
                + (f" (unknown {', '.join(sorted(extra))})" if extra else "")
            )
        fixed = {}
        for action in ACTIONS:
            benign, malicious = self.losses[action]
            fixed[action] = (float(benign), float(malicious))
        object.__setattr__(self, "losses", fixed)

    def expected(self, p: float) -> dict[str, float]:
        """The expected loss of every action at posterior `p`."""
        q = 1.0 - p
        return {a: q * b + p * m for a, (b, m) in self.losses.items()}

    def to_json(self) -> dict[str, list[float]]:
        return {a: list(pair) for a, pair in self.losses.items()}

    @classmethod
    def from_json(cls, data: Mapping) -> LossMatrix:
        return cls({a: tuple(pair) for a, pair in data.items()})


DEFAULT_LOSS = LossMatrix(
    {
        "allow": (0.0, 100.0),
        "warn": (1.0, 80.0),
        "challenge": (4.0, 50.0),
        "sandbox": (10.0, 25.0),
        "suspend": (20.0, 12.0),
        "terminate": (30.0, 3.0),
        "quarantine": (60.0, 0.0),
    }
)


def choose(
    expected: Mapping[str, float], gate_open: bool, available: Iterable[str] = ACTIONS
) -> str:
    """The action of least expected loss among those `available` (weakest first; "allow"
    always among them); the stopping actions need the gate open."""
    allowed = [a for a in available if gate_open or a not in GATED]
    best = allowed[0]
    for action in allowed[1:]:
        if expected[action] < expected[best]:
            best = action
    return best


def stronger(a: str, b: str) -> str:
    """The stronger of two actions ("deny" counts as allow)."""
    return a if STRENGTH.get(a, 0) >= STRENGTH.get(b, 0) else b
