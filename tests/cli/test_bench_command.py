"""`franken bench` usage errors: exit 64, one line on stderr, nothing written, nothing run.

Every argument is checked before the benchmarks start, except the selection,
which only pytest can judge: a `--select` matching nothing is a usage error
too (one real collection run, no benchmark timed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from franken_cli import run as franken

from frankenengine.engine.evidence import baseline

REPO = Path(__file__).resolve().parents[2]
JIT_LANES = str(REPO / "benchmarks" / "test_jit_lanes.py")


def run(capsys, *argv):
    return franken(capsys, "bench", *argv)


def assert_usage_error(capsys, *argv, says: str) -> None:
    """Exit 64 and one `franken: ...` line on stderr (after progress lines, if it ran)."""
    code, out, err = run(capsys, *argv)
    assert code == 64, (out, err)
    errors = [line for line in err.splitlines() if not line.startswith("franken bench: ")]
    assert len(errors) == 1 and errors[0].startswith("franken: "), err
    assert says in errors[0]
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--min-rounds", "0"], "--min-rounds must be at least 1"),
        (["--min-rounds", "many"], "invalid int value"),
        (["--max-time", "0"], "--max-time must be positive"),
        (["--benchmarks", "no/such_file.py"], "--benchmarks no/such_file.py: no such file"),
        (["--conformance", "nowhere/*"], "--conformance nowhere/*: no program id matches"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["--save-baseline", "--select", "fib"], "--save-baseline stores a run of every benchmark"),
    ],
)
def test_bad_arguments(tmp_path, capsys, argv, says):
    out = tmp_path / "pack"
    assert_usage_error(capsys, "--out", str(out), *argv, says=says)
    assert not out.exists()


def test_out_must_be_new_or_empty(tmp_path, capsys):
    (tmp_path / "old.txt").write_text("an earlier pack")
    assert_usage_error(capsys, "--out", str(tmp_path), says="exists and is not an empty folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]


def test_compare_needs_a_baseline_folder(tmp_path, capsys):
    out = str(tmp_path / "pack")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_usage_error(capsys, "--out", out, "--compare", str(empty), says="has no metrics.json")
    assert_usage_error(capsys, "--out", out, "--compare", str(tmp_path / "gone"), says="--compare")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "metrics.json").write_text(json.dumps({"metrics": "none"}))
    assert_usage_error(capsys, "--out", out, "--compare", str(broken), says="not a metrics file")
    assert not (tmp_path / "pack").exists()


def test_compare_without_a_value_reads_the_stored_baseline(tmp_path, capsys):
    """`--compare` alone reads benchmarks/baseline (had it failed, the error would name
    --compare; the --conformance check comes after it)."""
    out = str(tmp_path / "pack")
    argv = ["--out", out, "--compare", "--conformance", "nowhere/*"]
    assert_usage_error(capsys, *argv, says="--conformance nowhere/*")
    stored = baseline.read(REPO / "benchmarks" / "baseline")
    assert any(m.kind == "ratio" for m in stored.metrics.values())
    assert stored.env is not None and stored.env["cpu_count"] >= 1


def test_a_selection_matching_nothing_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "pack"
    argv = ["--out", str(out), "--benchmarks", JIT_LANES, "--select", "no_such_benchmark"]
    assert_usage_error(capsys, *argv, "--conformance", "own/p01_*", says="no benchmark matched")
