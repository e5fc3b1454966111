"""The metrics of one benchmark run, read from pytest-benchmark's JSON: what budgets check.

A metric is one number with a kind (which budget applies), a subject (a
kernel, a call path) and a label; its id is `kind:subject:label`.

- `ratio`: an engine lane's time over a reference runner's on the same kernel
  (`jit/cpython`, `interp/cpython`, `jit/numba`); lower is better. Runners
  that ran different inputs (the JIT lane and Numba run a larger one than
  CPython and the interpreter) are compared per unit of work: per fuel unit,
  which the benchmarks' conftest records for every engine-lane runner and
  which is the same in every lane; a CPython or Numba runner takes the fuel of
  the engine-lane runner with the same input. Runners on the same input
  compare directly.
- `reference`: `numba/cpython`, what the kernel allows (not the engine's number).
- `throughput`: calls per second of the call-overhead benchmarks, and of the
  churn benchmark (per CPU second of its timed round, loads included).
- `latency_p50`, `latency_p95`, `latency_p99`: call latency of the churn
  benchmark, in microseconds.
- `memory`: the churn benchmark's RSS and tracemalloc growth, and the peak RSS
  of the benchmark process (comparable only between runs of the same
  selection: its `scope`).

Times are the fastest round (`min`) of each benchmark: load from other
processes only ever adds time, so the minimum is the statistic a shared
machine disturbs least.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tools.evidence.packfiles import write_json

STATISTIC = "min"
BETTER = {
    "ratio": "lower",
    "reference": "lower",
    "throughput": "higher",
    "latency_p50": "lower",
    "latency_p95": "lower",
    "latency_p99": "lower",
    "memory": "lower",
}
# benchmark function -> runner, for the per-kernel runners of benchmarks/
RUNNERS = {
    "test_jit": "jit",
    "test_interp": "interp",
    "test_numba": "numba",
    "test_cpython": "cpython",
}
RATIOS = (("jit", "cpython"), ("interp", "cpython"), ("jit", "numba"))  # (lane, reference)
REFERENCE = ("numba", "cpython")
HEADLINE = RATIOS[0]  # the JIT lane over CPython: the speed-up `franken bench` prints
TIME_RATIOS = {"ratio": RATIOS, "reference": (REFERENCE,)}  # kind -> its (lane, reference)s
THROUGHPUT_BENCHMARKS = frozenset({"test_call_overhead"})
CHURN_LATENCIES = {"p50_us": "latency_p50", "p95_us": "latency_p95", "p99_us": "latency_p99"}
CHURN_MEMORY = {"rss_growth_mib": "MiB", "tracemalloc_growth_kib": "KiB"}


@dataclass(frozen=True)
class Metric:
    kind: str
    subject: str
    label: str
    value: float
    unit: str
    scope: str | None = None  # comparable only with a metric of the same scope

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.subject}:{self.label}"

    @property
    def better(self) -> str:
        return BETTER[self.kind]


@dataclass(frozen=True)
class Timing:
    """One runner on one kernel: its fastest round, its input and that input's fuel."""

    seconds: float
    input: str | None
    fuel: int | None


def ratio_label(lane: str, reference: str) -> str:
    """The label of a ratio or reference metric: `lane/reference`."""
    return f"{lane}/{reference}"


def timings(benchmarks: dict) -> dict[str, dict[str, Timing]]:
    """{kernel: {runner: Timing}} of the per-kernel runners in a pytest-benchmark JSON."""
    found: dict[str, dict[str, Timing]] = {}
    for entry in benchmarks.get("benchmarks", []):
        runner = RUNNERS.get(_function(entry))
        if runner is None or entry.get("group") is None:
            continue
        info = entry.get("extra_info") or {}
        timing = Timing(entry["stats"][STATISTIC], info.get("input"), info.get("fuel"))
        found.setdefault(entry["group"], {})[runner] = timing
    for runners in found.values():  # CPython and Numba: the fuel of their input
        fuel_of = {t.input: t.fuel for t in runners.values() if t.fuel is not None}
        for runner, t in runners.items():
            if t.fuel is None and t.input in fuel_of:
                runners[runner] = Timing(t.seconds, t.input, fuel_of[t.input])
    return {kernel: found[kernel] for kernel in sorted(found)}


