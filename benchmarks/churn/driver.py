"""The churn workload: extensions of three kinds loaded, called and dropped from several threads.

Shared by `benchmarks/test_churn.py` (latency and memory, timed) and
`tests/engine/test_churn_memory.py` (memory only, never timed), which loads
this file by path. One cycle: every worker thread loads one extension (the
kinds rotate over threads and cycles, so each cycle mixes them), calls its
function `calls` times, timing each call with `time.perf_counter_ns`, and
drops it. The kinds (`KINDS`, sources in `extensions/`):

- `jit`: a numeric kernel; one call crosses the `auto` lane's fuel threshold
  (`TIER_UP`: no time threshold, the churn measures tiered-up extensions too),
  so it tiers up at its second call (`Churn` checks it ran in lane "jit");
- `interp`: string and dict code the JIT rejects (checked: lane "interp");
- `host`: a loop of `fs`, `clock` and `log` host calls, with grants to a
  data folder, each call checked and shown to the sentinel.

Invariants: every call's result equals the interpreter lane's result for the
same arguments (the reference semantics), computed once before the churn;
an exception in any worker fails the cycle; nothing of a cycle's extensions
is kept after it (the caller measures exactly that). `BUDGET` is the memory
bound of the workload (`budget.toml`), the one place it is stated.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from frankenengine import Engine, TierPolicy

HERE = Path(__file__).parent
EXTENSIONS = HERE / "extensions"
BUDGET = tomllib.loads((HERE / "budget.toml").read_text())["memory"]
INPUT_LINES = ["alpha beta", "gamma", "delta epsilon zeta", "eta"]
WORDS = "the cat and the dog saw a bird and the bird saw an owl in the old oak tree".split() * 4

# Tier up on calls and fuel alone, compiling in process: a loop compiled by a worker
# process would be loaded whenever the worker happens to finish, not in a known cycle.
TIER_UP = TierPolicy(seconds=0.0, compile_in_background=False)


@dataclass(frozen=True)
class Kind:
    """One kind of extension: its file, the function called, and its arguments per call."""

    name: str
    file: str
    function: str
    lane: str  # the lane `function` must end up in
    arguments: Callable[[int], tuple]  # call number -> arguments
    capabilities: tuple[str, ...] = ()  # granted; "fs.read" is scoped to the data folder


KINDS = (
    Kind("jit", "numeric.py", "blend", "jit", lambda i: (20_000, i % 4)),
    Kind("interp", "text.py", "summarise", "interp", lambda i: (WORDS, 1 + i % 3)),
    Kind(
        "host",
        "host_calls.py",
        "poll",
        "interp",
        lambda i: (1 + i % 4,),
        ("fs.read", "clock", "log"),
    ),
)


def rss_bytes() -> int:
    """The resident set size of this process (/proc/self/statm)."""
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def traced_bytes() -> int:
    """Bytes tracemalloc sees allocated now (0 when it is not tracing)."""
    return tracemalloc.get_traced_memory()[0]


def settled(measure: Callable[[], int]) -> int:
    """`measure()` once nothing unreachable is left: after a full garbage collection
    (extensions hold reference cycles) and with CPython's type attribute cache emptied.
    That cache keeps the name of every attribute looked up (up to 4096 entries, so bounded
    and not the engine's); host calls look members up by freshly made name strings, which
    drifts tracemalloc by about 0.5 KiB per cycle for hundreds of cycles until it is full."""
    gc.collect()
    sys._clear_type_cache()
    return measure()


@dataclass
class Timings:
    """Per-kind call latencies (ns) and load times (ns) of the cycles run so far."""

    calls: dict[str, list[int]] = field(default_factory=lambda: {k.name: [] for k in KINDS})
    loads: dict[str, list[int]] = field(default_factory=lambda: {k.name: [] for k in KINDS})

    def add(self, kind: str, load_ns: int, call_ns: list[int]) -> None:
        self.loads[kind].append(load_ns)
        self.calls[kind].extend(call_ns)

    def all_calls(self) -> list[int]:
        return [ns for kind in KINDS for ns in self.calls[kind.name]]


def percentiles_us(samples_ns: list[int]) -> dict[str, float]:
    """p50, p95, p99 and max of nanosecond samples, in microseconds."""
    values = np.asarray(samples_ns, dtype=np.float64) / 1e3
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {
        "p50_us": float(p50),
        "p95_us": float(p95),
        "p99_us": float(p99),
        "max_us": float(values.max()),
    }


class Churn:
    """The workload over one folder: `cycle()` runs one cycle on `threads` workers.

    `shared_engine`: True for one Engine for every load (how a host embeds the
    engine), False for a fresh Engine per load. The JIT cache and the engine's
    state (quarantine list) live under `folder`, never in the user's home.
    """

    def __init__(self, folder: Path, *, threads: int, calls: int, shared_engine: bool):
        if calls < 2:
            raise ValueError("the JIT kernel runs natively from its second call: calls >= 2")
        self.folder = Path(folder)
        self.threads = threads
        self.calls = calls
        self.data = self.folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        (self.data / "input.txt").write_text("\n".join(INPUT_LINES) + "\n")
        self.engine = self.new_engine() if shared_engine else None
        self.expected = self._reference_results()
        self.cycles_run = 0
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="churn")

    def new_engine(self) -> Engine:
        return Engine(
            lane="auto",
            jit_cache=self.folder / "jit-cache",
            state_dir=self.folder / "state",
            tier_up=TIER_UP,
        )

    def grants(self, kind: Kind) -> dict[str, list[str]]:
        return {cap: [str(self.data)] if cap == "fs.read" else [] for cap in kind.capabilities}

    def load(self, kind: Kind, engine: Engine):
        return engine.load_file(EXTENSIONS / kind.file, grants=self.grants(kind))

    def _reference_results(self) -> dict[tuple[str, int], object]:
        """(kind, call number) -> the interpreter lane's result, for every call of a load."""
        reference = Engine(lane="interp", jit_cache=False, state_dir=self.folder / "state")
        expected = {}
        for kind in KINDS:
            ext = self.load(kind, reference)
            for i in range(self.calls):
                expected[(kind.name, i)] = ext.call(kind.function, *kind.arguments(i))
            ext.close()
        return expected

    def cycle(self, timings: Timings | None = None) -> None:
        """One cycle on every worker; `timings` (if given) receives its latencies."""
        first = self.cycles_run
        kinds = [KINDS[(first + worker) % len(KINDS)] for worker in range(self.threads)]
        for kind, load_ns, call_ns in self._pool.map(self.run_one, kinds):
            if timings is not None:
                timings.add(kind, load_ns, call_ns)
        self.cycles_run += 1

    def run_one(self, kind: Kind) -> tuple[str, int, list[int]]:
        """Load one extension of `kind`, call it `calls` times, check every result, drop it."""
        started = time.perf_counter_ns()
        ext = self.load(kind, self.engine or self.new_engine())
        load_ns = time.perf_counter_ns() - started
        call_ns = []
        for i in range(self.calls):
            args = kind.arguments(i)
            started = time.perf_counter_ns()
            result = ext.call(kind.function, *args)
            call_ns.append(time.perf_counter_ns() - started)
            if result != self.expected[(kind.name, i)]:
                raise AssertionError(
                    f"{kind.name} call {i}: {result!r}, interp lane gave "
                    f"{self.expected[(kind.name, i)]!r}"
                )
        lane = ext.lanes()[kind.function]
        if lane["lane"] != kind.lane:
            raise AssertionError(f"{kind.name}: ran in lane {lane['lane']}: {lane['reason']}")
        ext.close()
        return kind.name, load_ns, call_ns

    def traced_growth(self, cycles: int) -> int:
        """Bytes tracemalloc sees still allocated after `cycles` more cycles, against before
        them (tracing only around them, unless the caller already traces)."""
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        try:
            before = settled(traced_bytes)
            for _ in range(cycles):
                self.cycle()
            return settled(traced_bytes) - before
        finally:
            if started_here:
                tracemalloc.stop()

    def close(self) -> None:
        self._pool.shutdown()
