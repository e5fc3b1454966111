"""Run the benchmark suite: pytest-benchmark in a child process, writing into the pack.

The child is `python -m pytest FILES --benchmark-only --benchmark-json=...`
run from the repository root with this interpreter, so it measures the
environment repro.lock describes, timing CPU seconds (`cputimer`); it
inherits the environment (the benchmarks' FRANKEN_BENCH_SLOWDOWN hook
included). Its output goes to
`pytest.log` in the pack. The peak RSS is the largest of the child and its
own children, measured by the kernel (`getrusage`), so it must be read before
this process waits for any other child.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import cputimer

JSON_NAME, LOG_NAME = "benchmarks.json", "pytest.log"
PYTEST_USAGE_ERROR, NO_TESTS_COLLECTED = 4, 5  # pytest's exit statuses
# The benchmarks' conftest hook: "kernel=N,..." makes those kernels' engine-lane runners
# call N times per round (an injected regression, for testing budgets).
SLOWDOWN_ENV = "FRANKEN_BENCH_SLOWDOWN"


@dataclass(frozen=True)
class SuiteRun:
    command: list[str]
    exit_code: int
    seconds: float
    peak_rss_mib: float

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def usage_problem(self, pack: Path) -> str | None:
        """Why pytest refused the run's arguments (None when it did not)."""
        if self.exit_code == NO_TESTS_COLLECTED:
            return "no benchmark matched the selection"
        if self.exit_code == PYTEST_USAGE_ERROR:
            errors = [line for line in _log_lines(pack) if line.startswith("ERROR")]
            return "the benchmark run refused its arguments: " + (errors[-1] if errors else "?")
        return None


def command(
    files: list[str], pack: Path, select: str | None, min_rounds: int | None, max_time: float | None
) -> list[str]:
    argv = [sys.executable, "-m", "pytest", *files, "--benchmark-only"]
    argv += [f"--benchmark-json={pack / JSON_NAME}", f"--benchmark-timer={cputimer.NAME}"]
    argv += ["-q", "-p", "no:cacheprovider"]
    if select:
        argv += ["-k", select]
    if min_rounds is not None:
        argv.append(f"--benchmark-min-rounds={min_rounds}")
    if max_time is not None:
        argv.append(f"--benchmark-max-time={max_time}")
    return argv


def run(argv: list[str], repo_root: Path, pack: Path) -> SuiteRun:
    started = time.perf_counter()
    with open(pack / LOG_NAME, "wb") as log:
        done = subprocess.run(argv, cwd=repo_root, stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return SuiteRun(argv, done.returncode, seconds, round(peak_kib / 1024, 1))


def _log_lines(pack: Path) -> list[str]:
    return (pack / LOG_NAME).read_text(errors="replace").splitlines()
