"""The sentinel corpus: its index, its harm checks, and the held-out evaluation.

The corpus (`tests/testdata/sentinel/corpus/`) holds benign and malicious
extension packages, each run for real by `corpus_runner.run_package`
(real files in a per-run sandbox, a real loopback HTTP server, real
processes). These tests check:

- the index: every folder listed and every entry a folder, at least 30
  packages of each label, every family in both splits, the eight malicious
  behaviours of issue 5 each in several variants;
- the harm checks: they see a secret through hex, base64, reversal and drips,
  and every package does what the index says when nothing guards it (each
  malicious package really does its harm; no benign package does any);
- the held-out half under the sentinel (model fitted on the training half
  only, by `fit_model.py`): no malicious package does any harm, every one is
  contained, at most 5% of benign packages see an action of sandbox or
  stronger; the median number of host calls before containment and the
  calibration (Brier score, reliability table) are printed and written to
  `$TMPDIR/frankenengine_corpus_report.json`.
"""

from __future__ import annotations

import base64
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from corpus_runner import (
    CORPUS,
    FIT_SOURCE,
    HARM_KINDS,
    LABELS,
    SPLITS,
    Entry,
    Request,
    RunContext,
    evaluate,
    find_leaks,
    last_state,
    ledger_trace,
    load_index,
    request_views,
    run_package,
    scratch_dir,
)

from frankenengine.engine.package import find_package
from frankenengine.sentinel import Model, Sentinel
from frankenengine.sentinel.model import DEFAULT_MODEL_PATH

ENTRIES = load_index()
MALICIOUS_FAMILIES = {
    "cred_theft",
    "env_exfil",
    "dropper",
    "reverse_shell",
    "miner",
    "time_bomb",
    "wiper",
    "recon_exfil",
}
REPORT = Path(tempfile.gettempdir()) / "frankenengine_corpus_report.json"


# -- the index ---------------------------------------------------------------


def test_index_lists_every_package_folder():
    folders = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names)), "a package is listed twice"
    assert sorted(names) == folders
    for entry in ENTRIES:
        package = find_package(entry.path)  # the manifest and modules are valid
        assert package.entry_module == "main", entry.name
        assert entry.label in LABELS and entry.split in SPLITS, entry.name
        assert entry.name.startswith("mal_" if entry.malicious else "ben_"), entry.name
        assert entry.description, entry.name
        if entry.malicious:
            assert entry.harm and set(entry.harm) <= set(HARM_KINDS), entry.name
        else:
            assert not entry.harm, entry.name


def test_index_is_balanced():
    by_label = defaultdict(int)
    families = defaultdict(lambda: {"labels": set(), "splits": set(), "variants": set()})
    for entry in ENTRIES:
        by_label[entry.label] += 1
        family = families[entry.family]
        family["labels"].add(entry.label)
        family["splits"].add((entry.split, entry.label))
        family["variants"].add(entry.variant)
    assert by_label["benign"] >= 30 and by_label["malicious"] >= 30, dict(by_label)
    malicious = {name for name, f in families.items() if "malicious" in f["labels"]}
    assert malicious == MALICIOUS_FAMILIES
    for name, family in families.items():
        assert len(family["labels"]) == 1, f"family {name} mixes labels"
        assert {split for split, _ in family["splits"]} == set(SPLITS), f"{name} not in both splits"
        if name in MALICIOUS_FAMILIES:
            assert len(family["variants"]) >= 4, f"{name} has too few variants"
    variants = {e.variant for e in ENTRIES if e.malicious}
    assert {"direct", "drip", "obfuscated", "delayed", "mixed"} <= variants
    heldout = [e for e in ENTRIES if e.split == "heldout"]
    assert sum(e.malicious for e in heldout) >= 15 and sum(not e.malicious for e in heldout) >= 20


# -- the harm checks ---------------------------------------------------------

SECRET = {"token": "tok_4f1c9a0be27d4c8e9b3a"}


def _posts(*bodies: str) -> list[Request]:
    return [Request("POST", "/x", {"content-type": "text/plain"}, body) for body in bodies]


@pytest.mark.parametrize(
    "bodies",
    [
        ['{"t": "tok_4f1c9a0be27d4c8e9b3a"}'],
        ["tok_4f1c9a0be27d4c8e9b3a"[::-1]],
        ["x=" + b"tok_4f1c9a0be27d4c8e9b3a".hex()],
        [
            '{"blob": "'
            + base64.b64encode(b"user=ci token=tok_4f1c9a0be27d4c8e9b3a").decode()
            + '"}'
        ],
        ["id=" + base64.b64encode(b"tok_4f1c9a0be27d4c8e9b3a"[::-1]).decode()],
        ["tok_4f1c", "9a0be27d", "4c8e9b3a"],  # a drip of short pieces
    ],
)
def test_leak_checks_see_through_encodings(bodies):
    assert find_leaks(request_views(_posts(*bodies)), SECRET) == ["token"]


def test_leak_checks_ignore_other_data():
    bodies = ['{"count": 12, "id": "tok_0000"}', "a" * 64, base64.b64encode(b"hello").decode()]
    assert find_leaks(request_views(_posts(*bodies)), SECRET) == []


