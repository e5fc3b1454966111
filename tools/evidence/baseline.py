"""The stored baseline a run is compared with, and how a pack becomes one.

A baseline is a folder holding a pack's `metrics.json` (what budgets compare)
and `env.json` (where it was measured); any evidence pack is one too. The
repository keeps one in `benchmarks/baseline/` (`checkout.STORED_BASELINE`),
written by `franken bench --save-baseline` on the machine the budgets are
meant for, with the run's `plot.svg` beside them (the plot the README shows).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from tools.evidence import environment, metrics, packfiles
from tools.evidence.checkout import STORED_BASELINE

FILES = (packfiles.METRICS, packfiles.ENV)  # what a comparison reads
SAVED = (*FILES, packfiles.PLOT)


@dataclass(frozen=True)
class Baseline:
    folder: Path
    metrics: dict[str, metrics.Metric]
    env: dict | None


def resolve(value: str, repo_root: Path) -> Path:
    """The folder `--compare VALUE` names: the stored baseline for its name, else a path."""
    return repo_root / STORED_BASELINE if value == STORED_BASELINE.name else Path(value)


def read(folder: Path) -> Baseline:
    """The baseline in `folder` (ValueError saying what is missing)."""
    metrics_path, env_path = (folder / name for name in FILES)
    if not metrics_path.is_file():
        raise ValueError(
            f"{folder} is not a baseline: it has no {packfiles.METRICS} (an evidence pack has)"
        )
    try:
        env = json.loads(env_path.read_text()) if env_path.is_file() else None
    except ValueError:
        raise ValueError(f"{env_path} is not JSON") from None
    return Baseline(folder, metrics.read(metrics_path), env)


def save(pack: Path, folder: Path) -> list[Path]:
    """Copy the pack's baseline files into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(pack / name, folder / name)) for name in SAVED]


def machine_differences(baseline: Baseline, env: dict) -> list[str]:
    """`field: baseline value != this run's` for every fingerprint field that differs."""
    if baseline.env is None:
        return [f"the baseline has no {packfiles.ENV}"]
    before, now = environment.fingerprint(baseline.env), environment.fingerprint(env)
    return [f"{key}: {before[key]} != {now[key]}" for key in before if before[key] != now[key]]
