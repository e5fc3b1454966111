"""Run every conformance program as `franken run --json` does and check it against CPython.

Programs come from the shared seed suite (`../shared/conformance`, beside the
clone), from the project's own `tests/testdata/conformance` and the demo
`examples/wordstats.py` (`conformance_programs`). Each one runs in every lane
of `LANES` through the engine's `run_file` (engine/outcome.py: the status
and the object the command prints), in process (`run_program`; one test runs
the installed `franken` script), and its single JSON object is checked
against the program's directives and against the oracle (CPython, run once
per session in a subprocess by `oracle.py`), as the conformance README
prescribes:

- `# compile-error: N`: exit status 2, error type `CompileError` naming line N;
- `# raises: T`: exit status 1 (3 for limit errors, 4 for the sentinel's),
  error type T with the extension's file and line, and CPython raising T too
  unless `# oracle: none`;
- otherwise: exit status 0, and the result (as JSON, floats bit for bit) and
  the printed output equal CPython's.

Each run's outcome must also have the digest stored in the golden checksum
file (`update_golden.py` regenerates it, on purpose), and the file must give
the same digest in every lane: the lane parity claim, held to every program.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from oracle import run_oracle
from update_golden import GOLDEN

from frankenengine.engine.api import LANES  # under "jit", `# jit:` functions must not fall back
from tools.evidence.checksums import (
    REGENERATE,
    canonical_outcome,
    conformance_folders,
    conformance_programs,
    outcome_digest,
    read_golden,
    run_program,
)
from tools.evidence.directives import DirectiveError, Directives, read_directives

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TESTDATA = HERE.parent / "testdata"
SHARED_CONFORMANCE = conformance_folders(REPO)["shared"]
OWN_CONFORMANCE = conformance_folders(REPO)["own"]

PROGRAMS = conformance_programs(REPO)  # (id, path); parametrisation happens at import time
OWN_PROGRAMS = [path for program_id, path in PROGRAMS if program_id.startswith("own/")]
WORDSTATS = dict(PROGRAMS)["examples/wordstats"]


# -- comparison -------------------------------------------------------------


def json_mismatch(expected, actual, where: str = "result") -> str | None:
    """Describe the first difference between two parsed JSON values, or None.

    Types must match exactly (bool is not int, int is not float); floats must
    be the same double: NaN equals NaN, -0.0 differs from 0.0; dict keys must
    come in the same order.
    """
    if type(expected) is not type(actual):
        return f"{where}: expected {expected!r} ({type(expected).__name__}), got {actual!r} ({type(actual).__name__})"
    if isinstance(expected, float):
        same = (math.isnan(expected) and math.isnan(actual)) or (
            expected == actual and math.copysign(1.0, expected) == math.copysign(1.0, actual)
        )
        return None if same else f"{where}: expected {expected!r}, got {actual!r}"
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return f"{where}: expected {len(expected)} items, got {len(actual)}: {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found = json_mismatch(e, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if list(expected) != list(actual):
            return f"{where}: expected keys {list(expected)!r}, got {list(actual)!r}"
        for key in expected:
            found = json_mismatch(expected[key], actual[key], f"{where}[{key!r}]")
            if found:
                return found
        return None
    return None if expected == actual else f"{where}: expected {expected!r}, got {actual!r}"


def lane_of(entry) -> str | None:
    """The lane of one `lanes` entry: the CLI reports a name, the API a {"lane", "reason"} dict."""
    return entry.get("lane") if isinstance(entry, dict) else entry


def line_is_named(error: dict, line: int) -> bool:
    """True when a CompileError object names `line` (its own line, or a diagnostic's)."""
    if error.get("line") == line:
        return True
    texts = [str(error.get("message", ""))]
    for diag in error.get("diagnostics") or []:
        if isinstance(diag, dict):
            if diag.get("line") == line:
                return True
            texts.append(json.dumps(diag))
        else:
            texts.append(str(diag))
    needles = (f"line {line}", f":{line}:", f":{line} ", f"line={line}")
    return any(n in text for text in texts for n in needles)


# -- running ----------------------------------------------------------------


@pytest.fixture(scope="session")
def oracle_outcomes() -> dict[Path, dict]:
    """CPython's outcome for every program that has an oracle, in one subprocess."""
    chosen: dict[Path, Directives] = {}
    for _, path in PROGRAMS:
        try:
            d = read_directives(path)
        except DirectiveError:
            continue  # that program's own test reports the bad directive
        if d.uses_oracle:
            chosen[path] = d
    jobs = [{"path": str(p), "call": d.call, "args": []} for p, d in chosen.items()]
    return dict(zip(chosen, run_oracle(jobs), strict=True))


@pytest.fixture(scope="session")
def golden() -> dict[str, dict[str, str]]:
    """The stored golden checksums: {program id: {lane: digest}}."""
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN} is missing: create it with `{REGENERATE}`")
    return read_golden(GOLDEN)


