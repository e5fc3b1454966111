"""The outcome of loading an extension and calling one of its functions: a status and an object.

`call_outcome` loads (through the caller's `load`) and calls, and returns the
exit status and the object `franken run --json` prints (the contract of
shared/conformance/README.md): `{"result", "stdout", "error", "lanes",
"sentinel"}`. `run_file` does the same for a `.py` file or a package folder
with a lane, limits, grants and the engine's default sentinel, for callers
that are not the command line (the golden checksums). The command line adds
only what belongs to it: how it reads its options, the sentinel's ledger,
and what it prints.

Invariants:
- Every outcome is an object: a compile error, an exception the extension
  raised, a limit or the sentinel stopping it, and a call naming no function
  of the extension (a usage error) are reported in `error`, never raised;
  `run_file` reports a file it cannot read (a usage error) and an engine bug
  (`InternalError`) too.
- The exit statuses (EXIT_*) are the only ones a run ends with, here and in
  the command line (frankenengine/cli/common.py re-exports them).
- `error` always has `type`, `message`, `file` and `line`; a failure outside
  the extension's code (`failure_error`) names no line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from frankenengine.engine.api import DEFAULT_SENTINEL, Engine, Extension, error_location
from frankenengine.profiles.profile import TierPolicy
from frankenengine.runtime.errors import CompileError, EngineError, ExtensionTerminated
from frankenengine.runtime.limits import Limits
from frankenengine.runtime.values import to_json
from frankenengine.sentinel.hook import SentinelConfig

EXIT_OK = 0
EXIT_RAISED = 1  # the extension raised an exception
EXIT_COMPILE = 2  # FILE did not compile
EXIT_LIMIT = 3  # a limit (fuel, memory, depth, output, deadline) stopped the extension
EXIT_SENTINEL = 4  # the sentinel contained the extension
EXIT_USAGE = 64  # EX_USAGE: a bad option or an unreadable input (here: no such function)
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in the engine itself
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: stdout's reader went away (`franken run ... | head`)


@dataclass
class Outcome:
    """How a run ended: its exit status and its `run --json` object (`report`)."""

    status: int
    report: dict
    extension: Extension | None = None  # None when loading failed
    usage: str | None = None  # why it was a usage error (status EXIT_USAGE), else None


def run_report(error: dict | None = None) -> dict:
    """The object of a run before anything ran (`error`: what stopped it)."""
    return {"result": None, "stdout": "", "error": error, "lanes": {}, "sentinel": None}


def failure_error(kind: str, message: str, file: str | None) -> dict:
    """The `error` of a run that failed outside the extension: a usage error ("UsageError")
    or an engine bug ("InternalError"). It names no line."""
    return {"type": kind, "message": message, "file": file, "line": None}


def error_status(exc: BaseException) -> int:
    """The exit status of an error from loading or calling an extension."""
    if isinstance(exc, CompileError):
        return EXIT_COMPILE
    if isinstance(exc, EngineError):
        return EXIT_SENTINEL if isinstance(exc, ExtensionTerminated) else EXIT_LIMIT
    return EXIT_RAISED


def error_report(exc: BaseException, file: str) -> dict:
    """The `error` object for an error from loading or calling `file`."""
    if isinstance(exc, CompileError):
        first = exc.diagnostics[0] if exc.diagnostics else None
        return {
            "type": "CompileError",
            "message": str(first.message) if first else str(exc),
            "file": first.file if first else file,
            "line": first.line if first else None,
            "diagnostics": [
                {"file": d.file, "line": d.line, "col": d.col, "message": d.message}
                for d in exc.diagnostics
            ],
        }
    location = error_location(exc)
    message = repr(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return {
        "type": type(exc).__name__,
        "message": message,
        "file": location.file if location else file,
        "line": location.line if location else None,
    }


def no_such_function(exc: BaseException) -> str | None:
    """The message if `exc`, raised by calling a loaded extension, says it has no such
    function (an AttributeError from outside the extension's code): the caller's mistake,
    not the extension's. None for any other error."""
    if isinstance(exc, AttributeError) and error_location(exc) is None:
        return str(exc)
    return None


def call_outcome(
    load: Callable[[], Extension],
    function: str,
    args: Sequence,
    file: str,
    *,
    reraise: tuple[type[BaseException], ...] = (),
) -> Outcome:
    """Load the extension (`load()`), call `function(*args)` and report how it ended.
    Errors of the `reraise` types (the caller's own, such as a bad option found while
    loading) propagate; the `sentinel` of the report is left to the caller."""
    report = run_report()
    extension = None
    status = EXIT_OK
    usage = None
    try:
        extension = load()
        report["result"] = to_json(extension.call(function, *args))
    except reraise:
        raise
    except (Exception, EngineError) as exc:  # a compile error, or the extension raised or stopped
        usage = no_such_function(exc) if extension is not None else None
        if usage is not None:
            status = EXIT_USAGE
            report["error"] = failure_error("UsageError", usage, file)
        else:
            status = error_status(exc)
            report["error"] = error_report(exc, file)
    if extension is not None:
        report["stdout"] = extension.output
        report["lanes"] = {fn: info["lane"] for fn, info in extension.lanes().items()}
    return Outcome(status, report, extension, usage)


def run_file(
    path: str | Path,
    function: str = "main",
    args: Sequence = (),
    *,
    lane: str = "auto",
    limits: Limits | None = None,
    grants=None,
    sentinel: SentinelConfig | None = DEFAULT_SENTINEL,
    tier_up: TierPolicy | None = None,
) -> Outcome:
    """The outcome of `franken run PATH --lane LANE --call FUNCTION --json` with `limits`,
    `grants` and the `sentinel` settings (by default the command's sentinel, without a
    ledger) and the `auto` lane's `tier_up` policy (None: the default). A file that cannot
    be read is a usage error; an engine bug is an InternalError (status EXIT_INTERNAL), as
    on the command line."""
    file = str(path)
    source = None  # a package folder
    if not Path(path).is_dir():
        try:
            source = Path(path).read_bytes()
        except OSError as exc:
            usage = f"cannot read {file}: {exc.strerror or exc}"
            return Outcome(
                EXIT_USAGE, run_report(failure_error("UsageError", usage, file)), None, usage
            )
    try:
        engine = Engine(lane=lane, limits=limits, sentinel=None, tier_up=tier_up)
        hook = None if sentinel is None else sentinel.build()

        def load() -> Extension:
            if source is None:
                return engine.load_package(path, grants=grants, hook=hook)
            name = Path(path).stem
            return engine.load(source, name=name, filename=file, grants=grants, hook=hook)

        done = call_outcome(load, function, args, file)
        if hook is not None and hook.bound:  # end its session, as the command does
            hook.close()
            if hook.ledger is not None:
                hook.ledger.close()
            done.report["sentinel"] = hook.report()
        return done
    except (Exception, EngineError) as exc:  # an engine bug: an outcome too
        message = f"{type(exc).__name__}: {exc}"
        return Outcome(EXIT_INTERNAL, run_report(failure_error("InternalError", message, file)))
