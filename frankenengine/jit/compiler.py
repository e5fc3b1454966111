"""Specialise and compile: (function, argument types) -> native code through Numba.

`JitModule` is the JIT lane of one loaded module. `specialise(fid, key)`
types the function for the argument types `key` (and, through its calls, the
eligible functions it calls, which join the same generated group so that
calls between them are native), generates the group's Numba source, and
compiles the root with an explicit signature. A rejection is a `Reject` with
its reason; results (both kinds) are memoised per (function, signature).

Disk cache: with a cache directory, the generated source is written to
`fe_<digest>.py` (the digest covers the source, its constants and the
versions of Python, NumPy, Numba, llvmlite and the engine) and compiled with
Numba's `cache=True`, so a second process finds the machine code on disk and
does not compile again (`Specialisation.cache_hit`). Without one, the source
is compiled in memory. Either way only engine-generated source is executed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import platform
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import llvmlite
import numba
import numpy as np
from numba import types as nbtypes

from ..ir.function import IRModule
from ..ir.opcodes import OPCODES, Op
from .codegen import ENTRY, GroupCodegen
from .jtypes import BOOL, FLOAT, INT, NONE, Array, Scalar, Tuple
from .typing import Reject, Typed, infer, module_facts

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


def numba_type(t):
    if t == BOOL:
        return nbtypes.boolean
    if t == INT:
        return nbtypes.int64
    if t == FLOAT:
        return nbtypes.float64
    if t == NONE:
        return nbtypes.none
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


class JitModule:
    """The JIT lane of one module: specialisations by (function id, argument types)."""

    def __init__(self, module: IRModule, global_value, cache_dir: Path | None, salt: str = ""):
        self.module = module
        self.facts = module_facts(module)
        self.global_value = global_value  # index -> (found, value) of a module global
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.salt = salt
        self.results: dict[tuple[int, tuple], Specialisation | Reject] = {}

    def eligible_function(self, fid: int) -> bool:
        """A top-level function bound once to its global name (the only ones the JIT takes)."""
        return fid in self.facts.functions.values()

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
        done: dict[tuple[int, tuple], Typed] = {}
        assumed: dict[tuple[int, tuple], object] = {}
        active: list[tuple[int, tuple]] = []

        def type_one(f: int, sig: tuple):
            k = (f, sig)
            if k in done:
                return done[k].returns
            if k in active:
                return assumed.get(k)
            if not self.eligible_function(f):
                raise Reject("calls a function that is not a top-level def")
            active.append(k)
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
            _check_complete(self.module, typed)
            done[k] = typed
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
    def _specialise(self, fid: int, key: tuple) -> Specialisation:
        started = time.perf_counter()
        group = self.type_group(fid, key)
        root = group[(fid, key)]
        if not (root.returns is None or isinstance(root.returns, Scalar | Array | Tuple)):
            raise Reject("returns a value the jit cannot give back")
        specs = [root] + [t for k, t in group.items() if k != (fid, key)]
        generated = GroupCodegen(self.module, specs, cache=self.cache_dir is not None).generate()
        with _compile_lock:
            namespace = self._load(generated)
            dispatcher = namespace[ENTRY]
            signature = tuple(numba_type(t) for t in key) + (_STATE,)
            try:
                dispatcher.compile(signature)
            except Exception as exc:  # Numba refused generated code: an engine limitation
                raise Reject(f"numba could not compile it ({type(exc).__name__})") from exc
            hits = sum(dispatcher.stats.cache_hits.values()) if self.cache_dir else 0
            entry = dispatcher.overloads[signature].entry_point
        return Specialisation(
            fid=fid,
            key=key,
            entry=entry,
            returns=root.returns,
            sites=generated.sites,
            members=sorted({t.fid for t in specs}),
            compile_seconds=time.perf_counter() - started,
            cache_hit=hits > 0,
            source=generated.source,
        )

    def _load(self, generated) -> dict:
        constants = tuple(generated.constants)
        if self.cache_dir is None:
            # No `__name__`: Numba would look the group up in sys.modules to resolve
            # recursive calls (and fail); without one it uses the namespace itself.
            namespace = {"_K": constants}
            code = compile(generated.source, "<franken-jit>", "exec")
            exec(code, namespace)  # engine-generated source only
            return namespace
        digest = hashlib.sha256()
        for part in (generated.source, repr(constants), self.salt, *_versions()):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        name = f"fe_{digest.hexdigest()[:32]}"
        path = self.cache_dir / f"{name}.py"
        if not path.exists():
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(generated.source)
            os.replace(tmp, path)
        module_name = f"frankenengine_jit_cache_{name}"
        module = sys.modules.get(module_name)
        if module is None:
            spec = importlib.util.spec_from_file_location(module_name, path)
            module = importlib.util.module_from_spec(spec)
            module._K = constants
            sys.modules[module_name] = module  # Numba resolves recursive calls through it
            spec.loader.exec_module(module)  # engine-generated source only (written above)
        return vars(module)


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
