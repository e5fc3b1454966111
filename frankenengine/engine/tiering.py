"""The JIT lane inside a loaded extension: dispatchers, tier-up and the metering hand-off.

After the module's top-level code has run, every top-level function that the
JIT could take (a `def` bound once, not excluded by `jit.typing.prefilter`)
has its global rebound to a `Dispatcher`, so calls from the host and from
interpreted code both reach it. A dispatcher runs its function in the
interpreter until the function is active (at once in the `jit` lane; once the
profile crosses the `TierPolicy` in `auto`), then specialises it per argument
signature and runs the native code; a signature the JIT rejects runs in the
interpreter, with the reason kept in the profile.

Reasons: every exported function the JIT has not taken (lane `interp`) has
a reason in its profile, never an empty one: why it is no candidate (not a
plain top-level def bound once, a prefilter rejection such as `calls print
at line 3`, its lane forced), why a candidate has not run native yet (`not
hot yet`, `not called yet`, `hot: specialised at its next call`, `called
with keyword arguments`) or why a signature was rejected.

Metering hand-off: the interpreter's fuel countdown, the meter's reserve,
the depth, the memory left and the deadline go into the state array before a
native call and come back after it (also when it raises), so limits hold
across lanes at exactly the same unit. The JIT's limit exceptions become the
engine's errors, and every exception leaving native code carries the
extension's file and line of the failing operation (`franken_jit_frames`).

Lists: a list argument's key is `ListT` of its one exact element type
(`jit.jtypes.list_key`; a list of mixed types or an empty list is interpreted, with the
reason). Native code works on one cell per distinct host list, written back into the
same Python object on every exit, return or raise (`jit.cells.ListBoundary`). The
interpreter's growth countdown (`_grow`, which appends tick) is handed over like the
fuel countdown.

Profiling calls (`Engine(profile_calls=True)`): every top-level function's
global is rebound once more so that each call enters a frame of the
extension's `CallTree`: a dispatcher is a `ProfiledDispatcher` (the frame's
lane is the lane the call ran in, and a call that specialised a new signature
gets a `<jit compile>` frame), any other function is wrapped by
`install_call_profiling`. Without profiling nothing of this is installed.
Calls made inside native code (a JIT group's calls) have no frames of their
own: they are folded into the frame of the native entry.

Lazy start: this module and what it imports at load (the JIT's typing and
types, the state array's layout in `jit.state`) are free of Numba. The JIT's
compiler, and with it Numba and llvmlite, is imported at the extension's first
specialisation (`Tiering.jit`), so a load in `auto` and the calls made before
a function is hot never import it.
"""

from __future__ import annotations

import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from frankenengine.engine.crossings import weighed
from frankenengine.engine.loop_entries import BUSY, LoopEntries
from frankenengine.interp.lane import InterpModule, Location
from frankenengine.ir.facts import ModuleFacts, module_facts
from frankenengine.ir.function import IRModule
from frankenengine.ir.opcodes import Op
from frankenengine.jit import compile_cost, compile_job, compile_worker
from frankenengine.jit.jtypes import BOOL, FLOAT, INT, key_of_value, list_key
from frankenengine.jit.state import (
    LIMIT_ERRORS,
    METER_SLOTS,
    ST_FUEL,
    ST_GROW,
    ST_SITE,
    ST_SIZE,
    ST_TIMED_OUT,
    ArrayIndexOut,
    OutOfMemory,
    TooDeep,
    index_error,
    split_site,
)
from frankenengine.jit.typing import Reject, prefilter
from frankenengine.profiles.profile import FunctionProfile, Profile, SignatureTally, TierPolicy
from frankenengine.profiles.stacks import CallTree
from frankenengine.runtime.errors import MemoryLimitExceeded
from frankenengine.runtime.limits import MeterSlots

if TYPE_CHECKING:  # imported for real at the first specialisation (`Tiering.jit`)
    from frankenengine.jit.compiler import JitModule, Specialisation

