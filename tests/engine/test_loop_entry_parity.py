"""In-call tier-up parity: every conformance program, its loops entered natively mid-call.

`auto` with a policy that never compiles a whole function (call and fuel
thresholds out of reach) and makes every loop hot at its second poll, polling
every other iteration: each loop the JIT can take moves to native code at the top
of an iteration with live values that are no longer the initial ones. The
outcome (result, output, error type and line: the golden digest's bytes) and
the fuel used must be the interpreter lane's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frankenengine import TierPolicy
from tools.evidence.checksums import canonical_outcome, conformance_programs, run_program_outcome

PROGRAMS = conformance_programs(Path(__file__).resolve().parents[2])
# Whole functions never tier up; every loop is hot at its first poll, every 2nd iteration.
LOOPS_ONLY = TierPolicy(
    calls=10**9, fuel=10**18, seconds=0.0, loop_poll=2, compile_in_background=False
)


def _run(path, lane: str, policy=None):
    status, report, extension = run_program_outcome(path, lane, policy)
    fuel = None if extension is None else extension.fuel_used()
    entered = {} if extension is None else _entered_loops(extension)
    return canonical_outcome(report, status), fuel, entered


def _entered_loops(extension) -> dict[str, dict]:
    return {
        name: dict(record.loops)
        for name, record in extension.profile.functions.items()
        if record.loops
    }


@pytest.fixture(scope="module")
def entered_anywhere() -> list[str]:
    return []


@pytest.mark.parametrize(("program_id", "path"), PROGRAMS, ids=[p for p, _ in PROGRAMS])
def test_loops_entered_mid_call_keep_the_interpreters_outcome(program_id, path, entered_anywhere):
    expected, expected_fuel, _ = _run(path, "interp")
    got, fuel, entered = _run(path, "auto", LOOPS_ONLY)
    assert got == expected, f"{program_id}: {got!r} != {expected!r} (loops: {entered})"
    assert fuel == expected_fuel, f"{program_id}: fuel {fuel} != {expected_fuel} ({entered})"
    if any("jit" in loops.values() for loops in entered.values()):
        entered_anywhere.append(program_id)


def test_loops_were_entered_natively(entered_anywhere):
    """The parity above is about native loops: many programs must have had one."""
    assert len(entered_anywhere) >= 10, entered_anywhere
