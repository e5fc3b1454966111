"""The sentinel's model: naive Bayes likelihoods fitted on labelled traces, saved as JSON.

Interface (stable; the corpus evaluation uses it):

    model = fit(traces)            # traces: iterable of (label: bool, events: list)
    model.save(path); Model.load(path)
    model.posterior_log_odds(state, prior)   # log-odds of P(malicious | stream so far)
    model.event_log_lr(event_features)       # log likelihood ratio of one call (e-process)

A trace is `(label, events)` or `(label, events, declared)`, `label` True for
malicious, `declared` the manifest's scopes as plain data (features.py; by
default everything granted counts as declared); each event is a
`HostCallEvent` or its JSON dict (`HostCallEvent.to_json()`, or a ledger's
recorded event), optionally with `"content"` (an `Observation` as JSON: what
the call's arguments carried) and `"t"` (seconds since the first call;
otherwise taken from `time`). `traces_from_ledger(path, label)` reads the
traces a ledger recorded (a `Sentinel(enforce=False)` run records them
without interfering).

What is fitted (features.py gives the features):
- state likelihoods: for each STATE_FEATURES feature and value, the weight
  of the training prefixes in that state, per class. Every prefix of every
  trace counts (each trace weighs the same in total), so P(state | class)
  is the distribution of the state at a random point of a run, which is what
  the online posterior sees. For count features (ORDINAL_STATE) a higher
  bucket never weighs less than the one before it (past the zero bucket);
  the posterior is the prior's log-odds plus
  `scale` times the sum of the per-feature log likelihood ratios, `scale`
  fitted on the training traces (a temperature against the double counting
  of correlated features);
- event likelihoods: for each EVENT_FEATURES feature and value, the weight of
  the calls with that value, per class: the benign and malicious per-call
  distributions whose ratio drives the e-process.
Counts are stored raw and smoothed when used: the likelihoods are the
posterior means under a Dirichlet prior, Laplace's (`smoothing`, default 1
pseudo-trace per value and class: `unit`, the weight one trace has in the
counts, times `smoothing`, since the calls of one trace are not independent
evidence) except for the harm values (features.py
HARM_EVENT, HARM_STATE: a secret or a credential-file listing leaving,
downloaded or connecting code run, files garbled), whose benign pseudo-count
is `harm_smoothing` (default 0.01): before any data, the model believes a
benign extension almost never does these, and a small corpus cannot
overturn that belief unless its benign half shows them.

The file records `format`, `model_version` (derived from the content, so a
refit gets a new version), the feature vocabularies, the counts, `scale`,
and `fitted_on` (number of traces per class and the SHA-256 of the training
traces, canonical JSON). A model whose vocabularies differ from this
engine's features, or fitted on fewer than MIN_TRACES traces of a class, is
unusable (`check` raises ModelError): the sentinel then decides by rules.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from frankenengine.sentinel.canonical import canonical
from frankenengine.sentinel.content import Observation
from frankenengine.sentinel.events import HostCallEvent
from frankenengine.sentinel.features import (
    EVENT_FEATURES,
    HARM_EVENT,
    HARM_STATE,
    ORDINAL_STATE,
    STATE_FEATURES,
    FeatureState,
)
from frankenengine.sentinel.ledger import read_entries

FORMAT = 1
MIN_TRACES = 5
HARM_SMOOTHING = 0.01
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model.json"
_SCALES = tuple(round(0.05 * i, 2) for i in range(1, 31))  # 0.05 .. 1.5


class ModelError(ValueError):
    """A model file that cannot be used: missing, malformed, stale or under-fitted."""


@dataclass
class Model:
    """Fitted likelihoods. Build with `fit` or `Model.load`; never mutate after `check`."""

    event_counts: dict[str, dict[str, list[float]]]  # feature -> value -> [benign, malicious]
    state_counts: dict[str, dict[str, list[float]]]
    traces: list[int]  # [benign, malicious]
    fitted_on: dict = field(default_factory=dict)
    smoothing: float = 1.0
    harm_smoothing: float = HARM_SMOOTHING
    unit: float = 1.0  # the weight of one trace in the counts (its mean length)
    harm_values: dict = field(default_factory=lambda: _harm_json(HARM_EVENT, HARM_STATE))
    scale: float = 1.0
    event_features: dict[str, tuple[str, ...]] = field(default_factory=lambda: EVENT_FEATURES)
    state_features: dict[str, tuple[str, ...]] = field(default_factory=lambda: STATE_FEATURES)

    def __post_init__(self):
        self._version = None
        self._event_llr = _llr_table(self.event_counts, self.event_features, self._pseudo("event"))
        self._state_llr = _monotone(
            _llr_table(self.state_counts, self.state_features, self._pseudo("state"))
        )
        # sums run over the features in name order, whatever order a file listed them in
        self._event_names = tuple(sorted(self.event_features))
        self._state_names = tuple(sorted(self.state_features))

    def _pseudo(self, kind: str):
        harm = {name: set(values) for name, values in self.harm_values.get(kind, {}).items()}

        def pseudo(name: str, value: str, cls: int) -> float:
            if cls == 0 and value in harm.get(name, ()):
                return self.harm_smoothing
            return self.smoothing * self.unit

        return pseudo

    def pseudo_count(self, kind: str, name: str, value: str, cls: int) -> float:
        """The prior pseudo-count of `value` of feature `name` ("event" or "state" kind) for
        class `cls` (0 benign, 1 malicious)."""
        return self._pseudo(kind)(name, value, cls)

    # -- use ------------------------------------------------------------------------
    def event_log_lr(self, features: Mapping[str, str]) -> float:
        """log P(call | malicious) - log P(call | benign) under the fitted per-call model."""
        table = self._event_llr
        total = 0.0
        for name in self._event_names:
            total += table[name][features[name]]
        return total

    def state_log_lr(self, state: Mapping[str, str]) -> float:
        table = self._state_llr
        total = 0.0
        for name in self._state_names:
            total += table[name][state[name]]
        return total

    def posterior_log_odds(self, state: Mapping[str, str], prior: float) -> float:
        """log-odds of P(malicious | the stream so far), from the host's prior."""
        return logit(prior) + self.scale * self.state_log_lr(state)

    def contributions(self, state: Mapping[str, str]) -> dict[str, float]:
        """Each state feature's scaled log likelihood ratio (what pushed the posterior)."""
        return {n: self.scale * self._state_llr[n][state[n]] for n in self.state_features}

    def check(self) -> Model:
        """Raise ModelError unless this model can decide (features match, enough traces)."""
        if self.event_features != EVENT_FEATURES or self.state_features != STATE_FEATURES:
            raise ModelError("model features differ from the engine's (refit the model)")
        if self.harm_values != _harm_json(HARM_EVENT, HARM_STATE):
            raise ModelError("model harm values differ from the engine's (refit the model)")
        if min(self.traces) < MIN_TRACES:
            raise ModelError(f"model fitted on too few traces {self.traces} (need {MIN_TRACES})")
        return self

    # -- files ----------------------------------------------------------------------
    def to_json(self) -> dict:
        body = {
            "format": FORMAT,
            "event_features": {k: list(v) for k, v in self.event_features.items()},
            "state_features": {k: list(v) for k, v in self.state_features.items()},
            "event_counts": self.event_counts,
            "state_counts": self.state_counts,
            "traces": list(self.traces),
            "smoothing": self.smoothing,
            "harm_smoothing": self.harm_smoothing,
            "unit": self.unit,
            "harm_values": self.harm_values,
            "scale": self.scale,
            "fitted_on": self.fitted_on,
        }
        return {"model_version": _version(body), **body}

    @property
    def model_version(self) -> str:
        if self._version is None:
            self._version = self.to_json()["model_version"]
        return self._version

    @property
    def digest(self) -> str:
        return hashlib.sha256(canonical(self.to_json()).encode()).hexdigest()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_json(), indent=1, sort_keys=True) + "\n")
        return path

    @classmethod
    def from_json(cls, data: Mapping) -> Model:
        try:
            if data.get("format") != FORMAT:
                raise ModelError(f"unknown model format {data.get('format')!r}")
            model = cls(
                event_counts=data["event_counts"],
                state_counts=data["state_counts"],
                traces=list(data["traces"]),
                fitted_on=dict(data.get("fitted_on", {})),
                smoothing=float(data["smoothing"]),
                harm_smoothing=float(data["harm_smoothing"]),
                unit=float(data["unit"]),
                harm_values={
                    kind: {name: list(values) for name, values in table.items()}
                    for kind, table in data["harm_values"].items()
                },
                scale=float(data["scale"]),
                event_features={k: tuple(v) for k, v in data["event_features"].items()},
                state_features={k: tuple(v) for k, v in data["state_features"].items()},
            )
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"malformed model: {type(exc).__name__}: {exc}") from None
        if "model_version" in data and data["model_version"] != model.model_version:
            raise ModelError("model file edited: its version does not match its content")
        return model

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_PATH) -> Model:
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read model {path}: {exc}") from None
        if not isinstance(data, dict):
            raise ModelError(f"malformed model {path}")
        return cls.from_json(data)


def logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _version(body: Mapping) -> str:
    return "nb-" + hashlib.sha256(canonical(body).encode()).hexdigest()[:16]


def _llr_table(counts, vocabulary, pseudo) -> dict[str, dict[str, float]]:
    """feature -> value -> log P(value | malicious) - log P(value | benign), smoothed."""
    table: dict[str, dict[str, float]] = {}
    for name, values in vocabulary.items():
        rows = counts.get(name, {})
        c0 = [rows.get(v, (0, 0))[0] + pseudo(name, v, 0) for v in values]
        c1 = [rows.get(v, (0, 0))[1] + pseudo(name, v, 1) for v in values]
        n0, n1 = sum(c0), sum(c1)
        table[name] = {
            v: math.log(a / n1) - math.log(b / n0) for v, a, b in zip(values, c1, c0, strict=True)
        }
    return table


def _harm_json(event: Mapping, state: Mapping) -> dict:
    return {
        "event": {name: list(values) for name, values in event.items()},
        "state": {name: list(values) for name, values in state.items()},
    }


def _monotone(table: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Counts never make an extension look more benign: for a count feature, every bucket
    past the first weighs at least as much as the one before (sparse data leaves the
    highest buckets at their smoothed, uninformative value otherwise)."""
    for name in ORDINAL_STATE:
        row = table.get(name)
        if row is None:
            continue
        values = list(row)
        for before, value in zip(values[1:], values[2:], strict=False):
            row[value] = max(row[value], row[before])
    return table


# -- fitting -------------------------------------------------------------------------


def trace_features(events: Iterable, declared: Mapping | None = None):
    """The `Features` after each call of one recorded stream (see the module docstring)."""
    state = FeatureState(declared)
    for raw in events:
        event, observation, _ = as_event(raw)
        yield state.update(event, observation)


def as_event(raw) -> tuple[HostCallEvent, Observation, float | None]:
    """(event, content observation, t or None) from a HostCallEvent or a recorded dict."""
    if isinstance(raw, HostCallEvent):
        return raw, Observation(), None
    fields = {k: raw[k] for k in HostCallEvent.__dataclass_fields__ if k in raw}
    fields["other_targets"] = tuple(fields.get("other_targets", ()))
    fields.setdefault("time", 0.0)
    event = HostCallEvent(**fields)
    t = raw.get("t")
    return event, Observation.from_json(raw.get("content")), (None if t is None else float(t))


def fit(
    traces: Iterable,
    *,
    smoothing: float = 1.0,
    harm_smoothing: float = HARM_SMOOTHING,
    source: str = "",
) -> Model:
    """Fit a Model on labelled traces `(malicious: bool, events)` (see the module docstring)."""
    traces = [(bool(t[0]), list(t[1]), t[2] if len(t) > 2 else None) for t in traces]
    if not traces:
        raise ModelError("no traces to fit on")
    lengths = [len(events) for _, events, _ in traces if events]
    mean_length = sum(lengths) / len(lengths) if lengths else 1.0
    event_counts = _zeros(EVENT_FEATURES)
    state_counts = _zeros(STATE_FEATURES)
    n = [0, 0]
    prefixes: list[tuple[int, float, float]] = []  # (label, weight, state log lr) per prefix
    per_trace_states: list[tuple[int, float, list[dict]]] = []
    for label, events, declared in traces:
        cls = int(label)
        n[cls] += 1
        if not events:
            continue
        weight = mean_length / len(events)
        states = []
        for features in trace_features(events, declared):
            for name, value in features.event.items():
                event_counts[name][value][cls] += weight
            for name, value in features.state.items():
                state_counts[name][value][cls] += weight
            states.append(features.state)
        per_trace_states.append((cls, weight, states))
    model = Model(
        _rounded(event_counts),
        _rounded(state_counts),
        n,
        smoothing=smoothing,
        harm_smoothing=harm_smoothing,
        unit=round(mean_length, 6),
    )
    for cls, weight, states in per_trace_states:
        prefixes.extend((cls, weight, model.state_log_lr(s)) for s in states)
    model.scale = _fit_scale(prefixes, n)
    model.fitted_on = {
        "traces": n[0] + n[1],
        "benign": n[0],
        "malicious": n[1],
        "digest": _traces_digest(traces),
        "source": source,
    }
    model.__post_init__()
    return model


def _zeros(vocabulary) -> dict[str, dict[str, list[float]]]:
    return {name: {v: [0.0, 0.0] for v in values} for name, values in vocabulary.items()}


def _rounded(counts):
    return {
        f: {v: [round(c, 6) for c in pair] for v, pair in row.items()} for f, row in counts.items()
    }


def _fit_scale(prefixes, n) -> float:
    """The temperature minimising the log loss of the prefixes' posteriors (training prior)."""
    if not prefixes or min(n) == 0:
        return 1.0
    base = logit(n[1] / (n[0] + n[1]))

    def loss(scale: float) -> float:
        total = 0.0
        for cls, weight, llr in prefixes:
            p = sigmoid(base + scale * llr)
            p = min(max(p, 1e-9), 1 - 1e-9)
            total -= weight * math.log(p if cls else 1 - p)
        return total

    return min(_SCALES, key=lambda s: (loss(s), s))


def _traces_digest(traces) -> str:
    digest = hashlib.sha256()
    for label, events, declared in traces:
        rows = [e.to_json() if isinstance(e, HostCallEvent) else e for e in events]
        digest.update(canonical([label, rows, declared]).encode() + b"\n")
    return digest.hexdigest()


def traces_from_ledger(path: str | Path, label: bool) -> list[tuple]:
    """The traces `(label, events, declared)` (one per session) a ledger recorded."""
    sessions: dict[int, list[dict]] = {}
    declared: dict[int, dict | None] = {}
    for entry in read_entries(path):
        if entry.get("kind") == "start":
            declared[entry["session"]] = entry.get("settings", {}).get("declared")
        elif entry.get("kind") == "decision":
            recorded = dict(entry["event"])
            recorded["content"] = entry.get("content")
            recorded["t"] = entry["t"]
            sessions.setdefault(entry["session"], []).append(recorded)
    return [(label, events, declared.get(s)) for s, events in sorted(sessions.items())]
