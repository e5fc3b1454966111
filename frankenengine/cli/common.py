"""What the `franken` commands share: exit statuses, the usage error, FILE and its call options.

The one place the commands take their exit statuses from (those a run ends
with are the engine's, engine/outcome.py, re-exported here with the pieces
of the object `run --json` prints; EXIT_FAILED is the CLI's own), for
`UsageError` (a bad option or an unreadable input: `cli.main` prints its one
line and exits 64), for the options saying how to load and call FILE (`run`
and `profile` take the same ones and load the same way), for the line an
extension's error is reported with (`print_error`: the same line under every
command), and for telling a `run --json` whose arguments argparse refuses
(`wants_json_run`). A leaf of the CLI: it imports no command module, so
every command module may import it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from frankenengine.engine.api import LANES, Engine
from frankenengine.engine.outcome import (  # noqa: F401  (re-exported for the commands)
    EXIT_BROKEN_PIPE,
    EXIT_COMPILE,
    EXIT_INTERNAL,
    EXIT_LIMIT,
    EXIT_OK,
    EXIT_RAISED,
    EXIT_SENTINEL,
    EXIT_USAGE,
    error_report,
    error_status,
    failure_error,
    no_such_function,
    run_report,
)
from frankenengine.engine.package import Manifest, load_manifest
from frankenengine.host import Grants
from frankenengine.profiles.profile import TierPolicy
from frankenengine.runtime.limits import Limits
from frankenengine.sentinel.quarantine import QuarantineError

# The statuses a run ends with are the engine's (engine/outcome.py); this one is the CLI's own.
EXIT_FAILED = 1  # a check failed: a ledger did not verify or replay, a budget regressed


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
        "--tier-seconds",
        type=float,
        default=TierPolicy.seconds,
        help="interpreted seconds a function runs in `auto` before it is compiled "
        f"(default: {TierPolicy.seconds})",
    )
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


def tier_up(options) -> TierPolicy:
    """The `auto` lane's policy with `--tier-seconds`."""
    if options.tier_seconds < 0:
        raise UsageError("--tier-seconds must not be negative")
    return TierPolicy(seconds=options.tier_seconds)


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
def refuse_missing_function(exc: BaseException) -> None:
    """A UsageError if `exc`, raised by calling a loaded extension, says it has no such
    function (the user's mistake, not the extension's); nothing for any other error."""
    message = no_such_function(exc)
    if message is not None:
        raise UsageError(message) from None


def print_error(error: dict) -> None:
    """`error` (of `error_report`) on stderr: `file:line: Type: message`, then the further
    diagnostics of a compile error, one `file:line:col: message` each."""
    print(f"{error['file']}:{error['line']}: {error['type']}: {error['message']}", file=sys.stderr)
    for d in error.get("diagnostics", [])[1:]:
        print(f"{d['file']}:{d['line']}:{d['col']}: {d['message']}", file=sys.stderr)
