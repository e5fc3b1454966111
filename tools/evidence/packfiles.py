"""The files of an evidence pack: each one's name and what it holds, and the JSON writer.

Every module that writes or reads a file of a pack names it through the
constants here, and `report.md` lists the pack's files from `DESCRIPTIONS`
(in this order), so a file is renamed or described in one place. JSON files
of a pack are written by `write_json`: sorted keys, two-space indent, one
trailing newline, so two equal documents are equal bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

BENCHMARKS = "benchmarks.json"
LOG = "pytest.log"
METRICS = "metrics.json"
PLOT = "plot.svg"
CHECKSUMS = "checksums.json"
ENV = "env.json"
LOCK = "repro.lock"
MANIFEST = "manifest.json"
COMPARISON = "comparison.json"
REPORT = "report.md"
PROFILES = "profiles"  # a folder

DESCRIPTIONS = {
    BENCHMARKS: "pytest-benchmark's JSON of the run",
    LOG: "the benchmark run's output (pytest-benchmark's tables)",
    METRICS: "the metrics below, as budgets read them",
    PLOT: "the plot above",
    CHECKSUMS: "golden output checksums: every conformance program in every lane",
    ENV: "machine, CPU, OS, Python and package versions, git commit",
    LOCK: "every installed distribution, name==version",
    MANIFEST: "inputs and outputs of the pack with their sha256 digests",
    COMPARISON: "the budget verdicts against the baseline",
    f"{PROFILES}/": "per kernel: the engine's profile (JSON), collapsed stacks, speedscope",
    REPORT: "this report",
}


def write_json(path: Path, document) -> Path:
    """Write `document` to `path` as a pack's JSON file; returns the path."""
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    return path
