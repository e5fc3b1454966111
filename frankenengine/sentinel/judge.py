"""The decision core of one extension: features -> posterior, e-value -> action -> decision.

`Judge(settings, model)` takes the calls of one extension in order:
`step(event, observation, t, answer)` updates the features, the posterior
(model mode) or the rule table (rules mode), the e-process, picks the
action (policy.py or rules.py) and carries out its effect on the sentinel's
own state (sandboxed capabilities, a host approval, a stopped run). It
returns a `Verdict`: the `Decision` for the bridge and everything the
ledger records. `answer(question)` gives the host's answer to "challenge"
or "suspend" (True: let it continue); the live sentinel asks the host,
replay gives the recorded answer.

Effects of the actions on the call and on later calls:
- allow, warn: the call runs if granted (warn is logged by the bridge);
- challenge: the host's callback decides: True lets the call run, False
  stops the run (terminate);
- sandbox: the capabilities of `settings.sandbox` (default net.http,
  proc.run, fs.write) are refused from now on, this call included;
- suspend: the run waits for the host: resumed, the call runs; otherwise
  (ended, timed out, no handler) the run is stopped (terminate);
- terminate, quarantine: the call is refused and the run stops; every later
  call of the extension is refused the same way.
A host approval (challenge answered True, suspend resumed) holds: the
sentinel does not ask again until the posterior's log-odds has risen by
`settings.reask` above the approved level. A call outside the grants is
refused whatever the action ("deny" when the action is allow).

Invariants: a pure function of (settings, model, the recorded inputs:
event fields, observation, t, host answers); floats are computed in a
fixed order; if the model raises, that call is decided by the rules and the
verdict says so (`mode` "rules", `mode_reason`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from frankenengine.sentinel import rules
from frankenengine.sentinel.content import Observation
from frankenengine.sentinel.eprocess import ALPHA, EProcess
from frankenengine.sentinel.events import STOPPING_ACTIONS, Decision, HostCallEvent
from frankenengine.sentinel.features import Features, FeatureState
from frankenengine.sentinel.model import Model, sigmoid
from frankenengine.sentinel.policy import ACTIONS, DEFAULT_LOSS, LossMatrix, choose, stronger

DEFAULT_PRIOR = 0.01
DEFAULT_SANDBOX: tuple[str, ...] = ("fs.write", "net.http", "proc.run")


@dataclass(frozen=True)
class Settings:
    """Everything a decision depends on besides the calls (recorded in the ledger's header)."""

    prior: float = DEFAULT_PRIOR
    alpha: float = ALPHA
    loss: LossMatrix = DEFAULT_LOSS
    sandbox: tuple[str, ...] = DEFAULT_SANDBOX
    challenge: bool = False  # the host gave a challenge callback
    declared: Mapping[str, list[str]] | None = None
    reask: float = 1.0

    def __post_init__(self):
        if not 0 < self.prior < 1:
            raise ValueError("prior must be between 0 and 1")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha must be between 0 and 1")

    def to_json(self) -> dict:
        return {
            "prior": self.prior,
            "alpha": self.alpha,
            "loss": self.loss.to_json(),
            "sandbox": list(self.sandbox),
            "challenge": self.challenge,
            "declared": None
            if self.declared is None
            else {k: list(v) for k, v in self.declared.items()},
            "reask": self.reask,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Settings:
        return cls(
            prior=data["prior"],
            alpha=data["alpha"],
            loss=LossMatrix.from_json(data["loss"]),
            sandbox=tuple(data["sandbox"]),
            challenge=bool(data["challenge"]),
            declared=data["declared"],
            reask=data["reask"],
        )


@dataclass
class Verdict:
    """One decision and what led to it."""

    decision: Decision
    features: Features
    mode: str  # "model" or "rules"
    mode_reason: str
    chosen: str  # the action the policy or the rules picked
    log_odds: float | None = None
    posterior: float | None = None
    log_lr: float | None = None
    e_value: float | None = None
    gate: bool = False
    losses: dict[str, float] | None = None
    rule: str = ""
    host: dict = field(default_factory=dict)
    sandboxed: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "features": self.features.to_json(),
            "mode": self.mode,
            "mode_reason": self.mode_reason,
            "log_odds": self.log_odds,
            "posterior": self.posterior,
            "log_lr": self.log_lr,
            "e_value": self.e_value,
            "gate": self.gate,
            "losses": self.losses,
            "chosen": self.chosen,
            "rule": self.rule,
            "action": self.decision.action,
            "allow": self.decision.allow,
            "reason": self.decision.reason,
            "host": dict(self.host),
            "sandboxed": list(self.sandboxed),
        }


class Judge:
    """The decisions of one extension (see the module docstring)."""

    def __init__(self, settings: Settings, model: Model | None, mode_reason: str = ""):
        self.settings = settings
        self.model = model
        self.mode_reason = mode_reason if model is None else ""
        self.features = FeatureState(settings.declared)
        self.eprocess = EProcess(settings.alpha)
        self.sandboxed: tuple[str, ...] = ()
        self.approved: float | None = None  # log-odds at the host's last approval
        self.stopped: str = ""  # the stopping action, once the run was stopped
        self.strongest = "allow"
        self.posterior = settings.prior
        self._available = tuple(a for a in ACTIONS if a != "challenge" or settings.challenge)

    def step(
        self,
        event: HostCallEvent,
        observation: Observation,
        answer: Callable[[str], bool],
        force_rules: str = "",
    ) -> Verdict:
        features = self.features.update(event, observation)
        verdict = None
        if self.model is not None and not force_rules:
            try:
                verdict = self._by_model(features)
            except Exception as exc:  # the model failed: this call falls back to the rules
                force_rules = f"model failed: {type(exc).__name__}"
        if verdict is None:
            action, reason, rule = rules.decide(features)
            verdict = Verdict(
                Decision(True), features, "rules", force_rules or self.mode_reason, action
            )
            verdict.rule = rule
            verdict.decision = Decision(True, action, reason)
        self._carry_out(event, verdict, answer)
        return verdict

    # -- model mode ---------------------------------------------------------------------
    def _by_model(self, features: Features) -> Verdict:
        model = self.model
        log_odds = model.posterior_log_odds(features.state, self.settings.prior)
        log_lr = model.event_log_lr(features.event)
        if math.isnan(log_odds) or math.isnan(log_lr):
            raise ValueError("model gave nan")
        e_value = self.eprocess.update(log_lr)
        posterior = sigmoid(log_odds)
        self.posterior = posterior
        losses = self.settings.loss.expected(posterior)
        available = self._available
        if self.approved is not None and log_odds < self.approved + self.settings.reask:
            available = tuple(a for a in available if a not in ("challenge", "suspend"))
        gate = self.eprocess.crossed
        chosen = choose(losses, gate, available)
        verdict = Verdict(Decision(True), features, "model", "", chosen)
        verdict.log_odds, verdict.posterior, verdict.log_lr = log_odds, posterior, log_lr
        verdict.e_value, verdict.gate, verdict.losses = e_value, gate, losses
        verdict.decision = Decision(True, chosen, _REASONS[chosen].format(p=posterior))
        return verdict

    # -- carrying out ---------------------------------------------------------------------
    def _carry_out(self, event: HostCallEvent, verdict: Verdict, answer) -> None:
        action = verdict.chosen
        reason = verdict.decision.reason
        if self.stopped:
            action, reason = self.stopped, "already contained"
        elif action in ("challenge", "suspend"):
            approved = bool(answer(action))
            verdict.host[action] = approved
            if approved:
                self.approved = verdict.log_odds if verdict.log_odds is not None else 0.0
                reason = "the host let it continue" if action == "challenge" else "resumed"
            else:
                reason = "the host refused" if action == "challenge" else "not resumed"
                self.stopped = "terminate"
        elif action == "sandbox":
            self.sandboxed = tuple(sorted(set(self.sandboxed) | set(self.settings.sandbox)))
        if action in STOPPING_ACTIONS and not self.stopped:
            self.stopped = action
        final = self.stopped or action
        self.strongest = stronger(action, self.strongest)
        if final != action:
            self.strongest = stronger(final, self.strongest)
        verdict.sandboxed = self.sandboxed
        if final in STOPPING_ACTIONS:
            verdict.decision = Decision(False, final, reason)
        elif event.capability in self.sandboxed:
            verdict.decision = Decision(False, "sandbox", f"sandboxed: {event.capability} dropped")
        elif not event.granted:
            label = "deny" if final == "allow" else final
            verdict.decision = Decision(False, label, "outside the grants")
        elif final == "allow":
            verdict.decision = Decision(True, "allow", "granted")
        else:
            verdict.decision = Decision(True, final, reason)


_REASONS = {
    "allow": "granted",
    "warn": "suspicious (p={p:.3f})",
    "challenge": "asks the host (p={p:.3f})",
    "sandbox": "likely malicious (p={p:.3f})",
    "suspend": "likely malicious (p={p:.3f})",
    "terminate": "malicious (p={p:.3f})",
    "quarantine": "malicious (p={p:.3f})",
}
