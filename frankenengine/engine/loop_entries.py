"""In-call tier-up (on-stack replacement): a loop that runs long inside one call ends natively.

The interpreter's loops that `ir.outline.loop_interface` accepts poll at the
fuel their iteration charges first, when it takes a new batch from the meter
(batches of `TierPolicy.loop_poll` units while loops poll: a poll costs the
iteration nothing otherwise), passing the values the loop reads.
`LoopEntries.poll` answers (entered, result):

- Not hot yet: each loop adds up the time between its polls (a gap counts
  at most `GAP_CAP`, so a loop of a function called now and then is not
  charged the time between its calls); it is hot once `TierPolicy.paid_for`
  says so (the ski-rental rule of whole functions, the same compile scale),
  at its first poll in the `jit` lane.
- Outermost first: a hot loop makes the polling loops around it (in its
  function) hot and pending, and sets their watch flags so that they poll
  at their next iteration. A loop does not enter while a loop around it is
  pending (for at most `PENDING_WAIT`): the outermost loop that compiles
  takes the whole nest, one compile and one crossing, rather than a
  crossing per inner run.
- Hot: the loop is outlined (`ir.outline.outline`) and specialised per
  signature of the values passed, through `JitModule.with_outlined`; a
  signature the JIT rejects is interpreted on, its reason in the function's
  profile (`FunctionProfile.loops`, by the loop's line).
- In the background: in `auto`, with a JIT cache folder, the compile runs in
  a worker process (`Tiering.start_worker`: the worker types, generates and
  compiles; this process does not import Numba for it) while the interpreter
  goes on, and the loop enters at its first poll after the worker has
  exited, loading the entry from the cache. This process then pays only the
  load, so a loop is hot for this after `TierPolicy.BACKGROUND_SHARE` of the
  tier-up time (a signature the cache holds already loads at once).
- Native: the values cross as a call's arguments do (`Tiering.run_native`:
  the meter lent and taken back, lists as cells written back into the same
  objects), and the loop runs from the top of the iteration the interpreter
  had reached to its end. An error raised natively is located at its line in
  the function's own frame (`franken_jit_continues`: the interpreter's frame
  of the function, at the loop, is the same frame).

Invariants: results, output, fuel and errors are the interpreter's (the
outlined function charges what the loop charges, and no call depth); a loop
of a function whose lane is forced to `interp` never enters; a loop the
interpreter module numbers `k` is `loops[k]` here.
"""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING

from frankenengine.ir.function import IRModule
from frankenengine.ir.outline import LoopInterface, module_with, outline
from frankenengine.jit.jtypes import NONE, Scalar, Tuple, key_of_value
from frankenengine.jit.typing import Reject
from frankenengine.profiles.profile import FunctionProfile

if TYPE_CHECKING:
    from frankenengine.jit.compiler import JitModule, Specialisation

GAP_CAP = 0.25  # seconds: the most one gap between a loop's polls counts
PENDING_WAIT = 0.05  # seconds an inner loop waits for a pending loop around it to poll
_RANGE_ITERATORS = (type(iter(range(0))), type(iter(range(1 << 64))))
_MISSING = object()
_COMPILING = object()  # a worker process is compiling it
BUSY = object()  # `Tiering.start_worker`: another worker is compiling; ask again later
_clock = time.perf_counter


class _Loop:
    """One polling loop: its interface, how hot it is, its specialisations."""

    def __init__(
        self, number: int, interface: LoopInterface, name: str, record: FunctionProfile | None
    ):
        self.number = number  # as the interpreter module numbers it
        self.interface = interface
        self.record = record  # its function's profile, when it is a top-level function
        self.own = FunctionProfile(name)  # the native time of the loop, apart
        self.spent = 0.0
        self.last = 0.0
        self.hot = False
        self.pending = 0.0  # when a hot loop inside it made it hot; 0.0 once it polled
        self.outer: list[_Loop] = []  # the polling loops around it, outermost first
        self.refused = ""  # why it never enters (its lane forced to interp)
        # The module with the loop outlined and appended (`ir.outline.module_with`), made
        # at its first specialisation, and its JIT lane, to load or compile in process.
        self.with_loop: IRModule | None = None
        self.jit: JitModule | None = None
        self.specs: dict[tuple, Specialisation | None] = {}
        self.workers: dict[tuple, subprocess.Popen] = {}  # signatures compiling elsewhere

    def compiling(self) -> bool:
        """Whether a worker process is compiling one of its signatures now."""
        return any(worker.poll() is None for worker in self.workers.values())

    def compiled_elsewhere(self) -> bool:
        """Whether a worker has finished a signature it has not loaded yet."""
        return any(key not in self.specs for key in self.workers)

    def report(self, finding: str) -> None:
        if self.record is not None:
            self.record.loops[self.interface.line] = finding


