"""`franken profile`: the files it writes, its summary, and its exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from franken_cli import run

REPO = Path(__file__).resolve().parents[2]
FILES = ("profile.json", "profile.collapsed.txt", "profile.speedscope.json")

PROGRAM = """
def a(n):
    total = 0
    for i in range(n):
        total += i
    return total

def main(times):
    s = 0
    for j in range(times):
        s += a(7)
    print(s)
    return s
"""


@pytest.fixture(autouse=True)
def private_state(tmp_path, monkeypatch):
    monkeypatch.setenv("FRANKEN_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("FRANKEN_JIT_CACHE", str(tmp_path / "jit-cache"))


def written(out: Path) -> tuple[dict, list[tuple[str, int]], dict]:
    """The three files, parsed: JSON, collapsed (stack, count) lines, speedscope."""
    report = json.loads((out / FILES[0]).read_text())
    collapsed = []
    for line in (out / FILES[1]).read_text().splitlines():
        stack, count = line.rsplit(" ", 1)
        collapsed.append((stack, int(count)))
    return report, collapsed, json.loads((out / FILES[2]).read_text())


def test_profiles_a_file_and_writes_three_readable_files(tmp_path, capsys):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM)
    out = tmp_path / "out"
    code, printed, err = run(
        capsys, "profile", source, "--args", "[10]", "--lane", "interp", "--repeat", "2",
        "--out", out,
    )  # fmt: skip
    assert (code, err) == (0, "")
    report, collapsed, speedscope = written(out)
    assert (report["runs"], report["status"], report["error"]) == (2, 0, None)
    assert report["stdout_bytes"] == len("210\n") * 2
    a = report["functions"]["a"]
    assert (a["calls"], a["loop_iterations"]) == (20, 140)
    assert report["functions"]["main"]["loop_iterations"] == 20
    assert [stack for stack, _ in collapsed] == ["main", "main;a"]
    assert speedscope["profiles"][0]["samples"] == [[0], [0, 1]]
    assert speedscope["shared"]["frames"][1] == {"name": "a", "file": str(source), "line": 2}
    lines = printed.splitlines()
    assert len(lines) <= 25 and "210" not in lines  # the summary, not the extension's output
    assert lines[0] == "profile of ext.main: 2 of 2 runs, lane interp"
    assert all(str(out / name) in printed for name in FILES)


def test_jit_lane_marks_native_frames_and_compile_time(tmp_path, capsys):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM)
    out = tmp_path / "out"
    code, printed, _ = run(capsys, "profile", source, "--args", "[3]", "--lane", "jit",
                           "--out", out)  # fmt: skip
    assert code == 0
    report, collapsed, _ = written(out)
    stacks = dict(collapsed)
    assert "main;a_[j]" in stacks and "main;a_[j];<jit compile>" in stacks
    a = report["functions"]["a"]
    assert (a["lane"], a["calls_by_lane"], a["loop_iterations"]) == ("jit", {"jit": 3}, 21)
    assert report["functions"]["main"]["reason"] == "calls print at line 12"
    assert "calls print at line 12" in printed


def test_example_package_with_requested_grants(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "out"
    code, _, err = run(capsys, "profile", "examples/logstats", "--grant-requested", "--out", out)
    assert (code, err) == (0, "")
    report, collapsed, speedscope = written(out)
    assert report["sentinel"]["action"] == "allow"
    deepest = max((stack.split(";") for stack, _ in collapsed), key=len)
    assert deepest[0] == "main" and len(deepest) >= 3
    assert any(name.startswith("parse.") for name in deepest)  # a module's function, qualified
    files = {f.get("file") for f in speedscope["shared"]["frames"]}
    assert {"examples/logstats/main.py", "examples/logstats/parse.py"} <= files
    assert report["totals"]["calls"] == sum(s["calls"] for s in report["stacks"])


def test_as_a_subprocess_in_auto_lane_it_tiers_up(tmp_path):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM)
    env = dict(os.environ, FRANKEN_STATE_DIR=str(tmp_path / "state"),
               FRANKEN_JIT_CACHE=str(tmp_path / "cache"))  # fmt: skip

    def franken(*argv):
        command = [sys.executable, "-m", "frankenengine.cli.main", "profile", str(source)]
        return subprocess.run(
            [*command, *argv], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env
        )

    # The first run's tier-up compiles `a` in a worker process into the cache; once the
    # worker has left its index there, a run loads it at the tier-up call.
    first = franken("--args", "[30]", "--repeat", "3", "--tier-seconds", "0")
    assert (first.returncode, first.stderr) == (0, "")
    deadline = time.monotonic() + 300
    while not list((tmp_path / "cache").glob("fe_job_*")):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    done = franken("--args", "[30]", "--repeat", "3", "--tier-seconds", "0")
    assert (done.returncode, done.stderr) == (0, "")
    report, _, _ = written(tmp_path / "franken-profile")  # the default folder
    a = report["functions"]["a"]
    assert a["tier_up_call"] == 50 and a["lane"] == "jit" and a["compile_seconds"] > 0
    assert a["calls_by_lane"] == {"interp": 50, "jit": 40} and a["loop_iterations"] == 90 * 7
    assert "#50" in done.stdout
    refused = franken("--repeat", "0")
    assert refused.returncode == 64
    assert refused.stderr == "franken: --repeat must be at least 1\n"


def test_failures_write_the_profile_of_what_ran(tmp_path, capsys):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM + "def boom():\n    a(3)\n    return {}['k']\n")
    out = tmp_path / "out"
    code, _, err = run(capsys, "profile", source, "--call", "boom", "--lane", "interp",
                       "--repeat", "3", "--out", out)  # fmt: skip
    assert code == 1 and "KeyError" in err
    report, collapsed, _ = written(out)
    line = source.read_text().splitlines().index("    return {}['k']") + 1
    assert report["runs"] == 0
    assert (report["error"]["type"], report["error"]["line"]) == ("KeyError", line)
    assert dict(collapsed).keys() == {"boom", "boom;a"}
    code, _, _ = run(capsys, "profile", source, "--args", "[1000]", "--fuel", "500",
                     "--out", out)  # fmt: skip
    assert code == 3
    report, _, _ = written(out)
    assert report["error"]["type"] == "FuelExhausted" and report["functions"]["a"]["calls"] > 0


def test_compile_errors_exit_2_without_files(tmp_path, capsys):
    source = tmp_path / "bad.py"
    source.write_text("def main():\n    return eval('1')\n")
    out = tmp_path / "out"
    code, _, err = run(capsys, "profile", source, "--out", out)
    assert code == 2 and "bad.py:2" in err
    assert not any((out / name).exists() for name in FILES)


@pytest.mark.parametrize(
    "argv",
    [
        ["--args", "not json"],
        ["--args", "{}"],
        ["--repeat", "0"],
        ["--call", "nope"],
        ["--fuel", "-1"],
        ["--grant-requested"],
        ["--lane", "fast"],
    ],
)
def test_usage_errors_exit_64(tmp_path, capsys, argv):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM)
    code, _, err = run(capsys, "profile", source, "--out", tmp_path / "out", *argv)
    assert code == 64 and err.startswith("franken: ") and "Traceback" not in err


def test_missing_file_and_unwritable_folder_exit_64(tmp_path, capsys):
    source = tmp_path / "ext.py"
    source.write_text(PROGRAM)
    assert run(capsys, "profile", tmp_path / "missing.py")[0] == 64
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert run(capsys, "profile", source, "--out", blocker / "sub")[0] == 64


@pytest.mark.parametrize(
    "program",
    [
        "import os\n\ndef main():\n    return eval('1')\n",  # two diagnostics
        "def main():\n    return {}['k']\n",  # raised
        "def main():\n    while True:\n        pass\n",  # stopped by --fuel
    ],
)
def test_profile_prints_the_error_lines_run_prints(tmp_path, capsys, program):
    source = tmp_path / "ext.py"
    source.write_text(program)
    run_code, _, run_err = run(capsys, "run", source, "--fuel", "10000")
    code, _, err = run(capsys, "profile", source, "--fuel", "10000", "--out", tmp_path / "out")
    assert run_code != 0 and run_err.startswith(f"{source}:")
    assert (code, err) == (run_code, run_err)
