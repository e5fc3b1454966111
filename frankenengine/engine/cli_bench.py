"""The `franken bench` command: run the benchmarks, write an evidence pack, check budgets.

    franken bench [--out DIR] [--compare [BASELINE]] [--select EXPR] [--benchmarks PATH...]
                  [--min-rounds N] [--max-time SECONDS] [--conformance GLOB] [--save-baseline]

Runs pytest-benchmark on the repository's `benchmarks/test_*.py` (or
`--benchmarks`, narrowed by `--select`, pytest's `-k`) and writes the pack
of `evidence/pack.py` to DIR (default: a new `franken-bench-<UTC time>`).
`--compare` judges the run's metrics against a baseline (a pack, or with no
value or `baseline` the one stored in `benchmarks/baseline/`) under the
budgets of `benchmarks/budgets.toml`. `--save-baseline` stores this run as
the baseline. Every input is checked before the benchmarks start.

Exit statuses: 0 the pack was written (and, comparing, no metric regressed
beyond its budget); 1 a metric regressed, or the benchmark run failed;
64 usage error (one line on stderr, as for every command).
"""

from __future__ import annotations

import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import cli

EXIT_REGRESSED = EXIT_FAILED = 1  # a metric beyond budget; the benchmark run failed
BENCHMARKS, BUDGETS = Path("benchmarks"), Path("benchmarks") / "budgets.toml"


class BenchUsageError(Exception):
    pass


def add_parser(sub) -> None:
    bench = sub.add_parser(
        "bench", help="run the benchmarks, write an evidence pack, check regression budgets"
    )
    bench.add_argument("--out", metavar="DIR", help="the pack's folder (new or empty)")
    bench.add_argument(
        "--compare",
        nargs="?",
        const="baseline",
        metavar="BASELINE",
        help="check budgets against a pack or baseline folder (default: benchmarks/baseline)",
    )
    bench.add_argument("--select", metavar="EXPR", help="only benchmarks matching (pytest -k)")
    bench.add_argument("--benchmarks", nargs="+", metavar="PATH", help="benchmark files to run")
    bench.add_argument("--min-rounds", type=int, metavar="N", help="pytest-benchmark min rounds")
    bench.add_argument("--max-time", type=float, metavar="SECONDS", help="max time per benchmark")
    bench.add_argument(
        "--conformance", metavar="GLOB", help="checksum only programs whose id matches (own/*)"
    )
    bench.add_argument(
        "--save-baseline", action="store_true", help="store this run as benchmarks/baseline"
    )


def command(options) -> int:
    # The evidence modules load only for this command (`franken run` stays light).
    from .evidence import baseline as stored
    from .evidence.pack import SuiteFailed, SuiteRefused, build

    try:
        request = _request(options)
        pack = build(request, lambda line: print(f"franken bench: {line}", file=sys.stderr))
    except (BenchUsageError, SuiteRefused) as exc:
        print(f"franken: {exc}", file=sys.stderr)
        return cli.EXIT_USAGE
    except SuiteFailed as exc:
        print(f"franken bench: {exc}", file=sys.stderr)
        return EXIT_FAILED
    _summary(pack)
    status = cli.EXIT_OK
    if pack.verdicts is not None:
        status = _verdict_table(pack, request.baseline.folder)
    if options.save_baseline:
        saved = stored.save(pack.folder, request.repo_root / stored.STORED)
        print(f"baseline saved: {', '.join(str(p) for p in saved)}")
    return status


def _request(options):
    from .evidence import baseline as stored
    from .evidence.budgets import BudgetError, load
    from .evidence.pack import Request, select_programs

    if options.min_rounds is not None and options.min_rounds < 1:
        raise BenchUsageError("--min-rounds must be at least 1")
    if options.max_time is not None and not options.max_time > 0:
        raise BenchUsageError("--max-time must be positive")
    if options.save_baseline and (options.select or options.benchmarks):
        raise BenchUsageError(
            "--save-baseline stores a run of every benchmark: drop --select and --benchmarks"
        )
    repo_root = _repo_root()
    files = _benchmark_files(options.benchmarks, repo_root)
    out = Path(options.out or datetime.now(UTC).strftime("franken-bench-%Y%m%dT%H%M%SZ"))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BenchUsageError(f"--out {out}: exists and is not an empty folder")
    baseline = budgets = None
    if options.compare is not None:
        try:
            budgets = load(repo_root / BUDGETS)
            baseline = stored.read(stored.resolve(options.compare, repo_root))
        except (BudgetError, ValueError) as exc:
            raise BenchUsageError(f"--compare: {exc}") from None
    try:
        programs = select_programs(repo_root, options.conformance)
    except FileNotFoundError as exc:
        raise BenchUsageError(str(exc)) from None
    if not programs:
        raise BenchUsageError(f"--conformance {options.conformance}: no program id matches")
    return Request(
        repo_root=repo_root,
        out=out.resolve(),
        benchmark_files=files,
        select=options.select,
        min_rounds=options.min_rounds,
        max_time=options.max_time,
        programs=programs,
        conformance=options.conformance,
        baseline=baseline,
        budgets=budgets,
        command=_command_line(options),
    )


def _command_line(options) -> str:
    """The command as given (for the record in the pack)."""
    words = ["franken", "bench"]
    for flag in ("out", "compare", "select", "min_rounds", "max_time", "conformance"):
        value = getattr(options, flag)
        if value is not None:
            words += [f"--{flag.replace('_', '-')}", str(value)]
    words += ["--benchmarks", *options.benchmarks] if options.benchmarks else []
    words += ["--save-baseline"] if options.save_baseline else []
    return shlex.join(words)


def _repo_root() -> Path:
    """The checkout: the nearest folder at or above the current one with benchmarks/conftest.py,
    else the one holding the installed package (an editable install)."""
    here = Path.cwd().resolve()
    package_parent = Path(__file__).resolve().parents[2]
    for folder in (here, *here.parents, package_parent):
        if (folder / BENCHMARKS / "conftest.py").is_file():
            return folder
    raise BenchUsageError(
        "no benchmarks/ folder here: run franken bench in a FrankenEngine checkout"
    )


def _benchmark_files(paths: list[str] | None, repo_root: Path) -> list[str]:
    """The benchmark files as pytest takes them from the repository root."""
    if not paths:
        found = sorted((repo_root / BENCHMARKS).glob("test_*.py"))
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


def _summary(pack) -> None:
    speedups = [
        f"{m.subject} {1 / m.value:.3g}x"
        for m in pack.metrics
        if m.label == "jit/cpython" and m.value
    ]
    agree = sum(len(set(lanes.values())) == 1 for lanes in pack.checksums.values())
    print(f"franken bench: wrote {pack.folder} (report: {pack.folder / 'report.md'})")
    print(
        f"  benchmarks: {pack.suite.seconds:.0f} s; profiles: {len(pack.profiled)} kernels; "
        f"checksums: {len(pack.checksums)} programs, lanes agree on {agree}"
    )
    if speedups:
        print("  jit lane, speed-up over CPython per unit of work: " + ", ".join(speedups))


def _verdict_table(pack, baseline: Path) -> int:
    from .evidence.budgets import REGRESSED, judged, regressions

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
        return EXIT_REGRESSED
    print(f"within budget: all {len(checked)} metrics{tail}")
    return cli.EXIT_OK
