"""The parts of `franken bench` on hand-built inputs: metrics, budgets, plot, report, lock,
manifest, env, and the conformance programs of a pack.

Expected values are worked out here from the definitions (time per fuel unit,
`baseline * factor + slack`), never copied from the code's output.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import resource
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numba
import numpy
import pytest

from tools.evidence import (
    baseline,
    budgets,
    environment,
    lockfile,
    manifest,
    plot,
    report,
    suite,
)
from tools.evidence.metrics import Metric, from_benchmarks, read, timings, write
from tools.evidence.pack import BadProgram, checksums_of, select_programs

REPO = Path(__file__).resolve().parents[3]
SVG = "{http://www.w3.org/2000/svg}"


def entry(function, group, seconds, param=None, **extra_info):
    """One benchmark of pytest-benchmark's JSON (the median is made worse than the min)."""
    name = f"{function}[{param or group}]"
    stats = {"min": seconds, "median": seconds * 3, "mean": seconds * 3}
    return {"name": name, "group": group, "param": param or group, "extra_info": extra_info,
            "stats": stats}  # fmt: skip


def run(*entries) -> dict:
    return {"benchmarks": list(entries)}


# -- metrics ---------------------------------------------------------------------------------

KERNEL_RUN = run(
    # the JIT lane and Numba on a large input (1000 fuel units), CPython and interp on a small one
    entry("test_jit", "k", 1e-3, input="n=1000", fuel=1000),
    entry("test_numba", "k", 0.5e-3, input="n=1000"),
    entry("test_cpython", "k", 5e-3, input="n=10"),
    entry("test_interp", "k", 50e-3, input="n=10", fuel=10),
    entry("test_first_call_compile", "first call (compiles)", 2.0, param="k", input="n=10"),
)


def values(metrics) -> dict[str, float]:
    return {m.id: m.value for m in metrics}


def test_ratios_compare_time_per_fuel_unit_across_inputs():
    found = values(from_benchmarks(KERNEL_RUN))
    # jit: 1e-6 s per unit; cpython: 5e-4 s per unit (the interp runner's fuel for its input)
    assert found["ratio:k:jit/cpython"] == pytest.approx(1e-6 / 5e-4)
    assert found["ratio:k:interp/cpython"] == pytest.approx(10.0)  # same input: plain ratio
    assert found["ratio:k:jit/numba"] == pytest.approx(2.0)
    assert found["reference:k:numba/cpython"] == pytest.approx(0.5e-6 / 5e-4)
    assert set(found) == {
        "ratio:k:jit/cpython",
        "ratio:k:interp/cpython",
        "ratio:k:jit/numba",
        "reference:k:numba/cpython",
    }  # fmt: skip  (the compile benchmark is not a per-kernel runner)


def test_ratio_left_out_when_work_cannot_be_related():
    unrelated = run(
        entry("test_jit", "k", 1e-3, input="n=1000"),  # no fuel recorded
        entry("test_cpython", "k", 5e-3, input="n=10"),
    )
    assert from_benchmarks(unrelated) == []
    same_input = run(entry("test_interp", "k", 8e-3), entry("test_cpython", "k", 2e-3))
    assert values(from_benchmarks(same_input)) == {"ratio:k:interp/cpython": pytest.approx(4.0)}


def test_throughput_latency_and_memory_metrics():
    data = run(
        entry("test_call_overhead", "call overhead", 2e-6, param="ext.call, jit lane"),
        entry("test_churn", "churn", 0.1, param="mixed", p50_us=40.0, p95_us=90.0, p99_us=200.0,
              rss_growth_mib=1.5, tracemalloc_growth_kib=12.0, calls=4000),
    )  # fmt: skip
    found = {m.id: m for m in from_benchmarks(data, peak_rss_mib=321.0, scope="sel")}
    assert found["throughput:call overhead:ext.call, jit lane"].value == pytest.approx(500_000)
    assert found["throughput:call overhead:ext.call, jit lane"].better == "higher"
    assert found["latency_p95:test_churn[mixed]:p95"].value == 90.0
    assert found["latency_p99:test_churn[mixed]:p99"].unit == "us"
    assert found["memory:test_churn[mixed]:rss_growth_mib"].value == 1.5
    assert found["memory:test_churn[mixed]:tracemalloc_growth_kib"].unit == "KiB"
    # 4000 calls in a round of 0.1 CPU seconds
    assert found["throughput:test_churn[mixed]:calls_per_cpu_second"].value == pytest.approx(40_000)
    peak = found["memory:benchmark process:peak_rss_mib"]
    assert (peak.value, peak.scope) == (321.0, "sel")


