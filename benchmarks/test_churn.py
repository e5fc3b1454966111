"""Tail latency and memory under churn (issue: tail latency under churn).

Run: .venv/bin/pytest benchmarks/test_churn.py --benchmark-only
The table printed at the end is the result. Extensions of three kinds (a JIT
kernel, interpreter-only string code, host-call heavy code; see
`churn/driver.py`) are loaded, called `CALLS` times and dropped, from several
threads at once, for `LOADS` loads after `WARMUP_LOADS` loads of warm-up.
Per configuration:

- call latency, every call timed with `time.perf_counter_ns`: p50/p95/p99
  per kind and overall. The baseline is the same workload on one thread in
  the same run (the `vs 1 thread` ratio); threads share the GIL, so tail
  latency under churn includes waiting for the other threads' work. The
  JIT kind's p99 is its first call per load (1 call in `CALLS`), which runs in
  the interpreter before the kernel tiers up;
- memory: RSS (/proc/self/statm) after the timed cycles minus after warm-up,
  and, in a separate pass of `TRACED_LOADS` loads (tracemalloc slows
  Python several times over, so no latency is taken under it), what
  tracemalloc sees still allocated after them minus before them.

The memory bound (`churn/budget.toml`) is asserted; latencies are reported,
never asserted. `benchmark.extra_info` holds p50_us, p95_us, p99_us (all
calls), rss_growth_mib, tracemalloc_growth_kib (these names are read by other
tools), with the per-kind figures beside them. The summary also gives the wall
time of this module (goal: under 2 minutes on the shared 2-core machine).
"""

from __future__ import annotations

import time

import pytest
from churn import driver
from conftest import SUMMARY_WRITERS

CALLS = 40  # calls per loaded extension
LOADS = 240  # loads timed per configuration (cycles = LOADS / threads)
WARMUP_LOADS = 20  # compile the JIT kernel once, fill the engine's caches
TRACED_LOADS = 60  # loads in the tracemalloc pass
MIB, KIB = 1 << 20, 1 << 10
MODULE_STARTED = time.perf_counter()

# name -> (worker threads, one Engine shared by every load)
CONFIGS = {
    "1 thread, shared engine": (1, True),  # the baseline
    "4 threads, shared engine": (4, True),
    "4 threads, engine per load": (4, False),
}
BASELINE = "1 thread, shared engine"
_RESULTS: dict[str, dict] = {}


@pytest.mark.parametrize("config", CONFIGS)
def test_churn(benchmark, config, tmp_path):
    threads, shared = CONFIGS[config]
    churn = driver.Churn(tmp_path, threads=threads, calls=CALLS, shared_engine=shared)
    try:
        for _ in range(WARMUP_LOADS // threads):
            churn.cycle()
        timings = driver.Timings()
        rss_before = driver.settled(driver.rss_bytes)

        def timed_cycles():
            for _ in range(LOADS // threads):
                churn.cycle(timings)

        benchmark.group = "churn: timed cycles (wall time)"
        benchmark.pedantic(timed_cycles, rounds=1, iterations=1)
        rss_growth = driver.settled(driver.rss_bytes) - rss_before
        traced_growth = churn.traced_growth(TRACED_LOADS // threads)
    finally:
        churn.close()

    loads = sum(len(ns) for ns in timings.loads.values())
    traced_loads = TRACED_LOADS // threads * threads
    result = {
        **driver.percentiles_us(timings.all_calls()),
        "rss_growth_mib": rss_growth / MIB,
        "tracemalloc_growth_kib": traced_growth / KIB,
        "tracemalloc_kib_per_load": traced_growth / KIB / traced_loads,
        "threads": threads,
        "shared_engine": shared,
        "loads": loads,
        "calls": len(timings.all_calls()),
        "traced_loads": traced_loads,
    }
    for kind in driver.KINDS:
        for name, value in driver.percentiles_us(timings.calls[kind.name]).items():
            result[f"{kind.name}_{name}"] = value
        result[f"{kind.name}_load_p50_us"] = driver.percentiles_us(timings.loads[kind.name])[
            "p50_us"
        ]
    benchmark.extra_info.update(result)
    _RESULTS[config] = result

    assert loads == LOADS, f"{loads} loads timed, expected {LOADS}"
    budget = driver.BUDGET
    per_load = result["tracemalloc_kib_per_load"]
    assert per_load <= budget["tracemalloc_kib_per_load"], (
        f"tracemalloc grew {traced_growth / KIB:.1f} KiB over {traced_loads} loads "
        f"({per_load:.2f} KiB per load; bound {budget['tracemalloc_kib_per_load']})"
    )
    assert result["rss_growth_mib"] <= budget["rss_mib"], (
        f"RSS grew {result['rss_growth_mib']:.2f} MiB over {loads} loads "
        f"(bound {budget['rss_mib']} MiB)"
    )


# -- the summary -------------------------------------------------------------------------------


def _write_table(tr) -> None:
    if not _RESULTS:
        return
    base = _RESULTS.get(BASELINE)
    tr.write_sep("=", "churn: call latency (us) and memory growth (this run)")
    tr.write_line(
        f"{CALLS} calls per load, {LOADS} loads timed after {WARMUP_LOADS} loads of warm-up; "
        "kinds rotate over threads and cycles."
    )
    tr.write_line(
        "p99 vs 1 thread: the same workload on one thread in this run. Memory bound "
        f"(churn/budget.toml): tracemalloc <= {driver.BUDGET['tracemalloc_kib_per_load']} "
        f"KiB per load, RSS <= {driver.BUDGET['rss_mib']} MiB."
    )
    kinds = [kind.name for kind in driver.KINDS]
    header = f"{'configuration':<28}{'':<8}" + "".join(f"{k:>10}" for k in [*kinds, "all"])
    tr.write_line(header)
    for config, result in _RESULTS.items():
        for stat in ("p50", "p95", "p99"):
            label = config if stat == "p50" else ""
            cells = [result[f"{k}_{stat}_us"] for k in kinds] + [result[f"{stat}_us"]]
            tr.write_line(f"{label:<28}{stat:<8}" + "".join(f"{c:>10.0f}" for c in cells))
        loads = [result[f"{k}_load_p50_us"] for k in kinds]
        tr.write_line(f"{'':<28}{'load p50':<8}" + "".join(f"{c:>10.0f}" for c in loads))
        ratio = f"{result['p99_us'] / base['p99_us']:.1f}x" if base else "-"
        tr.write_line(f"{'':<28}p99 of all calls vs 1 thread: {ratio}")
        tr.write_line(
            f"{'':<28}RSS {result['rss_growth_mib']:+.2f} MiB over {result['loads']} loads; "
            f"tracemalloc {result['tracemalloc_growth_kib']:+.1f} KiB over "
            f"{result['traced_loads']} loads ({result['tracemalloc_kib_per_load']:+.2f} per load)"
        )
    tr.write_line(
        f"wall time of benchmarks/test_churn.py: {time.perf_counter() - MODULE_STARTED:.0f} s"
    )


SUMMARY_WRITERS.append(_write_table)
