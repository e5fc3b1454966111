"""The FrankenEngine checkout the evidence tools work in: where its parts are.

`franken bench` and the golden checksums are tools of the repository, not of
an installed engine: they run the checkout's `benchmarks/` under its budgets,
compare with its stored baseline and checksum its conformance programs
(`checksums.py`). The paths here are relative to the checkout's root, which
the caller names (`franken bench` finds the checkout holding this tool and
passes its root). The engine whose sources a pack digests is the imported
`frankenengine` package, wherever it was installed from.
"""

from __future__ import annotations

from pathlib import Path

import frankenengine

BENCHMARKS = Path("benchmarks")
BUDGETS = BENCHMARKS / "budgets.toml"
STORED_BASELINE = BENCHMARKS / "baseline"  # `--compare baseline` (its name) means this one
PROJECT = Path("pyproject.toml")  # the pinned dependencies
ENGINE_PACKAGE = Path(frankenengine.__file__).resolve().parent  # the imported frankenengine folder
