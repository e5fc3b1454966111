"""Run the benchmark suite: pytest-benchmark in a child process, writing into the pack.

The child is `python -m pytest FILES --benchmark-only --benchmark-json=...`
run from the repository root with this interpreter, so it measures the
environment repro.lock describes, timing CPU seconds (`cputimer`); it
inherits the environment (the benchmarks' FRANKEN_BENCH_SLOWDOWN hook
included). Its output goes to `pytest.log` in the pack. The peak RSS is that
child's own (and its children's, which it waits for), as the kernel reports
it when the child is reaped (`os.wait4`): no other child of this process,
earlier or bigger, can stand in for it. (Linux starts a child's peak at its
parent's, kept across exec: it is never below this small process's own.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools.evidence import cputimer, packfiles

PYTEST_USAGE_ERROR, NO_TESTS_COLLECTED = 4, 5  # pytest's exit statuses
# The benchmarks' conftest hook: "kernel=N,..." makes those kernels' engine-lane runners
# call N times per round (an injected regression, for testing budgets).
SLOWDOWN_ENV = "FRANKEN_BENCH_SLOWDOWN"


@dataclass(frozen=True)
class SuiteRun:
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


def pytest_argv(
    files: list[str], pack: Path, select: str | None, min_rounds: int | None, max_time: float | None
) -> list[str]:
    """The child's command line, writing its JSON into `pack`."""
    argv = [sys.executable, "-m", "pytest", *files, "--benchmark-only"]
    argv += [f"--benchmark-json={pack / packfiles.BENCHMARKS}"]
    argv += [f"--benchmark-timer={cputimer.NAME}", "-q", "-p", "no:cacheprovider"]
    if select:
        argv += ["-k", select]
    if min_rounds is not None:
        argv.append(f"--benchmark-min-rounds={min_rounds}")
    if max_time is not None:
        argv.append(f"--benchmark-max-time={max_time}")
    return argv


def run(argv: list[str], repo_root: Path, pack: Path) -> SuiteRun:
    started = time.perf_counter()
    with open(pack / packfiles.LOG, "wb") as log:
        child = subprocess.Popen(argv, cwd=repo_root, stdout=log, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:  # interrupted: do not leave the benchmarks running
            child.kill()
            child.wait()
            raise
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.perf_counter() - started
    return SuiteRun(child.returncode, seconds, round(usage.ru_maxrss / 1024, 1))  # KiB on Linux


def _log_lines(pack: Path) -> list[str]:
    return (pack / packfiles.LOG).read_text(errors="replace").splitlines()
