"""The Hypothesis settings every property test here starts from.

`PROPERTY` is the base profile (no deadline, no example database, no
"explain" phase: its coverage tracing makes a failure cost minutes); modules
derive theirs with their own `max_examples`. Shrinking one failure may take
SHRINK_SECONDS (Hypothesis' default is 300, conftest.py bounds it), which
keeps a failing run of a module near a minute; shrunk programs are then
reduced by hand (or with `python -m tests.properties.oracle FILE`).
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

SHRINK_SECONDS = 6

PROPERTY = settings(
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
