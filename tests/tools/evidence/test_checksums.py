"""Golden checksums: the canonical outcome, the stored file, and real runs of small programs."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from franken_cli import run as franken

from tools.evidence.checksums import (
    FORMAT,
    ProgramRunError,
    canonical_outcome,
    compute_checksums,
    conformance_programs,
    describe_changes,
    outcome_digest,
    read_golden,
    run_program,
    write_golden,
)
from tools.evidence.directives import read_directives

REPO = Path(__file__).resolve().parents[3]


def run_json(result=None, stdout="", error=None, **extra) -> dict:
    """A `franken run --json` object as the CLI prints it (lanes and sentinel included)."""
    return {
        "result": result,
        "stdout": stdout,
        "error": error,
        "lanes": {},
        "sentinel": None,
        **extra,
    }


def digest_of(result=None, stdout="", error=None, exit_status=0) -> str:
    return outcome_digest(run_json(result, stdout, error), exit_status)


# -- the canonical outcome ------------------------------------------------------


def test_canonical_bytes_are_strict_ascii_json():
    text = canonical_outcome(run_json([float("nan"), float("inf"), "é"], "ü\n"), 0)

    def no_constants(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    decoded = json.loads(text.decode("ascii"), parse_constant=no_constants)
    assert decoded["stdout"] == "ü\n" and decoded["exit"] == 0
    assert b" " not in text


def test_floats_are_kept_bit_for_bit():
    nan = float("nan")
    assert digest_of([nan]) == digest_of([float("nan")])
    assert digest_of([nan]) != digest_of([float("inf")])
    assert digest_of(-0.0) != digest_of(0.0)
    assert digest_of(0.1 + 0.2) != digest_of(0.3)
    assert digest_of(1) != digest_of(1.0)
    assert digest_of(True) != digest_of(1)
    assert digest_of(1e308 * 10) != digest_of(-(1e308 * 10))


def test_values_never_share_an_encoding():
    """Strings and dicts shaped like the float or dict encoding stay distinct."""
    assert digest_of(1.5) != digest_of((1.5).hex())
    assert digest_of(1.5) != digest_of({"float": (1.5).hex()})
    assert digest_of({"a": 1}) != digest_of([["a", 1]])
    assert digest_of({"a": 1}) != digest_of({"dict": [["a", 1]]})
    assert digest_of(None) != digest_of("null")


def test_key_order_of_the_run_object_does_not_matter_but_a_result_dicts_does():
    forward = {"result": {"a": 1, "b": 2.5}, "stdout": "x", "error": None}
    backward = dict(reversed(list(forward.items())))
    assert canonical_outcome(forward, 0) == canonical_outcome(backward, 0)
    assert digest_of({"a": 1, "b": 2.5}) != digest_of({"b": 2.5, "a": 1})


def test_stdout_result_and_exit_status_matter():
    assert digest_of(stdout="a\n") != digest_of(stdout="b\n")
    assert digest_of(stdout="a\n") != digest_of(stdout="a")
    assert digest_of([1, 2]) != digest_of([2, 1])
    error = {"type": "KeyError", "message": "'k'", "line": 3}
    assert digest_of(error=error, exit_status=1) != digest_of(error=error, exit_status=3)


def test_error_type_and_line_matter_its_message_and_file_do_not(tmp_path):
    def error(type_="FileNotFoundError", line=7, where=tmp_path):
        return {
            "type": type_,
            "message": f"cannot read {where / 'data.txt'}",
            "file": str(where / "prog.py"),
            "line": line,
        }

    elsewhere = tmp_path / "other" / "checkout"
    assert digest_of(error=error(), exit_status=1) == digest_of(
        error=error(where=elsewhere), exit_status=1
    )
    assert digest_of(error=error(), exit_status=1) != digest_of(error=error(line=8), exit_status=1)
    assert digest_of(error=error(), exit_status=1) != digest_of(
        error=error(type_="PermissionError"), exit_status=1
    )
    assert digest_of(error=error(), exit_status=1) != digest_of(exit_status=1)


def test_lanes_sentinel_and_other_keys_do_not_matter():
    plain = run_json([1.0], "out\n")
    decorated = run_json(
        [1.0],
        "out\n",
        lanes={"main": "jit"},
        sentinel={"action": "allow", "posterior": 0.01},
        profile={"main": {"calls": 1, "time": 0.25}},
    )
    assert outcome_digest(plain, 0) == outcome_digest(decorated, 0)


def test_a_run_object_without_its_keys_is_refused():
    with pytest.raises(ValueError, match="stdout"):
        canonical_outcome({"result": 1, "error": None}, 0)


# -- the stored file --------------------------------------------------------------


def test_golden_file_round_trip(tmp_path):
    checksums = {
        "own/b": {"jit": "2" * 64, "interp": "1" * 64},
        "examples/wordstats": {"interp": "3" * 64, "jit": "3" * 64},
        "shared/a": {"auto": "4" * 64, "interp": "5" * 64, "jit": "6" * 64},
    }
    path = tmp_path / "golden" / "checksums.json"
    write_golden(path, checksums, regenerate="make golden")
    assert read_golden(path) == checksums
    text = path.read_text(encoding="utf-8")
    stored = json.loads(text)
    assert stored["format"] == FORMAT and stored["regenerate"] == "make golden"
    assert list(stored["programs"]) == sorted(checksums)
    assert all(list(lanes) == sorted(lanes) for lanes in stored["programs"].values())
    program_lines = [line for line in text.splitlines() if '": {"' in line]
    assert len(program_lines) == len(checksums), "one program per line"
    write_golden(path, dict(reversed(list(checksums.items()))), regenerate="make golden")
    assert path.read_text(encoding="utf-8") == text, "the file does not depend on input order"


def test_golden_file_without_programs(tmp_path):
    path = tmp_path / "empty.json"
    write_golden(path, {})
    assert read_golden(path) == {}


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("not json", "not JSON"),
        ('{"programs": {}}', "format"),
        (json.dumps({"format": "frankenengine-golden-checksums/0", "programs": {}}), "format"),
        (json.dumps({"format": FORMAT, "programs": {"own/a": "abc"}}), "programs"),
        (json.dumps({"format": FORMAT, "programs": {"own/a": {"jit": 1}}}), "programs"),
    ],
)
def test_read_golden_refuses_other_files(tmp_path, content, complaint):
    path = tmp_path / "golden.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=complaint):
        read_golden(path)


def test_describe_changes():
    old = {"own/a": {"interp": "1", "jit": "1"}, "own/b": {"interp": "2"}, "own/c": {"jit": "3"}}
    new = {"own/a": {"interp": "1", "jit": "9"}, "own/c": {"jit": "3"}, "own/d": {"jit": "4"}}
    assert describe_changes(old, new) == ["changed own/a (jit)", "removed own/b", "added   own/d"]
    assert describe_changes(new, new) == []


# -- real runs ----------------------------------------------------------------------


def test_conformance_programs_of_a_checkout(tmp_path):
    repo = tmp_path / "clone"
    for relative in (
        "examples/wordstats.py",
        "tests/testdata/conformance/p2_b.py",
        "tests/testdata/conformance/p1_a.py",
        "tests/testdata/conformance/notes.txt",
    ):
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text("def main():\n    return 1\n", encoding="utf-8")
    own = [("own/p1_a", repo / "tests/testdata/conformance/p1_a.py")]
    own.append(("own/p2_b", repo / "tests/testdata/conformance/p2_b.py"))
    example = [("examples/wordstats", repo / "examples/wordstats.py")]
    assert conformance_programs(repo) == own + example  # no shared suite beside this clone

    (tmp_path / "shared" / "conformance").mkdir(parents=True)
    (tmp_path / "shared" / "conformance" / "c1.py").write_text("", encoding="utf-8")
    shared = [("shared/c1", tmp_path / "shared" / "conformance" / "c1.py")]
    assert conformance_programs(repo) == shared + own + example

    (repo / "examples/wordstats.py").unlink()
    with pytest.raises(FileNotFoundError, match="not a FrankenEngine checkout"):
        conformance_programs(repo)


OK_PROGRAM = """\
# call: entry
def scale(n):
    total = 0.0
    for i in range(n):
        total += i * 0.5
    return total


