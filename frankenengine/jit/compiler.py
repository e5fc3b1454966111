"""Specialise and compile: (function, argument types) -> native code through Numba.

`JitModule` is the JIT lane of one loaded module. `specialise(fid, key)`
types the function for the argument types `key` (and, through its calls, the
eligible functions it calls, which join the same generated group so that
calls between them are native), generates the group's Numba source, and
compiles the root with an explicit signature. A rejection is a `Reject` with
its reason; results (both kinds) are memoised per (function, signature).

Disk cache (`diskcache.py`): with a cache directory that passes the checks
(the user's own, private; otherwise a warning, and compiling in memory), the
generated source is kept as `fe_<digest>.py` (the digest covers the source,
its constants and the versions of Python, NumPy, Numba, llvmlite and the
engine) and Numba's machine code beside it, so a second process finds it and
does not compile again (`Specialisation.cache_hit`). The engine always runs
the source it has just generated, never the file: the file is compared with
it byte for byte, and Numba's files of an entry are used only when it
matches; a mismatch is a tampered entry (warned, recorded in `cache_events`,
compiled again and rewritten). Either way only engine-generated source is
executed.
"""

from __future__ import annotations

import contextlib
import platform
import sys
import threading
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

import llvmlite
import numba
import numpy as np
from numba import types as nbtypes
from numba.core.dispatcher import Dispatcher as NumbaDispatcher

from frankenengine.ir.facts import ModuleFacts, module_facts
from frankenengine.ir.function import IRModule
from frankenengine.ir.opcodes import OPCODES, Op
from frankenengine.jit import cells, compile_cost, diskcache, helpercache, rows
from frankenengine.jit.codegen import ENTRY, GeneratedGroup, GroupCodegen
from frankenengine.jit.jtypes import (
    BOOL,
    FLOAT,
    INT,
    INT_OR_FLOAT,
    NONE,
    Array,
    ListT,
    Scalar,
    Tuple,
)
from frankenengine.jit.list_boundary import ListBoundary, holds_list
from frankenengine.jit.typing import Reject, Typed, infer

_MAX_ROUNDS = 8  # retyping rounds for recursive result types


@dataclass
class Specialisation:
    fid: int
    key: tuple
    entry: object  # the compiled function's entry point: entry(*args, st)
    returns: object
    sites: list[tuple[int, int]]
    members: list[int]  # function ids compiled in the group
    compile_seconds: float
    cache_hit: bool
    source: str = field(repr=False, default="")
    # What the disk cache did: "off" (none), "refused" (compiled in memory: see
    # `JitModule.cache_events`), "hit", "miss" (compiled and stored) or "tampered" (the
    # entry on disk was not the generated source: ignored, compiled and rewritten).
    cache_event: str = "off"
    # Whether its code ticks the interpreter's growth countdown (appends to lists).
    counts_growth: bool = False
    # How lists cross the boundary (None: no list argument or result, and no append).
    lists: ListBoundary | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        returns_list = holds_list(self.returns)
        if returns_list or self.counts_growth or any(isinstance(t, ListT) for t in self.key):
            self.lists = ListBoundary(self.key, self.returns)


def numba_type(t):
    if t == BOOL:
        return nbtypes.boolean
    if t == INT:
        return nbtypes.int64
    if t == FLOAT:
        return nbtypes.float64
    if t == NONE:
        return nbtypes.none
    if isinstance(t, ListT):
        return rows.rows_type(t.dtype) if t.nested else cells.cell_type(t.dtype)
    if isinstance(t, Array):
        dtype = {"bool": nbtypes.boolean, "int64": nbtypes.int64, "float64": nbtypes.float64}
        return nbtypes.Array(dtype[t.dtype], t.ndim, t.layout)
    if isinstance(t, Tuple):
        items = [numba_type(item) for item in t.items]
        if items and all(item == items[0] for item in items):
            return nbtypes.UniTuple(items[0], len(items))
        return nbtypes.Tuple(items)
    raise TypeError(f"no numba type for {t!r}")


_STATE = nbtypes.Array(nbtypes.int64, 1, "C")
_compile_lock = threading.RLock()  # Numba's compiler is not re-entrant across threads
_refusals_warned: set[tuple[str, str]] = set()  # (folder, why) already logged