def check_golden(golden: dict, program_id: str, lane: str, got: dict, code: int) -> None:
    """The run's outcome digest is the stored one; the message says how to change it on purpose."""
    stored = golden.get(program_id, {}).get(lane)
    assert stored is not None, (
        f"{program_id} [{lane}] has no golden checksum in {GOLDEN.relative_to(REPO)}: "
        f"a new program? run `{REGENERATE}`"
    )
    digest = outcome_digest(got, code)
    assert digest == stored, (
        f"{program_id} [{lane}]: the outcome changed (digest {digest[:16]}, golden {stored[:16]});"
        f" if the change is intended, run `{REGENERATE}` and commit the file. Outcome now: "
        + canonical_outcome(got, code).decode("ascii")[:2000]
    )


# -- the tests --------------------------------------------------------------


def test_paths_agree_with_conftest(shared_conformance, testdata):
    assert SHARED_CONFORMANCE == shared_conformance
    assert TESTDATA == testdata


def test_own_programs_exist():
    assert len(OWN_PROGRAMS) >= 25, f"expected the project's programs in {OWN_CONFORMANCE}"
    for path in OWN_PROGRAMS:
        read_directives(path)  # every directive block parses


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize(
    ("program_id", "path"), [pytest.param(*program, id=program[0]) for program in PROGRAMS]
)
def test_program(program_id: str, path: Path, lane: str, oracle_outcomes, golden):
    d: Directives = read_directives(path)
    code, got = run_program(path, lane)
    for key in ("result", "stdout", "error", "lanes", "sentinel"):
        assert key in got, f"JSON object lacks {key!r}: {got!r}"
    check_directives_and_oracle(d, path, lane, code, got, oracle_outcomes.get(path))
    check_golden(golden, program_id, lane, got, code)


def check_directives_and_oracle(
    d: Directives, path: Path, lane: str, code: int, got: dict, expected: dict | None
) -> None:
    """The run against the program's directives and CPython's outcome (`expected`, if any)."""
    error = got["error"]
    shown = json.dumps(got)[:3000]

    if d.compile_error is not None:
        assert code == 2, f"expected exit 2 (compile error), got {code}: {shown}"
        assert error is not None and error.get("type") == "CompileError", shown
        assert line_is_named(error, d.compile_error), (
            f"compile error does not name line {d.compile_error}: {shown}"
        )
        assert got["result"] is None, shown
        return

    if d.raises is not None:
        assert code == d.expected_exit, (
            f"expected exit {d.expected_exit} ({d.raises}), got {code}: {shown}"
        )
        assert error is not None and error.get("type") == d.raises, f"expected {d.raises}: {shown}"
        line = error.get("line")
        assert isinstance(line, int) and not isinstance(line, bool) and line >= 1, (
            f"bad error line: {shown}"
        )
        if error.get("file") is not None:
            assert Path(error["file"]).name == path.name, f"error names the wrong file: {shown}"
        if expected is not None:
            oracle_error = expected["error"]
            assert oracle_error is not None and oracle_error["type"] == d.raises, (
                f"CPython does not raise {d.raises}: {expected!r}"
            )
            assert got["stdout"] == expected["stdout"], "printed output differs from CPython's"
    else:
        assert expected is not None
        assert expected["error"] is None, (
            f"CPython raised, but the program expects a result: {expected['error']}"
        )
        assert code == 0, f"expected exit 0, got {code}: {shown}"
        assert error is None, shown
        mismatch = json_mismatch(expected["result"], got["result"])
        assert mismatch is None, mismatch
        assert got["stdout"] == expected["stdout"], (
            f"printed output differs:\nCPython: {expected['stdout']!r}\nengine:  {got['stdout']!r}"
        )

    lanes = {name: lane_of(entry) for name, entry in (got["lanes"] or {}).items()}
    if lane == "interp":
        assert all(v == "interp" for v in lanes.values()), f"--lane interp ran elsewhere: {lanes}"
    elif lane == "jit":
        for name in d.jit:
            assert lanes.get(name) == "jit", f"{name} must run in the JIT lane: {got['lanes']}"
        if d.interp_only is not None:
            assert lanes.get(d.call) == "interp", (
                f"{d.call} should be rejected by the JIT: {got['lanes']}"
            )


