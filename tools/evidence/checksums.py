"""Golden checksums: a SHA-256 digest of every conformance program's outcome, per lane.

A program runs as `franken run FILE --lane L --json` would run it, through
the engine's `run_file` (frankenengine/engine/outcome.py: the status and the
object that command prints), with the entry and limits of its directives;
its outcome is reduced to canonical bytes and hashed. Invariants:

- The canonical outcome holds exactly the exit status, the result, what the
  program printed, and the error's type and line. Nothing that may change
  without the program's behaviour changing is in it: not the error message
  (the language promises exception types, not texts; texts may name files),
  not file paths, lanes, the sentinel report, timings or profiles. So equal
  behaviour in two lanes, checkouts or processes gives equal digests.
- The encoding is injective and exact: canonical JSON (sorted keys, no
  spaces, ASCII), every float written as `float.hex` (NaN, infinities and
  -0.0 survive; 1 and 1.0 differ), and a result dict as its ordered list of
  items (key order is part of a dict's value).
- The stored file (`write_golden`) is JSON with a format header, one program
  per line, programs and lanes sorted, so a change shows as a one-line diff.

This is a tool of the development checkout, not of an installed engine: the
programs are the checkout's own (`tests/testdata/conformance`, the example
of EXAMPLE_PROGRAMS) and the shared suite beside the clone
(`../shared/conformance`), and REGENERATE names the checkout's script and
virtualenv.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from frankenengine.engine.api import LANES
from frankenengine.engine.outcome import EXIT_USAGE, run_file
from frankenengine.runtime.limits import Limits
from frankenengine.runtime.values import json_dumps_result
from tools.evidence.directives import read_directives

__all__ = [
    "FORMAT",
    "REGENERATE",
    "ProgramRunError",
    "canonical_outcome",
    "compute_checksums",
    "conformance_folders",
    "conformance_programs",
    "describe_changes",
    "outcome_digest",
    "read_golden",
    "run_program",
    "write_golden",
]

FORMAT = "frankenengine-golden-checksums/1"
DIGEST = (
    "sha256 of canonical_outcome(): canonical JSON of exit status, result, stdout, error type "
    "and line (tools/evidence/checksums.py)"
)
REGENERATE = ".venv/bin/python tests/conformance/update_golden.py"
# The repository's demo extension, held to the conformance contract too.
EXAMPLE_PROGRAMS = ("examples/wordstats.py",)


class ProgramRunError(RuntimeError):
    """A program did not run: a usage error (a file that cannot be read, no such entry)."""


# -- the programs -------------------------------------------------------------


def conformance_folders(repo_root: Path) -> dict[str, Path]:
    """Id prefix -> folder of conformance programs: the shared suite beside the clone, our own."""
    repo_root = Path(repo_root).resolve()
    return {
        "shared": repo_root.parent / "shared" / "conformance",
        "own": repo_root / "tests" / "testdata" / "conformance",
    }


def conformance_programs(repo_root: Path) -> list[tuple[str, Path]]:
    """`(id, path)` of every program the conformance test runs, in its order.

    Ids are `shared/<stem>`, `own/<stem>` and `examples/<stem>`. A missing
    folder contributes nothing (the shared suite may be absent outside CI).
    """
    repo_root = Path(repo_root).resolve()
    programs = [
        (f"{prefix}/{path.stem}", path)
        for prefix, folder in conformance_folders(repo_root).items()
        for path in sorted(folder.glob("*.py"))
    ]
    for relative in EXAMPLE_PROGRAMS:
        path = repo_root / relative
        if not path.is_file():
            raise FileNotFoundError(f"{repo_root} is not a FrankenEngine checkout: no {relative}")
        programs.append((f"examples/{path.stem}", path))
    return programs


# -- one outcome ----------------------------------------------------------------


def _canonical_value(value):
    """A parsed JSON value with floats as `{"float": hex}` and dicts as `{"dict": [[k, v], ...]}`.

    Every object of the encoding is one of these two tags, so no two values
    share an encoding.
    """
    if isinstance(value, float):
        return {"float": value.hex()}
    if isinstance(value, list):
        return [_canonical_value(item) for item in value]
    if isinstance(value, dict):
        return {"dict": [[key, _canonical_value(item)] for key, item in value.items()]}
    return value  # None, bool, int, str


def canonical_outcome(run_json: Mapping, exit_status: int) -> bytes:
    """The canonical bytes of one run's outcome (see the module docstring)."""
    missing = [key for key in ("result", "stdout", "error") if key not in run_json]
    if missing:
        raise ValueError(f"not a `franken run --json` object: no {', '.join(missing)}")
    error = run_json["error"]
    outcome = {
        "exit": exit_status,
        "result": _canonical_value(run_json["result"]),
        "stdout": run_json["stdout"],
        "error": None if error is None else {"type": error.get("type"), "line": error.get("line")},
    }
    text = json.dumps(
        outcome, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )
    return text.encode("ascii")


