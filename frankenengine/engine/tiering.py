"""The JIT lane inside a loaded extension: dispatchers, tier-up and the metering hand-off.

After the module's top-level code has run, every top-level function that the
JIT could take (a `def` bound once, not excluded by `jit.typing.prefilter`)
has its global rebound to a `Dispatcher`, so calls from the host and from
interpreted code both reach it. A dispatcher runs its function in the
interpreter until the function is active (at once in the `jit` lane; once the
profile crosses the `TierPolicy` in `auto`), then specialises it per argument
signature and runs the native code; a signature the JIT rejects runs in the
interpreter, with the reason kept in the profile.

Metering hand-off: the interpreter's fuel countdown, the meter's reserve,
the depth, the memory left and the deadline go into the state array before a
native call and come back after it (also when it raises), so limits hold
across lanes at exactly the same unit. The JIT's limit exceptions become the
engine's errors, and every exception leaving native code carries the
extension's file and line of the failing operation (`franken_jit_frames`).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..jit import checked
from ..jit.compiler import JitModule, Specialisation
from ..jit.jtypes import BOOL, FLOAT, INT, key_of_value
from ..jit.typing import Reject, prefilter
from ..profiles.profile import FunctionProfile, Profile, TierPolicy
from .interp.lane import InterpModule, Location
from .runtime.errors import MemoryLimitExceeded

_MISSING = object()
_SCALAR_KEYS = {int: INT, float: FLOAT, bool: BOOL}
_LIMIT_ERRORS = (checked.FuelOut, checked.TooDeep, checked.OutOfMemory)


class Tiering:
    """The JIT side of one extension (one per `Extension`, used under its lock)."""

    def __init__(
        self,
        interp: InterpModule,
        lane: str,
        profile: Profile,
        policy: TierPolicy,
        cache_dir: Path | None,
        overrides: dict[str, str],
        salt: str,
    ):
        self.interp = interp
        self.module = interp.module
        self.lane = lane
        self.profile = profile
        self.policy = policy
        self.overrides = overrides
        self.jit = JitModule(self.module, self.global_value, cache_dir, salt)
        self.state = np.zeros(checked.ST_SIZE, dtype=np.int64)
        self.dispatchers: dict[str, Dispatcher] = {}

    def global_value(self, index: int):
        try:
            return True, self.interp._getters[index]()
        except NameError:
            return False, None

    def install(self) -> None:
        """Rebind every global that holds a JIT candidate to the candidate's dispatcher."""
        facts = self.jit.facts
        for fid, primary in sorted(facts.primary.items()):
            name = self.module.globals[primary]
            record = self.profile.of(name)
            lane = self.overrides.get(name, self.lane)
            if lane == "interp":
                record.reason = "lane forced to interp"
                continue
            reject = prefilter(self.module, fid)
            if reject is not None:
                record.reason = str(reject)
                continue
            found, current = self.global_value(primary)
            if not found:
                continue
            dispatcher = Dispatcher(self, fid, current, record, active=lane == "jit")
            if lane == "auto":
                record.reason = "not hot yet"
            self.dispatchers[name] = dispatcher
            for index, target in facts.functions.items():
                if target == fid and self.global_value(index) == (True, current):
                    self.interp.put_global(index, dispatcher)

    # -- running native code --------------------------------------------------------
    def run_native(self, spec: Specialisation, args: tuple, record: FunctionProfile):
        interp = self.interp
        meter = interp.meter
        st = self.state
        countdown, depth = interp.handoff(0)
        st[checked.ST_FUEL] = countdown
        st[checked.ST_RESERVE] = meter.fuel_left
        meter.fuel_left = 0
        st[checked.ST_DEPTH] = depth
        st[checked.ST_DMAX] = meter.limits.depth
        budget = max(meter.limits.memory - meter.memory, 0)
        st[checked.ST_MEMORY] = budget
        deadline = getattr(meter, "_deadline", None)
        st[checked.ST_DEADLINE] = 0 if deadline is None else max(int(deadline * 1e9), 1)
        st[checked.ST_TIMED_OUT] = 0
        st[checked.ST_SITE] = -1
        started = time.perf_counter()
        try:
            result = spec.entry(*args, st)
        except _LIMIT_ERRORS as exc:
            self._restore(st, budget, record, started)
            self._limit_error(exc, spec)
        except BaseException as exc:
            self._restore(st, budget, record, started)
            exc.franken_jit_frames = (self.site_location(spec),)
            raise
        self._restore(st, budget, record, started)
        return result

    def _restore(self, st, budget: int, record: FunctionProfile, started: float) -> None:
        """Give fuel and memory back to the interpreter and the meter."""
        meter = self.interp.meter
        meter.fuel_left = int(st[checked.ST_RESERVE])
        self.interp.handoff(max(int(st[checked.ST_FUEL]), 0))
        meter.memory += budget - int(st[checked.ST_MEMORY])
        record.seconds += time.perf_counter() - started

    def _limit_error(self, exc: BaseException, spec: Specialisation):
        meter = self.interp.meter
        frames = (self.site_location(spec),)
        try:
            if isinstance(exc, checked.TooDeep):
                meter.too_deep()
            elif isinstance(exc, checked.OutOfMemory):
                meter.halt(MemoryLimitExceeded("allocation exceeds the memory limit"))
            else:
                meter.check_deadline()
                meter.fuel_left = 0
                meter.refuel(-1)
            raise AssertionError("a limit error was expected") from exc
        except BaseException as error:
            error.franken_jit_frames = frames
            error.__context__ = None
            raise error from None

    def site_location(self, spec: Specialisation) -> Location:
        site = int(self.state[checked.ST_SITE])
        fid, line = spec.sites[site] if 0 <= site < len(spec.sites) else (spec.fid, 0)
        fn = self.module.functions[fid]
        filename = getattr(fn, "filename", "") or self.module.filename
        return Location(filename, line or fn.line, fn.name)

    # -- specialising ---------------------------------------------------------------
    def specialise(self, dispatcher: Dispatcher, key: tuple):
        record = dispatcher.record
        try:
            spec = self.jit.specialise(dispatcher.fid, key)
        except Reject as reject:
            record.reason = str(reject)
            if record.lane != "jit":
                record.lane = "interp"
            return None
        record.compile_seconds += spec.compile_seconds
        record.cache_hits += int(spec.cache_hit)
        record.lane = "jit"
        record.reason = ""
        for fid in spec.members:
            member = self.profile.of(self.module.globals[self.jit.facts.primary[fid]])
            if member.lane != "jit":
                member.lane = "jit"
                member.reason = f"compiled into {dispatcher.record.name}"
        return spec