_MISSING = object()
_clock = time.perf_counter  # times native calls into `FunctionProfile.seconds`
_METER_SLOTS = MeterSlots(**METER_SLOTS)  # the JIT state array's meter layout
_SCALAR_KEYS = {int: INT, float: FLOAT, bool: BOOL}


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
        calls: CallTree | None = None,
    ):
        self.interp = interp
        self.calls = calls  # the call tree when calls are profiled
        self.module = interp.module
        self.lane = lane
        self.profile = profile
        self.policy = policy
        self.overrides = overrides
        self.facts = module_facts(self.module)
        self.cache_dir = cache_dir
        self.salt = salt
        self._jit: JitModule | None = None  # built at the first specialisation (`jit`)
        self.state = np.zeros(ST_SIZE, dtype=np.int64)
        self.dispatchers: dict[str, Dispatcher] = {}
        self.attempts = 0  # signatures handed to the JIT (compiled, loaded or rejected)
        self._helpers_kept: bool | None = None  # read at the first tier-up decision
        # id of a specialisation (each is kept by its JitModule) -> its `crossing`.
        self._crossings: dict[int, object] = {}
        # (id of the module, fid, key) -> its compile job, built once (`start_worker`); the
        # modules are this extension's own and its loops' (each kept by its `_Loop`).
        self._jobs: dict[tuple, compile_job.CompileJob] = {}
        # Whether `auto` compiles in worker processes (`jit.compile_worker`): the policy
        # says so and a JIT cache folder can carry the code back; False for good once a
        # worker cannot be started (the host forbids processes, or has none to spare).
        self.background = lane == "auto" and policy.compile_in_background and bool(cache_dir)

    def start_worker(self, module: IRModule, fid: int, key: tuple, outlined: bool = False):
        """A worker process compiling function `fid` of `module` (this extension's, or it
        with an outlined loop appended: `outlined`) for `key` into the cache. None when
        none is needed: the cache holds it already (`compile_job.cached_entry`), so the
        specialisation in process loads it. `BUSY` while a worker of another job runs (one
        at a time per process: `compile_worker.start`). Numba-free: the engine's process
        imports the compiler only to load what the worker made."""
        job = self._jobs.get((id(module), fid, key))
        if job is None:
            scalars = self._scalars()
            job = compile_job.CompileJob(
                str(self.cache_dir), self.salt, module, self.facts, fid, key, scalars, outlined
            )
            self._jobs[(id(module), fid, key)] = job
        if compile_job.cached_entry(job) is not None:
            return None
        try:
            worker = compile_worker.start(job)
        except OSError as exc:  # no process to be had: compile in process from now on
            self.background = False
            compile_worker.log.warning("no compile worker (%s): compiling in process", exc)
            return None
        return BUSY if worker is None else worker

    def _scalars(self) -> dict:
        """The frozen globals holding a bool, an int or a float: what typing reads."""
        scalars = {}
        for index in sorted(self.facts.frozen):
            found, value = self.global_value(index)
            if found and type(value) in (bool, int, float):
                scalars[index] = value
        return scalars

    def compile_scale(self) -> float:
        """What a compile costs here against a usual one (`jit.compile_cost`)."""
        if self._helpers_kept is None:
            self._helpers_kept = compile_cost.helpers_kept(self.cache_dir)
        return compile_cost.scale(self._helpers_kept)

    @property
    def jit(self) -> JitModule:
        """The module's JIT compiler, built at the first specialisation: importing it
        imports Numba, which a load and interpreted calls never need."""
        if self._jit is None:
            from frankenengine.jit.compiler import JitModule

            self._jit = JitModule(
                self.module, self.global_value, self.cache_dir, self.salt, facts=self.facts
            )
        return self._jit

    def global_value(self, index: int):
        return self.interp.global_value(index)

    def install(self) -> None:
        """Rebind every global that holds a JIT candidate to the candidate's dispatcher;
        every other exported function gets the reason it stays in the interpreter."""
        facts = self.facts
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
                record.reason = "not defined once the module has loaded"
                continue
            kind = Dispatcher if self.calls is None else ProfiledDispatcher
            dispatcher = kind(self, fid, current, record, active=lane == "jit")
            record.reason = NOT_HOT if lane == "auto" else NOT_CALLED
            self.dispatchers[name] = dispatcher
            _rebind(self.interp, facts, fid, current, dispatcher)
        if self.interp.loops:  # in-call tier-up (`engine.loop_entries`)
            self.interp.set_loop_entry(LoopEntries(self).poll)
        candidates = {self.module.globals[primary] for primary in facts.primary.values()}
        for name in self.module.exports:
            record = self.profile.of(name)
            if name not in candidates and record.lane != "jit" and not record.reason:
                record.reason = not_a_candidate(self.module, facts, name)

    # -- running native code --------------------------------------------------------
    def run_native(self, spec: Specialisation, args: tuple, record: FunctionProfile):
        if spec.lists is not None:
            return self._run_with_lists(spec, args, record)
        return self._run(spec, args, record)

    def _run_with_lists(self, spec: Specialisation, args: tuple, record: FunctionProfile):
        """Host lists cross as cells (`jit.cells.ListBoundary`), written back into the same
        Python objects on every exit, return or raise. The interpreter's growth countdown
        (`_grow`, which appends tick) is handed over like the fuel countdown."""
        lists = spec.lists
        with lists.converting("enter"):
            native_args, crossings = lists.enter(args)
        st = self.state
        st[ST_GROW] = self.interp.grow_handoff(0)
        try:
            result = self._run(spec, native_args, record)
        finally:
            self.interp.grow_handoff(int(st[ST_GROW]))
            with lists.converting("leave"):
                lists.leave(crossings)
        with lists.converting("result"):
            return lists.result(result, crossings)

    @cached_property
    def _meter_view(self) -> memoryview:
        """The state array as the meter writes it: a memoryview's item stores and reads
        cost less than NumPy's."""
        return memoryview(self.state)

    @cached_property
    def _lender(self):
        """The interpreter's meter lent into the state array: `(lend, take_back)` of
        `Meter.lender` (the interpreter keeps one meter, reset at every run)."""
        return self.interp.meter.lender(self._meter_view, _METER_SLOTS)

    def _run(self, spec: Specialisation, args: tuple, record: FunctionProfile):
        return self.crossing(spec, record)(args)

    def crossing(self, spec: Specialisation, record: FunctionProfile):
        """`cross(args)`: `spec`'s native code run on `args`, the meter lent to it and taken
        back (also when it raises), its time added to `record`. One per specialisation,
        every name bound once: a hot loop in interpreted code makes it at each call."""
        found = self._crossings.get(id(spec))
        if found is not None:
            return found
        entry, state, view = spec.entry, self.state, self._meter_view
        lend, take_back = self._lender
        handoff = self.interp.handoff
        clock = _clock

        def cross(args: tuple):
            lent = lend(*handoff(0))
            view[ST_TIMED_OUT] = 0
            view[ST_SITE] = -1
            started = clock()
            try:
                result = entry(*args, state)
            except BaseException as exc:
                self._native_error(exc, spec, lent, record, started)
            handoff(take_back(lent))
            record.seconds += clock() - started
            return result

        self._crossings[id(spec)] = cross
        return cross

    def scalar_runner(self, spec: Specialisation, record: FunctionProfile, tally: SignatureTally):
        """`run(args)`: `crossing` with the counting of `Dispatcher.__call__` folded in."""
        cross = self.crossing(spec, record)

        def run(args: tuple):
            tally.calls += 1
            record.calls += 1
            record.jit_calls += 1
            return cross(args)

        return run

    def _native_error(self, exc: BaseException, spec, lent: int, record, started: float):
        """Raise what native code raised as the engine raises it, the meter given back."""
        view = self._meter_view
        self._give_back_uncounted(view)
        self._restore(lent, record, started)
        if isinstance(exc, LIMIT_ERRORS):
            self._limit_error(exc, spec)
        if isinstance(exc, ArrayIndexOut):
            error = index_error(view)
            error.franken_jit_frames = (self.site_location(spec),)
            raise error from None
        exc.franken_jit_frames = (self.site_location(spec),)
        raise exc

    @staticmethod
    def _give_back_uncounted(view) -> None:
        """An error raised in a loop whose fuel was charged before it ran: give back the
        units of the iterations that will not run (`jit.state.split_site`)."""
        site, units = split_site(view[ST_SITE])
        if units:
            view[ST_SITE] = site
            view[ST_FUEL] += units

    def _restore(self, lent: int, record: FunctionProfile, started: float) -> None:
        """Give fuel and memory (`lent`: the memory budget lent) back to the interpreter."""
        self.interp.handoff(self._lender[1](lent))
        record.seconds += _clock() - started

    def _limit_error(self, exc: BaseException, spec: Specialisation):
        meter = self.interp.meter
        frames = (self.site_location(spec),)
        try:
            if isinstance(exc, TooDeep):
                meter.too_deep()
            elif isinstance(exc, OutOfMemory):
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
        site = int(self.state[ST_SITE])
        fid, line = spec.sites[site] if 0 <= site < len(spec.sites) else (spec.fid, 0)
        fn = self.module.functions[fid]
        filename = getattr(fn, "filename", "") or self.module.filename
        return Location(filename, line or fn.line, fn.name)

    # -- specialising ---------------------------------------------------------------
    def specialise(self, dispatcher: Dispatcher, key: tuple, args: tuple):
        """The native code for a new signature `key` (of `args`), or None to interpret."""
        record = dispatcher.record
        if None in key:
            at = key.index(None)
            if type(args[at]) is list:
                return _fallback(record, f"takes {list_key(args[at])} (argument {at + 1})")
            kind = type(args[at]).__name__
            return _fallback(record, f"takes a {kind} (argument {at + 1})")
        self.attempts += 1
        try:
            spec = self.jit.specialise(dispatcher.fid, key)
        except Reject as reject:
            return _fallback(record, str(reject))
        record.compile_seconds += spec.compile_seconds
        record.cache_hits += int(spec.cache_hit)
        record.lane = "jit"
        record.reason = ""
        for fid in spec.members:
            member = self.profile.of(self.module.globals[self.facts.primary[fid]])
            if member.lane != "jit":
                member.lane = "jit"
                member.reason = f"compiled into {dispatcher.record.name}"
        return spec


