"""Run conformance programs under CPython, the oracle, and report their outcome as JSON.

The test process never executes extension code itself: `run_oracle` starts a
separate interpreter running this file, which imports each program as a module
(`importlib.util.spec_from_file_location`, with the program's folder as the
working directory and first on `sys.path`), calls the entry function, and
prints one JSON object per program:

    {"result": ..., "stdout": "...", "error": null or {"type": "KeyError", "message": "...", "line": 7}}

`stdout` holds everything `print` wrote, module-level code included. `line`
(an extra the README's contract does not require) is the innermost line of the
program in the traceback, or null. The result is converted with `to_json`,
under the conformance README's rules.

Command line (inside the subprocess):

    python oracle.py FILE [--call NAME] [--args JSON_ARRAY]   one program, one JSON object
    python oracle.py --batch                                 a JSON array of jobs
                                                              {"path", "call", "args"} on stdin,
                                                              one JSON line per job, in order
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path

ORACLE = Path(__file__).resolve()


def to_json(value):
    """Convert a result value to plain JSON-compatible Python data.

    Tuples, lists and ranges become lists, dicts stay dicts (keys as `json.dumps`
    would write them: str as is, None/bool/int/float as their JSON text, other
    keys by `repr`), sets become sorted lists (their iteration order is not
    part of the language), NumPy scalars become Python numbers and ndarrays
    nested lists. Floats keep their exact value, NaN and infinities included.
    Anything else becomes its `repr`.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.ndarray):
            return to_json(value.tolist())
        if isinstance(value, numpy.generic):
            return to_json(value.item())
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (tuple, list, range)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {_json_key(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [to_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return repr(value)


def _json_key(key) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    if isinstance(key, int):
        return str(int(key))
    if isinstance(key, float):
        return json.dumps(float(key))
    return repr(key)


def _program_line(exc: BaseException, path: Path) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path:
            line = frame.lineno
    return line


def run_one(path: str | Path, call: str = "main", args: Iterable = ()) -> dict:
    """Import the program at `path` and call `call(*args)`, in this process."""
    path = Path(path).resolve()
    folder = str(path.parent)
    out = io.StringIO()
    outcome: dict = {"result": None, "stdout": "", "error": None}
    saved_cwd = os.getcwd()
    saved_modules = set(sys.modules)
    sys.path.insert(0, folder)
    try:
        os.chdir(folder)
        module_name = "_conformance_" + path.stem
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        with contextlib.redirect_stdout(out):
            try:
                spec.loader.exec_module(module)
                result = getattr(module, call)(*args)
                outcome["result"] = to_json(result)
            except BaseException as exc:  # the program's error is the outcome
                if isinstance(exc, KeyboardInterrupt):
                    raise
                outcome["error"] = {
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "line": _program_line(exc, path),
                }
    finally:
        os.chdir(saved_cwd)
        sys.path.remove(folder)
        for name in set(sys.modules) - saved_modules:
            mod_file = getattr(sys.modules[name], "__file__", None) or ""
            if name.startswith("_conformance_") or mod_file.startswith(folder + os.sep):
                del sys.modules[name]
    outcome["stdout"] = out.getvalue()
    return outcome


def _dumps(outcome: dict) -> str:
    return json.dumps(outcome, allow_nan=True, ensure_ascii=False)


def run_oracle(jobs: Iterable[Mapping], timeout: float = 600.0) -> list[dict]:
    """Run every job ({"path", "call"?, "args"?}) in one fresh CPython subprocess."""
    jobs = [
        {
            "path": str(Path(j["path"]).resolve()),
            "call": j.get("call", "main"),
            "args": list(j.get("args", [])),
        }
        for j in jobs
    ]
    if not jobs:
        return []
    proc = subprocess.run(
        [sys.executable, "-I", "-B", str(ORACLE), "--batch"],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=Path(jobs[0]["path"]).parent,
        check=False,
    )
    lines = proc.stdout.splitlines()
    if proc.returncode != 0 or len(lines) != len(jobs):
        raise RuntimeError(
            f"oracle subprocess failed (exit {proc.returncode}, {len(lines)} of {len(jobs)} "
            f"results):\n{proc.stderr[-4000:]}"
        )
    return [json.loads(line) for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run conformance programs under CPython.")
    parser.add_argument("file", nargs="?", help="the program to run")
    parser.add_argument("--call", default="main", help="entry function (default main)")
    parser.add_argument("--args", default="[]", help="JSON array of positional arguments")
    parser.add_argument("--batch", action="store_true", help="read a JSON array of jobs on stdin")
    ns = parser.parse_args(argv)
    sys.dont_write_bytecode = True  # leave no __pycache__ beside the programs
    real_stdout = sys.stdout
    if ns.batch:
        if ns.file:
            parser.error("--batch takes its jobs on stdin, not FILE")
        for job in json.load(sys.stdin):
            outcome = run_one(job["path"], job.get("call", "main"), job.get("args", []))
            real_stdout.write(_dumps(outcome) + "\n")
            real_stdout.flush()
        return 0
    if not ns.file:
        parser.error("FILE or --batch is required")
    args = json.loads(ns.args)
    if not isinstance(args, list):
        parser.error("--args must be a JSON array")
    real_stdout.write(_dumps(run_one(ns.file, ns.call, args)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
