"""Write an evidence pack: run the benchmark suite, then derive every other file from it.

Order (each step reads only what the steps before wrote, or the checkout):
the suite (`benchmarks.json`, `pytest.log`), `metrics.json`, the profiles of
the kernels the run benchmarked (`profiles/`), `checksums.json` of the
selected conformance programs in every lane, `env.json`, `repro.lock`,
`comparison.json` when a baseline is given, `plot.svg`, `report.md`, and
`manifest.json` last, since it digests every other file (file names:
`packfiles`). Inputs are checked by the caller before anything runs
(`Request` holds them already resolved, the pack's folder already created);
a conformance program that cannot be run is recorded in the pack (the run
record of the manifest, the report) rather than ending the build.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from frankenengine.engine.api import LANES
from tools.evidence import (
    environment,
    lockfile,
    manifest,
    metrics,
    packfiles,
    plot,
    profiling,
    report,
    suite,
)
from tools.evidence.baseline import SAVED as BASELINE_FILES
from tools.evidence.baseline import Baseline, machine_differences
from tools.evidence.budgets import Budgets, Verdict, compare
from tools.evidence.checkout import BENCHMARKS, PROJECT
from tools.evidence.checksums import (
    ProgramRunError,
    compute_checksums,
    conformance_programs,
    write_golden,
)
from tools.evidence.directives import read_directives


class SuiteFailed(Exception):
    """The benchmark run did not finish (the message names its log)."""


class SuiteRefused(SuiteFailed):
    """pytest refused the run's arguments, or nothing matched the selection."""


class BadProgram(ValueError):
    """A selected conformance program cannot be read or its directives are malformed."""


@dataclass(frozen=True)
class Request:
    repo_root: Path
    out: Path  # an existing, empty folder
    benchmark_files: list[str]  # as pytest takes them, from the repository root
    select: str | None = None
    min_rounds: int | None = None
    max_time: float | None = None
    programs: list[tuple[str, Path]] = field(default_factory=list)  # conformance (id, path)
    conformance: str | None = None  # the glob that chose `programs`, None for all
    baseline: Baseline | None = None
    budgets: Budgets | None = None
    command_line: str = "franken bench"  # as typed, for the record


@dataclass(frozen=True)
class Pack:
    folder: Path
    suite: suite.SuiteRun
    metrics: list[metrics.Metric]
    profiled: list[str]
    checksums: dict[str, dict[str, str]]
    checksum_errors: dict[str, str]  # program id -> why it could not be run
    verdicts: list[Verdict] | None


def select_programs(repo_root: Path, pattern: str | None) -> list[tuple[str, Path]]:
    """The conformance programs whose id matches the glob `pattern` (all for None), each with
    its directives read, so a bad one stops the run before it starts (BadProgram)."""
    programs = conformance_programs(repo_root)
    chosen = [p for p in programs if pattern is None or fnmatch.fnmatchcase(p[0], pattern)]
    for _, path in chosen:
        try:
            read_directives(path)
        except OSError as exc:
            raise BadProgram(f"conformance program {path}: {exc.strerror or exc}") from None
        except ValueError as exc:  # DirectiveError, or not UTF-8
            raise BadProgram(f"conformance program {path}: {exc}") from None
    return chosen


def checksums_of(programs: list[tuple[str, Path]], progress) -> tuple[dict, dict[str, str]]:
    """({program id: {lane: digest}}, {program id: why it could not be run})."""
    checksums, failed = {}, {}
    for program_id, path in programs:
        try:
            checksums.update(compute_checksums([(program_id, path)], LANES))
        except (ProgramRunError, OSError, ValueError) as exc:  # ValueError: DirectiveError
            failed[program_id] = str(exc)
            progress(f"checksum of {program_id} failed: {exc}")
    return checksums, failed


