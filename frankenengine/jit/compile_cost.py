"""What a first compile will cost, known without importing Numba.

A specialisation compiles its group and, the first time in a process, the runtime
helpers it reaches (`jit.helpercache`): seconds more, unless an earlier run kept
their machine code in the cache folder. The engine's tier-up policy scales its
threshold by `scale(helpers_kept(cache_dir))`: a compile is worth waiting for only once
interpreting has cost about as much (`profiles.profile.TierPolicy`).

Invariant: imports nothing that loads Numba (the engine reads it before the first
specialisation).
"""

from __future__ import annotations

from pathlib import Path

HELPER_ENTRY_PREFIX = "fe_helpers_"  # the cache entries of the helper modules
COLD_SCALE = 3.0  # measured: a first compile on a cold machine costs about 3x a warm one

_helpers_compiled = False  # set once a specialisation compiled in this process


def helpers_compiled() -> None:
    """Record that this process has compiled the helpers (a specialisation is done)."""
    global _helpers_compiled
    _helpers_compiled = True


def helpers_kept(cache_dir: Path | None) -> bool:
    """Whether `cache_dir` keeps the helpers' machine code (an earlier run compiled them):
    read once per extension, at its load."""
    if cache_dir is None:
        return False
    try:
        return next(Path(cache_dir).glob(f"{HELPER_ENTRY_PREFIX}*.py"), None) is not None
    except OSError:
        return False


def scale(kept: bool) -> float:
    """1.0 when the helpers are kept in the cache folder (`kept`) or compiled in this
    process already, else COLD_SCALE."""
    return 1.0 if kept or _helpers_compiled else COLD_SCALE