def test_metrics_file_round_trip(tmp_path):
    found = from_benchmarks(KERNEL_RUN, peak_rss_mib=100.0, scope="s")
    write(tmp_path / "metrics.json", found, KERNEL_RUN, "s")
    assert read(tmp_path / "metrics.json") == {m.id: m for m in found}
    assert timings(KERNEL_RUN)["k"]["cpython"].fuel == 10  # CPython took interp's fuel
    (tmp_path / "bad.json").write_text('{"metrics": [{"kind": "speed"}]}')
    with pytest.raises(ValueError, match="not a metrics file"):
        read(tmp_path / "bad.json")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"value": "0.5"}, "value must be a number"),
        ({"value": True}, "value must be a number"),
        ({"value": None}, "value must be a number"),
        ({"scope": 3}, "scope must be text or null"),
        ({"label": ["jit"]}, "label must be text"),
        ({"kind": "speed"}, "unknown metric kinds speed"),
    ],
)
def test_metrics_file_with_wrong_types_is_refused(tmp_path, change, complaint):
    row = {"kind": "ratio", "subject": "k", "label": "jit/cpython", "value": 0.5, "unit": "x"}
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps({"metrics": [{**row, **change}]}))
    with pytest.raises(ValueError, match=complaint):
        read(path)


# -- budgets ---------------------------------------------------------------------------------


def metric(kind, value, subject="k", label="x", scope=None):
    return Metric(kind, subject, label, value, "u", scope)


def by_id(*metrics):
    return {m.id: m for m in metrics}


def write_budgets(tmp_path, text) -> Path:
    path = tmp_path / "budgets.toml"
    path.write_text(text)
    return path


def test_repository_budgets_load_and_cover_every_judged_kind():
    loaded = budgets.load(REPO / "benchmarks" / "budgets.toml")
    assert {"ratio", "throughput", "latency_p50", "latency_p95", "latency_p99", "memory"} <= set(
        loaded.kinds
    )
    assert all(b.factor >= 1 and b.why for b in loaded.kinds.values())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[speed]\nfactor = 2\n", r"\[speed\] is not a metric kind"),
        ("[ratio]\nfactor = 0.5\n", r"\[ratio\]: factor must be a number >= 1"),
        ("[ratio]\nfactor = 1.5\nslak = 1\n", "unknown key 'slak'"),
        ("[ratio]\nfactor = 1.5\nslack = -1\n", "slack must be a number >= 0"),
        ("[[override]]\nfactor = 2\n", r"\[\[override\]\] #1 needs metric"),
        ("[ratio\nfactor = 1.5\n", "cannot read budgets"),
    ],
)
def test_malformed_budgets_are_one_clear_error(tmp_path, text, message):
    with pytest.raises(budgets.BudgetError, match=message):
        budgets.load(write_budgets(tmp_path, text))


def test_compare_lower_and_higher_is_better_with_slack_and_overrides(tmp_path):
    rules = budgets.load(write_budgets(tmp_path, """
[ratio]
factor = 1.5
[throughput]
factor = 2
[memory]
factor = 1.25
slack = 8
[[override]]
metric = "ratio:noisy:*"
factor = 3
"""))  # fmt: skip
    baseline = by_id(
        metric("ratio", 0.02, "steady"),
        metric("ratio", 0.02, "slower"),
        metric("ratio", 0.02, "noisy"),
        metric("throughput", 1000.0, "calls"),
        metric("memory", 0.0, "growth"),
        metric("reference", 0.01, "twin"),
        metric("ratio", 1.0, "gone"),
    )
    current = by_id(
        metric("ratio", 0.0299, "steady"),  # limit 0.02 * 1.5 = 0.03: within
        metric("ratio", 0.031, "slower"),  # beyond 0.03
        metric("ratio", 0.059, "noisy"),  # override: limit 0.06
        metric("throughput", 499.0, "calls"),  # limit 1000 / 2 = 500: below it
        metric("memory", 7.9, "growth"),  # limit 0 * 1.25 + 8
        metric("reference", 1.0, "twin"),  # no budget for references
    )
    verdicts = {v.metric.subject: v for v in budgets.compare(baseline, current, rules)}
    status = {subject: v.status for subject, v in verdicts.items()}
    assert status == {
        "steady": "ok", "slower": "regressed", "noisy": "ok", "calls": "regressed",
        "growth": "ok", "twin": "no budget", "gone": "not measured",
    }  # fmt: skip
    assert verdicts["slower"].limit == pytest.approx(0.03)
    assert verdicts["calls"].limit == pytest.approx(500.0)
    assert verdicts["slower"].change == pytest.approx(0.031 / 0.02)
    found = budgets.regressions(list(verdicts.values()))
    assert sorted(v.metric.subject for v in found) == ["calls", "slower"]


