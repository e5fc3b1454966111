"""Recursion headroom: raising CPython's recursion limit while the engine needs it.

The frontend accepts what CPython accepts (200 nested brackets, deep but
legal statement nesting), and its tree walks recurse a few Python frames per
tree level; the interpreter lane runs extension recursion as Python
recursion. `recursion_headroom()` raises the limit for a compiler walk,
`hold_recursion_limit(frames)` / `release_recursion_limit()` for one run.
Only pure-Python recursion runs inside a compiler walk (Python-to-Python
calls use no C stack in CPython 3.11), so the higher limit cannot overflow
the C stack there.

Invariant: the recursion limit is one number for the whole process, shared
by every thread, so holds are counted under a lock: while any hold is open
the limit is at least the largest one asked for, and the limit the process
had before the first hold comes back only when the last hold is released.
(Saving and restoring it per hold would let one thread's restore cut another
thread's recursion short, and leave a raised limit behind.)
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

COMPILER_RECURSION_LIMIT = 20_000

_lock = threading.Lock()
_holds = 0
_limit_before_holds = 0


def hold_recursion_limit(frames: int) -> None:
    """Raise the recursion limit to at least `frames` until the matching release."""
    global _holds, _limit_before_holds
    with _lock:
        current = sys.getrecursionlimit()
        if _holds == 0:
            _limit_before_holds = current
        _holds += 1
        if current < frames:
            sys.setrecursionlimit(frames)


def release_recursion_limit() -> None:
    """End one hold; the last one open restores the limit from before the first."""
    global _holds
    with _lock:
        _holds -= 1
        if _holds == 0:
            sys.setrecursionlimit(_limit_before_holds)


@contextmanager
def recursion_headroom(frames: int = COMPILER_RECURSION_LIMIT):
    hold_recursion_limit(frames)
    try:
        yield
    finally:
        release_recursion_limit()