class JitModule:
    """The JIT lane of one module: specialisations by (function id, argument types)."""

    def __init__(
        self,
        module: IRModule,
        global_value,
        cache_dir: Path | None,
        salt: str = "",
        facts: ModuleFacts | None = None,
    ):
        self.module = module
        self.facts = module_facts(module) if facts is None else facts  # given: already computed
        self.global_value = global_value  # index -> (found, value) of a module global
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.salt = salt
        self.results: dict[tuple[int, tuple], Specialisation | Reject] = {}
        # (event, path, why) of every refused folder or entry and every tampered entry.
        self.cache_events: list[tuple[str, str, str]] = []
        self._folder: diskcache.CacheFolder | None = None
        self._folder_checked = False

    def cache_folder(self) -> diskcache.CacheFolder | None:
        """The checked disk cache folder, or None (no cache, or refused: recorded in
        `cache_events`, and logged once per process for each folder and reason)."""
        if not self._folder_checked and self.cache_dir is not None:
            self._folder_checked = True
            self._folder, problem = diskcache.open_folder(self.cache_dir)
            if self._folder is None:
                self.cache_events.append(("refused", str(self.cache_dir), problem))
                with _compile_lock:
                    warn = (str(self.cache_dir), problem) not in _refusals_warned
                    _refusals_warned.add((str(self.cache_dir), problem))
                if warn:  # once per process: a host may load many extensions
                    diskcache.log.warning(
                        "jit cache folder %s refused: %s; compiling in memory only",
                        self.cache_dir,
                        problem,
                    )
        return self._folder

    @contextlib.contextmanager
    def helpers_cached(self):
        """Hold the compiler and let the runtime helpers compile through the disk cache
        (`jit.helpercache`): around a specialisation's compile, and its first crossing
        (the list boundary's helpers compile at their first call from Python)."""
        with (
            _compile_lock,
            helpercache.attached(self.cache_folder(), self.salt, _versions()) as refused,
        ):
            for event, path, why in refused:
                diskcache.log.warning("jit cache entry %s %s: %s", path, event, why)
            self.cache_events.extend(refused)
            yield

    def eligible_function(self, fid: int) -> bool:
        """A top-level function bound once to its global name (the only ones the JIT takes),
        or the outlined loop of a module made by `with_outlined`."""
        return fid in self.facts.functions.values() or fid == self.outlined_fid

    outlined_fid = -1  # the outlined loop's function id in a module made by `with_outlined`

    def with_outlined(self, module: IRModule) -> JitModule:
        """The JIT lane of `module`, this module with an outlined loop appended as its last
        function (`ir.outline.module_with`; `outlined_fid`): the loop's group types and
        compiles its calls to the module's functions as any root does. Same cache folder,
        salt, globals and facts."""
        jit = JitModule(module, self.global_value, self.cache_dir, self.salt, facts=self.facts)
        jit.outlined_fid = len(module.functions) - 1
        return jit

    def specialise(self, fid: int, key: tuple) -> Specialisation:
        found = self.results.get((fid, key))
        if found is None:
            try:
                found = self._specialise(fid, key)
            except Reject as reject:
                found = reject
            self.results[(fid, key)] = found
        if isinstance(found, Reject):
            raise found
        return found

    # -- typing -------------------------------------------------------------------
    def type_group(self, fid: int, key: tuple) -> dict[tuple[int, tuple], Typed]:
        """The typed functions of `fid`'s group for `key`. A recursive call reads the
        callee's assumed result (None at first) and the callee is typed again until its
        result settles. A function typed under the assumption of a caller still being
        typed (mutual recursion: `is_odd` typed inside `is_even`) is tentative: it is typed
        again in that caller's next round, and kept once the caller settles."""
        done: dict[tuple[int, tuple], Typed] = {}
        assumed: dict[tuple[int, tuple], object] = {}
        active: list[tuple[int, tuple]] = []
        reads: list[int] = []  # per active frame: the lowest frame whose assumption it read
        tentative: dict[tuple[int, tuple], Typed] = {}

        def type_one(f: int, sig: tuple):
            k = (f, sig)
            if k in done:
                return done[k].returns
            if k in active:
                reads[-1] = min(reads[-1], active.index(k))
                return assumed.get(k)
            if not self.eligible_function(f):
                raise Reject("calls a function that is not a top-level def")
            frame = len(active)
            active.append(k)
            reads.append(frame)
            try:
                for _ in range(_MAX_ROUNDS):
                    typed = infer(self.module, f, sig, self.facts, self.global_value, callee)
                    if typed.returns == assumed.get(k):
                        break
                    assumed[k] = typed.returns
                else:
                    raise Reject("recursive result type does not settle")
            finally:
                active.pop()
                lowest = reads.pop()
            if lowest < frame:  # read a caller's assumption: typed again in its next round
                reads[-1] = min(reads[-1], lowest)
                tentative[k] = typed
                return typed.returns
            for settled in [k, *tentative]:  # typed in this (last) round: final now
                final = typed if settled == k else tentative.pop(settled)
                _check_complete(self.module, final)
                done[settled] = final
            return typed.returns

        def callee(f: int, sig: tuple, line: int):
            try:
                return type_one(f, sig)
            except Reject as reject:
                if reject.reason.startswith("calls "):
                    raise
                name = self.module.functions[f].name
                raise Reject(f"calls {name} ({reject})", line) from None

        type_one(fid, key)
        return done

    # -- compiling ----------------------------------------------------------------
    def group_specs(self, fid: int, key: tuple) -> list[Typed]:
        """The typed members of function `fid`'s group for the argument types `key`, `fid`
        first (Reject when the JIT cannot take it)."""
        if self.module.functions[fid].signature.n_kwonly:  # the engine passes positionally
            raise Reject("keyword-only parameters", self.module.functions[fid].line)
        group = self.type_group(fid, key)
        root = group[(fid, key)]
        if not (root.returns is None or isinstance(root.returns, Scalar | Array | Tuple | ListT)):
            raise Reject("returns a value the jit cannot give back")
        called = {c for typed in group.values() for c in typed.calls.values()}
        for member, typed in group.items():
            # Only the entry gives an int-or-float back (to the host, as an int or a float).
            if typed.returns == INT_OR_FLOAT and (member != (fid, key) or member in called):
                fn = self.module.functions[member[0]]
                raise Reject(f"a call of {fn.name}, which returns an int or a float", fn.line)
        return [root] + [t for k, t in group.items() if k != (fid, key)]

    def generate(self, fid: int, key: tuple) -> GeneratedGroup:
        """The Numba source of function `fid`'s group for `key`, not compiled (or Reject)."""
        return GroupCodegen(self.module, self.group_specs(fid, key), cache=False).generate()

    def _specialise(self, fid: int, key: tuple) -> Specialisation:
        started = time.perf_counter()
        specs = self.group_specs(fid, key)
        root = specs[0]
        generated = GroupCodegen(self.module, specs, cache=False).generate()
        entry, event, cache_hit = self.compile_generated(generated, key, not _mutual(specs))
        if root.returns == INT_OR_FLOAT:
            entry = _int_or_float_result(entry)
        made = Specialisation(
            fid=fid,
            key=key,
            entry=entry,
            returns=root.returns,
            sites=generated.sites,
            members=sorted({t.fid for t in specs}),
            compile_seconds=time.perf_counter() - started,
            cache_hit=cache_hit,
            source=generated.source,
            cache_event=event,
            counts_growth=any(f"{h}(" in generated.source for h in cells.GROWTH_HELPERS),
        )
        if made.lists is not None:
            made.lists.first_crossing = self.helpers_cached
        compile_cost.helpers_compiled()
        return made

    def compile_generated(self, generated, key: tuple, cacheable: bool):
        """(entry point, cache event, cache hit) of `generated` (a group's source and
        constants) compiled for the root's argument types `key`, through the disk cache
        when `cacheable` (Reject when Numba refuses it)."""
        with self.helpers_cached():
            namespace, event, tighten = self._load(generated, cacheable)
            dispatcher = namespace[ENTRY]
            signature = tuple(numba_type(t) for t in key) + (_STATE,)
            reused = signature in dispatcher.overloads  # loaded by an earlier Engine
            hits = sum(dispatcher.stats.cache_hits.values())
            try:
                dispatcher.compile(signature)
            except Exception as exc:  # Numba refused generated code: an engine limitation
                raise Reject(f"numba could not compile it ({type(exc).__name__})") from exc
            finally:
                if tighten is not None:
                    tighten()
            cache_hit = reused or sum(dispatcher.stats.cache_hits.values()) > hits
            entry = dispatcher.overloads[signature].entry_point
        if event == diskcache.VERIFIED:
            event = "hit" if cache_hit else "miss"
        elif event == diskcache.NEW:
            event = "miss"
        return entry, event, cache_hit

    def compile_into_cache(self, fid: int, key: tuple) -> str | None:
        """Compile function `fid` for `key` into the disk cache (a compile worker's job):
        the entry's name, or None when it cannot go there (no usable folder, a group of
        mutually recursive functions). Reject when the JIT cannot take it."""
        specs = self.group_specs(fid, key)
        if self.cache_folder() is None or _mutual(specs):
            return None
        generated = GroupCodegen(self.module, specs, cache=False).generate()
        self.compile_generated(generated, key, cacheable=True)
        return self.entry_name(generated) if self.compiled_on_disk(generated) else None

    def compiled_on_disk(self, generated) -> bool:
        """Whether the disk cache holds `generated` compiled (its source and Numba's index:
        a specialisation would load it rather than compile)."""
        folder = self.cache_folder()
        if folder is None:
            return False
        return folder.holds(self.entry_name(generated), generated.source.encode("utf-8"))

    def entry_name(self, generated) -> str:
        """The name of `generated`'s disk cache entry (from `_stamp`)."""
        return f"fe_{self._stamp(generated)[:32]}"

    def _stamp(self, generated) -> str:
        """`generated`'s stamp: its source, constants, salt and the versions."""
        constants = repr(tuple(generated.constants))
        return diskcache.entry_stamp(generated.source, constants, self.salt, *_versions())

    def _load(self, generated, cacheable: bool) -> tuple[dict, str, object]:
        """The namespace of the generated group, what the disk cache did ("off", "refused",
        "hit" when this process has it loaded already, or `CacheFolder.prepare`'s event),
        and what to call once it compiled (None: nothing). A group that is not `cacheable`
        is compiled in memory ("off")."""
        constants = tuple(generated.constants)
        folder = self.cache_folder() if cacheable else None
        event = "off" if self.cache_dir is None or not cacheable else "refused"
        if folder is not None:
            loaded = self._load_entry(folder, generated, constants)
            if loaded is not None:
                return loaded
        # No `__name__`: Numba would look the group up in sys.modules to resolve
        # recursive calls (and fail); without one it uses the namespace itself.
        namespace = {"_K": constants}
        code = compile(generated.source, "<franken-jit>", "exec")
        exec(code, namespace)  # engine-generated source only
        return namespace, event, None

    def _load_entry(self, folder: diskcache.CacheFolder, generated, constants: tuple):
        """`_load` through the cache entry of `generated` (None: it cannot be written)."""
        stamp = self._stamp(generated)
        name = f"fe_{stamp[:32]}"
        module_name = f"frankenengine_jit_cache_{name}"
        module = sys.modules.get(module_name)
        if module is not None:  # made by `_load_entry` earlier in this process
            return vars(module), "hit", None
        path = folder.path / f"{name}.py"
        try:
            event, problem = folder.prepare(name, generated.source.encode("utf-8"))
        except (OSError, UnicodeError) as exc:
            why = f"it cannot be written ({getattr(exc, 'strerror', None) or exc})"
            diskcache.log.warning("jit cache entry %s refused: %s; compiled in memory", path, why)
            self.cache_events.append(("refused", str(path), why))
            return None
        if event == diskcache.TAMPERED:
            diskcache.log.warning(
                "jit cache entry %s ignored: %s; compiled again and rewritten", path, problem
            )
            self.cache_events.append((event, str(path), problem))
        module = types.ModuleType(module_name)
        module.__file__ = str(path)
        vars(module)["_K"] = constants  # the generated code's constant table, as in `_load`
        sys.modules[module_name] = module  # Numba resolves recursive calls through it
        try:
            # The engine's own text, not the file's (`prepare` compared them).
            exec(compile(generated.source, str(path), "exec"), vars(module))
            namespace = vars(module)
            for value in list(namespace.values()):  # the group's own (not checked.py's)
                if isinstance(value, NumbaDispatcher) and value.py_func.__globals__ is namespace:
                    diskcache.use_cache(value, folder.numba_cache(value.py_func, name, stamp))
        except BaseException:
            del sys.modules[module_name]
            raise
        return vars(module), event, lambda: folder.tighten(name)


