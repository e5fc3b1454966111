"""The `franken` command line: run, check and inspect extensions.

    franken run FILE [--lane L] [--json] [--call NAME] [--args JSON] [--grant CAP[=SCOPE]]...
                [limits...]
    franken check FILE
    franken ir FILE
    franken inspect FILE [--json]
    franken profile FILE [--call NAME] [--repeat N] [--out DIR]   (cli_profile.py)
    franken bench [--out DIR] [--compare [BASELINE]]              (cli_bench.py)
    franken ledger {verify,replay,show} FILE
    franken quarantine {list,release}

FILE is a `.py` file or a package folder (with a `franken.toml`); for a
package, `run --grant-requested` grants what its manifest requests.

`run --json` prints exactly one JSON object (the contract of
shared/conformance/README.md). Exit statuses: 0 returned, 1 the extension
raised, 2 compile error, 3 a limit stopped it, 4 the sentinel contained it,
64 usage error, 70 an internal engine error. No Python traceback ever
reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import cli_bench, cli_profile, cli_sentinel
from .api import LANES, Engine, error_location
from .host import Grants
from .package import Manifest, load_manifest
from .runtime.errors import CompileError, EngineError, ExtensionTerminated
from .runtime.limits import Limits
from .runtime.values import json_dumps_result, to_json

EXIT_OK, EXIT_RAISED, EXIT_COMPILE, EXIT_LIMIT, EXIT_SENTINEL, EXIT_USAGE = 0, 1, 2, 3, 4, 64
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in the engine itself


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="franken", description="FrankenEngine: run sandboxed extensions")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="load an extension and call a function")
    _add_call_options(run)
    run.add_argument("--json", action="store_true", help="print one JSON object")
    check = sub.add_parser("check", help="report diagnostics only")
    check.add_argument("file")
    ir = sub.add_parser("ir", help="print the IR of an extension")
    ir.add_argument("file")
    cli_sentinel.add_run_options(run)
    cli_sentinel.add_parsers(sub)
    inspect = sub.add_parser("inspect", help="list a package's manifest, requests and host calls")
    inspect.add_argument("file")
    inspect.add_argument("--json", action="store_true", help="print one JSON object")
    cli_profile.add_parser(sub)
    cli_bench.add_parser(sub)
    return parser


def _add_call_options(command) -> None:
    """FILE and the options saying how to load and call it (`run`, `profile`)."""
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


def main(argv: list[str] | None = None) -> int:
    try:
        options = _parser().parse_args(argv)
    except _UsageError as exc:
        print(f"franken: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        commands = {"run": _run, "check": _check, "ir": _ir, "inspect": _inspect}
        commands["ledger"] = cli_sentinel.ledger_command
        commands["quarantine"] = cli_sentinel.quarantine_command
        commands["profile"] = cli_profile.command
        commands["bench"] = cli_bench.command
        return commands[options.command](options)
    except (_UsageError, cli_sentinel.SentinelUsageError) as exc:
        print(f"franken: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # an engine bug: one line, not a traceback
        print(f"franken: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _limits(options) -> Limits:
    for flag in ("fuel", "memory", "depth", "output"):
        value = getattr(options, flag)
        if value is not None and value < 0:
            raise _UsageError(f"--{flag} must not be negative")
    return Limits().with_overrides(
        fuel=options.fuel,
        memory=options.memory,
        depth=options.depth,
        output=options.output,
        deadline=options.deadline,
    )


def _grants(options) -> Grants:
    """The `--grant CAP[=SCOPE]` items (relative directories against the current directory)."""
    try:
        return Grants.from_cli(options.grant, Path.cwd())
    except ValueError as exc:
        raise _UsageError(f"--grant: {exc}") from None


def _with_requested(manifest: Manifest, grants: Grants) -> Grants:
    """`grants` plus what the manifest requests (relative directories against the cwd)."""
    mapping = {cap: list(scopes) for cap, scopes in manifest.capabilities.items()}
    for cap, scopes in grants.to_mapping().items():
        mapping.setdefault(cap, []).extend(scopes)
    try:
        return Grants.from_mapping(mapping, Path.cwd())
    except ValueError as exc:
        raise _UsageError(f"--grant-requested: {exc}") from None


def _call_arguments(options) -> list:
    """The positional arguments of `--args` (a JSON array)."""
    try:
        args = json.loads(options.args)
    except json.JSONDecodeError as exc:
        raise _UsageError(f"--args is not valid JSON: {exc}") from None
    if not isinstance(args, list):
        raise _UsageError("--args must be a JSON array")
    return args


def _inputs(options) -> tuple[bytes | None, Grants]:
    """FILE's source (None for a package folder) and the `--grant` grants, checked."""
    source = None if Path(options.file).is_dir() else _read(options.file)
    grants = _grants(options)
    if options.grant_requested and source is not None:
        raise _UsageError("--grant-requested needs a package (a folder with a franken.toml)")
    return source, grants


def _load(engine: Engine, options, source: bytes | None, grants: Grants, hook):
    """Load FILE (`_inputs`); a package gets what its manifest requests with --grant-requested."""
    if source is None:
        if options.grant_requested:
            grants = _with_requested(load_manifest(options.file), grants)
        return engine.load_package(options.file, grants=grants, hook=hook)
    name = Path(options.file).stem
    return engine.load(source, name=name, filename=options.file, grants=grants, hook=hook)


