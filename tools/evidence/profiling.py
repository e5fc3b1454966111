"""Profiles of the benchmarked kernels, as the engine records them in lane `auto`.

A kernel of the JIT benchmarks (a case of `benchmarks/jit_cases.py`) runs its
function on the case's small input; any other kernel file of
`benchmarks/kernels/` runs `main()`. Each is called CALLS times in a fresh
engine that records call stacks (lane `auto`, no disk cache, so compile time
shows), enough for a hot function to start in the interpreter and tier up.
Written per kernel by `franken profile`'s writer (profiles/export.py's
`write_exports`): `profiles/<kernel>.json` (what was called, how it ended,
and the profile report), `profiles/<kernel>.collapsed.txt` (collapsed
stacks for flame graphs) and `profiles/<kernel>.speedscope.json` (for
speedscope.app).

Invariant: a kernel that fails (it does not compile, raises, or a limit
stops it) does not stop the pack, which is written after the whole suite
ran: its JSON records the error (`error`, as `franken run --json` reports
one) with the profile of what ran.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from frankenengine.engine.api import Engine
from frankenengine.engine.outcome import error_report
from frankenengine.profiles.export import write_exports
from frankenengine.profiles.profile import Profile
from frankenengine.runtime.errors import EngineError
from frankenengine.runtime.limits import Limits

CALLS = 3
FUEL = 10**12  # profiles measure, limits are not the point
CASES_MODULE = "jit_cases"


@dataclass(frozen=True)
class Target:
    kernel: str
    path: Path
    function: str
    args: tuple
    input: str


def targets(benchmarks_dir: Path, kernels) -> list[Target]:
    """What to profile for `kernels`, in kernel order (a kernel with neither a JIT case nor
    a kernel file of its name, such as a benchmark group that is no kernel, has none)."""
    cases = _jit_cases(benchmarks_dir)
    found = []
    for kernel in sorted(set(kernels)):
        case = cases.get(kernel)
        path = benchmarks_dir / "kernels" / f"{case.file if case else kernel}.py"
        if case is not None:
            found.append(Target(kernel, path, case.fn, case.args(case.slow), case.label(case.slow)))
        elif path.is_file():
            found.append(Target(kernel, path, "main", (), "main()"))
    return found


def profile(target: Target) -> tuple[dict, Profile]:
    """(the kernel's profile document, the engine's Profile of its calls); an error is
    recorded in the document, not raised."""
    limits = Limits(fuel=FUEL)
    engine = Engine(lane="auto", jit_cache=False, sentinel=None, limits=limits, profile_calls=True)
    seconds: list[float] = []
    extension, error = None, None
    try:
        extension = engine.load_file(target.path)
        for _ in range(CALLS):
            started = time.perf_counter()
            extension.call(target.function, *target.args)
            seconds.append(round(time.perf_counter() - started, 6))
    except (Exception, EngineError) as exc:  # the kernel's failure, for its document
        error = error_report(exc, str(target.path))
    recorded = Profile() if extension is None else extension.profile
    document = {
        "kernel": target.kernel,
        "file": target.path.name,
        "function": target.function,
        "input": target.input,
        "lane": "auto",
        "call_seconds": seconds,
        "error": error,
        "profile": recorded.report(),
    }
    return document, recorded


def write(folder: Path, target: Target) -> dict | None:
    """Profile `target` and write its files into `folder` (made if missing); the error that
    stopped its run (type, message, file, line), or None."""
    folder.mkdir(parents=True, exist_ok=True)
    document, recorded = profile(target)
    write_exports(folder, target.kernel, recorded, document, target.kernel)
    return document["error"]


def _jit_cases(benchmarks_dir: Path) -> dict:
    """{case name: Case} of benchmarks/jit_cases.py ({} when there is none)."""
    path = benchmarks_dir / f"{CASES_MODULE}.py"
    if not path.is_file():
        return {}
    module = sys.modules.get(CASES_MODULE)
    if module is None or Path(module.__file__).resolve() != path.resolve():
        spec = importlib.util.spec_from_file_location(CASES_MODULE, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[CASES_MODULE] = module  # dataclasses resolve annotations through it
        spec.loader.exec_module(module)
    return dict(module.BY_NAME)
