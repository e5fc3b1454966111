"""The Hypothesis settings every property test here starts from.

`PROPERTY` is the base profile (no deadline, no example database, no
"explain" phase: its coverage tracing makes a failure cost minutes); modules
derive theirs with their own `max_examples`. Nothing here is derandomised:
every run draws new examples, so the runs together cover more than any one
run's count (the counts keep the whole of tests/properties near two minutes
on the shared 2-core machine). Shrinking one failure may take SHRINK_SECONDS
(Hypothesis' default is 300, conftest.py bounds it), which keeps a failing
run of a module near a minute.

A failure prints its example (the test's assertion message holds the program,
and `print_blob` adds a `@reproduce_failure(...)` line that replays it
exactly). Since there is no example database, a counterexample is kept as a
regression file, which runs on every run from then on: a program with `main()`
as `tests/testdata/properties/bug_NNN.py` (see test_regressions.py; reduce it
first with `python -m tests.properties.oracle FILE --reduce`), a lane parity
case as `tests/testdata/properties/lane_parity/bug_NNN_<what>.py` (see
test_lane_parity.py).
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

SHRINK_SECONDS = 6

PROPERTY = settings(
    deadline=None,
    database=None,
    derandomize=False,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