def test_golden_covers_exactly_the_programs_and_lanes(golden):
    """No stale entries (programs that no longer exist), none missing, every lane present."""
    known = {program_id for program_id, _ in PROGRAMS}
    absent = tuple(
        f"{prefix}/" for prefix, f in conformance_folders(REPO).items() if not f.is_dir()
    )
    stale = sorted(pid for pid in set(golden) - known if not pid.startswith(absent))
    missing = sorted(known - set(golden))
    wrong_lanes = sorted(pid for pid, lanes in golden.items() if sorted(lanes) != sorted(LANES))
    assert not (stale or missing or wrong_lanes), (
        f"{GOLDEN.relative_to(REPO)} is out of date (stale: {stale}, missing: {missing}, "
        f"lanes other than {list(LANES)}: {wrong_lanes}); run `{REGENERATE}`"
    )


def test_golden_lanes_agree(golden):
    """Lane parity: every program has the same outcome digest in every lane.

    With test_program holding each lane's run to its stored digest, this makes
    every conformance program's outcome identical across lanes.
    """
    differing = {pid: lanes for pid, lanes in golden.items() if len(set(lanes.values())) != 1}
    assert not differing, f"outcomes differ between lanes: {sorted(differing)}"


def _franken_script() -> str:
    candidate = Path(sys.executable).parent / "franken"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("franken")
    assert found, "the `franken` console script is not installed (pip install -e .)"
    return found


def test_console_script_end_to_end(tmp_path):
    """The installed `franken` script, as a real process, with --call and --args."""
    program = OWN_CONFORMANCE / "p46_entry_and_args.py"
    args = ["demo", [4, 5.5, -1]]
    proc = subprocess.run(
        [_franken_script(), "run", str(program), "--lane", "interp", "--json"]
        + ["--call", "report", "--args", json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    got = json.loads(proc.stdout)
    (expected,) = run_oracle([{"path": program, "call": "report", "args": args}])
    assert expected["error"] is None
    assert got["error"] is None
    assert json_mismatch(expected["result"], got["result"]) is None
    assert got["result"] == {
        "name": "demo",
        "total": 8.5,
        "max": 5.5,
        "pairs": [[4, 5.5], [5.5, -1]],
    }
    assert got["stdout"] == expected["stdout"] == "demo: n=3 total=8.5\n"


def test_embedding_example(oracle_outcomes):
    """examples/embed.py, the README's embedding example, runs and returns CPython's result."""
    proc = subprocess.run(
        [sys.executable, "examples/embed.py"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    expected = oracle_outcomes[WORDSTATS]
    assert repr(expected["result"]) in proc.stdout.splitlines()
    assert expected["stdout"] in proc.stdout


def test_json_mismatch_is_exact():
    assert json_mismatch([1, 2.0, {"a": None}], [1, 2.0, {"a": None}]) is None
    assert json_mismatch(float("nan"), float("nan")) is None
    assert json_mismatch(0.0, -0.0) is not None
    assert json_mismatch(1, 1.0) is not None
    assert json_mismatch(True, 1) is not None
    assert json_mismatch(0.1 + 0.2, 0.3) is not None
    assert json_mismatch({"a": 1, "b": 2}, {"b": 2, "a": 1}) is not None
    assert json_mismatch([1, 2], [1, 2, 3]) is not None