def time_ratio(a: Timing, b: Timing) -> float | None:
    """a's time over b's, per unit of work (None when their work cannot be related)."""
    if a.input == b.input:
        return a.seconds / b.seconds
    if a.fuel and b.fuel:
        return (a.seconds / a.fuel) / (b.seconds / b.fuel)
    return None


def from_benchmarks(
    benchmarks: dict, peak_rss_mib: float | None = None, scope: str | None = None
) -> list[Metric]:
    """Every metric of one run (`peak_rss_mib`: of the benchmark process, for `scope`)."""
    found = _kernel_ratios(benchmarks)
    entries = benchmarks.get("benchmarks", [])
    found += _call_overhead([e for e in entries if _function(e) in THROUGHPUT_BENCHMARKS])
    for entry in entries:
        found += _churn(entry)
    if peak_rss_mib is not None:
        found.append(
            Metric("memory", "benchmark process", "peak_rss_mib", peak_rss_mib, "MiB", scope)
        )
    return found


def _kernel_ratios(benchmarks: dict) -> list[Metric]:
    found = []
    for kernel, runners in timings(benchmarks).items():
        for kind, pairs in TIME_RATIOS.items():
            for lane, reference in pairs:
                if lane in runners and reference in runners:
                    value = time_ratio(runners[lane], runners[reference])
                    if value is not None:
                        label = ratio_label(lane, reference)
                        found.append(Metric(kind, kernel, label, value, "x"))
    return found


def _call_overhead(entries: list[dict]) -> list[Metric]:
    """Calls per second of each call path of the call-overhead benchmarks."""
    return [
        Metric("throughput", e["group"], e["param"], 1.0 / e["stats"][STATISTIC], "calls/s")
        for e in entries
    ]


def _churn(entry: dict) -> list[Metric]:
    """The churn benchmark's latencies and memory growth (its `extra_info`), and calls per
    CPU second of its round (loads included) when it says how many calls the round made."""
    info = entry.get("extra_info") or {}
    subject = entry.get("name", "?")
    found = [
        Metric(kind, subject, key.removesuffix("_us"), info[key], "us")
        for key, kind in CHURN_LATENCIES.items()
        if key in info
    ]
    found += [
        Metric("memory", subject, key, info[key], unit)
        for key, unit in CHURN_MEMORY.items()
        if key in info
    ]
    if found and info.get("calls"):
        calls = info["calls"] / entry["stats"][STATISTIC]
        found.append(Metric("throughput", subject, "calls_per_cpu_second", calls, "calls/s"))
    return found


def write(path: Path, metrics: list[Metric], benchmarks: dict, scope: str | None) -> None:
    kernels = {
        kernel: {runner: asdict(t) for runner, t in sorted(runners.items())}
        for kernel, runners in timings(benchmarks).items()
    }
    document = {
        "statistic": STATISTIC,
        "scope": scope,
        "metrics": [{"id": m.id, **asdict(m)} for m in metrics],
        "kernels": kernels,
    }
    write_json(path, document)


def read(path: Path) -> dict[str, Metric]:
    """{id: Metric} of a metrics.json (ValueError if it is not one)."""
    try:
        document = json.loads(path.read_text())
        rows = document["metrics"]
        metrics = [Metric(**{k: v for k, v in row.items() if k != "id"}) for row in rows]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"{path} is not a metrics file: {exc}") from None
    for m in metrics:
        problem = _type_problem(m)
        if problem:
            raise ValueError(f"{path}: metric {m.id!r}: {problem}")
    unknown = sorted({m.kind for m in metrics} - set(BETTER))
    if unknown:
        raise ValueError(f"{path}: unknown metric kinds {', '.join(unknown)}")
    return {m.id: m for m in metrics}


def _type_problem(metric: Metric) -> str | None:
    """What is wrong with the types of a metric read from a file (None when nothing)."""
    value = metric.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"value must be a number, not {value!r}"
    if metric.scope is not None and not isinstance(metric.scope, str):
        return f"scope must be text or null, not {metric.scope!r}"
    texts = [f.name for f in fields(Metric) if f.name not in ("value", "scope")]
    wrong = [name for name in texts if not isinstance(getattr(metric, name), str)]
    return f"{wrong[0]} must be text" if wrong else None


def _function(entry: dict) -> str:
    return entry.get("name", "").partition("[")[0]
