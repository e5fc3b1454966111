"""The work of `franken bench` in the checkout: check its options, write the pack, judge it.

`frankenengine/cli/bench.py` defines the command's options and usage; it
finds the checkout holding this tool and calls `run(options, repo_root)`
with the options it parsed. A run builds the pack of `pack.py` (DIR: `--out`,
or a new `franken-bench-<UTC time>`), judges it against a baseline's metrics
under the checkout's budgets with `--compare`, and stores it as the
baseline with `--save-baseline` unless it failed or regressed. Every input
(the selected conformance programs' directives included) is checked, and DIR
created, before the benchmarks start: a bad one is a `BenchUsageError` (the
command's usage error, exit 64), and leaves nothing behind. `--verify PACK`
runs nothing: it checks every file of a written pack against its manifest.

`run` is True when the pack was written and (comparing) no metric regressed
beyond its budget and every conformance program ran, or when the verified
pack is intact; False otherwise (the command exits 1). Progress goes to
stderr, the summary and the verdicts to stdout.
"""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from tools.evidence import baseline, checkout, manifest, pack
from tools.evidence.budgets import REGRESSED, BudgetError, judged, load, regressions
from tools.evidence.metrics import HEADLINE, ratio_label
from tools.evidence.pack import Request, SuiteFailed, SuiteRefused, select_programs
from tools.evidence.packfiles import REPORT

DEFAULT_OUT = "franken-bench-%Y%m%dT%H%M%SZ"  # strftime of the UTC time
RUN_OPTIONS = (  # the options of a run (`--verify` takes none of them)
    "out", "compare", "select", "benchmarks", "min_rounds", "max_time", "conformance",
    "save_baseline",
)  # fmt: skip


class BenchUsageError(Exception):
    """A bad option or input of `franken bench`: one line, the command's usage error."""


def progress(line: str) -> None:
    print(f"franken bench: {line}", file=sys.stderr)


def run(options, repo_root: Path) -> bool:
    """Do what the parsed `options` ask in the checkout at `repo_root` (see the docstring)."""
    if options.verify is not None:
        return _verify(options)
    request = _request(options, repo_root)
    try:
        written = pack.build(request, progress)
    except SuiteRefused as exc:
        raise BenchUsageError(str(exc)) from None
    except SuiteFailed as exc:
        progress(str(exc))
        return False
    _summary(written)
    compared = written.verdicts is not None
    regressed = compared and not _within_budget(written, request.baseline.folder)
    passed = not regressed and not written.checksum_errors
    if options.save_baseline:
        if not passed:
            progress("baseline not saved: this run failed or regressed")
            return False
        saved = baseline.save(written.folder, repo_root / checkout.STORED_BASELINE)
        print(f"baseline saved: {', '.join(str(p) for p in saved)}")
    return passed


def _request(options, repo_root: Path) -> Request:
    """The run `options` ask for, every input checked and the pack's folder created (last,
    so a usage error leaves nothing behind)."""
    if options.min_rounds is not None and options.min_rounds < 1:
        raise BenchUsageError("--min-rounds must be at least 1")
    if options.max_time is not None and not options.max_time > 0:
        raise BenchUsageError("--max-time must be positive")
    if options.save_baseline and (options.select or options.benchmarks):
        raise BenchUsageError(
            "--save-baseline stores a run of every benchmark: drop --select and --benchmarks"
        )
    files = _benchmark_files(options.benchmarks, repo_root)
    compared = budgets = None
    if options.compare is not None:
        try:
            budgets = load(repo_root / checkout.BUDGETS)
            compared = baseline.read(baseline.resolve(options.compare, repo_root))
        except (BudgetError, ValueError) as exc:
            raise BenchUsageError(f"--compare: {exc}") from None
    try:
        programs = select_programs(repo_root, options.conformance)
    except (OSError, ValueError) as exc:  # not a checkout; a program that cannot be read
        raise BenchUsageError(str(exc)) from None
    if not programs:
        raise BenchUsageError(f"--conformance {options.conformance}: no program id matches")
    out = new_folder(options.out)  # every check passed
    return Request(
        repo_root=repo_root,
        out=out,
        benchmark_files=files,
        select=options.select,
        min_rounds=options.min_rounds,
        max_time=options.max_time,
        programs=programs,
        conformance=options.conformance,
        baseline=compared,
        budgets=budgets,
        command_line=_command_line(options),
    )