def test_metrics_of_another_scope_are_not_compared(tmp_path):
    rules = budgets.load(write_budgets(tmp_path, "[memory]\nfactor = 1.25\n"))
    baseline = by_id(metric("memory", 100.0, "process", scope="all benchmarks"))
    current = by_id(metric("memory", 900.0, "process", scope="one kernel"))
    (verdict,) = budgets.compare(baseline, current, rules)
    assert verdict.status == budgets.NOT_MEASURED


# -- plot --------------------------------------------------------------------------------------

PLOT_METRICS = [
    Metric("ratio", "fast", "jit/cpython", 0.002, "x"),  # 500x faster than CPython
    Metric("ratio", "fast", "interp/cpython", 4.0, "x"),  # 4x slower: 0.25x
    Metric("reference", "fast", "numba/cpython", 0.001, "x"),
    Metric("ratio", "fast", "jit/numba", 2.0, "x"),
    Metric("ratio", "a<&>b", "interp/cpython", 0.5, "x"),  # a name that needs escaping
]


def bars(root) -> dict[str, tuple[float, float]]:
    """{tooltip: (left, right)} of every bar."""
    found = {}
    for rect in root.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None:
            left = float(rect.get("x"))
            found[title.text] = (left, left + float(rect.get("width")))
    return found


def test_plot_is_valid_deterministic_svg_with_log_bars_from_1x():
    text = plot.svg(PLOT_METRICS)
    assert text == plot.svg(list(reversed(PLOT_METRICS)))
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    found = bars(root)
    one_x = [
        float(line.get("x1")) for line in root.iter(f"{SVG}line") if line.get("stroke") == "#333"
    ]
    jit_left, jit_right = found["fast, jit lane: 500x"]
    interp_left, interp_right = found["fast, interp lane: 0.25x"]
    assert jit_left == pytest.approx(one_x[0], abs=0.1)  # bars start at 1x...
    assert interp_right == pytest.approx(one_x[0], abs=0.1)  # ...and slower ones point left
    # log scale: 500x is log10(500) / log10(4) times as long as 4x
    ratio = (jit_right - jit_left) / (interp_right - interp_left)
    assert ratio == pytest.approx(math.log10(500) / math.log10(4), rel=0.01)
    assert "a<&>b, interp lane: 2x" in found
    assert "fast, jit lane: 0.5x" in found  # second panel: numba's time over the JIT's


def test_plot_without_ratios_is_still_an_svg():
    root = ET.fromstring(plot.svg([]))
    assert "no ratios in this run" in "".join(root.itertext())


# -- report -------------------------------------------------------------------------------------


def test_report_shows_ratios_verdicts_and_links(tmp_path):
    rules = budgets.load(write_budgets(tmp_path, "[ratio]\nfactor = 1.5\n"))
    baseline = by_id(Metric("ratio", "fast", "jit/cpython", 0.001, "x"))
    verdicts = budgets.compare(baseline, {m.id: m for m in PLOT_METRICS}, rules)
    run_info = {"created": "2000-01-01T00:00:00Z", "command": "franken bench", "pytest": "pytest",
                "suite_seconds": 1.0, "files": ["plot.svg", "metrics.json"]}  # fmt: skip
    text = report.render(run_info, {}, PLOT_METRICS, timings(KERNEL_RUN), {"p": {"interp": "a"}},
                         verdicts, "base", ["cpu_model: A != B"])  # fmt: skip
    assert "![Lane speed against CPython and hand-written Numba](plot.svg)" in text
    assert "| `ratio:fast:jit/cpython` | 0.001 | 0.002 | 2.00x | 0.0015 | **regressed** |" in text
    assert "1 of 1 metrics regressed beyond budget" in text
    assert "cpu_model: A != B" in text
    assert "- [`metrics.json`](metrics.json)" in text and "checksums.json" not in text
    # each input with the runners that ran it (from KERNEL_RUN)
    assert "| k | n=10 (cpython, interp); n=1000 (jit, numba) |" in text
    assert "could not be run" not in text