class Dispatcher:
    """Stands in for a top-level function: interpreter until active, then native code."""

    # Called from the host, it needs no fresh frame stack (lane._trampoline) when it
    # runs native code; when it falls back, interpreted frames run on the host's stack.
    @property
    def native_first(self) -> bool:
        return self.active

    def __init__(self, tiering: Tiering, fid: int, interp_fn, record: FunctionProfile, active):
        self.tiering = tiering
        self.fid = fid
        self.interp_fn = interp_fn
        self.record = record
        self.active = active
        self.specs: dict[tuple, Specialisation | None] = {}
        self.__name__ = record.name

    def __call__(self, *args, **kwargs):
        if self.active and not kwargs:
            spec = self.specialisation(args)
            if spec is not None:
                self.record.calls += 1
                self.record.jit_calls += 1
                return self.tiering.run_native(spec, args, self.record)
        self.record.calls += 1
        return self.interpret(args, kwargs)

    def try_native(self, args: tuple):
        """From the host: (True, result) when native code ran, (False, None) otherwise."""
        spec = self.specialisation(args)
        if spec is None:
            return False, None
        self.record.calls += 1
        self.record.jit_calls += 1
        return True, self.tiering.run_native(spec, args, self.record)

    def specialisation(self, args: tuple) -> Specialisation | None:
        key = tuple(_SCALAR_KEYS.get(a.__class__) or key_of_value(a) for a in args)
        spec = self.specs.get(key, _MISSING)
        if spec is _MISSING:
            spec = None if None in key else self.tiering.specialise(self, key)
            self.specs[key] = spec
        self.record.signatures[key] += 1
        return spec

    def interpret(self, args: tuple, kwargs: dict):
        interp = self.tiering.interp
        before = interp.fuel_used()
        started = time.perf_counter()
        try:
            if kwargs:
                return interp._call_kw(self.interp_fn, args, tuple(kwargs), tuple(kwargs.values()))
            return self.interp_fn(*args)
        finally:
            record = self.record
            record.seconds += time.perf_counter() - started
            record.fuel += interp.fuel_used() - before
            if not self.active and self.tiering.policy.hot(record):
                self.active = True
                record.tier_up_call = record.calls
                record.reason = ""
