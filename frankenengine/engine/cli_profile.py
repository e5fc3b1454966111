"""The `franken profile` command: run an extension with its calls profiled, write the profile.

    franken profile FILE [--call NAME] [--args JSON] [--lane L] [--grant CAP[=SCOPE]]...
                    [--grant-requested] [limits...] [--repeat N] [--out DIR]

FILE and the options up to the limits mean what they mean for `franken run`
(the parser and the loading are `cli`'s); the extension runs under the
engine's default sentinel. The call is made N times (`--repeat`, so that
`auto` can tier up) with call stacks recorded (`Engine(profile_calls=True)`),
then three files go into DIR (default `./franken-profile`):

- `profile.json`: what ran and how it ended, then `Extension.profile_report()`
  (per function, per stack path, totals),
- `profile.collapsed.txt`: collapsed stacks (flamegraph.pl, speedscope),
- `profile.speedscope.json`: speedscope's file format,

and a one-screen summary and the paths are printed (the extension's own
output is not; its size is in the JSON). Exit statuses as for `run`: 0, 1 the
extension raised, 2 compile error, 3 a limit stopped it, 4 the sentinel
contained it, 64 usage error; when a call fails, the profile of what ran is
still written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import cli  # a cycle (cli registers this command): its names are used at call time
from .api import Engine, error_location
from .runtime.errors import CompileError, EngineError

DEFAULT_OUT = "franken-profile"
FILES = ("profile.json", "profile.collapsed.txt", "profile.speedscope.json")


def add_parser(sub) -> None:
    profile = sub.add_parser(
        "profile",
        help="run an extension with its calls profiled and write the profile",
        description="Call a function of FILE (a .py file or a package folder) with its call "
        f"stacks recorded; write {', '.join(FILES)} into --out and print a summary.",
    )
    cli._add_call_options(profile)
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
    args = cli._call_arguments(options)
    if options.repeat < 1:
        raise cli._UsageError("--repeat must be at least 1")
    source, grants = cli._inputs(options)
    out = Path(options.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cli._UsageError(f"cannot create {out}: {exc.strerror or exc}") from None
    engine = Engine(lane=options.lane, limits=cli._limits(options), profile_calls=True)
    try:
        extension = cli._load(engine, options, source, grants, hook=None)
    except CompileError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return cli.EXIT_COMPILE
    except cli._UsageError:
        raise
    except (Exception, EngineError) as exc:  # the top-level code raised, or was stopped
        _print_error(cli._error(exc, options.file))
        return cli._error_status(exc)
    runs, failure = _calls(extension, options.call, args, options.repeat)
    status = cli.EXIT_OK if failure is None else cli._error_status(failure)
    error = None if failure is None else cli._error(failure, options.file)
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
    paths = _write(out, extension.profile, document, title)
    print(f"profile of {title}: {runs} of {options.repeat} runs, lane {options.lane}")
    sys.stdout.write(extension.profile.summary())
    print("wrote " + ", ".join(str(p) for p in paths))
    if error is not None:
        _print_error(error)
    return status


def _calls(extension, fn: str, args: list, repeat: int):
    """Call `fn` up to `repeat` times: (calls that returned, the error that stopped them)."""
    for done in range(repeat):
        try:
            extension.call(fn, *args)
        except AttributeError as exc:
            if error_location(exc) is None:  # no such function: the user's mistake
                raise cli._UsageError(str(exc)) from None
            return done, exc
        except (Exception, EngineError) as exc:
            return done, exc
    return repeat, None


def _write(out: Path, profile, document: dict, title: str) -> list[Path]:
    """The three files of FILES, in that order."""
    texts = (
        json.dumps(document, indent=1) + "\n",
        profile.collapsed_stacks(),
        json.dumps(profile.speedscope(title)) + "\n",
    )
    paths = [out / name for name in FILES]
    for path, text in zip(paths, texts, strict=True):
        try:
            path.write_text(text)
        except OSError as exc:
            raise cli._UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return paths


def _print_error(error: dict) -> None:
    print(f"{error['file']}:{error['line']}: {error['type']}: {error['message']}", file=sys.stderr)