def build(request: Request, progress: Callable[[str], None]) -> Pack:
    """Write the pack of `request` (SuiteFailed if the benchmark run does not finish)."""
    folder = request.out
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    run = {"created": created, "command": request.command_line}
    ran, data = _run_suite(request, progress, run)
    scope = " ".join(request.benchmark_files) + (f" -k {request.select}" if request.select else "")
    found = metrics.from_benchmarks(data, ran.peak_rss_mib, scope)
    metrics.write(folder / packfiles.METRICS, found, data, scope)

    kernels = metrics.timings(data)
    targets = profiling.targets(request.repo_root / BENCHMARKS, kernels)
    progress(f"profiling {len(targets)} kernels in lane auto")
    for target in targets:
        error = profiling.write(folder / packfiles.PROFILES, target)
        if error is not None:
            run.setdefault("profile_errors", {})[target.kernel] = error

    progress(f"checksums of {len(request.programs)} conformance programs in {len(LANES)} lanes")
    checksums, failed = checksums_of(request.programs, progress)
    write_golden(folder / packfiles.CHECKSUMS, checksums, regenerate=request.command_line)
    if failed:
        run["checksum_errors"] = failed

    env = environment.capture(request.repo_root)
    packfiles.write_json(folder / packfiles.ENV, env)
    (folder / packfiles.LOCK).write_text(lockfile.lock_text())
    verdicts, differences = _compare(request, found, env)
    (folder / packfiles.PLOT).write_text(plot.svg(found))

    names = {p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()}
    run["files"] = sorted(names | {packfiles.REPORT, packfiles.MANIFEST})
    baseline = str(request.baseline.folder) if request.baseline else None
    text = report.render(run, env, found, kernels, checksums, verdicts, baseline, differences)
    (folder / packfiles.REPORT).write_text(text)
    manifest.write(folder, manifest.build(folder, request.repo_root, _inputs(request), run))
    return Pack(folder, ran, found, [t.kernel for t in targets], checksums, failed, verdicts)


def _run_suite(request: Request, progress, run: dict) -> tuple[suite.SuiteRun, dict]:
    """Run the benchmarks into the pack, recording how in `run`; (the run, its JSON)."""
    folder = request.out
    argv = suite.pytest_argv(
        request.benchmark_files, folder, request.select, request.min_rounds, request.max_time
    )
    progress(f"running the benchmarks: {_shell(argv)}")
    ran = suite.run(argv, request.repo_root, folder)
    log = folder / packfiles.LOG
    refused = ran.usage_problem(folder)
    if refused:
        raise SuiteRefused(f"{refused} (log: {log})")
    if not ran.ok:
        raise SuiteFailed(f"the benchmark run failed (pytest exit {ran.exit_code}); see {log}")
    results = folder / packfiles.BENCHMARKS
    if not results.is_file():  # pytest-benchmark writes none when every test was skipped
        raise SuiteRefused(f"no benchmark ran: every test was skipped (log: {log})")
    run.update(
        pytest=_shell(argv),
        suite_seconds=round(ran.seconds, 1),
        peak_rss_mib=ran.peak_rss_mib,
        select=request.select,
        conformance=request.conformance,
        slowdown=os.environ.get(suite.SLOWDOWN_ENV),
        baseline=str(request.baseline.folder) if request.baseline else None,
    )
    try:
        return ran, json.loads(results.read_text())
    except ValueError as exc:
        raise SuiteFailed(f"{results} is not JSON: {exc}") from None


def _compare(request: Request, found: list[metrics.Metric], env: dict):
    """(verdicts, machine differences) against the request's baseline, written to
    comparison.json; (None, []) without one."""
    if request.baseline is None:
        return None, []
    verdicts = compare(request.baseline.metrics, {m.id: m for m in found}, request.budgets)
    differences = machine_differences(request.baseline, env)
    document = _comparison(request.baseline, verdicts, differences)
    packfiles.write_json(request.out / packfiles.COMPARISON, document)
    return verdicts, differences


def _inputs(request: Request) -> list[Path]:
    """The checkout's files the pack depends on: benchmarks/ (kernels, budgets, the stored
    baseline), the conformance programs checksummed, pyproject.toml, the baseline compared."""
    root = request.repo_root
    inputs = manifest.files_under(root / BENCHMARKS) + [root / PROJECT]
    inputs += [path for _, path in request.programs]
    if request.baseline is not None:
        inputs += [request.baseline.folder / name for name in BASELINE_FILES]
    return [path for path in inputs if path.is_file()]


def _comparison(baseline: Baseline, verdicts: list[Verdict], differences: list[str]) -> dict:
    return {
        "baseline": str(baseline.folder),
        "machine_differences": differences,
        "verdicts": [
            {
                "metric": v.metric.id,
                "baseline": v.metric.value,
                "current": v.current,
                "limit": v.limit,
                "status": v.status,
            }
            for v in verdicts
        ],
    }


def _shell(argv: list[str]) -> str:
    """`argv` as a shell line (this interpreter as `python`)."""
    shown = ["python" if arg == sys.executable else arg for arg in argv]
    return shlex.join(shown)
