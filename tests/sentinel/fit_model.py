"""Fit the sentinel's model on the TRAINING half of the corpus and save it.

    .venv/bin/python tests/sentinel/fit_model.py            # writes frankenengine/sentinel/model.json
    .venv/bin/python tests/sentinel/fit_model.py --out /tmp/model.json

Every package of the corpus index (`tests/testdata/sentinel/corpus/corpus.toml`)
whose split is `train` is run for real by `corpus_runner.run_package` under
an observing sentinel, `Sentinel(model=None, enforce=False, ledger=...)`:
every call gets exactly the grants' answer (so the malicious packages do
their harm inside their sandbox), while the sentinel records each call in
its ledger with what the call's content showed (a secret leaving, a dropped
file run). `traces_from_ledger` turns each run's ledger into one trace
`(malicious, events, declared)`, and the traces go to `fit`; the model is
saved where the engine looks for it. Held-out packages are never run here:
they are for `test_corpus.py` only.

The script refuses to save a model when a training run did not behave as
the index says (a malicious package without its harm, a benign one with
harm or an error): its trace would be mislabelled.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from frankenengine.sentinel import Sentinel
from frankenengine.sentinel.model import DEFAULT_MODEL_PATH, fit, traces_from_ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_runner  # noqa: E402


def observer(context: corpus_runner.RunContext) -> Sentinel:
    """A sentinel that records everything and changes nothing."""
    return Sentinel(model=None, enforce=False, ledger=context.state_dir / "ledger.jsonl")


def training_traces(verbose: bool = True) -> list[tuple]:
    """Run the training half; one `(malicious, events, declared)` trace per package."""
    entries = [e for e in corpus_runner.load_index() if e.split == "train"]
    traces = []
    problems = []
    with corpus_runner.scratch_dir() as work:
        for entry in entries:
            run = corpus_runner.run_package(entry, work, observer)
            if entry.malicious and not set(entry.harm) <= set(run.harms):
                problems.append(f"{entry.name}: harm {entry.harm} not observed ({run.harms})")
            if not entry.malicious and (run.harms or run.error_type):
                problems.append(f"{entry.name}: benign run had {run.harms} {run.error_type}")
            found = traces_from_ledger(run.hook.ledger_path, entry.malicious)
            if len(found) != 1 or len(found[0][1]) != len(run.events):
                problems.append(f"{entry.name}: the ledger does not hold the run's calls")
            traces.extend(found)
            if verbose:
                print(
                    f"  {entry.label:9s} {entry.name:34s} {len(run.events):3d} calls "
                    f"{run.elapsed * 1000:6.0f} ms  harm {','.join(run.harms) or '-'}"
                )
    if problems:
        raise SystemExit("training runs disagree with the index:\n" + "\n".join(problems))
    return traces


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH, help="model file")
    parser.add_argument("--quiet", action="store_true")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    traces = training_traces(verbose=not options.quiet)
    malicious = sum(1 for trace in traces if trace[0])
    print(
        f"{len(traces)} training traces ({malicious} malicious, {len(traces) - malicious} benign)"
    )
    model = fit(traces, source=corpus_runner.FIT_SOURCE)
    model.check()
    options.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(options.out)
    print(f"model {model.model_version} (scale {model.scale}) saved to {options.out}")
    print(f"done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
