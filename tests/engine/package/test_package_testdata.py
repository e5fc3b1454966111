"""File-driven package tests over tests/testdata/packages/*/ (one folder per case).

- `err_*` folders must fail to load. Every line that must be reported ends
  with a comment `### "regex"` (in a module or in franken.toml); the
  diagnostics must match those lines one to one, in the right file, and no
  other line may be reported.
- Every other folder must load and run `main` exactly as CPython does: same
  result, same output (module top-level code included), or the same
  exception type raised in the same file and line. CPython runs the package
  in a subprocess (`cpython_package.py`), as a package when it uses relative
  imports.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from frankenengine import CompileError, Engine, error_location

TESTDATA = Path(__file__).resolve().parents[2] / "testdata" / "packages"
RUNNER = Path(__file__).resolve().parent / "cpython_package.py"
FOLDERS = sorted(path for path in TESTDATA.iterdir() if path.is_dir())
ERROR_CASES = [path for path in FOLDERS if path.name.startswith("err_")]
RUN_CASES = [path for path in FOLDERS if not path.name.startswith("err_")]
_EXPECT = re.compile(r"###(.*)$")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def expectations(folder: Path) -> dict[tuple[str, int], list[str]]:
    """(file name, line) -> the regexes its diagnostics must match."""
    expected = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".py", ".toml"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = _EXPECT.search(line)
            if match:
                regexes = _QUOTED.findall(match.group(1))
                assert regexes, f"{path.name}:{number}: '###' without a quoted regex"
                expected[(path.name, number)] = regexes
    return expected


def _matches_one_to_one(regexes: list[str], messages: list[str]) -> bool:
    if len(regexes) != len(messages):
        return False
    if not regexes:
        return True
    first, rest = regexes[0], regexes[1:]
    return any(
        re.search(first, message) and _matches_one_to_one(rest, messages[:i] + messages[i + 1 :])
        for i, message in enumerate(messages)
    )


def test_testdata_has_both_kinds():
    assert len(ERROR_CASES) >= 5 and len(RUN_CASES) >= 4


@pytest.mark.parametrize("folder", ERROR_CASES, ids=[p.name for p in ERROR_CASES])
def test_error_case(folder: Path):
    expected = expectations(folder)
    assert expected, "an err_ folder must expect diagnostics"
    with pytest.raises(CompileError) as info:
        Engine(lane="interp").load_package(folder)
    actual: dict[tuple[str, int], list[str]] = defaultdict(list)
    for d in info.value.diagnostics:
        path = Path(d.file)
        assert path.parent == folder, f"{d} is not located in a file of the package"
        assert d.col >= 1 and (d.message[0] == "'" or d.message[0].islower()), d
        actual[(path.name, d.line)].append(d.message)
    problems = [
        f"{file}:{line}: expected {expected.get((file, line), [])}, got {actual.get((file, line), [])}"
        for file, line in sorted(set(expected) | set(actual))
        if not _matches_one_to_one(expected.get((file, line), []), actual.get((file, line), []))
    ]
    assert not problems, "\n".join(problems)


def _uses_relative_imports(folder: Path) -> bool:
    return any(
        re.search(r"^\s*from \.", path.read_text(encoding="utf-8"), re.MULTILINE)
        for path in folder.glob("*.py")
    )


def cpython(folder: Path, call: str = "main") -> dict:
    argv = [sys.executable, "-B", str(RUNNER), str(folder), "main", "--call", call]
    if _uses_relative_imports(folder):
        argv.append("--as-package")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def engine(folder: Path, call: str = "main") -> dict:
    outcome = {"stdout": "", "result": None, "error": None}
    extension = None
    try:
        extension = Engine(lane="interp").load_package(folder)
        outcome["result"] = json.loads(json.dumps(extension.call(call)))
    except Exception as exc:
        where = error_location(exc)
        outcome["error"] = {
            "type": type(exc).__name__,
            "file": Path(where.file).name if where else None,
            "line": where.line if where else None,
        }
    if extension is not None:
        outcome["stdout"] = extension.output
    else:
        outcome.pop("stdout")
    return outcome


@pytest.mark.parametrize("folder", RUN_CASES, ids=[p.name for p in RUN_CASES])
def test_runs_as_cpython(folder: Path):
    expected = cpython(folder)
    actual = engine(folder)
    if "stdout" not in actual:  # the top level raised: the extension never loaded
        expected.pop("stdout")
    assert actual == expected
