"""In-call tier-up: what polling costs a loop that never gets hot, and what entering gains.

Two groups, each a ratio against the interpreter lane in the same run:

- `cold loop`: a loop of 2,000,000 iterations called once per round in a fresh
  extension, in `auto` with the default policy (it never gets hot within a
  round: a fresh extension has spent nothing yet) and in `auto` with in-call
  tier-up turned off (`loop_poll=0`): the loop's polls must cost nothing
  measurable (goal: auto / interp <= 1.02).
- `one call`: a mandelbrot nest run in a single call (interpreted about
  0.5 s), in `auto` with a tier-up time of 0.1 s, against the interpreter
  lane: with a cold JIT cache (a new folder each round: the loop's worker
  process compiles while the call finishes interpreted, so this is what
  polling and starting the worker cost) and with a warm one (a folder an
  earlier run filled: the outermost loop loads and finishes natively in the
  middle of the call).

    pytest benchmarks/test_loop_entries.py --benchmark-only
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import SUMMARY_WRITERS, median

from frankenengine import Engine, TierPolicy

COLD = """
def spin(n):
    t = 0
    for i in range(n):
        t += i
    return t
"""

ONE_CALL = (Path(__file__).parent / "kernels" / "loop_nest.py").read_text()

RUNS = {
    "cold loop": (COLD, "spin", (2_000_000,)),
    "one call": (ONE_CALL, "count", (160, 120, 60)),
}
LANES = {
    "interp": ("interp", None),
    "auto": ("auto", TierPolicy()),
    "auto, no loop polls": ("auto", TierPolicy(loop_poll=0)),
    "auto, 0.1 s, cold cache": ("auto", TierPolicy(seconds=0.1)),
    "auto, 0.1 s, warm cache": ("auto", TierPolicy(seconds=0.1)),
}
PAIRS = [
    ("cold loop", "interp"),
    ("cold loop", "auto"),
    ("cold loop", "auto, no loop polls"),
    ("one call", "interp"),
    ("one call", "auto, 0.1 s, cold cache"),
    ("one call", "auto, 0.1 s, warm cache"),
]
_MEDIANS: dict[tuple[str, str], float] = {}


@pytest.mark.parametrize(("run", "lane"), PAIRS, ids=[f"{r}-{lane}" for r, lane in PAIRS])
def test_loop_entry(benchmark, run, lane, tmp_path_factory):
    source, call, args = RUNS[run]
    engine_lane, policy = LANES[lane]
    expected = Engine(lane="interp").load(source, name="expected").call(call, *args)
    warm = tmp_path_factory.mktemp("loop-entry-cache")
    if lane.endswith("warm cache"):
        _fill(warm, source, call, args, policy)

    def fresh():
        cache = warm if lane.endswith("warm cache") else tmp_path_factory.mktemp("cold")
        engine = Engine(lane=engine_lane, tier_up=policy, jit_cache=cache)
        return (engine.load(source, name="loops"),), {}

    def once(ext):
        assert ext.call(call, *args) == expected

    benchmark.group = f"loop entry: {run}"
    benchmark.pedantic(once, setup=fresh, rounds=5, iterations=1)
    _MEDIANS[(run, lane)] = median(benchmark)


def _fill(cache, source: str, call: str, args: tuple, policy: TierPolicy) -> None:
    """Run until a worker process has compiled the program's hot loop into `cache`."""
    deadline = time.monotonic() + 600
    while True:
        ext = Engine(lane="auto", tier_up=policy, jit_cache=cache).load(source, name="loops")
        ext.call(call, *args)
        if "jit" in ext.profile.of(call).loops.values():
            return
        assert time.monotonic() < deadline, ext.profile.of(call).loops
        time.sleep(0.5)


def _summary(terminal) -> None:
    if not _MEDIANS:
        return
    write = terminal.write_line
    write("In-call tier-up (median, ratio to the interpreter lane in this run):")
    for run, lane in PAIRS:
        got, base = _MEDIANS.get((run, lane)), _MEDIANS.get((run, "interp"))
        if got is not None and base:
            write(f"  {run:10s} {lane:24s} {got:8.3f} s  {got / base:5.2f}x interp")


SUMMARY_WRITERS.append(_summary)