def new_folder(given: str | None) -> Path:
    """The pack's folder, created now: `--out` (new, or an existing empty folder), or a new
    folder named after the time (`-2`, `-3`... appended when two runs start in one second)."""
    if given is not None:
        out = Path(given)
        try:
            out.mkdir(parents=True)
        except FileExistsError:
            if not out.is_dir() or any(out.iterdir()):
                raise BenchUsageError(f"--out {out}: exists and is not an empty folder") from None
        except OSError as exc:
            raise BenchUsageError(f"--out {out}: cannot create it: {exc.strerror or exc}") from None
        return out.resolve()
    name = datetime.now(UTC).strftime(DEFAULT_OUT)
    for attempt in range(1, 100):
        out = Path(name if attempt == 1 else f"{name}-{attempt}")
        try:
            out.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise BenchUsageError(f"cannot create {out.resolve()}: {exc.strerror or exc}") from None
        return out.resolve()
    raise BenchUsageError(f"cannot create a new folder {name}-N here: give --out")


def _command_line(options) -> str:
    """The command as given (for the record in the pack)."""
    words = ["franken", "bench"]
    for flag in RUN_OPTIONS:
        value = getattr(options, flag)
        if value is None or value is False:
            continue
        words.append(f"--{flag.replace('_', '-')}")
        if value is not True:
            words += value if isinstance(value, list) else [str(value)]
    return shlex.join(words)


def _benchmark_files(paths: list[str] | None, repo_root: Path) -> list[str]:
    """The benchmark files as pytest takes them from the repository root."""
    if not paths:
        found = sorted((repo_root / checkout.BENCHMARKS).glob("test_*.py"))
        return [path.relative_to(repo_root).as_posix() for path in found]
    files = []
    for given in paths:
        path = Path(given).resolve()
        if not path.exists():
            raise BenchUsageError(f"--benchmarks {given}: no such file or folder")
        try:
            files.append(path.relative_to(repo_root).as_posix())
        except ValueError:
            files.append(str(path))
    return files


def _verify(options) -> bool:
    """`--verify PACK`: True when every file matches the manifest, else False with each file
    named."""
    given = [
        f"--{flag.replace('_', '-')}"
        for flag in RUN_OPTIONS
        if getattr(options, flag) not in (None, False)
    ]
    if given:
        raise BenchUsageError(f"--verify runs nothing: drop {' '.join(given)}")
    folder = Path(options.verify)
    try:
        problems = manifest.verify(folder)
    except ValueError as exc:
        raise BenchUsageError(f"--verify: {exc}") from None
    for problem in problems:
        print(f"{folder}: {problem}")
    if problems:
        print(f"franken bench: {folder} differs from its manifest ({len(problems)} files)")
        return False
    print(f"{folder}: every file matches its manifest")
    return True


def _summary(written: pack.Pack) -> None:
    lane, reference = HEADLINE
    speedups = [
        f"{m.subject} {1 / m.value:.3g}x"
        for m in written.metrics
        if m.label == ratio_label(lane, reference) and m.value
    ]
    agree = sum(len(set(lanes.values())) == 1 for lanes in written.checksums.values())
    print(f"franken bench: wrote {written.folder} (report: {written.folder / REPORT})")
    print(
        f"  benchmarks: {written.suite.seconds:.0f} s; profiles: {len(written.profiled)} "
        f"kernels; checksums: {len(written.checksums)} programs, lanes agree on {agree}"
    )
    if speedups:
        print(f"  {lane} lane, speed-up over {reference} per unit of work: " + ", ".join(speedups))
    for program_id, why in sorted(written.checksum_errors.items()):
        print(f"  FAILED: conformance program {program_id} could not be run: {why}")


def _within_budget(written: pack.Pack, baseline_folder: Path) -> bool:
    """Print the verdict table of the pack's comparison; False when a metric regressed."""
    checked, bad = judged(written.verdicts), regressions(written.verdicts)
    width = max([len("metric"), *(len(v.metric.id) for v in checked)]) + 2
    print(f"budgets against {baseline_folder}:")
    print(
        f"  {'metric':<{width}}{'baseline':>11}{'this run':>11}{'change':>8}{'allowed':>11}  verdict"
    )
    for v in checked:
        print(
            f"  {v.metric.id:<{width}}{v.metric.value:>11.4g}{v.current:>11.4g}"
            f"{v.change or 0:>7.2f}x{v.limit:>11.4g}  "
            + ("REGRESSED" if v.status == REGRESSED else v.status)
        )
    skipped = len(written.verdicts) - len(checked)
    tail = f" ({skipped} baseline metrics not measured or without budget)" if skipped else ""
    if bad:
        names = ", ".join(v.metric.id for v in bad)
        print(f"REGRESSED: {len(bad)} of {len(checked)} metrics beyond budget: {names}{tail}")
        return False
    print(f"within budget: all {len(checked)} metrics{tail}")
    return True
