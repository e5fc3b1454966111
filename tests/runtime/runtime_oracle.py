"""Helpers for the runtime tests: run a call in the engine and in CPython, compare outcomes.

An outcome is ("ok", normalised value) or ("raise", exception type). NumPy
scalars are compared as Python numbers (the conformance suite does the same),
arrays by dtype and contents, floats bit for bit (via repr), iterators by the
items they yield. `raises_before_the_work` checks that an error comes before
the work it refuses, by the memory traced meanwhile (not by the clock).
"""

from __future__ import annotations

import builtins
import json
import math
import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest

from frankenengine.language import surface
from frankenengine.runtime.limits import Limits, Meter


def reference_table() -> dict[str, object]:
    """CPython's object for every key make_builtins has."""
    table: dict[str, object] = {}
    for name in surface.BUILTIN_NAMES:
        table[name] = getattr(builtins, name, None)
    from frankenengine.runtime.errors import CapabilityDenied

    table["CapabilityDenied"] = CapabilityDenied
    modules = {"math": math, "numpy": np, "json": json}
    for module, members in surface.MODULE_MEMBERS.items():
        for member in members:
            table[f"{module}.{member}"] = getattr(modules[module], member)
    # Deliberate: empty/empty_like return zeros (no uninitialised memory).
    table["numpy.empty"] = np.zeros
    table["numpy.empty_like"] = np.zeros_like
    return table


def new_meter(memory: int = 1 << 30, out: list | None = None) -> Meter:
    return Meter(Limits(memory=memory), write=None if out is None else out.append)


def normalise(v):
    if isinstance(v, np.generic):
        return normalise(v.item())
    if isinstance(v, np.ndarray):
        return ("ndarray", v.dtype.str, v.shape, repr(v.tolist()))
    if isinstance(v, Iterator):
        return ("iter", [normalise(x) for x in v])
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, [normalise(x) for x in v])
    if isinstance(v, float):
        return ("float", repr(v))
    return (type(v).__name__, repr(v))


def outcome(f, *args, **kwargs):
    try:
        with np.errstate(all="ignore"):
            return ("ok", normalise(f(*args, **kwargs)))
    except Exception as exc:
        return ("raise", type(exc))


def oracle_outcome(f, *args, **kwargs):
    """CPython's outcome under the 64-bit rule: an int result outside 64 bits is an OverflowError."""
    try:
        with np.errstate(all="ignore"):
            result = f(*args, **kwargs)
    except Exception as exc:
        return ("raise", type(exc))
    if _has_big_int(result):
        return ("raise", OverflowError)
    return ("ok", normalise(result))


def _has_big_int(v) -> bool:
    if type(v) is int:
        return not -(2**63) <= v < 2**63
    if type(v) in (list, tuple):
        return any(map(_has_big_int, v))
    return False


# What a refusal may allocate: its exception and message, never the refused value.
AT_ONCE_BYTES = 64 << 10


def raises_before_the_work(call, error, match: str | None = None, most: int = AT_ONCE_BYTES):
    """`call()` raises `error` with its traced peak allocation under `most` bytes.

    The counter of "it refused before doing the work": computing `1 << 10**6`
    or `[0] * 10**9` first would allocate the value (tracemalloc sees NumPy's
    buffers too). Memory, not time: a busy machine cannot change it.
    """
    tracemalloc.start()
    try:
        with pytest.raises(error, match=match):
            call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < most, f"allocated {peak} bytes before refusing (at most {most})"