class LoopEntries:
    """The in-call tier-up of one extension's interpreter module."""

    def __init__(self, tiering):
        """`tiering`: the extension's `engine.tiering.Tiering` (its JIT, interpreter module,
        policy, profile, lane overrides and native runs)."""
        self.tiering = tiering
        module = tiering.module
        top_level = {fid: module.globals[g] for fid, g in tiering.facts.primary.items()}
        self.loops: list[_Loop] = []
        for number, interface in enumerate(tiering.interp.loops):
            fn = module.functions[interface.fid]
            name = top_level.get(interface.fid)
            record = tiering.profile.of(name) if name is not None else None
            loop = _Loop(number, interface, fn.name, record)
            lane = tiering.overrides.get(fn.name, tiering.lane)
            if lane == "interp":
                loop.refused = "lane forced to interp"
            self.loops.append(loop)
        _nest(self.loops)
        self.eager = tiering.lane == "jit"
        self.set_watch = tiering.interp.set_watch

    def poll(self, number: int, values: tuple):
        """A loop's poll: (entered natively, the outlined loop's result)."""
        loop = self.loops[number]
        if loop.refused:
            return False, None
        now = _clock()
        if loop.pending:
            loop.pending = 0.0
            self.set_watch(number, False)
        if not loop.hot:
            if loop.last:
                loop.spent += min(now - loop.last, GAP_CAP)
            loop.last = now
            policy = self.tiering.policy
            background = self.tiering.background  # compiles go to worker processes
            scale = 1.0 if background else self.tiering.compile_scale()
            if not (self.eager or policy.paid_for(loop.spent, scale, background)):
                return False, None
            self._heat(loop, now)
        if self._waiting_for_outer(loop, now):
            return False, None
        args = _arguments(loop.interface, values)
        if args is None:
            loop.report("a for loop over a range the jit cannot take")
            return False, None
        key = tuple(key_of_value(a) for a in args)
        if None in key:
            at = key.index(None)
            loop.report(f"reads a {type(args[at]).__name__} the jit cannot take")
            return False, None
        spec = loop.specs.get(key, _MISSING)
        if spec is _MISSING:
            spec = self._specialise(loop, key)
            if spec is _COMPILING:
                return False, None
            loop.specs[key] = spec
        if spec is None:
            return False, None
        try:
            result = self.tiering.run_native(spec, args, loop.own)
        except BaseException as exc:
            exc.franken_jit_continues = True
            raise
        return True, result

    def _waiting_for_outer(self, loop: _Loop, now: float) -> bool:
        """Whether a loop around `loop` is about to take the whole nest: it compiles in a
        worker, or was asked to poll (its watch flag) less than `PENDING_WAIT` ago. A loop
        around it whose worker has finished is asked to poll now."""
        for outer in loop.outer:
            if outer.refused:
                continue
            if outer.compiling():
                return True
            if outer.compiled_elsewhere() and not outer.pending:
                outer.pending = now
                self.set_watch(outer.number, True)
            if now - outer.pending < PENDING_WAIT:
                return True
        return False

    def _heat(self, loop: _Loop, now: float) -> None:
        """`loop` is hot: so are the loops around it, pending until they poll (next
        iteration)."""
        loop.hot = True
        for outer in loop.outer:
            if not outer.hot and not outer.refused:
                outer.hot = True
                outer.pending = now
                self.set_watch(outer.number, True)

    def _specialise(self, loop: _Loop, key: tuple):
        """The loop's native code for `key`; None (interpreted: the reason reported), or
        `_COMPILING` while a worker process compiles it (`background`)."""
        tiering = self.tiering
        interface = loop.interface
        if loop.with_loop is None:
            outlined = outline(tiering.module.functions[interface.fid], interface)
            loop.with_loop = module_with(tiering.module, outlined)
        if tiering.background and self._compiling(loop, key):
            return _COMPILING
        if loop.jit is None:
            loop.jit = tiering.jit.with_outlined(loop.with_loop)
        jit = loop.jit
        try:
            spec = jit.specialise(jit.outlined_fid, key)
            _check_result(interface, spec)
        except Reject as reject:
            loop.report(str(reject))
            return None
        # Its sites are the function's own lines: errors are located in its frame.
        spec.sites[:] = [
            (interface.fid if f == jit.outlined_fid else f, line) for f, line in spec.sites
        ]
        loop.report("jit")
        if loop.record is not None:
            loop.record.compile_seconds += spec.compile_seconds
            loop.record.cache_hits += int(spec.cache_hit)
        return spec

    def _compiling(self, loop: _Loop, key: tuple) -> bool:
        """Whether a worker process is (now) compiling the loop for `key`: started at the
        first ask unless the cache holds it already; False once it has exited (compiled
        or not: the engine then loads or compiles it in process)."""
        worker = loop.workers.get(key)
        if worker is None:
            outlined_fid = len(loop.with_loop.functions) - 1
            worker = self.tiering.start_worker(loop.with_loop, outlined_fid, key, outlined=True)
            if worker is BUSY:
                return True  # another compile first: asked again at the next poll
            if worker is None:
                return False
            loop.workers[key] = worker
            loop.report("compiling in a worker process")
            return True
        return worker.poll() is None


def _nest(loops: list[_Loop]) -> None:
    """Each loop's `outer`: the polling loops of its function whose region holds it,
    outermost first."""
    for loop in loops:
        interface = loop.interface
        around = [
            other
            for other in loops
            if other is not loop
            and other.interface.fid == interface.fid
            and interface.header in other.interface.region
        ]
        loop.outer = sorted(around, key=lambda other: -len(other.interface.region))


def _arguments(interface: LoopInterface, values: tuple) -> tuple | None:
    """The outlined loop's arguments: `values`, a range loop's (item, iterator) made
    (start, stop, step) of the range that remains, the item first; None when the
    iterator is not a range's."""
    if interface.item < 0:
        return values
    item, iterator = values[-2], values[-1]
    if type(iterator) not in _RANGE_ITERATORS:
        return None
    remaining = iterator.__reduce__()[1][0]
    return (*values[:-2], item, remaining.stop, remaining.step)


def _check_result(interface: LoopInterface, spec: Specialisation) -> None:
    """A loop that returns gives back, on each way out, values only the other way sets:
    those must be scalars (native code leaves them as zeros, which nobody reads)."""
    if not interface.returns:
        return
    items = spec.returns.items if isinstance(spec.returns, Tuple) else ()
    if not all(isinstance(t, Scalar) or t == NONE for t in items):
        raise Reject("a loop that returns, with a list or array read after it")
