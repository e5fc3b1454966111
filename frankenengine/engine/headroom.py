"""Recursion headroom for the compiler passes that walk syntax trees recursively.

The frontend accepts what CPython accepts (200 nested brackets, deep but
legal statement nesting), and its tree walks recurse a few Python frames per
tree level. `recursion_headroom()` raises CPython's recursion limit for the
duration of such a walk and restores it after. Only pure-Python recursion
runs inside it (Python-to-Python calls use no C stack in CPython 3.11), so
the higher limit cannot overflow the C stack.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

COMPILER_RECURSION_LIMIT = 20_000


@contextmanager
def recursion_headroom(frames: int = COMPILER_RECURSION_LIMIT):
    old = sys.getrecursionlimit()
    if old < frames:
        sys.setrecursionlimit(frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)
