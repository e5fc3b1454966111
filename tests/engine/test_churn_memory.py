"""Churn leaves nothing behind: loading, calling and dropping extensions from several threads
does not grow memory beyond the stated bound, nor sys.modules, nor the recursion limit.

The workload and the bound are the churn benchmark's (`benchmarks/churn/driver.py`,
`benchmarks/churn/budget.toml`, loaded here by path): three threads, one extension
of each kind (JIT kernel, interpreter-only code, host-call heavy code) per cycle,
every result checked against the interpreter lane. Memory is tracemalloc's count of
bytes still allocated after the measured cycles against before them; nothing here
is timed. The bound fails on a leak of an Extension per load by a factor of about
20, and on a leak of only its IR module by a factor of about 2.5 (measured by
keeping each load's `ext.ir` in a list).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).resolve().parents[2] / "benchmarks" / "churn" / "driver.py"
THREADS = 3  # one load of each kind per cycle
CALLS = 4  # the JIT kernel tiers up at its second call
WARMUP_CYCLES = 5  # compiles the kernel once, fills the engine's caches
MEASURED_CYCLES = 20


def _load_driver():
    spec = importlib.util.spec_from_file_location("churn_driver", DRIVER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


driver = _load_driver()


@pytest.fixture
def churn(tmp_path):
    workload = driver.Churn(tmp_path, threads=THREADS, calls=CALLS, shared_engine=True)
    yield workload
    workload.close()


def test_churn_does_not_grow_memory(churn):
    for _ in range(WARMUP_CYCLES):
        churn.cycle()
    modules = set(sys.modules)
    recursion_limit = sys.getrecursionlimit()

    growth = churn.traced_growth(MEASURED_CYCLES)

    loads = MEASURED_CYCLES * THREADS
    bound_kib = driver.BUDGET["tracemalloc_kib_per_load"] * loads
    assert growth / 1024 <= bound_kib, (
        f"{growth / 1024:.1f} KiB still allocated after {loads} loads (bound {bound_kib:.0f} KiB)"
    )
    assert set(sys.modules) == modules, "loads registered modules"
    assert sys.getrecursionlimit() == recursion_limit


def test_the_bound_catches_a_leaked_module(churn, monkeypatch):
    """The same measurement, with the IR module of every load kept alive, exceeds the bound."""
    kept = []
    load = driver.Churn.load

    def load_and_keep_module(self, kind, engine):
        ext = load(self, kind, engine)
        kept.append(ext.ir)
        return ext

    churn.cycle()
    monkeypatch.setattr(driver.Churn, "load", load_and_keep_module)
    cycles = 4
    growth = churn.traced_growth(cycles)
    assert len(kept) == cycles * THREADS
    assert growth / 1024 > driver.BUDGET["tracemalloc_kib_per_load"] * cycles * THREADS
