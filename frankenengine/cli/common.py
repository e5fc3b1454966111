"""What the `franken` commands share: exit statuses, the usage error, FILE and its call options.

The one place for the CLI's exit statuses (every command module imports them
from here), for `UsageError` (a bad option or an unreadable input: `cli.main`
prints its one line and exits 64), for the options saying how to load and
call FILE (`run` and `profile` take the same ones and load the same way),
for the line an extension's error is reported with (`print_error`: the
same line under every command), and for the object `run --json` prints
(`run_report`), including when the run failed before the extension could
(`failure_error`, `wants_json_run`). A leaf of the CLI: it imports no command
module, so every command module (and the evidence package) may import it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from frankenengine.engine.api import LANES, Engine, error_location
from frankenengine.engine.package import Manifest, load_manifest
from frankenengine.host import Grants
from frankenengine.runtime.errors import CompileError, EngineError, ExtensionTerminated
from frankenengine.runtime.limits import Limits
from frankenengine.sentinel.quarantine import QuarantineError

EXIT_OK = 0
EXIT_RAISED = 1  # the extension raised an exception
EXIT_FAILED = 1  # a check failed: a ledger did not verify or replay, a budget regressed
EXIT_COMPILE = 2  # FILE did not compile
EXIT_LIMIT = 3  # a limit (fuel, memory, depth, output, deadline) stopped the extension
EXIT_SENTINEL = 4  # the sentinel contained the extension
EXIT_USAGE = 64  # EX_USAGE: a bad option or an unreadable input
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in the engine itself


class UsageError(Exception):
    """A bad option or an unreadable input: reported as one line, exit status 64."""


def read_source(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


# -- FILE and how to call it (`run`, `profile`) ----------------------------------------------
def add_call_options(command) -> None:
    """FILE and the options saying how to load and call it."""
    command.add_argument("file")
    command.add_argument("--lane", choices=LANES, default="auto")
    command.add_argument("--call", default="main", help="function to call (default: main)")
    command.add_argument("--args", default="[]", help="positional arguments as a JSON array")
    command.add_argument("--fuel", type=int)
    command.add_argument("--memory", type=int)
    command.add_argument("--depth", type=int)
    command.add_argument("--output", type=int, help="output limit in bytes")
    command.add_argument("--deadline", type=float, help="wall-time limit in seconds")
    command.add_argument(
        "--grant",
        action="append",
        default=[],
        metavar="CAP[=SCOPE]",
        help="grant a capability to the extension (repeatable): fs.read=DIR, net.http=HOST:PORT, "
        "env.read=NAME or PREFIX_*, proc.run=EXECUTABLE, clock, log",
    )
    command.add_argument(
        "--grant-requested",
        action="store_true",
        help="also grant what the package's franken.toml requests",
    )


def call_arguments(options) -> list:
    """The positional arguments of `--args` (a JSON array)."""
    try:
        args = json.loads(options.args)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--args is not valid JSON: {exc}") from None
    if not isinstance(args, list):
        raise UsageError("--args must be a JSON array")
    return args


def limits(options) -> Limits:
    """The default limits with the `--fuel`, `--memory`, ... overrides."""
    for flag in ("fuel", "memory", "depth", "output"):
        value = getattr(options, flag)
        if value is not None and value < 0:
            raise UsageError(f"--{flag} must not be negative")
    return Limits().with_overrides(
        fuel=options.fuel,
        memory=options.memory,
        depth=options.depth,
        output=options.output,
        deadline=options.deadline,
    )


def inputs(options) -> tuple[bytes | None, Grants]:
    """FILE's source (None for a package folder) and the `--grant` grants, checked."""
    source = None if Path(options.file).is_dir() else read_source(options.file)
    try:
        grants = Grants.from_cli(options.grant, Path.cwd())  # relative folders: from the cwd
    except ValueError as exc:
        raise UsageError(f"--grant: {exc}") from None
    if options.grant_requested and source is not None:
        raise UsageError("--grant-requested needs a package (a folder with a franken.toml)")
    return source, grants


