"""The e-process: its type-I bound by simulation on benign-distributed streams, and its power.

Streams of calls are drawn, feature by feature, from the shipped model's
benign per-call distribution (the null the e-process is valid under, for
any fitted model) and fed to the real `EProcess`; the fraction of streams
whose e-value ever reaches 1/alpha must stay below alpha (Ville's
inequality), with margin (measured with the corpus-fitted model: 0% to 0.5%
of 2000 streams of 150 calls at alpha = 1%, depending on the seed; 0.2% of
500 streams of 1000 calls). Streams drawn from the malicious distribution
must cross quickly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sentinel_synthetic import traces

from frankenengine.sentinel import EProcess, Model, fit
from frankenengine.sentinel.eprocess import ALPHA, CAP

RUNS, STEPS = 2000, 150


def _sampler(model: Model, cls: int):
    """Draws call feature vectors from the model's smoothed per-call distribution of `cls`."""
    names, values, probs = [], [], []
    for name, vocabulary in model.event_features.items():
        counts = np.array(
            [
                model.event_counts[name][v][cls] + model.pseudo_count("event", name, v, cls)
                for v in vocabulary
            ]
        )
        p = counts / counts.sum()
        names.append(name)
        values.append(vocabulary)
        probs.append(p)

    def draw(rng: np.random.Generator, n: int) -> list[float]:
        picks = [rng.choice(len(v), size=n, p=p) for v, p in zip(values, probs, strict=True)]
        out = []
        for i in range(n):
            features = {name: values[k][picks[k][i]] for k, name in enumerate(names)}
            out.append(model.event_log_lr(features))
        return out

    return draw


def _crossings(model: Model, cls: int, runs: int, steps: int, seed: int, alpha=ALPHA):
    rng = np.random.default_rng(seed)
    draw = _sampler(model, cls)
    pool = draw(rng, 20000)  # i.i.d. draws; each run takes its own random sequence of them
    crossed, first = 0, []
    for _ in range(runs):
        e = EProcess(alpha)
        for step, i in enumerate(rng.integers(0, len(pool), size=steps)):
            e.update(pool[i])
            if e.crossed:
                crossed += 1
                first.append(step + 1)
                break
    return crossed / runs, first


@pytest.fixture(scope="module")
def model():
    return Model.load().check()


def test_the_benign_null_has_mean_likelihood_ratio_one(model):
    """E[L] = 1 exactly under the benign per-call distribution (what validity rests on)."""
    names = list(model.event_features)
    total = 0.0
    for name in names:  # independent features: E[prod L_f] = prod E[L_f]
        vocabulary = model.event_features[name]
        c0 = [model.event_counts[name][v][0] + model.pseudo_count("event", name, v, 0)
              for v in vocabulary]  # fmt: skip
        c1 = [model.event_counts[name][v][1] + model.pseudo_count("event", name, v, 1)
              for v in vocabulary]  # fmt: skip
        p0 = [c / sum(c0) for c in c0]
        p1 = [c / sum(c1) for c in c1]
        total += math.log(sum(p * (q / p) for p, q in zip(p0, p1, strict=True)))
    assert abs(total) < 1e-9


def test_type_one_error_stays_below_alpha_on_benign_streams(model):
    rate, _ = _crossings(model, 0, RUNS, STEPS, seed=11)
    # Ville: P(sup e >= 1/alpha) <= alpha = 0.01; measured below it, with margin
    assert rate <= 0.8 * ALPHA, rate


def test_type_one_error_at_a_looser_alpha(model):
    rate, _ = _crossings(model, 0, 1000, STEPS, seed=12, alpha=0.2)
    assert rate <= 0.2, rate


def test_malicious_streams_cross_quickly():
    """Power, with a model fitted here (the shipped one changes when it is refitted)."""
    fitted = fit(traces(seed=0, per_kind=6))
    rate, first = _crossings(fitted, 1, 300, STEPS, seed=13)
    assert rate >= 0.95
    assert sorted(first)[len(first) // 2] <= 10  # median calls to cross


def test_update_arithmetic():
    e = EProcess(0.01, weights=(0.5, 1.0))
    assert e.value == 1.0 and e.threshold == 100.0
    v = e.update(math.log(3.0))
    assert v == pytest.approx(((0.5 + 1.5) + 3.0) / 2)
    e.update(math.log(CAP * 1000))  # capped at CAP
    assert e.logs[1] == pytest.approx(math.log(3.0) + math.log(CAP))
    assert e.crossed
    e.update(-1e9)  # a ratio of zero: the w=1 bet is lost, the mixture survives
    assert e.crossed and math.isfinite(e.log_value)
    with pytest.raises(ValueError):
        EProcess(1.5)
    with pytest.raises(ValueError):
        EProcess(0.1, weights=(0.0,))
