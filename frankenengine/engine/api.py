"""The embedding API: `Engine` loads extensions, `Extension` calls their functions.

Loading runs the whole pipeline: parse (parso) -> check the subset -> lower to
SSA IR -> verify -> passes -> build the lane -> run the module's top-level
code under the engine's limits. Any problem before running is a
`CompileError` listing every diagnostic; nothing of the extension runs then.
A package (a folder with a `franken.toml`, see `package`) is checked module
by module and linked into one IR module (`compile_package`) before the same
verify, passes and lane steps.

Calls convert nothing on the way in (arrays are passed without copying) but
check that every argument is a value of the language; on the way out the
extension's own objects are returned. Exceptions the extension raises reach
the host with their own type, carrying the extension's file and line
(`exc.franken_location` and a traceback note). Engine errors (limits,
sentinel) are `EngineError`s.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from frankenengine.engine.loader import internal_error, load_lanes
from frankenengine.engine.package import Manifest, Package, find_package
from frankenengine.frontend.check import check_source
from frankenengine.frontend.link import link_package
from frankenengine.frontend.lower import lower_module
from frankenengine.frontend.package_check import check_package
from frankenengine.host import Grants, HostBridge
from frankenengine.interp.lane import InterpModule, Location
from frankenengine.ir import passes
from frankenengine.ir.serialize import digest
from frankenengine.ir.verifier import verify_module
from frankenengine.language.diagnostics import Diagnostic
from frankenengine.language.headroom import recursion_headroom
from frankenengine.profiles.profile import TierPolicy
from frankenengine.runtime.errors import CompileError, EngineError, ExtensionQuarantined
from frankenengine.runtime.limits import Limits
from frankenengine.runtime.values import check_argument
from frankenengine.sentinel.hook import Sentinel, SentinelConfig
from frankenengine.sentinel.quarantine import QuarantineList

LANES = ("interp", "jit", "auto")
DEFAULT_SENTINEL = SentinelConfig()  # on, with the fitted model, no ledger


def _cache_directory(setting) -> Path | None:
    if setting is None or setting is False:
        return None
    if setting is True:
        configured = os.environ.get("FRANKEN_JIT_CACHE")
        if configured:
            return Path(configured)
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "frankenengine" / "jit"
    return Path(setting)


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
        raise CompileError([internal_error(filename, "lowering", exc)]) from exc
    if lowering_diagnostics:
        raise CompileError(lowering_diagnostics)
    return _verified(module, filename, debug)


def compile_package(package: Package, *, debug=False):
    """A package's modules -> one linked, verified, optimised IRModule, or CompileError."""
    entry = package.entry_module
    modules = {name: package.filename(name) for name in package.modules}
    checked = check_package(modules, entry, package.read_module)
    if checked.diagnostics:
        raise CompileError(_unique(checked.diagnostics))
    filename = modules[entry]
    try:
        with recursion_headroom():
            module, diagnostics = link_package(
                checked.trees, checked.filenames, entry, package.manifest.name
            )
    except RecursionError:
        raise CompileError([Diagnostic(filename, 1, 1, "program is nested too deeply")]) from None
    except Exception as exc:  # an engine bug: report it, located, instead of a traceback
        raise CompileError([internal_error(filename, "lowering", exc)]) from exc
    if diagnostics:
        raise CompileError(diagnostics)
    return _verified(module, filename, debug)


def _verified(module, filename: str, debug: bool):
    """Verify the lowered module and run the passes (a problem here is an engine bug)."""
    problems = verify_module(module)
    if problems:  # an engine bug: the lowering produced invalid IR
        raise CompileError([internal_error(filename, "lowering", AssertionError(problems[0]))])
    try:
        return passes.run_pipeline(module, verify=debug)
    except Exception as exc:  # an engine bug in a pass
        raise CompileError([internal_error(filename, "optimisation", exc)]) from exc


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics))


