"""Benchmark support: kernels, the CPython baseline, and a median-time table at the end.

Every performance claim is a ratio against a baseline measured in the same
run (CPython running the same source, or another lane), never an absolute
time: the machines are shared and noisy. The `benchmark` fixture carries the
hooks of `franken bench` (below): the fuel of engine-lane calls, and an
injected slowdown for testing regression budgets.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from frankenengine import Extension
from tools.evidence.suite import SLOWDOWN_ENV

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


# -- hooks of `franken bench` (tools/evidence) ---------------------------------------------
# Every benchmark that times an `Extension.call` (an engine-lane runner) records the fuel of
# one call in `extra_info["fuel"]`: the unit of work of the evidence pack's per-unit ratios.
# FRANKEN_BENCH_SLOWDOWN="kernel=N[,kernel=N...]" makes the engine-lane runners of these
# kernels (the parametrize id) call N times per round: an injected, real regression that
# `franken bench --compare` must catch. Unset, the runners are timed untouched. A kernel no
# benchmark of the files collected has (a misspelt one) is a usage error, so a slowdown
# cannot silently do nothing.
_SLOWDOWNS: dict[str, int] = {}  # kernel -> calls per round, read once per session


def pytest_configure(config):
    _SLOWDOWNS.update(slowdowns())


@pytest.hookimpl(tryfirst=True)  # before `-k` deselects: every kernel of the files counts
def pytest_collection_modifyitems(config, items):
    kernels = {
        item.callspec.id
        for item in items
        if hasattr(item, "callspec") and "benchmark" in getattr(item, "fixturenames", ())
    }
    unknown = sorted(set(_SLOWDOWNS) - kernels)
    if unknown:
        raise pytest.UsageError(
            f"{SLOWDOWN_ENV}: no benchmark has kernel {', '.join(map(repr, unknown))} "
            f"(kernels: {', '.join(sorted(kernels)) or 'none'})"
        )


def slowdowns() -> dict[str, int]:
    """{kernel: calls per round} from $FRANKEN_BENCH_SLOWDOWN (a usage error if malformed)."""
    found = {}
    for item in filter(None, os.environ.get(SLOWDOWN_ENV, "").split(",")):
        kernel, _, times = item.partition("=")
        if not times.strip().isdigit() or int(times) < 1:
            raise pytest.UsageError(f"{SLOWDOWN_ENV}: expected kernel=N (N >= 1), got {item!r}")
        found[kernel.strip()] = int(times)
    return found


class EngineRunnerHooks(BenchmarkFixture):
    """pytest-benchmark's fixture with the two hooks above around engine-lane runners."""

    calls_per_round = 1

    def __call__(self, fn, *args, **kwargs):
        extension = getattr(fn, "__self__", None)
        if not isinstance(extension, Extension):
            return super().__call__(fn, *args, **kwargs)
        timed = fn if self.calls_per_round == 1 else _repeated(fn, self.calls_per_round)
        result = super().__call__(timed, *args, **kwargs)
        self.extra_info["fuel"] = extension.fuel_used()
        return result


@pytest.fixture
def benchmark(benchmark, request):
    callspec = getattr(request.node, "callspec", None)
    benchmark.__class__ = EngineRunnerHooks  # pytest-benchmark insists on its own class
    benchmark.calls_per_round = _SLOWDOWNS.get(callspec.id if callspec else "", 1)
    return benchmark


def _repeated(fn, calls: int):
    def run(*args, **kwargs):
        for _ in range(calls - 1):
            fn(*args, **kwargs)
        return fn(*args, **kwargs)

    return run


def pytest_terminal_summary(terminalreporter):
    if _RESULTS:
        _ratio_table(terminalreporter)
    for write in SUMMARY_WRITERS:
        write(terminalreporter)


def _ratio_table(terminalreporter):
    kernels = sorted({k for k, _ in _RESULTS})
    runners = sorted({r for _, r in _RESULTS})
    tr = terminalreporter
    tr.write_sep(
        "=",
        "median round time over cpython's, same input and run (lower is faster; not "
        "franken bench's ratios, which take the fastest round per unit of work)",
    )
    tr.write_line(f"{'kernel':<16}" + "".join(f"{r:>12}" for r in runners))
    for kernel in kernels:
        base = _RESULTS.get((kernel, "cpython"))
        cells = []
        for runner in runners:
            value = _RESULTS.get((kernel, runner))
            cells.append(f"{value / base:>11.2f}x" if value and base else f"{'-':>12}")
        tr.write_line(f"{kernel:<16}" + "".join(cells))
