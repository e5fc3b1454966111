"""`franken bench` usage errors: exit 64, one line on stderr, nothing written, nothing run.

Every argument is checked before the benchmarks start, except what only
pytest can judge: a `--select` matching nothing, a run whose every test is
skipped, a misspelt kernel in FRANKEN_BENCH_SLOWDOWN are usage errors too
(each one real, short pytest run, no benchmark timed). And `--save-baseline`
never stores a run that failed or regressed. The command runs the checkout's
tool (tools/evidence/bench.py): it finds the checkout the imported package
belongs to first, and outside any checkout it is a usage error that says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from franken_cli import run as franken

from frankenengine.cli import bench as cli_bench
from tools.evidence import baseline, bench, checkout, pack
from tools.evidence.budgets import REGRESSED, Verdict
from tools.evidence.metrics import Metric
from tools.evidence.suite import SLOWDOWN_ENV, SuiteRun

REPO = Path(__file__).resolve().parents[2]
JIT_LANES = str(REPO / "benchmarks" / "test_jit_lanes.py")
ONE_KERNEL = ["--benchmarks", JIT_LANES, "--select", "fib and not first_call and not warm_cache"]
ONE_PROGRAM = ["--conformance", "own/p01_*"]


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
        (["--verify", "."], "--verify runs nothing: drop --out"),
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
    row = {"kind": "ratio", "subject": "fib", "label": "jit/cpython", "value": "0.5", "unit": "x"}
    (broken / "metrics.json").write_text(json.dumps({"metrics": [row]}))
    assert_usage_error(capsys, "--out", out, "--compare", str(broken), says="must be a number")
    assert not (tmp_path / "pack").exists()


def test_out_that_cannot_be_created_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a file").write_text("")
    out = tmp_path / "a file" / "pack"
    assert_usage_error(capsys, "--out", str(out), says=f"--out {out}: cannot create it")


def test_default_folders_of_runs_started_in_one_second_differ(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    now = datetime.now(UTC)
    taken = [(now + timedelta(seconds=s)).strftime(bench.DEFAULT_OUT) for s in (0, 1)]
    for name in taken:
        (tmp_path / name).mkdir()
    first, second = bench.new_folder(None), bench.new_folder(None)
    assert first.name in {f"{name}-2" for name in taken}
    assert first != second and first.is_dir() and second.is_dir()
    assert not any(first.iterdir())


def make_checkout(folder: Path) -> Path:
    """A folder with a FrankenEngine checkout's markers (the tool, the package folder)."""
    (folder / cli_bench.TOOL).parent.mkdir(parents=True)
    (folder / cli_bench.TOOL).write_text("")
    (folder / "frankenengine").mkdir()
    assert set(cli_bench.MARKERS) == {cli_bench.TOOL, Path("frankenengine")}
    return folder


def test_the_checkout_of_the_imported_package_comes_first(tmp_path):
    assert cli_bench.PACKAGE_CHECKOUT == REPO
    assert cli_bench.find_checkout(tmp_path) == REPO  # the package's, wherever the cwd is
    other = make_checkout(tmp_path / "other")
    inside = other / "tests"
    inside.mkdir()
    assert cli_bench.find_checkout(inside) == REPO
    assert cli_bench.find_checkout(inside, preferred=tmp_path) == other  # the nearest above
    (other / cli_bench.TOOL).unlink()  # a folder with frankenengine/ alone is no checkout
    assert cli_bench.find_checkout(inside, preferred=tmp_path) is None


def test_outside_a_checkout_it_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """An installed engine run outside a checkout: the pack needs one, and says so."""
    monkeypatch.setattr(cli_bench, "PACKAGE_CHECKOUT", tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "pack"
    says = "the benchmark pack needs a FrankenEngine checkout"
    assert_usage_error(capsys, "--out", str(out), says=says)
    assert_usage_error(capsys, "--verify", str(tmp_path), says=says)
    assert not out.exists()


def test_verify_needs_a_pack(tmp_path, capsys):
    assert_usage_error(capsys, "--verify", str(tmp_path), says="is not an evidence pack")


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


def test_a_run_where_every_test_is_skipped_is_a_usage_error(tmp_path, capsys):
    plain = tmp_path / "test_plain.py"
    plain.write_text("def test_no_benchmark():\n    assert True\n")  # --benchmark-only skips it
    argv = ["--out", str(tmp_path / "pack"), "--benchmarks", str(plain), *ONE_PROGRAM]
    assert_usage_error(capsys, *argv, says="no benchmark ran")


def test_a_misspelt_slowdown_kernel_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(SLOWDOWN_ENV, "fibb=8")
    argv = ["--out", str(tmp_path / "pack"), *ONE_KERNEL, *ONE_PROGRAM]
    assert_usage_error(capsys, *argv, says=f"{SLOWDOWN_ENV}: no benchmark has kernel 'fibb'")


@pytest.mark.parametrize("failure", ["regressed", "checksum failed"])
def test_save_baseline_refuses_a_run_that_failed(tmp_path, capsys, monkeypatch, failure):
    """The pack a full run would build is stood in for (that run takes minutes); the
    arguments, the baseline compared and the refusal to save are real."""
    stored = tmp_path / "stored"  # absolute: the checkout's root joined with it is itself
    monkeypatch.setattr(checkout, "STORED_BASELINE", stored)
    metric = Metric("ratio", "fib", "jit/cpython", 0.01, "x")
    verdicts = [Verdict(metric, 0.05, 0.015, REGRESSED)] if failure == "regressed" else []
    errors = {"own/p01_str_methods": "exit 64: no"} if failure == "checksum failed" else {}

    def stand_in(request, progress):
        return pack.Pack(request.out, SuiteRun(0, 1.0, 100.0), [], [], {}, errors, verdicts)

    monkeypatch.setattr(pack, "build", stand_in)
    argv = ["--out", tmp_path / "run", "--compare", REPO / "benchmarks" / "baseline"]
    code, out, err = run(capsys, *argv, "--save-baseline")
    assert code == 1, (out, err)
    assert "baseline not saved: this run failed or regressed" in err
    assert not stored.exists()
