"""The `clock` host module: wall time, monotonic time and sleeping.

Invariants: `sleep` never sleeps past the run's deadline: given
`deadline_left()` (seconds left, or None for no deadline), it sleeps at most
that long and then calls `on_deadline()`, which ends the run (the engine's
DeadlineExceeded); negative or NaN lengths are a ValueError before anything
happens, as for `time.sleep`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def check_seconds(seconds: float) -> None:
    if math.isnan(seconds):
        raise ValueError("sleep length must not be nan")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")


class Clock:
    def __init__(
        self,
        deadline_left: Callable[[], float | None] | None = None,
        on_deadline: Callable[[], None] | None = None,
    ):
        self.deadline_left = deadline_left or (lambda: None)
        self.on_deadline = on_deadline or (lambda: None)

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        check_seconds(seconds)
        left = self.deadline_left()
        if left is not None and seconds >= left:
            time.sleep(max(left, 0.0))
            self.on_deadline()
            return
        time.sleep(seconds)
