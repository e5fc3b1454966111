"""Replay: recompute every decision of a ledger from what it recorded, and compare.

`replay(path, model=None)` reads the ledger session by session. For each
session it rebuilds the decision core (`Judge`) from the header: the
recorded settings, the model with the recorded `model_version` (the
shipped model.json, or `model=` a Model or a model file; no model when the
session decided by rules), the policy of the recorded `policy_version`. Then
it feeds it the recorded inputs of every decision, in order: the event, the
content observation, `t`, and the host's recorded answers. Every derived
field (features, log-odds, posterior, log likelihood ratio, e-value, gate,
expected losses, chosen action, rule, decision, sandboxed capabilities) must
come out identical, floats bit for bit; each difference is reported with
its line. A call the live model failed on is decided by the rules again.

Invariants: replay reads the ledger only and never runs the extension;
it does not verify the hash chain (`ledger.verify` does); the output is a
`ReplayReport` whose `ok` is False on any difference or a session that
cannot be replayed (unknown model or policy version, malformed entry).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from frankenengine.sentinel.content import Observation
from frankenengine.sentinel.judge import Judge, Settings
from frankenengine.sentinel.model import DEFAULT_MODEL_PATH, Model, ModelError, as_event
from frankenengine.sentinel.policy import POLICY_VERSION

COMPARED = (
    "features",
    "mode",
    "mode_reason",
    "log_odds",
    "posterior",
    "log_lr",
    "e_value",
    "gate",
    "losses",
    "chosen",
    "rule",
    "action",
    "allow",
    "reason",
    "host",
    "sandboxed",
)


@dataclass
class ReplayReport:
    """`differences`: (line from 1, field, recorded value, replayed value)."""

    sessions: int = 0
    decisions: int = 0
    differences: list[tuple[int, str, object, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


class _Session:
    def __init__(self, judge: Judge | None, problem: str = ""):
        self.judge = judge
        self.problem = problem


def replay(path: str | Path, model: Model | str | Path | None = None) -> ReplayReport:
    """Recompute the decisions of the ledger at `path` (see the module docstring)."""
    report = ReplayReport()
    sessions: dict[int, _Session] = {}
    models: dict[str, Model] = {}
    with open(path, encoding="ascii", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                kind = entry["kind"]
            except (ValueError, KeyError, TypeError):
                report.differences.append((number, "entry", "a ledger entry", "unreadable"))
                continue
            if kind == "start":
                report.sessions += 1
                sessions[entry.get("session")] = _open(entry, model, models)
            elif kind == "decision":
                report.decisions += 1
                _replay_decision(number, entry, sessions.get(entry.get("session")), report)
    return report


def _open(header: dict, model, models: dict) -> _Session:
    if header.get("policy_version") != POLICY_VERSION:
        return _Session(None, f"policy version {header.get('policy_version')} not available")
    try:
        settings = Settings.from_json(header["settings"])
    except (KeyError, TypeError, ValueError) as exc:
        return _Session(None, f"malformed settings: {exc}")
    version = header.get("model_version")
    if version is None:
        return _Session(Judge(settings, None, header.get("mode_reason", "")))
    found = _model(version, model, models)
    if found is None:
        return _Session(None, f"model {version} not available")
    return _Session(Judge(settings, found))


def _model(version: str, model, models: dict) -> Model | None:
    if version in models:
        return models[version]
    candidates = [model] if model is not None else [DEFAULT_MODEL_PATH]
    for candidate in candidates:
        try:
            loaded = candidate if isinstance(candidate, Model) else Model.load(candidate)
        except ModelError:
            continue
        if loaded.model_version == version:
            models[version] = loaded
            return loaded
    return None


def _replay_decision(number: int, entry: dict, session: _Session | None, report) -> None:
    if session is None:
        report.differences.append((number, "session", entry.get("session"), "no start entry"))
        return
    if session.judge is None:
        report.differences.append((number, "session", "replayable", session.problem))
        return
    answers = entry.get("host") or {}
    missing = []

    def answer(question: str) -> bool:
        if question not in answers:
            missing.append(question)
            return False
        return bool(answers[question])

    try:
        event = as_event(entry["event"])[0]
        observation = Observation.from_json(entry.get("content"))
        reason = str(entry.get("mode_reason", ""))
        force = reason if entry.get("mode") == "rules" and reason.startswith("model failed") else ""
        verdict = session.judge.step(event, observation, answer, force_rules=force)
    except (KeyError, TypeError, ValueError) as exc:
        report.differences.append((number, "entry", "a decision", f"malformed: {exc}"))
        return
    replayed = json.loads(json.dumps(verdict.to_json()))
    for name in COMPARED:
        if entry.get(name) != replayed.get(name):
            report.differences.append((number, name, entry.get(name), replayed.get(name)))
    for question in missing:
        report.differences.append((number, f"host.{question}", "an answer", "none recorded"))
