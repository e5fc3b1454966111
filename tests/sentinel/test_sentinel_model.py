"""The model: fit on labelled traces, save/load round trip, versions, checks, posteriors."""

from __future__ import annotations

import json

import pytest
from sentinel_fixtures import Stream
from sentinel_synthetic import DECLARED, traces

from frankenengine.sentinel import Model, ModelError, fit
from frankenengine.sentinel.features import EVENT_FEATURES, STATE_FEATURES
from frankenengine.sentinel.model import (
    DEFAULT_MODEL_PATH,
    MIN_TRACES,
    sigmoid,
    trace_features,
    traces_from_ledger,
)


@pytest.fixture(scope="module")
def model():
    return fit(traces(seed=0, per_kind=6), source="test")


def _final_posterior(model, events, prior=0.01, declared=DECLARED):
    state = None
    for features in trace_features(events, declared):
        state = features.state
    return sigmoid(model.posterior_log_odds(state, prior))


def test_fit_counts_every_feature_value(model):
    assert model.traces == [48, 54]
    assert set(model.event_counts) == set(EVENT_FEATURES)
    assert set(model.state_counts) == set(STATE_FEATURES)
    for name, values in EVENT_FEATURES.items():
        assert list(model.event_counts[name]) == list(values)
    assert model.fitted_on["traces"] == 102 and model.fitted_on["source"] == "test"
    assert len(model.fitted_on["digest"]) == 64
    assert 0 < model.scale <= 1.5


def test_fit_is_deterministic_and_the_version_follows_the_content(model):
    again = fit(traces(seed=0, per_kind=6), source="test")
    assert again.to_json() == model.to_json()
    other = fit(traces(seed=1, per_kind=6), source="test")
    assert other.model_version != model.model_version
    assert other.fitted_on["digest"] != model.fitted_on["digest"]


def test_save_and_load_round_trip(model, tmp_path):
    path = model.save(tmp_path / "m.json")
    data = json.loads(path.read_text())
    assert data["model_version"] == model.model_version and data["format"] == 1
    loaded = Model.load(path)
    assert loaded.to_json() == model.to_json()
    assert loaded.digest == model.digest
    s = Stream()
    s.add("fs.read_text", "/home/u/.ssh/id_rsa")
    s.add("net.post", "http://127.0.0.1:9999/x")
    for a, b in zip(trace_features(s.events), trace_features(s.events), strict=True):
        assert loaded.event_log_lr(a.event) == model.event_log_lr(b.event)
        assert loaded.posterior_log_odds(a.state, 0.3) == model.posterior_log_odds(b.state, 0.3)


def test_a_model_file_edited_by_hand_is_refused(model, tmp_path):
    path = model.save(tmp_path / "m.json")
    data = json.loads(path.read_text())
    data["event_counts"]["flow"]["leak"][0] += 5
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="edited"):
        Model.load(path)
    path.write_text("{not json")
    with pytest.raises(ModelError, match="cannot read"):
        Model.load(path)
    with pytest.raises(ModelError, match="cannot read"):
        Model.load(tmp_path / "missing.json")


def test_check_refuses_stale_or_underfitted_models(model):
    assert model.check() is model
    s = Stream()
    s.add("fs.read_text", "/srv/data/a.csv")
    few = fit([(False, s.events)] * 9 + [(True, s.events)] * (MIN_TRACES - 1))
    with pytest.raises(ModelError, match="too few traces"):
        few.check()
    stale = Model.from_json(model.to_json())
    stale.event_features = {**stale.event_features, "op": ("fs.read",)}
    with pytest.raises(ModelError, match="features differ"):
        stale.check()


def test_posteriors_separate_the_classes(model):
    held_out = traces(seed=7, per_kind=3)
    benign = [_final_posterior(model, ev) for label, ev, _ in held_out if not label]
    malicious = [_final_posterior(model, ev) for label, ev, _ in held_out if label]
    assert sum(benign) / len(benign) < 0.05
    assert sum(malicious) / len(malicious) > 0.5


def test_the_prior_moves_the_posterior(model):
    _, events, _ = traces(seed=3, per_kind=1)[-1]
    low, high = _final_posterior(model, events, 0.001), _final_posterior(model, events, 0.5)
    assert low < high


def test_state_evidence_never_decreases_with_counts(model):
    for name in ("leaks", "denied", "destroyed", "undeclared"):
        row = model._state_llr[name]
        values = list(row.values())
        assert all(b >= a for a, b in zip(values[1:], values[2:], strict=False)), name


def test_traces_accept_event_objects_and_dicts(model):
    s = Stream()
    s.add("fs.read_text", "/srv/data/a.csv")
    s.add("log.info")
    as_dicts = [e.to_json() for e in s.events]
    fitted = fit([(False, s.events)] * 5 + [(True, as_dicts)] * 5)
    assert fitted.traces == [5, 5]
    assert fitted.event_counts["op"]["fs.read"] == [5.0, 5.0]
    with pytest.raises(ModelError, match="no traces"):
        fit([])


def test_the_shipped_model_is_usable():
    shipped = Model.load(DEFAULT_MODEL_PATH).check()
    assert shipped.model_version.startswith("nb-")
    assert shipped.fitted_on["traces"] >= 2 * MIN_TRACES


def test_traces_from_a_ledger(tmp_path):
    from frankenengine.sentinel import Sentinel

    s = Stream()
    s.add("fs.read_text", "/srv/data/a.csv", time=10.0)
    s.add("net.get", "http://127.0.0.1:8080/x", time=10.5)
    sentinel = Sentinel(ledger=tmp_path / "l.jsonl", enforce=False)
    sentinel.bind("ext", declared={"net.http": ["127.0.0.1:8080"]})
    for e in s.events:
        sentinel.decide_content(e, {})
    sentinel.close()
    [(label, events, declared)] = traces_from_ledger(tmp_path / "l.jsonl", True)
    assert label is True and declared == {"net.http": ["127.0.0.1:8080"]}
    assert [e["t"] for e in events] == [0.0, 0.5]
    assert [e["function"] for e in events] == ["fs.read_text", "net.get"]
