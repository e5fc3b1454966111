"""`franken run --json`: exactly one JSON object on stdout for every outcome, usage errors too.

Each kind of outcome (returned, raised, compile error, limit, sentinel, no such
entry function, bad `--args`, missing file, unknown lane, bad grant, bad limit,
no FILE) runs through `cli.main` in process. Invariants checked for each: the
exit status of shared/conformance/README.md (0, 1, 2, 3, 4, 64); stdout is a
single line holding one JSON object (nothing before or after it) with exactly
the documented keys, and an `error` (null only when the call returned) with
`type`, `message`, `file` and `line`; stderr is human-readable (no
traceback; a usage error is one `franken: ...` line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from franken_cli import run

REPO = Path(__file__).resolve().parents[2]
KEYS = {"result", "stdout", "error", "lanes", "sentinel"}
ERROR_KEYS = {"type", "message", "file", "line"}

SOURCES = {
    "ok.py": "def main(a=1, b=2):\n    print('adding')\n    return a + b\n",
    "raises.py": "def main():\n    return 1 // 0\n",
    "bad.py": "def main():\n    return eval('1')\n",
    "spin.py": "def main():\n    while True:\n        pass\n",
    "nomain.py": "print('loaded')\n\ndef helper():\n    return 1\n",
    "kernel.py": "def kernel(n):\n    t = 0\n    for i in range(n):\n        t += i\n"
    "    return t\n\ndef main():\n    print(kernel(10))\n    return [1][kernel(3)]\n",
}


@pytest.fixture
def files(tmp_path) -> Path:
    for name, text in SOURCES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def run_json(capsys, *argv) -> tuple[int, dict, str]:
    """`franken run ... --json`: (status, its one JSON object, stderr), the object checked."""
    code, out, err = run(capsys, "run", *argv)
    assert out.endswith("\n") and out.count("\n") == 1, out  # one line, nothing else
    report = json.loads(out)  # refuses anything after the first JSON value
    assert isinstance(report, dict) and set(report) == KEYS, report
    if report["error"] is not None:
        assert ERROR_KEYS <= set(report["error"]), report["error"]
    assert "Traceback" not in err
    return code, report, err


def assert_usage_error(code: int, report: dict, err: str, says: str) -> None:
    assert code == 64
    assert report["error"]["type"] == "UsageError" and report["error"]["line"] is None
    assert says in report["error"]["message"]
    assert report["result"] is None
    [line] = err.splitlines()  # stderr: the same error, one human-readable line
    assert line.startswith("franken: ") and says in line


def test_a_call_that_returns(files, capsys):
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--args", "[2, 40]")
    assert (code, report["result"], report["stdout"], report["error"]) == (0, 42, "adding\n", None)
    assert report["lanes"] == {"main": "interp"} and err == ""


def test_an_extension_that_raised(files, capsys):
    code, report, _ = run_json(capsys, files / "raises.py", "--json")
    assert code == 1
    error = report["error"]
    assert (error["type"], error["file"], error["line"]) == (
        "ZeroDivisionError",
        str(files / "raises.py"),
        2,
    )


def test_a_compile_error(files, capsys):
    code, report, err = run_json(capsys, files / "bad.py", "--json")
    assert code == 2
    assert (report["error"]["type"], report["error"]["line"]) == ("CompileError", 2)
    assert report["lanes"] == {} and err == ""  # the JSON object is the report


def test_a_limit(files, capsys):
    code, report, _ = run_json(capsys, files / "spin.py", "--json", "--fuel", "1000")
    assert code == 3
    assert (report["error"]["type"], report["error"]["line"]) == ("FuelExhausted", 2)


def test_the_sentinel_containing_the_extension(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)  # the example's manifest names folders relative to the repository
    code, report, err = run_json(capsys, "examples/exfiltrate", "--grant-requested", "--json",
                                 "--state-dir", tmp_path / "state",
                                 "--args", '["http://127.0.0.1:9/v1/logs"]')  # fmt: skip
    assert code == 4
    assert report["error"]["type"] == "ExtensionTerminated"
    assert report["sentinel"]["action"] == "terminate"
    assert report["sentinel"]["ledger"].startswith(str(tmp_path / "state")) and err == ""


def test_no_such_entry_function(files, capsys):
    code, report, err = run_json(capsys, files / "nomain.py", "--json")
    assert_usage_error(code, report, err, "has no function 'main'")
    assert report["error"]["file"] == str(files / "nomain.py")
    assert report["stdout"] == "loaded\n"  # the top-level code ran: what it printed is kept
    assert report["lanes"] == {"helper": "interp"}
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--call", "nope")
    assert_usage_error(code, report, err, "has no function 'nope'")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("not json", "--args is not valid JSON"),
        ("{}", "--args must be a JSON array"),
    ],
)
def test_bad_args(files, capsys, args, says):
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--args", args)
    assert_usage_error(code, report, err, says)
    assert report["stdout"] == "" and report["lanes"] == {}  # nothing of it ran


def test_a_missing_file(files, capsys):
    code, report, err = run_json(capsys, files / "missing.py", "--json")
    assert_usage_error(code, report, err, f"cannot read {files / 'missing.py'}")
    assert report["error"]["file"] == str(files / "missing.py")


@pytest.mark.parametrize("json_flag", ["--json", "--js"])  # argparse takes abbreviations
def test_an_unknown_lane(files, capsys, json_flag):
    code, report, err = run_json(capsys, files / "ok.py", json_flag, "--lane", "turbo")
    assert_usage_error(code, report, err, "invalid choice: 'turbo'")
    assert report["error"]["file"] is None  # argparse refused the line: FILE is not known


@pytest.mark.parametrize("grant", ["teleport", "fs.read=no-such-dir", "env.read=*"])
def test_a_bad_grant(files, capsys, grant):
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--grant", grant)
    assert_usage_error(code, report, err, "--grant: ")


def test_other_usage_errors(files, capsys):
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--fuel", "-1")
    assert_usage_error(code, report, err, "--fuel must not be negative")
    code, report, err = run_json(capsys, "--json")
    assert_usage_error(code, report, err, "the following arguments are required: file")
    code, report, err = run_json(capsys, files / "ok.py", "--json", "--grant-requested")
    assert_usage_error(code, report, err, "--grant-requested needs a package")


def test_without_json_a_usage_error_prints_nothing_on_stdout(files, capsys):
    assert run(capsys, "run", files / "nomain.py")[:2] == (64, "")
    assert run(capsys, "run", files / "ok.py", "--lane", "turbo")[:2] == (64, "")
    assert run(capsys, "run", files / "ok.py", "--", "--json")[:2] == (64, "")


def test_what_ran_before_an_error_is_reported(files, capsys):
    code, report, _ = run_json(capsys, files / "kernel.py", "--json", "--lane", "jit")
    assert (code, report["error"]["type"], report["error"]["line"]) == (1, "IndexError", 9)
    assert report["stdout"] == "45\n"
    assert report["lanes"] == {"kernel": "jit", "main": "interp"}
