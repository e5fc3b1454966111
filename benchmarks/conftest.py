"""Benchmark support: kernels, the CPython baseline, and a ratio table at the end of the run.

Every performance claim is a ratio against a baseline measured in the same
run (CPython running the same source, or another lane), never an absolute
time: the machines are shared and noisy.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

KERNELS = Path(__file__).parent / "kernels"
_RESULTS: dict[tuple[str, str], float] = {}
# More summary tables: callables taking the terminal reporter, registered by benchmark
# modules that report something other than ratios against CPython at one input size.
SUMMARY_WRITERS: list = []


def load_cpython(path: Path):
    """The baseline: CPython importing the kernel file as an ordinary module."""
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median(benchmark) -> float | None:
    """The median time of a finished benchmark (None when benchmarks were not timed)."""
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        return stats.stats.median
    return None


def record(kernel: str, runner: str, benchmark) -> None:
    value = median(benchmark)
    if value is not None:
        _RESULTS[(kernel, runner)] = value


def pytest_terminal_summary(terminalreporter):
    if _RESULTS:
        _ratio_table(terminalreporter)
    for write in SUMMARY_WRITERS:
        write(terminalreporter)


def _ratio_table(terminalreporter):
    kernels = sorted({k for k, _ in _RESULTS})
    runners = sorted({r for _, r in _RESULTS})
    tr = terminalreporter
    tr.write_sep("=", "median time ratios against cpython (same run; lower is faster)")
    tr.write_line(f"{'kernel':<16}" + "".join(f"{r:>12}" for r in runners))
    for kernel in kernels:
        base = _RESULTS.get((kernel, "cpython"))
        cells = []
        for runner in runners:
            value = _RESULTS.get((kernel, runner))
            cells.append(f"{value / base:>11.2f}x" if value and base else f"{'-':>12}")
        tr.write_line(f"{kernel:<16}" + "".join(cells))
