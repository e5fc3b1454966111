"""The JIT lane's state array layout and limit errors, without Numba.

The engine lends its meter to native code through one int64 array per call
(`engine.tiering`), and turns the JIT's limit errors back into its own. Both
are needed before (and without) compiling anything, so they live here, apart
from the Numba helpers in `checked` that use them: importing this module
imports no Numba, llvmlite or NumPy.

The state array (int64, one per call from the engine into the JIT lane):

    ST_FUEL      fuel countdown of the current batch
    ST_RESERVE   fuel not yet handed to the countdown
    ST_DEPTH     call depth, ST_DMAX its limit
    ST_MEMORY    bytes the run may still allocate
    ST_SITE      where the last error was raised
    ST_DEADLINE  monotonic deadline in ns (0: none); ST_TIMED_OUT set when passed
    ST_GROW      the interpreter's growth countdown (`_grow`): a store into a list the
                 interpreter cannot type ticks it, and a batch is charged below zero
    ST_INDEX, ST_EXTENT, ST_AXIS   an array index out of bounds (`ArrayIndexOut`): the
                 index, the extent of its axis and the axis, for NumPy's message

ST_SITE holds a site id (below 2**SITE_BITS), or -1 for none. Raised inside a counted loop
whose fuel was charged before it ran (`jit.loops`), the word also carries the units of the
iterations that will not run, above SITE_BITS: `split_site` gives both, and the engine
gives the units back, so the fuel used is the interpreter's.

Invariants: the slots are distinct and below ST_SIZE; `METER_SLOTS` names a
slot for every field of the engine's meter layout (`runtime.limits.MeterSlots`)
and leaves out ST_SITE and ST_TIMED_OUT, which are the JIT's own, and ST_GROW, which the
dispatcher hands over from the interpreter's generated module (`grow_handoff`).
"""

from __future__ import annotations

ST_FUEL = 0
ST_RESERVE = 1
ST_DEPTH = 2
ST_DMAX = 3
ST_MEMORY = 4
ST_SITE = 5
ST_DEADLINE = 6
ST_TIMED_OUT = 7
ST_GROW = 8
ST_INDEX = 9
ST_EXTENT = 10
ST_AXIS = 11
ST_SIZE = 12
SITE_BITS = 32
MAX_COUNTED_TRIPS = 1 << 30  # a counted loop charged before it runs has fewer trips
# The slots that carry the run's metering, by the field of the engine's meter layout
# (`runtime.limits.MeterSlots`) each holds; ST_SITE and ST_TIMED_OUT are the JIT's own.
METER_SLOTS = {
    "countdown": ST_FUEL,
    "reserve": ST_RESERVE,
    "depth": ST_DEPTH,
    "depth_limit": ST_DMAX,
    "memory_budget": ST_MEMORY,
    "deadline_ns": ST_DEADLINE,
}


class FuelOut(Exception):
    """The run's fuel (or its deadline, when ST_TIMED_OUT is set) is exhausted."""


class TooDeep(Exception):
    """The call depth limit is exceeded."""


class OutOfMemory(Exception):
    """An allocation would exceed the memory limit."""


class ArrayIndexOut(Exception):
    """An array index out of bounds: the engine raises NumPy's IndexError in its place,
    worded from ST_INDEX, ST_EXTENT and ST_AXIS (`index_error`)."""


def index_error(st) -> IndexError:
    """NumPy's IndexError for the out-of-bounds index recorded in the state array."""
    index, extent, axis = int(st[ST_INDEX]), int(st[ST_EXTENT]), int(st[ST_AXIS])
    return IndexError(f"index {index} is out of bounds for axis {axis} with size {extent}")


LIMIT_ERRORS = (FuelOut, TooDeep, OutOfMemory)  # what native code raises when a limit is hit


def split_site(word: int) -> tuple[int, int]:
    """(site, fuel units to give back) of the ST_SITE word: see the module docstring."""
    if word < 0:
        return word, 0
    return word & ((1 << SITE_BITS) - 1), word >> SITE_BITS
