"""An anytime-valid sequential test of "this extension is benign": an e-process over its calls.

Each call contributes its likelihood ratio L = P(call | malicious) /
P(call | benign) under the fitted per-call model (`Model.event_log_lr`),
capped at CAP. The e-value after t calls is a mixture of betting
martingales,

    e_t = mean over w in WEIGHTS of  prod_{i <= t} (1 - w + w * min(L_i, CAP)),

each factor a bet of a fraction w of the current wealth on "malicious".

Validity: under the null hypothesis that the calls follow the fitted benign
distribution (each call, given the past, drawn from it), E[L_i | past] = 1,
so E[min(L_i, CAP)] <= 1 and every factor has conditional mean <= 1: each
product is a non-negative supermartingale starting at 1, and so is their
mean. Ville's inequality then bounds, for any stopping rule and however long
the extension runs,

    P(sup_t e_t >= 1 / alpha) <= alpha.

With the default alpha = 0.01 the sentinel stops a run (suspend, terminate,
quarantine; policy.py) only once e has reached 100, so under the null at
most 1% of benign extensions are ever terminated. (tests/sentinel checks the bound by
simulation on streams drawn from the benign distribution.) Small weights
keep the test able to recover after a long benign-looking prefix: the w
component loses at most a factor 1 - w per call.

Invariants: deterministic arithmetic in a fixed order on the recorded log
ratios (replay reproduces it bit for bit); once crossed, the threshold stays
crossed (the supremum is what Ville bounds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

ALPHA = 0.01
WEIGHTS: tuple[float, ...] = (0.02, 0.1, 0.5, 1.0)
CAP = 1e4
_LOG_CAP = math.log(CAP)
_MAX_LOG = 700.0  # e-values are reported as at most exp(700)


@dataclass
class EProcess:
    """The running e-value of one extension. `update(log_lr)` after each call."""

    alpha: float = ALPHA
    weights: tuple[float, ...] = WEIGHTS
    logs: list[float] = field(default_factory=list)
    crossed: bool = False
    steps: int = 0

    def __post_init__(self):
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be between 0 and 1")
        if not self.weights or not all(0 < w <= 1 for w in self.weights):
            raise ValueError("weights must lie in (0, 1]")
        if not self.logs:
            self.logs = [0.0] * len(self.weights)
        self._log_threshold = -math.log(self.alpha)

    @property
    def threshold(self) -> float:
        return 1.0 / self.alpha

    @property
    def log_value(self) -> float:
        top = max(self.logs)
        total = 0.0
        for x in self.logs:
            total += math.exp(x - top)
        return top + math.log(total / len(self.logs))

    @property
    def value(self) -> float:
        return math.exp(min(self.log_value, _MAX_LOG))

    def update(self, log_lr: float) -> float:
        """Take one call's log likelihood ratio; returns the new e-value."""
        log_lr = min(log_lr, _LOG_CAP)
        ratio = math.exp(log_lr)
        logs = self.logs
        for i, w in enumerate(self.weights):
            step = log_lr if w == 1.0 else math.log(1.0 - w + w * ratio)
            logs[i] = min(logs[i] + step, _MAX_LOG)
        self.steps += 1
        log_value = self.log_value
        if log_value >= self._log_threshold:
            self.crossed = True
        return math.exp(min(log_value, _MAX_LOG))