def entry():
    print("hello")
    return {"b": scale(4), "a": [1, -0.0, 0.1 + 0.2]}
"""

RAISING_PROGRAM = """\
def main():
    values = [1, 2]
    print("before")
    return values[5]
"""

SPINNING_PROGRAM = """\
# limits: fuel=1000
# raises: FuelExhausted
# oracle: none
def main():
    n = 0
    while True: n += 1
"""


@pytest.fixture
def small_programs(tmp_path) -> list[tuple[str, Path]]:
    programs = []
    for name, source in (
        ("ok", OK_PROGRAM),
        ("raising", RAISING_PROGRAM),
        ("spinning", SPINNING_PROGRAM),
    ):
        path = tmp_path / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        programs.append((f"tmp/{name}", path))
    return programs


def test_compute_checksums_runs_each_program_in_each_lane(small_programs):
    checksums = compute_checksums(reversed(small_programs), lanes=("interp", "jit"))

    assert list(checksums) == ["tmp/ok", "tmp/raising", "tmp/spinning"]
    ok = digest_of({"b": 0.5 + 1.0 + 1.5, "a": [1, -0.0, 0.1 + 0.2]}, "hello\n")
    raising = digest_of(
        stdout="before\n", error={"type": "IndexError", "line": 4}, exit_status=1
    )  # the README's exit status 1: the extension raised
    spinning = digest_of(
        error={"type": "FuelExhausted", "line": 6}, exit_status=3
    )  # `# limits:` applied; 3: a limit stopped it
    assert checksums == {
        "tmp/ok": {"interp": ok, "jit": ok},
        "tmp/raising": {"interp": raising, "jit": raising},
        "tmp/spinning": {"interp": spinning, "jit": spinning},
    }


def test_run_program_takes_the_entry_and_limits_of_the_directives(small_programs):
    status, ok = run_program(small_programs[0][1], "interp")  # `# call: entry`
    assert (status, ok["stdout"]) == (0, "hello\n")
    status, spinning = run_program(small_programs[2][1], "interp")  # `# limits: fuel=1000`
    assert (status, spinning["error"]["type"]) == (3, "FuelExhausted")


def test_a_program_runs_as_franken_run_json_prints_it(small_programs, tmp_path, capsys):
    """The status and the whole object (sentinel and lanes too) of `franken run --json`;
    the object as printed, so a dict's int keys are strings and floats round-trip."""
    keyed = tmp_path / "keyed.py"
    keyed.write_text("def main():\n    return {1: 2.5, 2: [1e300 * 1e300]}\n", encoding="utf-8")
    for path in [path for _, path in small_programs] + [keyed]:
        directives = read_directives(path)
        argv = ["run", path, "--lane", "interp", "--json", "--call", directives.call]
        code, out, _ = franken(capsys, *argv, *directives.limit_flags())
        assert run_program(path, "interp") == (code, json.loads(out)), path.name
    assert run_program(keyed, "interp")[1]["result"] == {"1": 2.5, "2": [math.inf]}


def test_a_program_that_does_not_run_is_an_error_naming_why(tmp_path, capsys):
    program = tmp_path / "lost.py"
    program.write_text("# call: nowhere\ndef main():\n    return 1\n", encoding="utf-8")
    with pytest.raises(ProgramRunError, match="exit 64") as caught:
        run_program(program, "interp")
    assert "nowhere" in str(caught.value).partition("(exit 64)")[2]  # the run's own error line
    assert capsys.readouterr() == ("", "")  # nothing leaks onto the terminal


def test_digests_are_the_same_in_another_process(small_programs):
    """Nothing process-specific (hash seeds, object ids) reaches a digest."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from tools.evidence.checksums import compute_checksums\n"
        "programs = [(i, Path(p)) for i, p in json.loads(sys.argv[1])]\n"
        "print(json.dumps(compute_checksums(programs, lanes=('interp',))))\n"
    )
    argument = json.dumps([[pid, str(path)] for pid, path in small_programs])
    proc = subprocess.run(
        [sys.executable, "-c", script, argument],
        cwd=REPO,  # `-c` puts the current folder, the checkout's root, on the path: tools/
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONHASHSEED": "4242"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout) == compute_checksums(small_programs, lanes=("interp",))