# Why a dispatcher's function is still in the interpreter before any signature was tried.
NOT_HOT = "not hot yet"  # `auto`, below the tier-up policy
NOT_CALLED = "not called yet"  # `jit`: specialised at its first call
HOT = "hot: specialised at its next call"  # `auto`, crossed the policy on its last call
KEYWORDS = "called with keyword arguments"  # the JIT takes positional calls only
COMPILING = "compiling in a worker process"  # `auto`, hot, compiled in the background
_WAITING = (NOT_HOT, NOT_CALLED, HOT, COMPILING)


def not_a_candidate(module, facts: ModuleFacts, name: str) -> str:
    """Why the top-level function `name` is no JIT candidate (`module_facts`)."""
    if name not in module.globals:
        return "not a top-level function"
    index = module.globals.index(name)
    if index not in facts.frozen:
        return "its name is rebound at run time"
    ops = [
        op
        for fn in module.functions
        for op, a in zip(fn.insts["op"].tolist(), fn.insts["a"].tolist(), strict=True)
        if op in (Op.store_global, Op.del_global) and a == index
    ]
    if Op.del_global in ops:
        return "its name is deleted at the top level"
    if len(ops) > 1:
        return "its name is bound more than once"
    return "its name is not bound by its def alone"


def _fallback(record: FunctionProfile, reason: str) -> None:
    """A signature stays in the interpreter, for `reason` (kept if other signatures run native)."""
    record.reason = reason
    if record.lane != "jit":
        record.lane = "interp"


