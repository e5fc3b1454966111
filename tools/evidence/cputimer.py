"""The benchmark timer of evidence packs: CPU seconds instead of wall-clock seconds.

`franken bench` runs pytest-benchmark with `--benchmark-timer` set to
`cpu_seconds`: the CPU time of the benchmark process (every thread,
`time.process_time`, nanosecond resolution) plus that of the child processes
it has waited for (benchmarks that time a whole new process; getrusage, which
changes only when a child ends). On a shared machine, time the scheduler
gives to other processes is then not counted, so ratios of two benchmarks
measured minutes apart move far less with the load between them.
"""

from __future__ import annotations

import resource
import time

NAME = f"{__name__}.cpu_seconds"  # the dotted name pytest-benchmark imports


def cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
