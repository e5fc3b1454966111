"""The `franken` command line: run, check and inspect extensions.

    franken run FILE [--lane L] [--json] [--call NAME] [--args JSON] [--grant CAP[=SCOPE]]...
                [limits...]
    franken check FILE
    franken ir FILE [--emit {ir,interp,jit}]
    franken inspect FILE [--json]
    franken profile FILE [--call NAME] [--repeat N] [--out DIR]   (profile.py)
    franken bench [--out DIR] [--compare [BASELINE]]              (bench.py)
    franken ledger {verify,replay,show} FILE                      (sentinel.py)
    franken quarantine {list,release}                             (sentinel.py)

FILE is a `.py` file or a package folder (with a `franken.toml`); for a
package, `run --grant-requested` grants what its manifest requests.

`run --json` prints exactly one JSON object (the contract of
shared/conformance/README.md) for every outcome: a usage error (even one
argparse finds) or an internal error is one too, with `error.type`
`UsageError` or `InternalError` and `line` null; stderr keeps its one
human-readable line; the object and the status are the engine's
(engine/outcome.py's `call_outcome`). Exit statuses (common.py): 0 returned,
1 the extension raised, 2 compile error, 3 a limit stopped it, 4 the
sentinel contained it, 64 usage error, 70 an internal engine error, 141
(quietly, as `yes | head`) when stdout's reader went away. No Python
traceback ever reaches the user: `main` turns anything a command lets
escape into one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from frankenengine.cli import bench as cli_bench
from frankenengine.cli import profile as cli_profile
from frankenengine.cli import sentinel as cli_sentinel
from frankenengine.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_COMPILE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_call_options,
    call_arguments,
    failure_error,
    inputs,
    limits,
    load,
    print_error,
    read_source,
    run_report,
    tier_up,
    wants_json_run,
)
from frankenengine.engine.api import Engine
from frankenengine.engine.outcome import call_outcome
from frankenengine.runtime.errors import CompileError, EngineError
from frankenengine.runtime.values import json_dumps_result


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="franken", description="FrankenEngine: run sandboxed extensions")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="load an extension and call a function")
    add_call_options(run)
    run.add_argument("--json", action="store_true", help="print one JSON object")
    check = sub.add_parser("check", help="report diagnostics only")
    check.add_argument("file")
    ir = sub.add_parser("ir", help="print the IR of an extension, or a lane's generated code")
    ir.add_argument("file")
    ir.add_argument(
        "--emit",
        choices=("ir", "interp", "jit"),
        default="ir",
        help="ir: the optimised IR (default); interp: the interpreter lane's Python source; "
        "jit: the JIT lane's Numba source per function (int arguments) or why it is not taken",
    )
    cli_sentinel.add_run_options(run)
    cli_sentinel.add_parsers(sub)
    inspect = sub.add_parser("inspect", help="list a package's manifest, requests and host calls")
    inspect.add_argument("file")
    inspect.add_argument("--json", action="store_true", help="print one JSON object")
    cli_profile.add_parser(sub)
    cli_bench.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    json_run = wants_json_run(argv)  # `run --json`: every failure below is a JSON object too
    try:
        options = _parser().parse_args(argv)
    except UsageError as exc:
        return _failed(EXIT_USAGE, f"{exc}", json_run)
    json_run = options.command == "run" and options.json
    file = getattr(options, "file", None)
    commands = {"run": _run, "check": _check, "ir": _ir, "inspect": _inspect}
    commands["ledger"] = cli_sentinel.ledger_command
    commands["quarantine"] = cli_sentinel.quarantine_command
    commands["profile"] = cli_profile.command
    commands["bench"] = cli_bench.command
    try:
        return commands[options.command](options)
    except BrokenPipeError:  # the reader of stdout is gone (`franken run ... | head`)
        return _reader_gone()
    except UsageError as exc:
        return _failed(EXIT_USAGE, f"{exc}", json_run, file)
    except (Exception, EngineError) as exc:  # an engine bug: one line, not a traceback
        # EngineError (a BaseException) included: a limit or the sentinel stopping an
        # extension is an outcome the commands report themselves; one reaching here is not.
        message = f"{type(exc).__name__}: {exc}"
        return _failed(EXIT_INTERNAL, message, json_run, file, internal=True)


def _reader_gone() -> int:
    """Stop quietly, as `yes | head` does: nothing more can reach stdout, and Python's own
    flush of it at exit must not fail again (stdout is pointed at the null device)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_BROKEN_PIPE


def _failed(status: int, message: str, json_run: bool, file=None, internal=False) -> int:
    """A command that failed before it could report: one line on stderr (`franken: ...`) and,
    for `run --json`, the JSON object with the error (nothing of the extension ran, or what
    ran is lost)."""
    print(f"franken: {'internal error: ' if internal else ''}{message}", file=sys.stderr)
    if json_run:
        kind = "InternalError" if internal else "UsageError"
        print(json_dumps_result(run_report(failure_error(kind, message, file))))
    return status


def _run(options) -> int:
    args = call_arguments(options)
    source, grants = inputs(options)  # source None: a package
    engine = Engine(
        lane=options.lane,
        limits=limits(options),
        tier_up=tier_up(options),
        sentinel=None,
        state_dir=options.state_dir,
    )
    hook = cli_sentinel.sentinel_for(options, engine.quarantine.directory)  # None: off
    done = call_outcome(
        lambda: load(engine, options, source, grants, hook),
        options.call,
        args,
        options.file,
        reraise=(UsageError,),
    )
    report, status, usage = done.report, done.status, done.usage  # usage: no such function
    if hook is not None and hook.bound:
        report["sentinel"] = cli_sentinel.end_session(hook, options)
    failure = cli_sentinel.ledger_failure(hook)  # None unless its ledger could not be opened
    if usage is not None:
        print(f"franken: {usage}", file=sys.stderr)
    if options.json:
        print(json_dumps_result(report))  # the last thing that may fail: printed exactly once
    elif usage is None:
        sys.stdout.write(report["stdout"])
        if report["error"] is not None:
            print_error(report["error"])
        elif report["result"] is not None:
            print(json_dumps_result(report["result"]))
        if report["sentinel"] is not None and report["sentinel"]["action"] != "allow":
            print("\n".join(cli_sentinel.describe(report["sentinel"])), file=sys.stderr)
    if failure is not None:
        print(failure, file=sys.stderr)
    return status


def _check(options) -> int:
    from frankenengine.engine.api import compile_source

    if Path(options.file).is_dir():
        return _check_package(options.file)
    source = read_source(options.file)
    diagnostics = []
    try:
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
    from frankenengine.engine.api import compile_package
    from frankenengine.engine.package import find_package

    return compile_package(find_package(path))


def _ir(options) -> int:
    from frankenengine.engine.api import compile_source
    from frankenengine.engine.listing import interp_listing, ir_listing, jit_listing

    package = Path(options.file).is_dir()
    source = None if package else read_source(options.file)
    try:
        if package:
            module = _compile_package(options.file)
        else:
            module = compile_source(source, options.file, Path(options.file).stem)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_COMPILE
    listing = {"ir": ir_listing, "interp": interp_listing, "jit": jit_listing}[options.emit]
    sys.stdout.write(listing(module))
    return EXIT_OK


def _inspect(options) -> int:
    from frankenengine.engine.inventory import inventory

    if not Path(options.file).exists():
        raise UsageError(f"cannot read {options.file}: no such file or folder")
    try:
        found = inventory(options.file)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_COMPILE
    except OSError as exc:
        raise UsageError(f"cannot read {options.file}: {exc.strerror or exc}") from None
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
    sys.exit(main())