def test_report_names_the_kernels_whose_profile_stopped():
    error = {"type": "KeyError", "message": "'k'", "file": "kernels/k.py", "line": 3}
    run_info = {"created": "t", "command": "c", "suite_seconds": 1, "pytest": "p", "files": []}
    run_info["profile_errors"] = {"k": error}
    text = report.render(run_info, {}, [], {}, {})
    assert "1 kernels stopped with an error" in text and "`k`: KeyError: 'k' kernels/k.py:3" in text
    assert "kernels stopped" not in report.render(
        {**run_info, "profile_errors": {}}, {}, [], {}, {}
    )


def test_report_names_the_programs_that_could_not_be_run():
    run_info = {"created": "2000-01-01T00:00:00Z", "command": "franken bench", "pytest": "pytest",
                "suite_seconds": 1.0, "files": [], "checksum_errors": {"own/p9": "exit 64: no"}}  # fmt: skip
    text = report.render(run_info, {}, [], {}, {"own/p1": {"interp": "a", "jit": "a"}})
    assert "1 programs in lanes interp, jit: every lane gives the same outcome." in text
    assert "**1 programs could not be run**" in text and "- `own/p9`: exit 64: no" in text


# -- repro.lock, manifest, env -------------------------------------------------------------------


def pins_of(lock: str) -> dict[str, str]:
    """{name: version} of the `name==version` lines of a repro.lock."""
    lines = [line for line in lock.splitlines() if not line.startswith("#")]
    return dict(line.split("==") for line in lines)


def test_lock_pins_the_installed_versions():
    text = lockfile.lock_text()
    pins = pins_of(text)
    assert pins["numpy"] == numpy.__version__
    assert pins["numba"] == numba.__version__
    assert pins["pytest-benchmark"]  # names are canonical (PEP 503)
    assert list(pins) == sorted(pins) and text == lockfile.lock_text()