def _run(options) -> int:
    args = _call_arguments(options)
    source, grants = _inputs(options)  # source None: a package
    engine = Engine(
        lane=options.lane, limits=_limits(options), sentinel=None, state_dir=options.state_dir
    )
    hook = cli_sentinel.sentinel_for(options, engine.quarantine.directory)  # None: off
    report = {"result": None, "stdout": "", "error": None, "lanes": {}, "sentinel": None}
    extension = None
    status = EXIT_OK
    try:
        extension = _load(engine, options, source, grants, hook)
        result = extension.call(options.call, *args)
        report["result"] = to_json(result)
    except CompileError as exc:
        status = EXIT_COMPILE
        first = exc.diagnostics[0] if exc.diagnostics else None
        report["error"] = {
            "type": "CompileError",
            "message": str(first.message) if first else str(exc),
            "file": first.file if first else options.file,
            "line": first.line if first else None,
            "diagnostics": [
                {"file": d.file, "line": d.line, "col": d.col, "message": d.message}
                for d in exc.diagnostics
            ],
        }
    except _UsageError:
        raise
    except AttributeError as exc:
        if extension is not None and error_location(exc) is None:
            raise _UsageError(str(exc)) from None
        status = EXIT_RAISED
        report["error"] = _error(exc, options.file)
    except EngineError as exc:
        status = _error_status(exc)
        report["error"] = _error(exc, options.file)
    except Exception as exc:
        status = _error_status(exc)
        report["error"] = _error(exc, options.file)
    if extension is not None:
        report["stdout"] = extension.output
        report["lanes"] = {fn: info["lane"] for fn, info in extension.lanes().items()}
    if hook is not None and hook.bound:
        report["sentinel"] = cli_sentinel.finish(hook, options)
    if options.json:
        print(json_dumps_result(report))
    else:
        sys.stdout.write(report["stdout"])
        if report["error"] is not None:
            error = report["error"]
            print(
                f"{error['file']}:{error['line']}: {error['type']}: {error['message']}",
                file=sys.stderr,
            )
            for d in error.get("diagnostics", [])[1:]:
                print(f"{d['file']}:{d['line']}:{d['col']}: {d['message']}", file=sys.stderr)
        elif report["result"] is not None:
            print(json_dumps_result(report["result"]))
        if report["sentinel"] is not None and report["sentinel"]["action"] != "allow":
            print("\n".join(cli_sentinel.describe(report["sentinel"])), file=sys.stderr)
    return status


def _error_status(exc: BaseException) -> int:
    """The exit status of an error from loading or calling (compile errors aside)."""
    if isinstance(exc, EngineError):
        return EXIT_SENTINEL if isinstance(exc, ExtensionTerminated) else EXIT_LIMIT
    return EXIT_RAISED


def _error(exc: BaseException, file: str) -> dict:
    location = error_location(exc)
    message = str(exc)
    if isinstance(exc, KeyError) and exc.args:
        message = repr(exc.args[0])
    return {
        "type": type(exc).__name__,
        "message": message,
        "file": location.file if location else file,
        "line": location.line if location else None,
    }


def _check(options) -> int:
    from .frontend.check import check_source

    if Path(options.file).is_dir():
        return _check_package(options.file)
    source = _read(options.file)
    _, diagnostics = check_source(source, options.file)
    if not diagnostics:
        try:
            from .api import compile_source

            compile_source(source, options.file, Path(options.file).stem)
        except CompileError as exc:
            diagnostics = list(exc.diagnostics)
    for d in diagnostics:
        print(d)
    return EXIT_COMPILE if diagnostics else EXIT_OK


def _check_package(path: str) -> int:
    try:
        _compile_package(path)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d)
        return EXIT_COMPILE
    return EXIT_OK


def _compile_package(path: str):
    """The linked IR module of the package in folder `path` (CompileError if it fails)."""
    from .api import compile_package
    from .package import find_package

    return compile_package(find_package(path))


def _ir(options) -> int:
    from ..ir.printer import print_module
    from .api import compile_source

    package = Path(options.file).is_dir()
    source = None if package else _read(options.file)
    try:
        if package:
            module = _compile_package(options.file)
        else:
            module = compile_source(source, options.file, Path(options.file).stem)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_COMPILE
    sys.stdout.write(print_module(module))
    return EXIT_OK


def _inspect(options) -> int:
    from .inventory import inventory

    if not Path(options.file).exists():
        raise _UsageError(f"cannot read {options.file}: no such file or folder")
    try:
        found = inventory(options.file)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_COMPILE
    except OSError as exc:
        raise _UsageError(f"cannot read {options.file}: {exc.strerror or exc}") from None
    if options.json:
        print(json.dumps(found.to_json(), indent=2))
        return EXIT_OK
    print(f"{found.name} {found.version}".rstrip())
    if found.description:
        print(f"  {found.description}")
    print(f"entry: {found.entry}")
    print("modules: " + ", ".join(found.modules))
    print("capabilities requested:" + ("" if found.requested else " none"))
    for cap, scopes in found.requested.items():
        print(f"  {cap}" + (f": {', '.join(scopes)}" if scopes else ""))
    print("host calls:" + ("" if found.host_calls else " none"))
    for call in found.host_calls:
        print(f"  {call.call} ({call.capability}) at {call.file}:{call.line}")
    if found.unrequested:
        print("needs but does not request: " + ", ".join(found.unrequested))
    return EXIT_OK


if __name__ == "__main__":
    # `python -m`: run the imported module's main, whose usage error class is the one that
    # the commands of other modules (cli_profile imports `cli`) raise.
    from . import cli

    sys.exit(cli.main())
