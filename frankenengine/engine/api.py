"""The embedding API: `Engine` loads extensions, `Extension` calls their functions.

Loading runs the whole pipeline: parse (parso) -> check the subset -> lower to
SSA IR -> verify -> passes -> build the lane -> run the module's top-level
code under the engine's limits. Any problem before running is a
`CompileError` listing every diagnostic; nothing of the extension runs then.

Calls convert nothing on the way in (arrays are passed without copying) but
check that every argument is a value of the language; on the way out the
extension's own objects are returned. Exceptions the extension raises reach
the host with their own type, carrying the extension's file and line
(`exc.franken_location` and a traceback note). Engine errors (limits,
sentinel) are `EngineError`s.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..ir import passes
from ..ir.serialize import digest
from ..ir.verifier import verify_module
from .diagnostics import Diagnostic
from .frontend.check import check_source
from .frontend.lower import lower_module
from .headroom import recursion_headroom
from .interp.lane import InterpModule, Location, UnavailableBuiltin
from .runtime.errors import CompileError, EngineError
from .runtime.limits import Limits
from .runtime.values import check_argument

LANES = ("interp", "jit", "auto")
JIT_NOT_BUILT = "the jit lane is not built yet"


@dataclass(frozen=True)
class LaneInfo:
    lane: str
    reason: str


def compile_source(source: str | bytes, filename: str, module_name: str, *, debug=False):
    """Source text -> verified, optimised IRModule, or CompileError with every diagnostic."""
    tree, diagnostics = check_source(source, filename)
    if diagnostics:
        raise CompileError(_unique(diagnostics))
    try:
        with recursion_headroom():
            module, lowering_diagnostics = lower_module(tree, filename, module_name)
    except RecursionError:
        raise CompileError([Diagnostic(filename, 1, 1, "program is nested too deeply")]) from None
    except Exception as exc:  # an engine bug: report it, located, instead of a traceback
        raise CompileError([_internal(filename, "lowering", exc)]) from exc
    if lowering_diagnostics:
        raise CompileError(lowering_diagnostics)
    problems = verify_module(module)
    if problems:  # an engine bug: the lowering produced invalid IR
        raise CompileError([_internal(filename, "lowering", AssertionError(problems[0]))])
    try:
        return passes.run_pipeline(module, verify=debug)
    except Exception as exc:  # an engine bug in a pass
        raise CompileError([_internal(filename, "optimisation", exc)]) from exc


def _internal(filename: str, phase: str, exc: BaseException) -> Diagnostic:
    line = getattr(exc, "line", 1) or 1
    return Diagnostic(filename, line, 1, f"internal error in {phase}: {type(exc).__name__}: {exc}")


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics))


class Engine:
    """Loads extensions. `lane` is "interp", "jit" or "auto"; `limits` apply to every call."""

    def __init__(self, lane: str = "auto", limits: Limits | None = None, *, debug: bool = False):
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r} (expected one of {', '.join(LANES)})")
        self.lane = lane
        self.limits = limits or Limits()
        self.debug = debug

    def load(self, source: str | bytes, name: str = "extension", filename: str | None = None):
        filename = filename or f"{name}.py"
        module = compile_source(source, filename, name, debug=self.debug)
        return Extension(self, module)

    def load_file(self, path: str | Path):
        path = Path(path)
        source = path.read_bytes()
        return self.load(source, name=path.stem, filename=str(path))


class Extension:
    """A loaded extension. Its top-level code has run once, under the engine's limits."""

    def __init__(self, engine: Engine, module):
        self.engine = engine
        self.ir = module
        self.name = module.name
        self.filename = module.filename
        self.digest = digest(module)
        self._output: list[str] = []
        self._lock = threading.RLock()
        try:
            self._lane = InterpModule(module, write=self._output.append)
        except UnavailableBuiltin as exc:
            raise CompileError([Diagnostic(module.filename, exc.line, 1, str(exc))]) from None
        except (IndentationError, RecursionError):  # CPython's own nesting limits
            message = "program is nested too deeply for the interpreter lane"
            raise CompileError([Diagnostic(module.filename, 1, 1, message)]) from None
        except Exception as exc:  # an engine bug: report it instead of a traceback
            raise CompileError([_internal(module.filename, "code generation", exc)]) from exc
        self._lanes: dict[str, LaneInfo] = {}
        reason = JIT_NOT_BUILT if engine.lane in ("jit", "auto") else "lane forced to interp"
        for fn in module.exports:
            self._lanes[fn] = LaneInfo("interp", reason)
        with self._lock:
            self._guard(self._lane.run_init, engine.limits)

    # -- calling ------------------------------------------------------------
    def call(self, fn: str, *args, **kwargs):
        """Call the extension function `fn` under the engine's limits."""
        return self.invoke(fn, args, kwargs)

    def invoke(self, fn: str, args=(), kwargs=None, limits: Limits | None = None):
        kwargs = kwargs or {}
        for value in (*args, *kwargs.values()):
            check_argument(value)
        with self._lock:
            try:
                self._lane.function(fn)
            except KeyError:
                raise AttributeError(f"extension {self.name!r} has no function {fn!r}") from None
            return self._guard(self._lane.call, fn, args, kwargs, limits or self.engine.limits)

    def _guard(self, run, *args):
        try:
            return run(*args)
        except BaseException as exc:
            frames = self._lane.traceback(exc)
            if frames and not hasattr(exc, "franken_location"):
                try:
                    exc.franken_location = frames[-1]
                    exc.franken_traceback = tuple(frames)
                    exc.add_note(
                        "Extension traceback (most recent call last):\n"
                        + "\n".join(
                            f'  File "{f.file}", line {f.line}, in {f.function}' for f in frames
                        )
                    )
                except (AttributeError, TypeError):
                    pass
            raise

    # -- introspection ------------------------------------------------------
    def functions(self) -> list[str]:
        return list(self.ir.exports)

    def lanes(self) -> dict[str, dict]:
        return {fn: {"lane": info.lane, "reason": info.reason} for fn, info in self._lanes.items()}

    @property
    def output(self) -> str:
        """Everything the extension has printed so far."""
        return "".join(self._output)

    def take_output(self) -> str:
        text = self.output
        self._output.clear()
        return text

    def fuel_used(self) -> int:
        return self._lane.fuel_used()


def error_location(exc: BaseException) -> Location | None:
    """Where in the extension `exc` was raised (its innermost extension frame), if known."""
    return getattr(exc, "franken_location", None)


def error_traceback(exc: BaseException) -> tuple[Location, ...]:
    """The extension frames `exc` passed through, outermost first (empty if unknown)."""
    return getattr(exc, "franken_traceback", ())


__all__ = [
    "CompileError",
    "Engine",
    "EngineError",
    "Extension",
    "Limits",
    "compile_source",
    "error_location",
    "error_traceback",
]
