"""The `franken bench` command: run the benchmarks, write an evidence pack, check budgets.

    franken bench [--out DIR] [--compare [BASELINE]] [--select EXPR] [--benchmarks PATH...]
                  [--min-rounds N] [--max-time SECONDS] [--conformance GLOB] [--save-baseline]
    franken bench --verify PACK

Runs pytest-benchmark on the checkout's `benchmarks/test_*.py` (or
`--benchmarks`, narrowed by `--select`, pytest's `-k`) and writes the pack
of `evidence/pack.py` to DIR (default: a new `franken-bench-<UTC time>`).
`--compare` judges the run's metrics against a baseline (a pack, or with no
value or `baseline` the one stored in `benchmarks/baseline/`) under the
budgets of `benchmarks/budgets.toml`. `--save-baseline` stores this run as
the baseline, unless the run failed or regressed. Every input (the selected
conformance programs' directives included) is checked, and DIR created,
before the benchmarks start. `--verify PACK` runs nothing: it checks every
file of a written pack against the digests of its manifest.

Exit statuses: 0 the pack was written (and, comparing, no metric regressed
beyond its budget), or the verified pack is intact; 1 a metric regressed,
the benchmark run failed, a conformance program could not be run, or the
verified pack differs from its manifest; 64 usage error (one line on stderr,
as for every command).
"""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from frankenengine.cli.common import EXIT_FAILED, EXIT_OK, UsageError
from frankenengine.engine.evidence import checkout

DEFAULT_OUT = "franken-bench-%Y%m%dT%H%M%SZ"  # strftime of the UTC time
RUN_OPTIONS = (  # the options of a run (`--verify` takes none of them)
    "out", "compare", "select", "benchmarks", "min_rounds", "max_time", "conformance",
    "save_baseline",
)  # fmt: skip


def add_parser(sub) -> None:
    bench = sub.add_parser(
        "bench", help="run the benchmarks, write an evidence pack, check regression budgets"
    )
    bench.add_argument("--out", metavar="DIR", help="the pack's folder (new or empty)")
    bench.add_argument(
        "--compare",
        nargs="?",
        const=checkout.STORED_BASELINE.name,
        metavar="BASELINE",
        help=f"check budgets against a pack or baseline folder (default: "
        f"{checkout.STORED_BASELINE})",
    )
    bench.add_argument("--select", metavar="EXPR", help="only benchmarks matching (pytest -k)")
    bench.add_argument("--benchmarks", nargs="+", metavar="PATH", help="benchmark files to run")
    bench.add_argument("--min-rounds", type=int, metavar="N", help="pytest-benchmark min rounds")
    bench.add_argument("--max-time", type=float, metavar="SECONDS", help="max time per benchmark")
    bench.add_argument(
        "--conformance", metavar="GLOB", help="checksum only programs whose id matches (own/*)"
    )
    bench.add_argument(
        "--save-baseline",
        action="store_true",
        help=f"store this run as {checkout.STORED_BASELINE}",
    )
    bench.add_argument(
        "--verify", metavar="PACK", help="check a written pack against its manifest; run nothing"
    )


def command(options) -> int:
    # The evidence modules load only for this command (`franken run` stays light).
    from frankenengine.engine.evidence import baseline
    from frankenengine.engine.evidence.pack import SuiteFailed, SuiteRefused, build

    if options.verify is not None:
        return _verify(options)
    request = _request(options)
    try:
        pack = build(request, lambda line: print(f"franken bench: {line}", file=sys.stderr))
    except SuiteRefused as exc:
        raise UsageError(str(exc)) from None
    except SuiteFailed as exc:
        print(f"franken bench: {exc}", file=sys.stderr)
        return EXIT_FAILED
    _summary(pack)
    regressed = pack.verdicts is not None and not _within_budget(pack, request.baseline.folder)
    status = EXIT_FAILED if regressed or pack.checksum_errors else EXIT_OK
    if options.save_baseline:
        if status != EXIT_OK:
            print(
                "franken bench: baseline not saved: this run failed or regressed", file=sys.stderr
            )
            return status
        saved = baseline.save(pack.folder, request.repo_root / checkout.STORED_BASELINE)
        print(f"baseline saved: {', '.join(str(p) for p in saved)}")
    return status


def _request(options):
    """The run `options` ask for, every input checked and the pack's folder created (last,
    so a usage error leaves nothing behind)."""
    from frankenengine.engine.evidence import baseline
    from frankenengine.engine.evidence.budgets import BudgetError, load
    from frankenengine.engine.evidence.pack import Request, select_programs

    if options.min_rounds is not None and options.min_rounds < 1:
        raise UsageError("--min-rounds must be at least 1")
    if options.max_time is not None and not options.max_time > 0:
        raise UsageError("--max-time must be positive")
    if options.save_baseline and (options.select or options.benchmarks):
        raise UsageError(
            "--save-baseline stores a run of every benchmark: drop --select and --benchmarks"
        )
    try:
        repo_root = checkout.find(Path.cwd())
    except checkout.NotACheckout as exc:
        raise UsageError(f"{exc}: run franken bench in a FrankenEngine checkout") from None
    files = _benchmark_files(options.benchmarks, repo_root)
    compared = budgets = None
    if options.compare is not None:
        try:
            budgets = load(repo_root / checkout.BUDGETS)
            compared = baseline.read(baseline.resolve(options.compare, repo_root))
        except (BudgetError, ValueError) as exc:
            raise UsageError(f"--compare: {exc}") from None
    try:
        programs = select_programs(repo_root, options.conformance)
    except (OSError, ValueError) as exc:  # not a checkout; a program that cannot be read
        raise UsageError(str(exc)) from None
    if not programs:
        raise UsageError(f"--conformance {options.conformance}: no program id matches")
    out = _new_folder(options.out)  # every check passed
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