def test_manifest_verifies_outputs_and_digests_inputs(tmp_path):
    pack, repo = tmp_path / "pack", tmp_path / "repo"
    (pack / "profiles").mkdir(parents=True)
    repo.mkdir()
    (pack / "a.json").write_text("{}")
    (pack / "profiles" / "k.json").write_text("[]")
    (repo / "kernel.py").write_text("def f(): pass\n")
    document = manifest.build(pack, repo, [repo / "kernel.py"], {"command": "x"})
    manifest.write(pack, document)
    assert document["inputs"] == {"kernel.py": hashlib.sha256(b"def f(): pass\n").hexdigest()}
    assert set(document["outputs"]) == {"a.json", "profiles/k.json"}
    assert manifest.verify(pack) == []
    (pack / "a.json").write_text("{ }")
    (pack / "extra.txt").write_text("")
    (pack / "profiles" / "k.json").unlink()
    assert manifest.verify(pack) == [
        "a.json: digest differs from the manifest",
        "profiles/k.json: missing",
        "extra.txt: not in the manifest",
    ]
    document["outputs"]["../outside.txt"] = document["outputs"]["a.json"]
    manifest.write(pack, document)
    assert "../outside.txt: not a path inside the pack" in manifest.verify(pack)


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (None, "is not an evidence pack: cannot read"),
        ("not json", "is not a pack manifest"),
        ('{"inputs": {}}', "is not a pack manifest"),
        ('{"outputs": {"a.json": 1}}', "outputs must map names to digests"),
    ],
)
def test_verify_refuses_a_folder_without_a_manifest(tmp_path, content, complaint):
    if content is not None:
        (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(ValueError, match=complaint):
        manifest.verify(tmp_path)


def test_tree_digest_sees_content_and_names(tmp_path):
    (tmp_path / "m.py").write_text("x = 1\n")
    first = manifest.tree_digest(tmp_path)
    (tmp_path / "m.py").write_text("x = 2\n")
    changed = manifest.tree_digest(tmp_path)
    (tmp_path / "m.py").rename(tmp_path / "n.py")
    (tmp_path / "n.py").write_text("x = 1\n")
    renamed = manifest.tree_digest(tmp_path)
    assert len({first["sha256"], changed["sha256"], renamed["sha256"]}) == 3
    assert first["files"] == 1


def test_environment_describes_this_machine():
    env = environment.capture(REPO)
    assert env["cpu_count"] == os.cpu_count()
    assert env["python"]["version"] == platform.python_version()
    assert env["packages"]["numba"] == numba.__version__
    assert len(env["git"]["commit"]) == 40
    assert environment.fingerprint(env) == environment.fingerprint(dict(env))
    other = {**env, "cpu_count": env["cpu_count"] + 1}
    assert environment.fingerprint(other) != environment.fingerprint(env)


def test_a_saved_baseline_reads_back_and_names_machine_differences(tmp_path):
    pack, stored = tmp_path / "pack", tmp_path / "stored"
    pack.mkdir()
    found = from_benchmarks(KERNEL_RUN)
    write(pack / "metrics.json", found, KERNEL_RUN, None)
    env = environment.capture(REPO)
    (pack / "env.json").write_text(json.dumps(env))
    (pack / "plot.svg").write_text(plot.svg(found))
    saved = baseline.save(pack, stored)
    assert sorted(p.name for p in saved) == ["env.json", "metrics.json", "plot.svg"]
    again = baseline.read(stored)
    assert again.metrics == {m.id: m for m in found}
    assert baseline.machine_differences(again, env) == []
    moved = {**env, "cpu_model": "another CPU"}
    assert baseline.machine_differences(again, moved) == [
        f"cpu_model: {env['cpu_model']} != another CPU"
    ]
    with pytest.raises(ValueError, match="has no metrics.json"):
        baseline.read(tmp_path)


# -- the checkout and its conformance programs ---------------------------------------------------


def make_checkout(folder: Path, programs: dict[str, str]) -> Path:
    """A folder laid out as a checkout: the example program and `programs` of its own."""
    own = folder / "tests" / "testdata" / "conformance"
    own.mkdir(parents=True)
    (folder / "examples").mkdir()
    (folder / "examples" / "wordstats.py").write_text("def main():\n    return 1\n")
    for name, source in programs.items():
        (own / f"{name}.py").write_text(source, encoding="utf-8")
    return folder


def test_selected_programs_have_their_directives_read_first(tmp_path):
    repo = make_checkout(tmp_path, {
        "p1_fine": "# call: entry\ndef entry():\n    return 1\n",
        "p2_bad": "# limits: fuel=lots\ndef main():\n    return 2\n",
    })  # fmt: skip
    assert [pid for pid, _ in select_programs(repo, "own/p1_*")] == ["own/p1_fine"]
    with pytest.raises(BadProgram, match=r"p2_bad.py: line 1: limit fuel='lots' is not a number"):
        select_programs(repo, "own/*")


def test_a_program_that_cannot_be_run_is_recorded_not_fatal(tmp_path):
    repo = make_checkout(tmp_path, {
        "p1_fine": "def main():\n    return 1\n",
        "p2_lost": "# call: nowhere\ndef main():\n    return 2\n",
    })  # fmt: skip
    said = []
    checksums, failed = checksums_of(select_programs(repo, "own/*"), said.append)
    assert list(checksums) == ["own/p1_fine"] and len(set(checksums["own/p1_fine"].values())) == 1
    assert list(failed) == ["own/p2_lost"] and "nowhere" in failed["own/p2_lost"]
    assert said == [f"checksum of own/p2_lost failed: {failed['own/p2_lost']}"]


# -- the suite's child process --------------------------------------------------------------------


def test_peak_memory_is_the_benchmark_process_own(tmp_path):
    """An earlier, bigger child of this process does not stand in for the benchmark child.

    A child's peak starts at this process's peak (it is forked from it, and Linux keeps the
    peak across exec), so the bound is this process's peak plus a small child's own memory."""
    own_peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10  # KiB on Linux
    big_mib = own_peak_mib + 256
    subprocess.run([sys.executable, "-c", f"block = b'x' * ({big_mib} << 20)"], check=True)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss >> 10 >= big_mib
    small = [sys.executable, "-c", "print('ran'); raise SystemExit(3)"]
    ran = suite.run(small, tmp_path, tmp_path)
    assert ran.exit_code == 3 and not ran.ok
    assert 1 < ran.peak_rss_mib < own_peak_mib + 64 < big_mib
    assert (tmp_path / "pytest.log").read_text() == "ran\n"