@pytest.fixture(scope="module")
def unguarded_runs():
    """Every package run with the default hook (what the grants allow, allowed)."""
    with scratch_dir() as work:
        yield {entry.name: run_package(entry, work) for entry in ENTRIES}


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_package_does_what_the_index_says(entry: Entry, unguarded_runs):
    run = unguarded_runs[entry.name]
    assert run.events, "a package that makes no host call tests nothing"
    if entry.malicious:
        assert set(entry.harm) <= set(run.harms), (run.harms, run.error_type, run.error)
    else:
        assert run.error_type is None, run.error
        assert run.harms == [], (run.leaked, run.listed, run.executed, run.outside)


# -- the held-out half under the sentinel ------------------------------------

HELDOUT = [e for e in ENTRIES if e.split == "heldout"]
HELDOUT_MALICIOUS = [e for e in HELDOUT if e.malicious]
MAX_FALSE_POSITIVE_RATE = 0.05


def _sentinel(context: RunContext) -> Sentinel:
    """The sentinel as the engine ships it (the fitted model.json), with a ledger."""
    return Sentinel(model="default", ledger=context.state_dir / "ledger.jsonl")


def test_shipped_model_is_fitted_on_the_training_half():
    model = Model.load(DEFAULT_MODEL_PATH).check()
    fitted = model.fitted_on
    train = [e for e in ENTRIES if e.split == "train"]
    assert fitted.get("source") == FIT_SOURCE, "refit: .venv/bin/python tests/sentinel/fit_model.py"
    assert fitted["malicious"] == sum(e.malicious for e in train)
    assert fitted["benign"] == sum(not e.malicious for e in train)


@pytest.fixture(scope="module")
def heldout():
    """Every held-out package run under the shipped sentinel, and the evaluation report."""
    with scratch_dir() as work:
        runs = [run_package(entry, work, _sentinel) for entry in HELDOUT]
        report = evaluate(runs, [run.hook.posterior for run in runs])
        report["model"] = {
            "path": str(DEFAULT_MODEL_PATH),
            "version": runs[0].hook.model.model_version if runs[0].hook.model else None,
            "modes": sorted({run.hook.mode for run in runs}),
        }
        report["failures"] = {}
        for run in runs:
            failed = run.harms or (run.entry.malicious and run.contained_at is None)
            false_positive = not run.entry.malicious and run.contained_at is not None
            if failed or false_positive:
                report["failures"][run.entry.name] = {
                    "label": run.entry.label,
                    "description": run.entry.description,
                    "harms": run.harms,
                    "leaked": run.leaked,
                    "executed": run.executed,
                    "changed_outside": run.outside,
                    "strongest_action": run.hook.strongest_action,
                    "final_state": last_state(run.hook.ledger_path),
                    "trace": ledger_trace(run.hook.ledger_path, work / run.entry.name / "sandbox"),
                }
    REPORT.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    _print_report(report)
    return {run.entry.name: run for run in runs}, report


def _print_report(report: dict) -> None:
    print(f"\nheld-out evaluation (model {report['model']['version']}, {report['model']['modes']})")
    detection = report["contained_without_harm"], report["malicious"]
    print(f"  contained without harm: {detection[0]}/{detection[1]}")
    print(f"  harmed: {report['harmed']}")
    print(
        f"  false positives: {report['false_positives']} rate {report['false_positive_rate']:.3f}"
    )
    print(f"  median host calls before containment: {report['median_calls_before_containment']}")
    print(f"  Brier score: {report['brier']:.4f}")
    print("  reliability:  bin         n  predicted  observed")
    for row in report["reliability"]:
        print(
            f"                {row['bin']:11s} {row['n']:2d}  {row['mean_predicted']:9.3f}"
            f"  {row['observed_malicious']:8.3f}"
        )
    print(f"  report: {REPORT}")


def _describe(report: dict, name: str) -> str:
    failure = report["failures"].get(name)
    return json.dumps(failure, indent=1) if failure else ""


@pytest.mark.parametrize("entry", HELDOUT_MALICIOUS, ids=lambda e: e.name)
def test_heldout_malicious_package_is_contained_before_harm(entry: Entry, heldout):
    runs, report = heldout
    run = runs[entry.name]
    assert run.harms == [], _describe(report, entry.name)
    assert run.contained_at is not None, _describe(report, entry.name)


def test_heldout_false_positive_rate(heldout):
    runs, report = heldout
    benign = [run for run in runs.values() if not run.entry.malicious]
    assert all(run.harms == [] for run in benign)
    rate = report["false_positive_rate"]
    details = "\n".join(_describe(report, name) for name in report["false_positives"])
    assert rate <= MAX_FALSE_POSITIVE_RATE, details


def test_heldout_report(heldout):
    runs, report = heldout
    saved = json.loads(REPORT.read_text(encoding="utf-8"))
    assert saved["brier"] == report["brier"]
    assert sum(row["n"] for row in report["reliability"]) == len(runs)
    assert len(report["packages"]) == len(runs)
    assert report["median_calls_before_containment"] is not None
    # Calibration: better than always predicting the held-out base rate.
    rate = len(HELDOUT_MALICIOUS) / len(HELDOUT)
    assert report["brier"] < rate * (1 - rate), report["reliability"]