def outcome_digest(run_json: Mapping, exit_status: int) -> str:
    """SHA-256 (hex) of `canonical_outcome(run_json, exit_status)`."""
    return hashlib.sha256(canonical_outcome(run_json, exit_status)).hexdigest()


def run_program(path: Path, lane: str, tier_up=None) -> tuple[int, dict]:
    """Run one program as `franken run --json` does: (exit status, its JSON object, as
    printed and parsed back).

    The entry is the program's `# call:` directive, its `# limits:` apply; `tier_up`: the
    `auto` lane's TierPolicy (None: the default).
    ProgramRunError, with the usage error's message, on a usage error.
    """
    status, run_json, _ = run_program_outcome(path, lane, tier_up)
    return status, run_json


def run_program_outcome(path: Path, lane: str, tier_up=None) -> tuple[int, dict, object]:
    """`run_program`, with the extension it ran (None when it did not load)."""
    directives = read_directives(path)
    limits = Limits().with_overrides(**dict(directives.limits))
    done = run_file(path, directives.call, lane=lane, limits=limits, tier_up=tier_up)
    if done.status == EXIT_USAGE:
        argv = ["run", str(path), "--lane", lane, "--json", "--call", directives.call]
        argv += directives.limit_flags()
        raise ProgramRunError(
            f"franken {shlex.join(argv)} did not run (exit {done.status}): {done.usage}"
        )
    # The object as the command prints it: JSON text parsed back (keys become strings).
    return done.status, json.loads(json_dumps_result(done.report)), done.extension


def compute_checksums(
    programs: Iterable[tuple[str, Path]], lanes: Sequence[str] = LANES
) -> dict[str, dict[str, str]]:
    """`{program_id: {lane: digest}}`, programs sorted by id, lanes in the order given."""
    checksums: dict[str, dict[str, str]] = {}
    for program_id, path in sorted(programs):
        digests = {}
        for lane in lanes:
            status, run_json = run_program(path, lane)
            digests[lane] = outcome_digest(run_json, status)
        checksums[program_id] = digests
    return checksums


# -- the stored file ----------------------------------------------------------------


def write_golden(
    path: Path, checksums: Mapping[str, Mapping[str, str]], *, regenerate: str = REGENERATE
) -> None:
    """Store `checksums` as JSON: a header, then one sorted program per line."""
    header = {"format": FORMAT, "digest": DIGEST, "regenerate": regenerate}
    lines = [f"{json.dumps(key)}: {json.dumps(value)}," for key, value in header.items()]
    programs = [
        f"  {json.dumps(program_id)}: {json.dumps(dict(sorted(checksums[program_id].items())))}"
        for program_id in sorted(checksums)
    ]
    body = ",\n".join(programs)
    text = "{\n" + "\n".join(lines) + '\n"programs": {\n' + body + ("\n" if body else "") + "}\n}\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_golden(path: Path) -> dict[str, dict[str, str]]:
    """The `{program_id: {lane: digest}}` stored by `write_golden` (ValueError if not one)."""
    try:
        stored = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        found = stored.get("format") if isinstance(stored, dict) else None
        raise ValueError(f"{path}: not a golden checksum file of format {FORMAT} ({found!r})")
    programs = stored.get("programs")
    if not isinstance(programs, dict) or not all(
        isinstance(lanes, dict) and all(isinstance(d, str) for d in lanes.values())
        for lanes in programs.values()
    ):
        raise ValueError(f"{path}: 'programs' must map program ids to {{lane: digest}}")
    return programs


def describe_changes(
    old: Mapping[str, Mapping[str, str]], new: Mapping[str, Mapping[str, str]]
) -> list[str]:
    """One line per program whose digests differ between `old` and `new` (sorted; [] if none)."""
    changes = []
    for program_id in sorted(set(old) | set(new)):
        before, after = old.get(program_id), new.get(program_id)
        if before is None:
            changes.append(f"added   {program_id}")
        elif after is None:
            changes.append(f"removed {program_id}")
        elif before != after:
            lanes = sorted(
                lane for lane in set(before) | set(after) if before.get(lane) != after.get(lane)
            )
            changes.append(f"changed {program_id} ({', '.join(lanes)})")
    return changes
