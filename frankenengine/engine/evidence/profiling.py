"""Profiles of the benchmarked kernels, as the engine records them in lane `auto`.

A kernel of the JIT benchmarks (a case of `benchmarks/jit_cases.py`) runs its
function on the case's small input; any other kernel file of
`benchmarks/kernels/` runs `main()`. Each is called CALLS times in a fresh
engine that records call stacks (lane `auto`, no disk cache, so compile time
shows), enough for a hot function to start in the interpreter and tier up.
Written per kernel, in the engine's own export formats (`franken profile`'s):
`profiles/<kernel>.json` (what was called, and the profile report),
`profiles/<kernel>.folded` (collapsed stacks for flame graphs) and
`profiles/<kernel>.speedscope.json` (for speedscope.app).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ...profiles.profile import Profile
from ..api import Engine
from ..runtime.limits import Limits

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
    """(the kernel's profile document, the engine's Profile of its calls)."""
    limits = Limits(fuel=FUEL)
    engine = Engine(lane="auto", jit_cache=False, sentinel=None, limits=limits, profile_calls=True)
    extension = engine.load_file(target.path)
    seconds = []
    for _ in range(CALLS):
        started = time.perf_counter()
        extension.call(target.function, *target.args)
        seconds.append(round(time.perf_counter() - started, 6))
    document = {
        "kernel": target.kernel,
        "file": target.path.name,
        "function": target.function,
        "input": target.input,
        "lane": "auto",
        "call_seconds": seconds,
        "profile": extension.profile_report(),
    }
    return document, extension.profile


def write(folder: Path, target: Target) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    document, recorded = profile(target)
    files = {
        f"{target.kernel}.json": document,
        f"{target.kernel}.speedscope.json": recorded.speedscope(target.kernel),
    }
    written = []
    for name, content in files.items():
        written.append(folder / name)
        written[-1].write_text(json.dumps(content, indent=2, sort_keys=True) + "\n")
    written.append(folder / f"{target.kernel}.folded")
    written[-1].write_text(recorded.collapsed_stacks())
    return written


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
