"""Run every conformance program through the `franken` CLI and check it against CPython.

Programs come from the shared seed suite (`../shared/conformance`, beside the
clone) and from the project's own `tests/testdata/conformance`. Each one runs
in every lane of `LANES` through `frankenengine.engine.cli.main`, in process,
and its single JSON object is checked against the program's directives and
against the oracle (CPython, run once per session in a subprocess by
`oracle.py`), as the conformance README prescribes:

- `# compile-error: N`: exit status 2, error type `CompileError` naming line N;
- `# raises: T`: exit status 1 (3 for limit errors, 4 for the sentinel's),
  error type T with the extension's file and line, and CPython raising T too
  unless `# oracle: none`;
- otherwise: exit status 0, and the result (as JSON, floats bit for bit) and
  the printed output equal CPython's.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from directives import DirectiveError, Directives, parse_directives, read_directives
from oracle import run_oracle

# The lanes every program runs in; under "jit", `# jit:` functions must not fall back.
LANES = ("interp", "jit", "auto")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# Same definitions as tests/conftest.py (checked by test_paths_agree_with_conftest);
# repeated here because parametrisation happens at import time.
SHARED_CONFORMANCE = HERE.parents[2] / "shared" / "conformance"
TESTDATA = HERE.parent / "testdata"
OWN_CONFORMANCE = TESTDATA / "conformance"


def _programs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.py")) if folder.is_dir() else []


SHARED_PROGRAMS = _programs(SHARED_CONFORMANCE)
OWN_PROGRAMS = _programs(OWN_CONFORMANCE)
# The README's demo extension is held to the same contract.
EXAMPLE_PROGRAMS = [REPO / "examples" / "wordstats.py"]
PROGRAMS = (
    [pytest.param(path, id=f"shared/{path.stem}") for path in SHARED_PROGRAMS]
    + [pytest.param(path, id=f"own/{path.stem}") for path in OWN_PROGRAMS]
    + [pytest.param(path, id=f"examples/{path.stem}") for path in EXAMPLE_PROGRAMS]
)


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


def run_cli(argv: list[str], capsys) -> tuple[int, dict]:
    """Run `franken` in process; return its exit status and its one JSON object."""
    from frankenengine.engine.cli import main

    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse-style exits count as the status
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out = capsys.readouterr().out
    try:
        payload = json.loads(out)
    except json.JSONDecodeError as exc:
        pytest.fail(
            f"franken {' '.join(argv)} did not print exactly one JSON object ({exc}):\n{out[:2000]}"
        )
    assert isinstance(payload, dict), f"expected a JSON object, got {payload!r}"
    for key in ("result", "stdout", "error", "lanes", "sentinel"):
        assert key in payload, f"JSON object lacks {key!r}: {payload!r}"
    return code, payload


@pytest.fixture(scope="session")
def oracle_outcomes() -> dict[Path, dict]:
    """CPython's outcome for every program that has an oracle, in one subprocess."""
    chosen: dict[Path, Directives] = {}
    for path in SHARED_PROGRAMS + OWN_PROGRAMS + EXAMPLE_PROGRAMS:
        try:
            d = read_directives(path)
        except DirectiveError:
            continue  # that program's own test reports the bad directive
        if d.uses_oracle:
            chosen[path] = d
    jobs = [{"path": str(p), "call": d.call, "args": []} for p, d in chosen.items()]
    return dict(zip(chosen, run_oracle(jobs), strict=True))


# -- the tests --------------------------------------------------------------


def test_paths_agree_with_conftest(shared_conformance, testdata):
    assert SHARED_CONFORMANCE == shared_conformance
    assert TESTDATA == testdata


def test_own_programs_exist():
    assert len(OWN_PROGRAMS) >= 25, f"expected the project's programs in {OWN_CONFORMANCE}"
    for path in OWN_PROGRAMS:
        read_directives(path)  # every directive block parses


@pytest.mark.parametrize("lane", LANES)
@pytest.mark.parametrize("path", PROGRAMS)
def test_program(path: Path, lane: str, capsys, oracle_outcomes):
    d: Directives = read_directives(path)
    argv = ["run", str(path), "--lane", lane, "--json", "--call", d.call, *d.limit_flags()]
    code, got = run_cli(argv, capsys)
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

    expected = oracle_outcomes.get(path)
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
    expected = oracle_outcomes[EXAMPLE_PROGRAMS[0]]
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


def test_directives_parse():
    d = parse_directives(
        "# call: run\n# jit: f, g\n# jit: h\n# limits: fuel=100 memory=5000\n"
        "# limits: depth=7\n# raises: FuelExhausted\n# oracle: none\n\ndef run():\n    pass\n"
    )
    assert d.call == "run" and d.jit == ("f", "g", "h")
    assert d.limits_dict == {"fuel": 100, "memory": 5000, "depth": 7}
    assert d.limit_flags() == ["--fuel", "100", "--memory", "5000", "--depth", "7"]
    assert not d.oracle and not d.uses_oracle and d.expected_exit == 3
    assert parse_directives("# compile-error: 4\nclass A:\n    pass\n").expected_exit == 2
    plain = parse_directives('"""doc"""\n# raises: KeyError\n')
    assert plain == Directives() and plain.expected_exit == 0
    for bad in (
        "# raise: KeyError\n",
        "# limits: fuel=x\n",
        "# oracle: cpython\n",
        "# raises: FuelExhausted\n",
    ):
        with pytest.raises(DirectiveError):
            parse_directives(bad)
