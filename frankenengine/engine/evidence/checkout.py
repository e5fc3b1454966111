"""The FrankenEngine checkout the evidence tools work in: where its parts are, and which one.

`franken bench` and the golden checksums are tools of the repository, not of
an installed engine: they run the checkout's `benchmarks/` under its budgets,
compare with its stored baseline and checksum its conformance programs
(`checksums.py`). The paths here are relative to the checkout's root. A
folder is a checkout when it holds both MARKERS; `find` prefers the checkout
the imported `frankenengine` package belongs to (an editable install, or a
run from the checkout), so another project's `benchmarks/` above the current
folder is never taken for it.
"""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path("benchmarks")
BUDGETS = BENCHMARKS / "budgets.toml"
STORED_BASELINE = BENCHMARKS / "baseline"  # `--compare baseline` (its name) means this one
PROJECT = Path("pyproject.toml")  # the pinned dependencies
MARKERS = (BUDGETS, Path("frankenengine"))
ENGINE_PACKAGE = Path(__file__).resolve().parents[2]  # the imported frankenengine folder


class NotACheckout(LookupError):
    """No FrankenEngine checkout was found."""


def is_checkout(folder: Path) -> bool:
    budgets, package = (folder / marker for marker in MARKERS)
    return budgets.is_file() and package.is_dir()


def find(start: Path, preferred: Path = ENGINE_PACKAGE.parent) -> Path:
    """`preferred` if it is a checkout, else the nearest checkout at or above `start`."""
    start = start.resolve()
    for folder in (preferred, start, *start.parents):
        if is_checkout(folder):
            return folder
    raise NotACheckout(
        f"no FrankenEngine checkout (a folder with {' and '.join(map(str, MARKERS))}) "
        f"holds the imported package or {start}"
    )
