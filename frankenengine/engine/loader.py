"""The loader: the lanes of one compiled module, built and wired for an `Extension`.

`load_lanes` does, in this order:

1. build the interpreter lane (`InterpModule`) with the extension's host
   built-ins; a problem here is a `CompileError` and nothing of the extension
   has run;
2. attach the host bridge to the lane: call sites, deadline, stopping,
   memory charges and fuel go through the lane's meter;
3. run the module's top-level code, once, through the caller's
   `run_top_level` (the extension reports its errors with its own frames);
4. unless every function is forced to the interpreter, install the JIT side
   (`Tiering`: dispatchers in the globals of the JIT's candidates);
5. when calls are profiled, give every top-level function its frame.

Invariants: tiering and call profiling rebind globals only after the
top-level code has run (what they rebind is what that code bound); every
exported function leaves with a lane and a reason in the profile. `tiering`
(and the JIT's typing with it) is imported by the first load that needs it,
so an interpreter-only run imports nothing of the JIT lane.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from frankenengine.host import HostBridge
from frankenengine.interp.lane import InterpModule, UnavailableBuiltin
from frankenengine.ir.facts import module_facts
from frankenengine.ir.function import IRModule
from frankenengine.language.diagnostics import Diagnostic
from frankenengine.profiles.profile import Profile, TierPolicy
from frankenengine.profiles.stacks import CallTree
from frankenengine.runtime.errors import CompileError

if TYPE_CHECKING:  # imported by `load_lanes` when a lane needs it
    from frankenengine.engine.tiering import Tiering

FORCED_TO_INTERP = "lane forced to interp"


def _jit_salt() -> str:
    """Engine version for the JIT cache key: the sources that shape generated code."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parents[1] / "jit"
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


JIT_SALT = _jit_salt()


class LaneSettings(Protocol):
    """What the loader reads of the engine's settings (an `Engine` is one)."""

    lane: str  # "interp", "jit" or "auto"
    lane_overrides: dict[str, str]  # function name -> lane
    tier_up: TierPolicy
    jit_cache: Path | None
    profile_calls: bool


@dataclass(frozen=True)
class Lanes:
    """What an extension runs on once it has loaded."""

    interp: InterpModule  # runs every call; holds the globals and the meter
    profile: Profile  # per-function calls, lanes and reasons (and the call tree, if profiled)
    tiering: Tiering | None  # the JIT side; None when every function is forced to interp


def load_lanes(
    module: IRModule,
    host: HostBridge,
    settings: LaneSettings,
    *,
    write: Callable[[str], None],
    run_top_level: Callable[[InterpModule], None],
) -> Lanes:
    """The lanes of `module`, its top-level code run (see the module docstring).

    `write` receives what the extension prints; `run_top_level(interp)` runs
    `interp.run_init` under the engine's limits (CompileError before it, if the
    lane cannot be built)."""
    jit_lane = settings.lane != "interp" or set(settings.lane_overrides.values()) - {"interp"}
    loop_poll = settings.tier_up.loop_poll if jit_lane else 0
    interp = build_interpreter(module, host, write, loop_poll)
    profile = Profile(module.exports)
    run_top_level(interp)
    if settings.profile_calls:
        profile.stacks = CallTree(interp.fuel_used)
    tiering = None
    if jit_lane:
        from frankenengine.engine.tiering import Tiering

        tiering = Tiering(
            interp,
            settings.lane,
            profile,
            settings.tier_up,
            settings.jit_cache,
            settings.lane_overrides,
            salt=JIT_SALT,
            calls=profile.stacks,
        )
        tiering.install()
    if settings.profile_calls:
        from frankenengine.engine.tiering import install_call_profiling

        facts = module_facts(module) if tiering is None else tiering.facts
        install_call_profiling(interp, facts, profile)
    if tiering is None:
        for record in profile.functions.values():
            record.reason = FORCED_TO_INTERP
    return Lanes(interp, profile, tiering)


def build_interpreter(module: IRModule, host: HostBridge, write, loop_poll: int = 0):
    """The interpreter lane of `module`, attached to `host` (CompileError if it cannot be
    generated: a built-in this engine lacks, nesting CPython refuses, an engine bug).
    `loop_poll`: how often its loops poll for in-call tier-up (0: never)."""
    try:
        interp = InterpModule(
            module, write=write, host_builtins=host.builtins(), loop_poll=loop_poll
        )
    except UnavailableBuiltin as exc:
        raise CompileError([Diagnostic(module.filename, exc.line, 1, str(exc))]) from None
    except (IndentationError, RecursionError):  # CPython's own nesting limits
        message = "program is nested too deeply for the interpreter lane"
        raise CompileError([Diagnostic(module.filename, 1, 1, message)]) from None
    except Exception as exc:  # an engine bug: report it instead of a traceback
        raise CompileError([internal_error(module.filename, "code generation", exc)]) from exc
    meter = interp.meter
    host.attach(
        line_of_call=interp.call_site_line,
        deadline_left=meter.deadline_left,
        check_deadline=meter.check_deadline,
        halt=meter.halt,
        charge=meter.charge,
        fuel_used=interp.fuel_used,
    )
    return interp


def internal_error(filename: str, phase: str, exc: BaseException) -> Diagnostic:
    """An engine bug met in `phase` (lowering, optimisation, code generation), as a
    diagnostic located in the extension, instead of a traceback."""
    line = getattr(exc, "line", 1) or 1
    return Diagnostic(filename, line, 1, f"internal error in {phase}: {type(exc).__name__}: {exc}")
