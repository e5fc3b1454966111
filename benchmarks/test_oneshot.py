"""One-shot runs: a whole program in a new process, wall time, start-up included.

Each program of `oneshot/` is run the way a user runs it once: `python3` (the file's
top level, then `main()`), and `franken run FILE` (its top level, then `main`, the
command's default) in the interpreter lane, in the default lane (`auto`) with a cold JIT
cache (a new, empty folder each round) and with a warm one (a folder an earlier run
filled), and in the `jit` lane with a warm cache. Every run must print what CPython
prints. The summary gives each runner's median against `python3`'s and the
interpreter lane's, in the same run: the tiering goal is that `auto` is never slower
than the interpreter lane, and ahead of `python3`.

    pytest benchmarks/test_oneshot.py --benchmark-only
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import SUMMARY_WRITERS, median

PROGRAMS = sorted((Path(__file__).parent / "oneshot").glob("*.py"))
FRANKEN = [sys.executable, "-m", "frankenengine.cli.main", "run"]
ROUNDS = 5
RUNNERS = ("python3", "interp", "auto, cold cache", "auto, warm cache", "jit, warm cache")

_MEDIANS: dict[tuple[str, str], float] = {}  # (program, runner) -> median seconds


def command(runner: str, program: Path) -> list[str]:
    if runner == "python3":
        script = f"import runpy; runpy.run_path({str(program)!r})['main']()"
        return [sys.executable, "-c", script]
    lane = runner.split(",")[0]
    return [*FRANKEN, str(program), "--lane", lane]


def run(argv: list[str], cache: Path) -> str:
    env = dict(os.environ, FRANKEN_JIT_CACHE=str(cache))
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    """What CPython prints for each program."""
    with tempfile.TemporaryDirectory() as unused:
        return {p.stem: run(command("python3", p), Path(unused)) for p in PROGRAMS}


@pytest.mark.parametrize("runner", RUNNERS)
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_oneshot(benchmark, program, runner, expected, tmp_path):
    argv = command(runner, program)
    cache = tmp_path / "warm"
    if "warm" in runner:
        run(argv, cache)  # fills the cache

    def fresh_cache():
        if "cold" in runner:
            shutil.rmtree(cache, ignore_errors=True)
        return (), {}

    benchmark.group = f"one-shot: {program.stem}"
    out = benchmark.pedantic(
        lambda: run(argv, cache), setup=fresh_cache, rounds=ROUNDS, iterations=1
    )
    assert out == expected[program.stem]
    seconds = median(benchmark)
    if seconds is not None:
        _MEDIANS[(program.stem, runner)] = seconds


def _write_table(tr) -> None:
    if not _MEDIANS:
        return
    tr.write_sep("=", f"one-shot runs: wall time, median of {ROUNDS} new processes")
    tr.write_line(f"{'program':<20}{'runner':<20}{'median':>9}{'/ python3':>11}{'/ interp':>10}")
    for program in sorted({p for p, _ in _MEDIANS}):
        python3 = _MEDIANS.get((program, "python3"))
        interp = _MEDIANS.get((program, "interp"))
        for runner in RUNNERS:
            seconds = _MEDIANS.get((program, runner))
            if seconds is None:
                continue
            versus = [f"{seconds / base:.2f}x" if base else "-" for base in (python3, interp)]
            tr.write_line(
                f"{program:<20}{runner:<20}{seconds:>8.2f}s{versus[0]:>11}{versus[1]:>10}"
            )


SUMMARY_WRITERS.append(_write_table)
