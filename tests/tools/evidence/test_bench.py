"""`franken bench` end to end: real pytest-benchmark runs of one cheap kernel, real packs.

One pack is written first (the baseline); a second run compared with a
roomy copy of it (every metric's baseline made 1000 times worse, so no
machine load can put a metric beyond budget: the test checks the comparison
end to end, not this machine's speed) must pass, and a third, with the
benchmarks' hook making the engine-lane runners of `fib` do their work 8
times per round, must fail with exit 1 and name the kernel (a ratio of two
timings of the same run moving 8 times against a budget of 1.5). Every file of a pack is parsed and its
manifest digests are recomputed here; `--verify` must find a copy of the pack
intact, and name the file of a tampered one.

The two comparisons judge measured timings against budgets, so they carry the
`timing` marker and stay out of the default test run (a loaded machine can
move a timing; pyproject deselects them): run them with `pytest -m timing`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numba
import pytest

from frankenengine.engine.api import LANES
from tools.evidence.checksums import read_golden
from tools.evidence.metrics import BETTER

REPO = Path(__file__).resolve().parents[3]
FRANKEN = Path(sys.executable).with_name("franken")
KERNEL = "fib"
SMALL_RUN = [
    "--benchmarks", str(REPO / "benchmarks" / "test_jit_lanes.py"),
    "--select", f"{KERNEL} and not first_call and not warm_cache",
    "--min-rounds", "5", "--max-time", "0.1",
    "--conformance", "own/p01_*",
]  # fmt: skip
PACK_FILES = {
    "benchmarks.json", "pytest.log", "metrics.json", "checksums.json", "env.json",
    "repro.lock", "manifest.json", "report.md", "plot.svg",
    f"profiles/{KERNEL}.json", f"profiles/{KERNEL}.collapsed.txt",
    f"profiles/{KERNEL}.speedscope.json",
}  # fmt: skip


def bench(out: Path, *args: str, slowdown: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "FRANKEN_BENCH_SLOWDOWN"}
    if slowdown:
        env["FRANKEN_BENCH_SLOWDOWN"] = slowdown
    return subprocess.run(
        [str(FRANKEN), "bench", "--out", str(out), *SMALL_RUN, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def baseline_pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "baseline"
    done = bench(out)
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    return out


def files_of(pack: Path) -> set[str]:
    return {p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file()}


def test_pack_has_every_file_and_each_parses(baseline_pack):
    pack = baseline_pack
    assert files_of(pack) == PACK_FILES

    runs = json.loads((pack / "benchmarks.json").read_text())["benchmarks"]
    assert sorted(b["name"] for b in runs) == sorted(
        f"test_{runner}[{KERNEL}]" for runner in ("jit", "numba", "cpython", "interp")
    )
    ids = {m["id"] for m in json.loads((pack / "metrics.json").read_text())["metrics"]}
    assert {f"ratio:{KERNEL}:jit/cpython", f"ratio:{KERNEL}:jit/numba"} <= ids

    profile = json.loads((pack / f"profiles/{KERNEL}.json").read_text())
    assert profile["profile"]["functions"][KERNEL]["calls_by_lane"]["jit"] > 0  # it tiered up
    assert (pack / f"profiles/{KERNEL}.collapsed.txt").read_text().strip()
    assert json.loads((pack / f"profiles/{KERNEL}.speedscope.json").read_text())["profiles"]

    checksums = read_golden(pack / "checksums.json")
    assert list(checksums) == ["own/p01_str_methods"]
    assert set(checksums["own/p01_str_methods"]) == set(LANES)

    env = json.loads((pack / "env.json").read_text())
    assert env["cpu_count"] == os.cpu_count() and env["packages"]["numba"] == numba.__version__
    assert f"\nnumba=={numba.__version__}\n" in (pack / "repro.lock").read_text()

    svg = ET.parse(pack / "plot.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert KERNEL in "".join(svg.itertext())
    report = (pack / "report.md").read_text()
    assert "(plot.svg)" in report and f"| {KERNEL} |" in report


def test_manifest_digests_match_the_files(baseline_pack):
    document = json.loads((baseline_pack / "manifest.json").read_text())
    assert set(document["outputs"]) == PACK_FILES - {"manifest.json"}
    for name, digest in document["outputs"].items():
        assert hashlib.sha256((baseline_pack / name).read_bytes()).hexdigest() == digest, name
    kernel = f"benchmarks/kernels/{KERNEL}.py"
    assert document["inputs"][kernel] == hashlib.sha256((REPO / kernel).read_bytes()).hexdigest()
    assert "tests/testdata/conformance/p01_str_methods.py" in document["inputs"]
    assert document["engine_sources"]["files"] > 50
    assert document["run"]["slowdown"] is None


def verify(pack: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRANKEN), "bench", "--verify", str(pack)], capture_output=True, text=True, timeout=60
    )


def test_verify_finds_a_pack_intact_and_names_a_tampered_file(baseline_pack, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(baseline_pack, copy)
    intact = verify(copy)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "every file matches" in intact.stdout
    plot = copy / "plot.svg"
    plot.write_text(plot.read_text().replace("</svg>", "<!-- edited --></svg>"))
    tampered = verify(copy)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert f"{copy}: plot.svg: digest differs from the manifest" in tampered.stdout.splitlines()
    assert "Traceback" not in tampered.stdout + tampered.stderr


def roomy_baseline(pack: Path, folder: Path, factor: float = 1000.0) -> Path:
    """A baseline folder from `pack` with every metric `factor` times worse than measured."""
    folder.mkdir()
    shutil.copyfile(pack / "env.json", folder / "env.json")
    document = json.loads((pack / "metrics.json").read_text())
    for metric in document["metrics"]:
        worse = factor if BETTER[metric["kind"]] == "lower" else 1 / factor
        metric["value"] *= worse
    (folder / "metrics.json").write_text(json.dumps(document))
    return folder


@pytest.mark.timing
def test_compare_within_budget_passes(baseline_pack, tmp_path):
    roomy = roomy_baseline(baseline_pack, tmp_path / "roomy")
    done = bench(tmp_path / "again", "--compare", str(roomy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "within budget" in done.stdout
    verdicts = json.loads((tmp_path / "again" / "comparison.json").read_text())["verdicts"]
    judged = [v for v in verdicts if v["status"] in ("ok", "regressed")]
    assert {v["metric"] for v in judged} >= {f"ratio:{KERNEL}:jit/cpython"}
    assert all(v["status"] == "ok" for v in judged)


@pytest.mark.timing
def test_compare_fails_when_a_kernel_is_made_slower(baseline_pack, tmp_path):
    done = bench(tmp_path / "slow", "--compare", str(baseline_pack), slowdown=f"{KERNEL}=8")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "REGRESSED" in done.stdout and f"ratio:{KERNEL}:jit/cpython" in done.stdout
    pack = tmp_path / "slow"
    regressed = [
        v["metric"]
        for v in json.loads((pack / "comparison.json").read_text())["verdicts"]
        if v["status"] == "regressed"
    ]
    assert f"ratio:{KERNEL}:jit/cpython" in regressed
    assert f"ratio:{KERNEL}:interp/cpython" in regressed
    assert json.loads((pack / "manifest.json").read_text())["run"]["slowdown"] == f"{KERNEL}=8"
    assert "regressed beyond budget" in (pack / "report.md").read_text()