def _scalars(classes: tuple) -> bool:
    """Whether every argument is an int, float or bool (a scalar signature)."""
    return all(c in _SCALAR_KEYS for c in classes)


def _classes(args: tuple) -> tuple:
    """The classes of `args` (`a.__class__`, as the key of each is looked up)."""
    if len(args) == 2:
        return (args[0].__class__, args[1].__class__)
    if len(args) == 1:
        return (args[0].__class__,)
    return tuple([a.__class__ for a in args])


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
        # Scalar calls seen before: their argument classes -> (the tally of their key in the
        # profile's signatures, spec) (`specialisation`).
        self.scalar_specs: dict[tuple, tuple[SignatureTally, Specialisation | None]] = {}
        # ... and those with native code, the classes -> `Tiering.scalar_runner` (host
        # calls), and -> how a call from interpreted code runs (`_scalar_run`).
        self.native_runs: dict[tuple, object] = {}
        self.scalar_runs: dict[tuple, object] = {}
        # ... and calls from interpreted code with lists or arrays: classes -> `_weighed`.
        self.other_runs: dict[tuple, object] = {}
        self.worker = None  # the worker process compiling it in the background, once hot
        self.__name__ = record.name

    def __repr__(self) -> str:  # the function it stands in for, as the extension sees it
        return repr(self.interp_fn)

    def __call__(self, *args, **kwargs):
        if self.active and not kwargs:
            classes = _classes(args)
            run = self.scalar_runs.get(classes)
            if run is not None:  # a scalar signature that runs native: the hot path
                return run(args)
            if self.tiering.policy.weigh_crossings and not _scalars(classes):
                # Lists and arrays: a crossing copies lists in and out, weigh it too.
                run = self.other_runs.get(classes)
                if run is None:
                    run = self.other_runs[classes] = self._weighed(self._native_call, None)
                return run(args)
            return self._native_call(args)
        self.record.calls += 1
        return self.interpret(args, kwargs)

    def _keyword_reason(self, kwargs: dict) -> None:
        """A call interpreted while active (keyword arguments) says so, unless a reason of a
        signature (or a native lane) is already recorded."""
        record = self.record
        if kwargs and self.active and record.lane != "jit" and record.reason in _WAITING:
            record.reason = KEYWORDS

    def try_native(self, args: tuple):
        """From the host: (True, result) when native code ran, (False, None) otherwise."""
        run = self.native_runs.get(_classes(args))
        if run is not None:
            return True, run(args)
        spec = self.specialisation(args)
        if spec is None:
            return False, None
        return True, self.native(spec, args)

    def native(self, spec: Specialisation, args: tuple):
        """Run `spec`'s native code, the call counted."""
        self.record.calls += 1
        self.record.jit_calls += 1
        return self.tiering.run_native(spec, args, self.record)

    def specialisation(self, args: tuple) -> Specialisation | None:
        # The key of int, float and bool arguments depends on their classes alone, so a
        # scalar call seen before finds its spec, and the tally that counts its key, by the
        # classes (which hash in C; a key of JIT types hashes in Python).
        classes = _classes(args)
        seen = self.scalar_specs.get(classes)
        if seen is not None:
            seen[0].calls += 1
            return seen[1]
        key = tuple(_SCALAR_KEYS.get(a.__class__) or key_of_value(a) for a in args)
        scalar = _scalars(classes)
        if scalar:
            tally = self.record.tally(key)
            tally.calls += 1
        else:
            self.record.signatures[key] += 1
        spec = self.specs.get(key, _MISSING)
        if spec is _MISSING:
            spec = self.specs[key] = self.tiering.specialise(self, key, args)
        if scalar:
            self.scalar_specs[classes] = (tally, spec)
            if spec is not None and spec.lists is None:
                self.scalar_runs[classes] = self._scalar_run(spec, tally, classes)
        return spec

    def _scalar_run(self, spec: Specialisation, tally: SignatureTally, classes: tuple):
        """How a call from interpreted code with this scalar signature runs: native, or
        (the policy weighing crossings) whichever lane `crossings.weighed` finds cheaper."""
        native = self.tiering.scalar_runner(spec, self.record, tally)
        self.native_runs[classes] = native
        if not self.tiering.policy.weigh_crossings:
            return native
        return self._weighed(native, tally)

    def _native_call(self, args: tuple):
        """A call without keywords from interpreted code: native when its signature
        specialises (`specialisation` reads lists' element types), else interpreted."""
        spec = self.specialisation(args)
        if spec is None:
            self.record.calls += 1
            return self.interpret(args, {})
        return self.native(spec, args)

    def _weighed(self, native, tally: SignatureTally | None):
        """`native` weighed against interpreting the call (`crossings.weighed`)."""
        record, function = self.record, self.interp_fn

        def interpret(args: tuple):  # an active dispatcher's interpreted call, lean
            if tally is not None:
                tally.calls += 1
            record.calls += 1
            return function(*args)

        def report(finding: str) -> None:
            record.crossing = finding

        fuel_used = self.tiering.interp.fuel_used
        return weighed(native, interpret, fuel_used, report, self.settle_interpreted)

    def settle_interpreted(self) -> None:
        """Calls from interpreted code cost less interpreted: bind the function's globals
        to the interpreted function (host calls and native callers still run native)."""
        interp = self.tiering.interp
        name = self.record.name
        if interp.function(name) is self:
            interp.set_host_entry(name, self)
        _rebind(interp, self.tiering.facts, self.fid, self, self.interp_fn)

    def interpret(self, args: tuple, kwargs: dict):
        interp = self.tiering.interp
        before = interp.fuel_used()
        started = time.perf_counter()
        try:
            if kwargs:
                names, values = tuple(kwargs), tuple(kwargs.values())
                return interp.call_with_keywords(self.interp_fn, args, names, values)
            return self.interp_fn(*args)
        finally:
            record = self.record
            record.seconds += time.perf_counter() - started
            record.fuel += interp.fuel_used() - before
            if not self.active and self._ready(args, kwargs):
                self.active = True
                record.tier_up_call = record.calls
                if record.reason in (NOT_HOT, COMPILING):
                    record.reason = HOT
            else:
                self._keyword_reason(kwargs)

    def _ready(self, args: tuple, kwargs: dict) -> bool:
        """After an interpreted call: whether the function goes native from its next call.
        Once hot, with compiles in the background (`Tiering.background`), a worker process
        first compiles it for this call's signature, and the function stays interpreted
        until the worker has exited (its next call then loads the code from the cache)."""
        tiering = self.tiering
        if self.worker is not None:
            return self.worker.poll() is not None
        background = tiering.background
        if not tiering.policy.hot(self.record, tiering.compile_scale(), background):
            return False
        if not background or kwargs:
            return True
        key = tuple(key_of_value(a) for a in args)
        if None in key:
            return True  # its first native call says why it stays interpreted
        worker = tiering.start_worker(tiering.module, self.fid, key)
        if worker is BUSY:
            return False  # asked again after its next call
        if worker is None:
            return True
        self.worker = worker
        self.record.reason = COMPILING
        return False