def load(engine: Engine, options, source: bytes | None, grants: Grants, hook):
    """Load FILE (`inputs`); a package gets what its manifest requests with --grant-requested.
    A quarantine list that cannot be read (a bad state directory) is a UsageError."""
    try:
        if source is None:
            if options.grant_requested:
                grants = _with_requested(load_manifest(options.file), grants)
            return engine.load_package(options.file, grants=grants, hook=hook)
        name = Path(options.file).stem
        return engine.load(source, name=name, filename=options.file, grants=grants, hook=hook)
    except QuarantineError as exc:
        raise UsageError(
            f"{exc} (the state directory: --state-dir or $FRANKEN_STATE_DIR)"
        ) from None


def _with_requested(manifest: Manifest, grants: Grants) -> Grants:
    """`grants` plus what the manifest requests (relative directories against the cwd)."""
    mapping = {cap: list(scopes) for cap, scopes in manifest.capabilities.items()}
    for cap, scopes in grants.to_mapping().items():
        mapping.setdefault(cap, []).extend(scopes)
    try:
        return Grants.from_mapping(mapping, Path.cwd())
    except ValueError as exc:
        raise UsageError(f"--grant-requested: {exc}") from None


# -- `run --json` ------------------------------------------------------------------------------
def run_report(error: dict | None = None) -> dict:
    """The object `run --json` prints, before anything ran (`error`: what stopped it)."""
    return {"result": None, "stdout": "", "error": error, "lanes": {}, "sentinel": None}


def failure_error(kind: str, message: str, file: str | None) -> dict:
    """The `error` of a run that failed outside the extension: a usage error ("UsageError")
    or an engine bug ("InternalError"). It names no line."""
    return {"type": kind, "message": message, "file": file, "line": None}


def wants_json_run(argv: list[str]) -> bool:
    """Whether `argv` (even one argparse refuses) asks for `run --json` (or an abbreviation
    argparse accepts, such as `--js`), so that its usage error is reported as JSON too."""
    if not argv or argv[0] != "run":
        return False
    for token in argv[1:]:
        if token == "--":
            break
        flag = token.partition("=")[0]
        if len(flag) >= 3 and "--json".startswith(flag):
            return True
    return False


# -- an extension's error ---------------------------------------------------------------------
def missing_function(exc: BaseException) -> UsageError | None:
    """A UsageError if `exc`, raised by calling a loaded extension, says it has no such
    function (an AttributeError from outside the extension's code): the user's mistake, not
    its. None for any other error."""
    if isinstance(exc, AttributeError) and error_location(exc) is None:
        return UsageError(str(exc))
    return None


def refuse_missing_function(exc: BaseException) -> None:
    """Raise `missing_function(exc)` if it is one."""
    usage = missing_function(exc)
    if usage is not None:
        raise usage from None


def error_status(exc: BaseException) -> int:
    """The exit status of an error from loading or calling FILE."""
    if isinstance(exc, CompileError):
        return EXIT_COMPILE
    if isinstance(exc, EngineError):
        return EXIT_SENTINEL if isinstance(exc, ExtensionTerminated) else EXIT_LIMIT
    return EXIT_RAISED


def error_report(exc: BaseException, file: str) -> dict:
    """The `error` object of `run --json` for an error from loading or calling `file`."""
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


def print_error(error: dict) -> None:
    """`error` (of `error_report`) on stderr: `file:line: Type: message`, then the further
    diagnostics of a compile error, one `file:line:col: message` each."""
    print(f"{error['file']}:{error['line']}: {error['type']}: {error['message']}", file=sys.stderr)
    for d in error.get("diagnostics", [])[1:]:
        print(f"{d['file']}:{d['line']}:{d['col']}: {d['message']}", file=sys.stderr)