def _new_folder(given: str | None) -> Path:
    """The pack's folder, created now: `--out` (new, or an existing empty folder), or a new
    folder named after the time (`-2`, `-3`... appended when two runs start in one second)."""
    if given is not None:
        out = Path(given)
        try:
            out.mkdir(parents=True)
        except FileExistsError:
            if not out.is_dir() or any(out.iterdir()):
                raise UsageError(f"--out {out}: exists and is not an empty folder") from None
        except OSError as exc:
            raise UsageError(f"--out {out}: cannot create it: {exc.strerror or exc}") from None
        return out.resolve()
    name = datetime.now(UTC).strftime(DEFAULT_OUT)
    for attempt in range(1, 100):
        out = Path(name if attempt == 1 else f"{name}-{attempt}")
        try:
            out.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise UsageError(f"cannot create {out.resolve()}: {exc.strerror or exc}") from None
        return out.resolve()
    raise UsageError(f"cannot create a new folder {name}-N here: give --out")


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
            raise UsageError(f"--benchmarks {given}: no such file or folder")
        try:
            files.append(path.relative_to(repo_root).as_posix())
        except ValueError:
            files.append(str(path))
    return files


def _verify(options) -> int:
    """`--verify PACK`: 0 when every file matches the manifest, else 1 with each file named."""
    from frankenengine.engine.evidence import manifest

    given = [
        f"--{flag.replace('_', '-')}"
        for flag in RUN_OPTIONS
        if getattr(options, flag) not in (None, False)
    ]
    if given:
        raise UsageError(f"--verify runs nothing: drop {' '.join(given)}")
    pack = Path(options.verify)
    try:
        problems = manifest.verify(pack)
    except ValueError as exc:
        raise UsageError(f"--verify: {exc}") from None
    for problem in problems:
        print(f"{pack}: {problem}")
    if problems:
        print(f"franken bench: {pack} differs from its manifest ({len(problems)} files)")
        return EXIT_FAILED
    print(f"{pack}: every file matches its manifest")
    return EXIT_OK


def _summary(pack) -> None:
    from frankenengine.engine.evidence.metrics import HEADLINE, ratio_label
    from frankenengine.engine.evidence.packfiles import REPORT

    lane, reference = HEADLINE
    speedups = [
        f"{m.subject} {1 / m.value:.3g}x"
        for m in pack.metrics
        if m.label == ratio_label(lane, reference) and m.value
    ]
    agree = sum(len(set(lanes.values())) == 1 for lanes in pack.checksums.values())
    print(f"franken bench: wrote {pack.folder} (report: {pack.folder / REPORT})")
    print(
        f"  benchmarks: {pack.suite.seconds:.0f} s; profiles: {len(pack.profiled)} kernels; "
        f"checksums: {len(pack.checksums)} programs, lanes agree on {agree}"
    )
    if speedups:
        print(f"  {lane} lane, speed-up over {reference} per unit of work: " + ", ".join(speedups))
    for program_id, why in sorted(pack.checksum_errors.items()):
        print(f"  FAILED: conformance program {program_id} could not be run: {why}")


def _within_budget(pack, baseline: Path) -> bool:
    """Print the verdict table of the pack's comparison; False when a metric regressed."""
    from frankenengine.engine.evidence.budgets import REGRESSED, judged, regressions

    checked, bad = judged(pack.verdicts), regressions(pack.verdicts)
    width = max([len("metric"), *(len(v.metric.id) for v in checked)]) + 2
    print(f"budgets against {baseline}:")
    print(
        f"  {'metric':<{width}}{'baseline':>11}{'this run':>11}{'change':>8}{'allowed':>11}  verdict"
    )
    for v in checked:
        print(
            f"  {v.metric.id:<{width}}{v.metric.value:>11.4g}{v.current:>11.4g}"
            f"{v.change or 0:>7.2f}x{v.limit:>11.4g}  "
            + ("REGRESSED" if v.status == REGRESSED else v.status)
        )
    skipped = len(pack.verdicts) - len(checked)
    tail = f" ({skipped} baseline metrics not measured or without budget)" if skipped else ""
    if bad:
        names = ", ".join(v.metric.id for v in bad)
        print(f"REGRESSED: {len(bad)} of {len(checked)} metrics beyond budget: {names}{tail}")
        return False
    print(f"within budget: all {len(checked)} metrics{tail}")
    return True
