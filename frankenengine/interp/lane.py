"""The interpreter lane: runs a module's IR through Python code generated from it.

`InterpModule` turns an IRModule into a live module once (generate, compile
the engine-made source, bind the runtime tables) and then runs calls under a
`Meter`. It owns the glue between generated code and the runtime: the
environment handed to the factory, the memory recount over live values, and
the mapping of exceptions back to the extension's file and line.

Invariant: only engine-generated source is compiled here; it runs with an
almost empty `__builtins__`: the three names the templates use, and
`__import__` for C code that imports lazily from a generated frame.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from dataclasses import dataclass
from types import CodeType, SimpleNamespace

import numpy as np

from frankenengine.interp import support
from frankenengine.interp.codegen import GROWN_THRESHOLD, GeneratedModule, generate
from frankenengine.interp.entry_points import GeneratedEntryPoints
from frankenengine.ir.function import IRModule, Signature, source_name
from frankenengine.language.headroom import (
    hold_recursion_limit,
    recursion_headroom,
    release_recursion_limit,
)
from frankenengine.runtime import errors
from frankenengine.runtime.builtins import Allocator, make_builtins, make_methods, real_type
from frankenengine.runtime.intcheck import overflow
from frankenengine.runtime.limits import Limits, Meter
from frankenengine.runtime.operators import make_operators
from frankenengine.runtime.sizes import deep_size, estimate

_SIZED = (str, list, tuple, dict, set)


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    function: str


class InterpModule:
    """One loaded module in the interpreter lane.

    Its public methods are the whole interface other lanes and the engine use:
    `run_init`, `call`, `function`, `global_value`, `rebind`, `set_host_entry`,
    `call_with_keywords`,
    `handoff`, `fuel_used`, `loops`, `set_loop_entry` and `set_watch` (in-call
    tier-up), the locations. The generated code's entry points
    (`GeneratedEntryPoints`) stay private to it.
    """

    def __init__(
        self,
        module: IRModule,
        *,
        write=None,
        methods_wrapped=None,
        host_builtins=None,
        loop_poll: int = 0,
    ):
        from frankenengine.runtime.builtins import METHOD_WRAPPED

        self.module = module
        self.filename = f"<franken:{module.name}>"
        self.meter = Meter(Limits(), write=write, recount=self._recount)
        with recursion_headroom():
            self.generated: GeneratedModule = generate(
                module, methods_wrapped or METHOD_WRAPPED, loop_poll
            )
        self._host_ids: set[int] = set()
        builtins = make_builtins(self.meter, host_builtins)
        missing = [name for name in self.generated.builtins if name not in builtins]
        if missing:
            raise UnavailableBuiltin(missing[0], _first_use_line(module, missing[0]))
        binder = support.Binder(self.generated.signatures)
        binder.filename = self.filename
        self._name_error_fix = support.make_name_error_fix(
            tuple(source_name(name) for name in module.globals)
        )
        methods = make_methods(self.meter)
        env = SimpleNamespace(
            meter=self.meter,
            operators=make_operators(self.meter),
            methods=methods,
            join=support.make_join(methods["join"], self._grown),
            undef=support.UNDEF,
            no_loop_entry=support.no_loop_entry,
            unbound=support.unbound,
            overflow=overflow,
            grown=self._grown,
            iterate=support.iterate,
            format_value=support.make_format_value(self.meter.charge, Allocator(self.meter).text),
            exc_match=support.exc_match,
            name_error_fix=self._name_error_fix,
            call_kw=binder.call,
            scalar_classes=frozenset(support.NUMPY_SCALARS),
            unpack=_unpack,
            ndarray=np.ndarray,
            type=type,
            int=int,
            float=float,
            len=len,
            dict=dict,
            str=str,
            constants=tuple(self.generated.constants),
            builtins=tuple(builtins[name] for name in self.generated.builtins),
            isinstance=isinstance,
            bind=functools.partial,
            min=min,
            max=max,
            static_types=tuple(
                tuple(real_type(builtins[name]) for name in names)
                for names in self.generated.static_types
            ),
            entry_points=GeneratedEntryPoints,
        )
        code = compile(self.generated.source, self.filename, "exec")
        code = _with_extension_names(code, extension_names(module), slot_names(module))
        # C code called from generated frames (NumPy's lazy imports) looks up `__import__`
        # in the calling frame's builtins; generated code itself never names it.
        namespace = {
            "__builtins__": {
                "Exception": Exception,
                "slice": slice,
                "set": set,
                "__import__": __import__,
            }
        }
        exec(code, namespace)  # engine-generated source only (see module docstring)
        entry: GeneratedEntryPoints = namespace["factory"](env)
        self._init, self._reset, self._counters = entry.init, entry.reset, entry.counters
        self._getters = entry.global_getters
        self._put_global = entry.put_global
        # `handoff(fuel)` -> (old countdown, depth): the JIT lane takes the fuel countdown
        # over while native code runs and gives back what is left. A bound closure, not a
        # method: it is on the path of every native call.
        self.handoff = entry.handoff
        self.grow_handoff = entry.grow_handoff  # `_grow` countdown, likewise (list stores)
        # In-call tier-up: the loops that poll every `loop_poll` iterations (numbered as
        # their stubs number them), and where they poll (`set_loop_entry`).
        self.loops = tuple(self.generated.loops)
        self.set_loop_entry = entry.set_loop_entry
        self.set_watch = entry.set_watch  # (loop number, poll at its next iteration)
        if loop_poll:  # loops poll when their iteration takes a batch: batches this small
            self.meter.batch = loop_poll
        self.global_index = {name: i for i, name in enumerate(module.globals)}
        # Host calls of a function whose global another lane rebound for the extension's
        # own callers (a JIT dispatcher's function, interpreted when called from the
        # interpreter): name -> what the host calls instead (`set_host_entry`).
        self.host_entries: dict[str, object] = {}

    # -- running ------------------------------------------------------------
    def run_init(self, limits: Limits) -> None:
        self._run(limits, self._init, (), {})

    def function(self, name: str):
        """What a host call of `name` starts: its host entry if it has one, else its global."""
        entry = self.host_entries.get(name)
        if entry is not None:
            return entry
        index = self.global_index.get(name)
        if index is None:
            raise KeyError(name)
        try:
            return self._getters[index]()
        except NameError:
            raise KeyError(name) from None

    def global_value(self, index: int) -> tuple[bool, object]:
        """(True, the value of global `index`), or (False, None) while it is unbound."""
        try:
            return True, self._getters[index]()
        except NameError:
            return False, None

    def set_host_entry(self, name: str, value) -> None:
        """Host calls of `name` start `value` from now on, whatever its global holds."""
        self.host_entries[name] = value

    def rebind(self, index: int, value) -> None:
        """Bind global `index` to `value` (tier-up puts a JIT dispatcher in a function's place)."""
        self._put_global(index, value)

    def call(self, name: str, args: tuple, kwargs: dict, limits: Limits):
        fn = self.function(name)
        if kwargs:
            names = tuple(kwargs)
            values = tuple(kwargs.values())
            return self._run(limits, self.call_with_keywords, (fn, args, names, values), {})
        return self._run(limits, fn, args, {})

    def call_with_keywords(self, fn, args: tuple, names: tuple, values: tuple):
        """Call the generated function `fn` with keyword arguments (`names`, `values`),
        bound as CPython binds them (its signature, its error messages)."""
        binder = support.Binder(self.generated.signatures)
        binder.filename = self.filename
        return binder.call(fn, args, names, values)

    def _run(self, limits: Limits, fn, args, kwargs):
        meter = self.meter
        meter.reset(limits)
        self._host_ids = {id(a) for a in args}
        self._reset(meter.first_batch(), limits.depth, 0)
        if not kwargs and getattr(fn, "native_first", False):  # a JIT dispatcher, hot
            done, result = fn.try_native(args)  # no Python frames, no NumPy state
            if done:
                return result
        hold_recursion_limit(4 * limits.depth + 1000)
        try:
            with np.errstate(all="ignore"):
                if limits.depth <= HOST_STACK_DEPTH:
                    return _trampoline(fn, args, kwargs)
                return _on_big_stack(_trampoline, (fn, args, kwargs), limits.depth)
        except RecursionError as exc:
            meter.halted = True
            raise errors.RecursionLimitExceeded(
                f"recursion too deep: {exc} (call depth limit {limits.depth})"
            ) from exc
        except MemoryError as exc:
            meter.halted = True
            raise errors.MemoryLimitExceeded("out of memory") from exc
        except NameError as exc:
            self._name_error_fix(exc)  # rewrites the message in place
            raise
        finally:
            release_recursion_limit()

    def fuel_used(self) -> int:
        return self.meter.fuel_used(self._counters()[0])

    # -- memory -------------------------------------------------------------
    def _grown(self, value) -> None:
        if value.__class__ is np.ndarray:
            if value.base is None:
                self.meter.charge(estimate(value))
        elif isinstance(value, _SIZED) and len(value) > GROWN_THRESHOLD:
            self.meter.charge(estimate(value))

    def _recount(self) -> int:
        """Bytes really held: everything reachable from globals and live extension frames."""
        roots = []
        for getter in self._getters:
            try:
                roots.append(getter())
            except NameError:
                pass
        frame = sys._getframe()
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                roots.extend(frame.f_locals.values())
            frame = frame.f_back
        return deep_size(roots, exclude=self._host_ids)

    # -- locations ----------------------------------------------------------
    def call_site_line(self) -> int:
        """The extension line running now (its innermost frame); 0 outside a run."""
        frame = sys._getframe(1)
        line_map = self.generated.line_map
        while frame is not None:
            if frame.f_code.co_filename == self.filename and frame.f_lineno < len(line_map):
                return int(line_map[frame.f_lineno])
            frame = frame.f_back
        return 0

    def location(self, exc: BaseException) -> Location | None:
        """The extension file and line where `exc` was raised (innermost extension frame)."""
        frames = self.traceback(exc)
        return frames[-1] if frames else None

    def traceback(self, exc: BaseException) -> list[Location]:
        """The extension frames `exc` passed through, outermost first."""
        if exc.__cause__ is not None and isinstance(exc, errors.EngineError):
            # A limit translated from CPython's RecursionError/MemoryError: the
            # extension frames are in the traceback of the original error.
            frames = self.traceback(exc.__cause__)
            if frames:
                return frames
        frames = []
        tb = exc.__traceback__
        line_map = self.generated.line_map
        while tb is not None:
            lineno = tb.tb_lineno
            if tb.tb_frame.f_code.co_filename == self.filename and lineno < len(line_map):
                fid = self.generated.function_of_line[lineno]
                fn = self.module.functions[fid]
                file = fn.filename or self.module.filename  # a package's other modules
                frames.append(Location(file, line_map[lineno], fn.name))
            tb = tb.tb_next
        # Native code of the JIT lane reports where it failed (engine/tiering.py); a loop
        # that tiered up inside a call ran in its function's frame (engine/loop_entries.py).
        native = getattr(exc, "franken_jit_frames", ())
        if native and frames and getattr(exc, "franken_jit_continues", False):
            if (frames[-1].file, frames[-1].function) == (native[0].file, native[0].function):
                frames.pop()
        frames.extend(native)
        return frames


# CPython 3.11 keeps frames in a chunked data stack and frees a chunk as soon as
# the frame at its base returns. Recursion that oscillates across a chunk
# boundary then maps and unmaps memory on every call (measured: 7x slower on a
# recursive kernel, depending only on how deep the host called us). Every run
# therefore starts in a frame that is too big for the host's chunk, so CPython
# opens a fresh 512 KiB chunk whose free part (about 250 KiB) holds the
# extension's frames: one mapping per call instead of one per recursion.
_TRAMPOLINE_SLOTS = 33_000


# Extension frames that call back through C (a key function of `sorted`, a
# function given to `map`) use the C stack: about 4 KiB a level, so 8 MiB
# overflows near 2,000 levels and the process dies. Up to HOST_STACK_DEPTH
# frames the caller's stack is safe (by a factor of 4 on an 8 MiB stack); a
# deeper depth limit runs the call on a thread whose stack is sized for it.
HOST_STACK_DEPTH = 1000
_STACK_BYTES_PER_FRAME = 16 << 10
_stack_lock = threading.Lock()


def _on_big_stack(fn, args, depth: int):
    outcome: list = []

    def run() -> None:
        try:
            outcome.append((True, fn(*args)))
        except BaseException as exc:  # re-raised on the caller's thread
            outcome.append((False, exc))

    size = min(max(depth * _STACK_BYTES_PER_FRAME + (16 << 20), 64 << 20), 1 << 30)
    with _stack_lock:
        previous = threading.stack_size(size)
        try:
            worker = threading.Thread(target=run, name="franken-deep-call")
            worker.start()
        finally:
            threading.stack_size(previous)
    worker.join()
    ok, value = outcome[0]
    if ok:
        return value
    raise value


def _trampoline(fn, args, kwargs):
    return fn(*args, **kwargs)


_trampoline.__code__ = _trampoline.__code__.replace(co_stacksize=_TRAMPOLINE_SLOTS)


class UnavailableBuiltin(Exception):
    """The module names a built-in the runtime does not provide (a host module, so far)."""

    def __init__(self, name: str, line: int):
        super().__init__(f"'{name}' is not available in this engine")
        self.name = name
        self.line = line


def _first_use_line(module: IRModule, name: str) -> int:
    from frankenengine.ir.opcodes import Op

    for fn in module.functions:
        for row in fn.insts[fn.insts["op"] == Op.builtin]:
            if fn.consts[row["a"]] == name:
                return int(row["line"]) or 1
    return 1


def _unpack(value, count: int) -> tuple:
    items = tuple(value)
    if len(items) != count:
        if len(items) > count:
            raise ValueError(f"too many values to unpack (expected {count})")
        raise ValueError(f"not enough values to unpack (expected {count}, got {len(items)})")
    return items


def extension_names(module: IRModule) -> dict[str, tuple[str, Signature]]:
    """{generated function name: (the qualified name CPython would give the extension's
    function, its signature)}: `f`, `outer.<locals>.inner`, `g.<locals>.<lambda>`."""
    qualnames: dict[int, str] = {}
    for fid, fn in enumerate(module.functions):
        parent = fn.parent
        if parent < 0 or module.functions[parent].name == "<module>":
            qualnames[fid] = fn.name
        else:
            qualnames[fid] = f"{qualnames[parent]}.<locals>.{fn.name}"
    return {
        f"f{fid}": (qualnames[fid], fn.signature)
        for fid, fn in enumerate(module.functions)
        if fn.name != "<module>"
    }


def _with_extension_names(
    code: CodeType, names: dict[str, tuple[str, Signature]], slots: dict[str, str]
):
    """`code` with every nested generated function named as the extension named it: its
    qualified name, and its parameters unless a name would clash with one the generator
    minted (`co_name` stays: the binder keys on it). Reprs and CPython's own call errors
    (`f() missing 1 required positional argument: 'a'`) then speak of the extension's
    function, not of `f3(p0)` in `factory.<locals>`. A keyword-only parameter with a
    default keeps its minted name: the function's `__kwdefaults__` are keyed by it."""
    consts = tuple(
        _with_extension_names(c, names, slots) if isinstance(c, CodeType) else c
        for c in code.co_consts
    )
    renamed = any(new is not old for new, old in zip(consts, code.co_consts, strict=True))
    changes: dict = {"co_consts": consts} if renamed else {}  # (== ignores qualnames)
    found = names.get(code.co_name)
    if found is not None:
        qualname, signature = found
        changes["co_qualname"] = qualname
        minted = code.co_varnames[: len(signature.names)]
        params = [
            name if index < signature.n_positional or not signature.has_default[index] else old
            for index, (name, old) in enumerate(zip(signature.names, minted, strict=True))
        ]
        others = set(code.co_varnames[len(params) :]) | set(code.co_cellvars)
        others |= set(code.co_freevars)
        clash = len(set(params)) < len(params) or others & set(params)
        if not (clash or set(minted) & set(code.co_cellvars)):
            changes["co_varnames"] = (*params, *code.co_varnames[len(params) :])
    changes.update(_slot_renames(code, changes.get("co_varnames", code.co_varnames), slots))
    return code.replace(**changes) if changes else code


_MINTED_GLOBAL = re.compile(r"g\d+")  # support.make_name_error_fix reads these names


def _slot_renames(code: CodeType, varnames: tuple[str, ...], slots: dict[str, str]) -> dict:
    """co_varnames/co_cellvars/co_freevars with each variable slot (`s3_1`) named as in the
    source, so CPython's own UnboundLocalError and NameError name the extension's variable.
    Nothing is renamed where a new name would clash with another name of the code object."""
    everything = list(dict.fromkeys((*varnames, *code.co_cellvars, *code.co_freevars)))
    renames = {
        name: slots[name]
        for name in everything
        if name in slots and not _MINTED_GLOBAL.fullmatch(slots[name])
    }
    if not renames:
        return {}
    renamed = [renames.get(name, name) for name in everything]
    if len(set(renamed)) < len(renamed):
        return {}

    def rename(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(renames.get(name, name) for name in names)

    return {
        "co_varnames": rename(varnames),
        "co_cellvars": rename(code.co_cellvars),
        "co_freevars": rename(code.co_freevars),
    }


def slot_names(module: IRModule) -> dict[str, str]:
    """{minted slot variable (`s3_1`): the variable's name in the source (`x`)}."""
    return {
        f"s{fid}_{index}": name.partition("@")[0]
        for fid, fn in enumerate(module.functions)
        for index, name in enumerate(fn.slots)
    }