def _int_or_float_result(entry):
    """The entry of a function returning an INT_OR_FLOAT: its (still the int, float) pair
    given back as the int or the float (the int's float holds it exactly)."""

    def returns_int_or_float(*args):
        still_int, value = entry(*args)
        return int(value) if still_int else value

    return returns_int_or_float


def _mutual(specs: list[Typed]) -> bool:
    """Whether two functions of a group call each other, directly or not (mutual
    recursion). Numba's cache stores each function of a group on its own, and loading such
    a group back crashed the process (a fib-like function calling only itself is fine)."""
    keys = {(t.fid, t.params) for t in specs}
    calls = {(t.fid, t.params): {c for c in t.calls.values() if c in keys} for t in specs}
    for start in calls:
        seen, stack = set(), [c for c in calls[start] if c != start]
        while stack:
            k = stack.pop()
            if k == start:
                return True
            if k not in seen:
                seen.add(k)
                stack.extend(calls[k])
    return False


def _check_complete(module: IRModule, typed: Typed) -> None:
    fn = module.functions[typed.fid]
    ops = fn.insts["op"]
    for r, t in enumerate(typed.types):
        if t is None and ops[r] != Op.undef and OPCODES[int(ops[r])].defines:
            line = int(fn.insts["line"][r]) or fn.line
            raise Reject(
                "a value whose type cannot be inferred (recursion without a base case)", line
            )


def _versions() -> tuple[str, ...]:
    return (
        sys.version,
        platform.machine(),
        np.__version__,
        numba.__version__,
        llvmlite.__version__,
    )