class Engine:
    """Loads extensions. `lane` is "interp", "jit" or "auto"; `limits` apply to every call."""

    def __init__(
        self,
        lane: str = "auto",
        limits: Limits | None = None,
        *,
        debug: bool = False,
        tier_up: TierPolicy | None = None,
        jit_cache: str | Path | bool | None = True,
        lane_overrides: dict[str, str] | None = None,
        sentinel: SentinelConfig | None = DEFAULT_SENTINEL,
        state_dir: str | Path | None = None,
        profile_calls: bool = False,
    ):
        """`tier_up`: when `auto` specialises a function (calls or fuel thresholds);
        `jit_cache`: True for the user cache directory ($FRANKEN_JIT_CACHE, else
        ~/.cache/frankenengine/jit), a directory, or False/None for no disk cache;
        `lane_overrides`: {function name: lane} forcing a lane per function;
        `sentinel`: the settings of the Sentinel watching each extension's host calls
        (default: on, with the fitted model), None for none (the grants alone decide);
        `state_dir`: where the quarantine list lives ($FRANKEN_STATE_DIR, else
        ~/.local/state/frankenengine);
        `profile_calls`: record the call stacks of every call into the extensions
        (`Extension.profile_report()`; costs time on every call, so off by default: then
        no profiling code is installed). The module's top-level code is not profiled."""
        for forced in (lane, *(lane_overrides or {}).values()):
            if forced not in LANES:
                raise ValueError(f"unknown lane {forced!r} (expected one of {', '.join(LANES)})")
        self.lane = lane
        self.limits = limits or Limits()
        self.debug = debug
        self.tier_up = tier_up or TierPolicy()
        self.jit_cache = _cache_directory(jit_cache)
        self.lane_overrides = dict(lane_overrides or {})
        self.sentinel = sentinel
        self.quarantine = QuarantineList(state_dir)
        self.profile_calls = profile_calls

    def quarantined(self) -> dict[str, dict]:
        """digest -> {"name", "reason", "time"} of every quarantined extension."""
        return self.quarantine.entries()

    def release_quarantine(self, digest: str) -> bool:
        """Let the extension with this digest load again; False if it was not quarantined."""
        return self.quarantine.release(digest)

    def load(
        self,
        source: str | bytes,
        name: str = "extension",
        filename: str | None = None,
        grants=None,
        hook=None,
    ):
        """Load an extension. `grants`: a host.Grants, a `{capability: [scope]}` mapping
        (relative directories against the current directory) or None (nothing granted);
        `hook`: the DecisionHook for its host calls (default: a Sentinel built from the
        engine's `sentinel` settings, or the grants alone when that is None); a hook with a
        `bind` method (a Sentinel) is bound to the extension. An extension whose digest is
        quarantined is refused (ExtensionQuarantined) before anything of it runs."""
        filename = filename or f"{name}.py"
        module = compile_source(source, filename, name, debug=self.debug)
        return Extension(self, module, grants=grants, hook=hook)

    def load_file(self, path: str | Path, grants=None, hook=None):
        """Load a `.py` file, or a package (a folder with a franken.toml)."""
        path = Path(path)
        if path.is_dir():
            return self.load_package(path, grants=grants, hook=hook)
        source = path.read_bytes()
        return self.load(source, name=path.stem, filename=str(path), grants=grants, hook=hook)

    def load_package(self, path: str | Path, grants=None, hook=None):
        """Load the package in folder `path`: its manifest, then its entry module and every
        module that imports. Nothing is granted unless `grants` says so (as for `load`);
        the capabilities the manifest requests are `extension.manifest.capabilities`."""
        package = find_package(path)
        module = compile_package(package, debug=self.debug)
        return Extension(self, module, grants=grants, hook=hook, manifest=package.manifest)


def _decision_hook(engine: Engine, extension: Extension, hook):
    """The decision hook of a new extension: `hook`, or a Sentinel from the settings."""
    if hook is None:
        if engine.sentinel is None:
            return None
        hook = engine.sentinel.build()
    bind = getattr(hook, "bind", None)
    if bind is not None:
        bind(
            extension.name,
            digest=extension.digest,
            declared=_declared(extension.manifest),
            quarantine=engine.quarantine,
        )
    return hook


def _declared(manifest: Manifest | None) -> dict[str, list[str]] | None:
    """The scopes a package's manifest declares, resolved as grants would resolve them."""
    if manifest is None:
        return None
    try:
        return Grants.from_mapping(manifest.capabilities, Path.cwd()).to_mapping()
    except ValueError:  # a scope that cannot be granted here: keep it as written
        return {cap: list(scopes) for cap, scopes in manifest.capabilities.items()}


class Extension:
    """A loaded extension. Its top-level code has run once, under the engine's limits."""

    manifest: Manifest | None = None  # a package's franken.toml (None for a single file)

    def __init__(self, engine: Engine, module, *, grants=None, hook=None, manifest=None):
        self.engine = engine
        self.ir = module
        self.name = module.name
        self.filename = module.filename
        self.digest = digest(module)
        if manifest is not None:
            self.manifest = manifest
        if engine.quarantine.contains(self.digest):
            raise ExtensionQuarantined(
                f"extension {self.name!r} is quarantined (digest {self.digest}); "
                "the host can release it"
            )
        self._output: list[str] = []
        self._lock = threading.RLock()
        if grants is not None and not isinstance(grants, Grants):
            grants = Grants.from_mapping(grants, Path.cwd())
        hook = _decision_hook(engine, self, hook)
        self.sentinel = hook if isinstance(hook, Sentinel) else None
        self._host = HostBridge(module.name, grants, hook)
        lanes = load_lanes(
            module,
            self._host,
            engine,
            write=self._output.append,
            run_top_level=self._run_top_level,
        )
        self._lane = lanes.interp  # (set already by `_run_top_level`)
        self.profile = lanes.profile
        self._tiering = lanes.tiering

    def _run_top_level(self, lane: InterpModule) -> None:
        """The module's top-level code, once, under the engine's limits (from the loader)."""
        self._lane = lane  # `_guard` locates the extension's errors through it
        with self._lock:
            self._guard(lane.run_init, self.engine.limits)

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
        """{function: {"lane": "jit" or "interp", "reason": why not jit ("" when jit)}}."""
        return {
            name: {"lane": record.lane, "reason": record.reason}
            for name, record in self.profile.functions.items()
            if name in self.ir.exports
        }

    def profile_json(self) -> dict:
        """Per function: calls, fuel, time, lane, reason, signatures, tier-up, compile time."""
        return self.profile.to_json()

    def profile_report(self) -> dict:
        """The call profile (`Engine(profile_calls=True)`): per function calls, loop
        iterations, self and inclusive time and fuel, lane facts; per stack path the same;
        totals. `extension.profile` also exports it as collapsed stacks and speedscope."""
        return self.profile.report()

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

    def host_events(self) -> list[dict]:
        """Every host call so far (denied ones included), as JSON dicts with the decision."""
        return self._host.host_events()

    def sentinel_report(self) -> dict | None:
        """{"action": strongest action, "posterior": ..., "ledger": path or None}, or None
        when no Sentinel watches this extension."""
        return None if self.sentinel is None else self.sentinel.report()

    def close(self) -> None:
        """End the extension's ledger session, if its hook keeps one (it can still be called)."""
        close = getattr(self._host.hook, "close", None)
        if close is not None:
            close()


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
    "compile_package",
    "compile_source",
    "error_location",
    "error_traceback",
]