class ProfiledDispatcher(Dispatcher):
    """A dispatcher whose every call is a frame of the call tree (when calls are profiled)."""

    native_first = False  # a call from the host comes through `__call__` too, for its frame

    def __call__(self, *args, **kwargs):
        calls = self.tiering.calls
        started = calls.clock()
        spec = None
        attempts = self.tiering.attempts
        if self.active and not kwargs:
            spec = self.specialisation(args)
        entered = calls.enter(self.record.name, "interp" if spec is None else "jit", started)
        try:
            if self.tiering.attempts > attempts:
                calls.compiled(calls.clock() - started)
            if spec is not None:
                return self.native(spec, args)
            self.record.calls += 1
            return self.interpret(args, kwargs)
        finally:
            calls.leave(entered)


def install_call_profiling(interp: InterpModule, facts: ModuleFacts, profile: Profile) -> None:
    """Give every top-level function a frame in `profile.stacks` at each call.

    Dispatchers profile themselves (`ProfiledDispatcher`); every other function
    global is rebound to a wrapper that enters and leaves its frame. Each
    function's profile learns where it is defined.
    """
    calls = profile.stacks
    module = interp.module
    for fid, primary in sorted(facts.primary.items()):
        name = module.globals[primary]
        fn = module.functions[fid]
        record = profile.of(name)
        record.file, record.line = fn.filename or module.filename, fn.line
        found, current = interp.global_value(primary)
        if found and not isinstance(current, ProfiledDispatcher):
            wrapper = _profiled_function(current, name, calls, interp.call_with_keywords)
            _rebind(interp, facts, fid, current, wrapper)


def _profiled_function(fn, name: str, calls: CallTree, call_kw):
    """`fn` (an interpreted function) entering a frame of `calls` at each call."""
    enter, leave = calls.enter, calls.leave

    def profiled(*args, **kwargs):
        entered = enter(name, "interp")
        try:
            if kwargs:
                return call_kw(fn, args, tuple(kwargs), tuple(kwargs.values()))
            return fn(*args)
        finally:
            leave(entered)

    profiled.__name__ = name
    return profiled


def _rebind(interp: InterpModule, facts: ModuleFacts, fid: int, current, replacement) -> None:
    """Every global holding function `fid` (its def's global and its aliases) -> `replacement`."""
    for index, target in facts.functions.items():
        if target == fid and interp.global_value(index) == (True, current):
            interp.rebind(index, replacement)
