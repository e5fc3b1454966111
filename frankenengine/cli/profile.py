"""The `franken profile` command: run an extension with its calls profiled, write the profile.

    franken profile FILE [--call NAME] [--args JSON] [--lane L] [--grant CAP[=SCOPE]]...
                    [--grant-requested] [limits...] [--repeat N] [--out DIR]

FILE and the options up to the limits mean what they mean for `franken run`
(both take them, and load FILE, through cli/common.py); the extension runs
under the engine's default sentinel. The call is made N times (`--repeat`,
so that `auto` can tier up) with call stacks recorded
(`Engine(profile_calls=True)`), then the profile's three export files
(profiles/export.py's `write_exports`) go into DIR (default
`./franken-profile`):

- `profile.json`: what ran and how it ended, with `Extension.profile_report()`
  (per function, per stack path, totals),
- `profile.collapsed.txt`: collapsed stacks (flamegraph.pl, speedscope),
- `profile.speedscope.json`: speedscope's file format,

and a one-screen summary and the paths are printed (the extension's own
output is not; its size is in the JSON). Exit statuses and the error line
as for `run`: 0, 1 the extension raised, 2 compile error, 3 a limit stopped
it, 4 the sentinel contained it, 64 usage error; when a call fails, the
profile of what ran is still written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from frankenengine.cli.common import (
    EXIT_OK,
    UsageError,
    add_call_options,
    call_arguments,
    error_report,
    error_status,
    inputs,
    limits,
    load,
    print_error,
    refuse_missing_function,
    tier_up,
)
from frankenengine.engine.api import Engine
from frankenengine.profiles.export import EXPORT_SUFFIXES, write_exports
from frankenengine.runtime.errors import EngineError

DEFAULT_OUT = "franken-profile"
STEM = "profile"
FILES = tuple(STEM + suffix for suffix in EXPORT_SUFFIXES)


def add_parser(sub) -> None:
    profile = sub.add_parser(
        "profile",
        help="run an extension with its calls profiled and write the profile",
        description="Call a function of FILE (a .py file or a package folder) with its call "
        f"stacks recorded; write {', '.join(FILES)} into --out and print a summary.",
    )
    add_call_options(profile)
    profile.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="make the call N times (default 1; lets auto tier up)",
    )
    profile.add_argument(
        "--out",
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the profile files (default: ./{DEFAULT_OUT})",
    )


def command(options) -> int:
    args = call_arguments(options)
    if options.repeat < 1:
        raise UsageError("--repeat must be at least 1")
    source, grants = inputs(options)
    out = Path(options.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {out}: {exc.strerror or exc}") from None
    engine = Engine(
        lane=options.lane, limits=limits(options), tier_up=tier_up(options), profile_calls=True
    )
    try:
        extension = load(engine, options, source, grants, hook=None)
    except UsageError:
        raise
    except (Exception, EngineError) as exc:  # it did not compile, its top-level code raised...
        print_error(error_report(exc, options.file))
        return error_status(exc)
    runs, failure = _calls(extension, options.call, args, options.repeat)
    status = EXIT_OK if failure is None else error_status(failure)
    error = None if failure is None else error_report(failure, options.file)
    title = f"{extension.name}.{options.call}"
    document = {
        "extension": extension.name,
        "file": options.file,
        "call": options.call,
        "args": args,
        "lane": options.lane,
        "repeat": options.repeat,
        "runs": runs,
        "status": status,
        "error": error,
        "stdout_bytes": len(extension.output.encode("utf-8", "surrogatepass")),
        "sentinel": extension.sentinel_report(),
        **extension.profile_report(),
    }
    extension.close()
    try:
        paths = write_exports(out, STEM, extension.profile, document, title)
    except OSError as exc:
        raise UsageError(f"cannot write into {out}: {exc.strerror or exc}") from None
    print(f"profile of {title}: {runs} of {options.repeat} runs, lane {options.lane}")
    sys.stdout.write(extension.profile.summary())
    print("wrote " + ", ".join(str(p) for p in paths))
    if error is not None:
        print_error(error)
    return status


def _calls(extension, fn: str, args: list, repeat: int):
    """Call `fn` up to `repeat` times: (calls that returned, the error that stopped them)."""
    for done in range(repeat):
        try:
            extension.call(fn, *args)
        except (Exception, EngineError) as exc:
            refuse_missing_function(exc)
            return done, exc
    return repeat, None
