"""The `franken bench` command: run the benchmarks, write an evidence pack, check budgets.

    franken bench [--out DIR] [--compare [BASELINE]] [--select EXPR] [--benchmarks PATH...]
                  [--min-rounds N] [--max-time SECONDS] [--conformance GLOB] [--save-baseline]
    franken bench --verify PACK

The benchmark pack is a tool of a FrankenEngine checkout, not of the
installed engine: this module defines the command's options and finds the
checkout (`find_checkout`: the one the imported package belongs to, else the
nearest one at or above the current folder), then runs the checkout's
`tools/evidence/bench.py` in this process with the options parsed here.
Outside a checkout the command is a usage error that says so.

It runs pytest-benchmark on the checkout's `benchmarks/test_*.py` (or
`--benchmarks`, narrowed by `--select`, pytest's `-k`) and writes the pack
of `tools/evidence/pack.py` to DIR (default: a new `franken-bench-<UTC
time>`). `--compare` judges the run's metrics against a baseline (a pack, or
with no value or `baseline` the one stored in `benchmarks/baseline/`) under
the budgets of `benchmarks/budgets.toml`. `--save-baseline` stores this run
as the baseline, unless the run failed or regressed. Every input (the
selected conformance programs' directives included) is checked, and DIR
created, before the benchmarks start. `--verify PACK` runs nothing: it
checks every file of a written pack against the digests of its manifest.

Exit statuses: 0 the pack was written (and, comparing, no metric regressed
beyond its budget), or the verified pack is intact; 1 a metric regressed,
the benchmark run failed, a conformance program could not be run, or the
verified pack differs from its manifest; 64 usage error (one line on stderr,
as for every command), outside a checkout too.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from frankenengine.cli.common import EXIT_FAILED, EXIT_OK, UsageError

TOOL = Path("tools") / "evidence" / "bench.py"  # the tool, relative to the checkout's root
TOOL_MODULE = "tools.evidence.bench"  # its name with the checkout's root on sys.path
MARKERS = (TOOL, Path("frankenengine"))  # a FrankenEngine checkout holds both
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]  # holds the imported frankenengine
STORED_BASELINE = "baseline"  # `--compare` alone: the checkout's benchmarks/baseline


def add_parser(sub) -> None:
    bench = sub.add_parser(
        "bench", help="run the benchmarks, write an evidence pack, check regression budgets"
    )
    bench.add_argument("--out", metavar="DIR", help="the pack's folder (new or empty)")
    bench.add_argument(
        "--compare",
        nargs="?",
        const=STORED_BASELINE,
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
        "--save-baseline",
        action="store_true",
        help="store this run as benchmarks/baseline",
    )
    bench.add_argument(
        "--verify", metavar="PACK", help="check a written pack against its manifest; run nothing"
    )


def command(options) -> int:
    root = find_checkout(Path.cwd(), PACKAGE_CHECKOUT)
    if root is None:
        raise UsageError(
            "the benchmark pack needs a FrankenEngine checkout (a folder with "
            f"{' and '.join(map(str, MARKERS))}): run franken bench inside one"
        )
    tool = _load_tool(root)
    try:
        passed = tool.run(options, root)
    except tool.BenchUsageError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK if passed else EXIT_FAILED


def find_checkout(start: Path, preferred: Path = PACKAGE_CHECKOUT) -> Path | None:
    """`preferred` if it is a checkout, else the nearest checkout at or above `start`; None
    if there is none (the engine is installed, and run outside a checkout)."""
    start = start.resolve()
    for folder in (preferred, start, *start.parents):
        if all((folder / marker).exists() for marker in MARKERS):
            return folder
    return None


def _load_tool(root: Path):
    """The module of the checkout's tool (`TOOL`), imported with `root` on sys.path."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        tool = importlib.import_module(TOOL_MODULE)
    except ImportError as exc:
        raise UsageError(f"cannot load {root / TOOL}: {exc}") from None
    loaded = Path(tool.__file__).resolve()
    if loaded != (root / TOOL).resolve():  # another checkout's tool came first
        raise UsageError(f"{TOOL_MODULE} was loaded from {loaded}, not from the checkout {root}")
    return tool
