"""The JIT-lane benchmark cases, and the disk-cache probe that runs them in a new process.

Each case names a kernel file in `kernels/`, the kernel function (which must
run in the JIT lane) and its inputs at two sizes: `fast` for the JIT lane and
the hand-written Numba twin, `slow` for CPython and the interpreter lane
(sized so one of their rounds stays well under a second). `test_jit_lanes.py`
compares runners by time per fuel unit (one unit per loop iteration and per
call, the same count in every lane), so the two sizes compare honestly.
`LIST_CASES` are the list kernels (issue 13), which the JIT lane may still
reject, and `BOUNDARY_CASES` the kernels that measure the list boundary (see
`ListCase`); the disk-cache probe below runs `CASES` only.

Run as a script by `test_jit_lanes.py` (never by the test suite):

    python benchmarks/jit_cases.py fill CACHE_DIR         # compile every kernel into CACHE_DIR
    python benchmarks/jit_cases.py load CACHE_DIR KERNEL  # time load + first call from the cache

Each prints one JSON object on stdout. `load` times `import frankenengine`
separately from loading the extension and its first call.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

KERNELS = Path(__file__).parent / "kernels"
FUEL = 10**12  # the benchmarks measure speed, not limits


@dataclass(frozen=True)
class Case:
    name: str  # benchmark id
    file: str  # kernel file in kernels/ (without .py)
    fn: str  # the kernel function: the host calls it, and it must run in the JIT lane
    make: Callable[[int], tuple]  # size -> arguments
    label: Callable[[int], str]  # size -> a description of the input
    fast: int  # size for the JIT lane and Numba
    slow: int  # size for CPython and the interpreter lane
    loop: bool = True  # a loop kernel (the cpython/jit goal applies)

    def args(self, size: int) -> tuple:
        return _inputs(self.name, size)


def _floats(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random(n)


def _matrix(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((n, n)) - 0.5


_POS = [
    [0.0, 0.0, 0.0],
    [4.84, -1.16, -0.10],
    [8.34, 4.12, -0.40],
    [12.89, -15.11, -0.22],
    [15.37, -25.91, 0.17],
]
_VEL = [
    [0.0, 0.0, 0.0],
    [0.60, 2.81, -0.02],
    [-1.01, 1.82, 0.008],
    [1.08, 0.86, -0.01],
    [0.97, 0.59, -0.03],
]
_MASS = [39.47, 0.037, 0.011, 0.0017, 0.002]


def _bodies(steps: int) -> tuple:
    return (np.array(_POS), np.array(_VEL), np.array(_MASS), 0.01, steps)


def _n(label: str) -> Callable[[int], str]:
    return lambda size: f"{label}={size}"


CASES = [
    Case("sum_mod", "sum_mod", "sum_mod", lambda n: (n,), _n("n"), 10_000_000, 1_000_000),
    Case("fib", "fib", "fib", lambda n: (n,), _n("n"), 25, 25, loop=False),
    Case("nbody", "nbody", "nbody", _bodies, _n("steps"), 50_000, 2_000),
    Case("sieve", "sieve", "sieve", lambda n: (n,), _n("n"), 5_000_000, 300_000),
    Case("spectral_norm", "spectral_norm", "spectral_norm", lambda n: (n,), _n("n"), 300, 60),
    Case(
        "mandelbrot",
        "mandelbrot",
        "mandelbrot",
        lambda w: (w, w * 3 // 4, 200),
        lambda w: f"{w}x{w * 3 // 4} limit=200",
        400,
        100,
    ),
    Case(
        "dot",
        "dot_prefix",
        "dot",
        lambda n: (_floats(n, 1), _floats(n, 2)),
        _n("n"),
        5_000_000,
        100_000,
    ),
    Case(
        "prefix_sum",
        "dot_prefix",
        "prefix_sum",
        lambda n: (_floats(n, 3),),
        _n("n"),
        5_000_000,
        100_000,
    ),
    # List twins (issue 13): a list made in native code, a host list in and a list out.
    Case("sieve_list", "lists", "sieve_list", lambda n: (n,), _n("n"), 5_000_000, 300_000),
    Case(
        "prefix_sum_list",
        "lists",
        "prefix_sum_list",
        lambda n: (_floats(n, 3).tolist(),),
        _n("n"),
        1_000_000,
        100_000,
    ),
    Case(
        "matmul",
        "matmul",
        "matmul",
        lambda n: (_matrix(n, 4), _matrix(n, 5)),
        lambda n: f"{n}x{n}",
        120,
        60,
    ),
]
BY_NAME = {case.name: case for case in CASES}


@cache
def _inputs(name: str, size: int) -> tuple:
    return BY_NAME[name].make(size)


# -- list kernels (issue 13): ordinary Python with lists -----------------------------------


@dataclass(frozen=True)
class ListCase(Case):
    """A list kernel of `kernels/lists.py` (or `list_boundary.py`), benchmarked against
    CPython, the interpreter lane, its hand-written Numba twin on arrays and PyPy.

    Unlike a `Case`, the JIT lane may still reject it: the benchmarks record the lane and
    the reason instead of asserting "jit", and time the JIT-lane engine on the small input
    when the kernel fell back to the interpreter. The twin (`twin`, in
    `handwritten_numba.py`) takes `as_arrays(args)`, built before the clock starts.
    """

    twin: str = ""

    def args(self, size: int) -> tuple:
        return _list_inputs(self.name, size)


def as_arrays(args: tuple) -> tuple:
    """A list kernel's arguments as its Numba twin's: every list becomes a float64 array
    (a list of lists a 2-d one); scalars stay as they are."""
    return tuple(np.array(a, dtype=np.float64) if isinstance(a, list) else a for a in args)


def _body_lists(steps: int) -> tuple:
    return ([p[:] for p in _POS], [v[:] for v in _VEL], _MASS[:], 0.01, steps)


def _distances(n: int, seed: int) -> list:
    """A dense directed graph: edge weights in [1, 100), zero on the diagonal."""
    weights = np.random.default_rng(seed).random((n, n)) * 99.0 + 1.0
    np.fill_diagonal(weights, 0.0)
    return weights.tolist()


def _float_list(n: int) -> tuple:
    return (_floats(n, 3).tolist(),)


def _rows(n: int) -> tuple:
    """n floats as rows of 100 (a list of lists)."""
    return (np.random.default_rng(7).random((n // 100, 100)).tolist(),)


def _square(n: int) -> str:
    return f"{n}x{n}"


LIST_CASES = [
    ListCase(
        "sieve_list",
        "lists",
        "sieve_list",
        lambda n: (n,),
        _n("n"),
        5_000_000,
        300_000,
        twin="sieve",
    ),
    ListCase(
        "prefix_sum_list",
        "lists",
        "prefix_sum_list",
        _float_list,
        _n("n"),
        1_000_000,
        100_000,
        twin="prefix_sum",
    ),
    ListCase(
        "prefix_sum_append",
        "lists",
        "prefix_sum_append",
        _float_list,
        _n("n"),
        1_000_000,
        100_000,
        twin="prefix_sum",
    ),
    ListCase(
        "nbody_list", "lists", "nbody_list", _body_lists, _n("steps"), 50_000, 2_000, twin="nbody"
    ),
    ListCase(
        "spectral_norm_list",
        "lists",
        "spectral_norm_list",
        lambda n: (n,),
        _n("n"),
        300,
        60,
        twin="spectral_norm",
    ),
    ListCase(
        "matmul_list",
        "lists",
        "matmul_list",
        lambda n: (_matrix(n, 4).tolist(), _matrix(n, 5).tolist()),
        _square,
        120,
        60,
        twin="matmul",
    ),
    ListCase(
        "floyd_warshall_list",
        "lists",
        "floyd_warshall_list",
        lambda n: (_distances(n, 6),),
        _square,
        200,
        80,
        twin="floyd_warshall",
    ),
]
# The boundary's cost (`list_boundary.py`): every runner times both sizes, `fast` being the
# large one (elements per call); the per-element figure is the large size's.
BOUNDARY_CASES = [
    ListCase(
        "bump",
        "list_boundary",
        "bump",
        _float_list,
        _n("n"),
        1_000_000,
        1_000,
        loop=False,
        twin="bump",
    ),
    ListCase(
        "bump_rows",
        "list_boundary",
        "bump_rows",
        _rows,
        lambda n: f"{n // 100}x100 floats",
        1_000_000,
        1_000,
        loop=False,
        twin="bump_rows",
    ),
]
LIST_BY_NAME = {case.name: case for case in LIST_CASES + BOUNDARY_CASES}


@cache
def _list_inputs(name: str, size: int) -> tuple:
    return LIST_BY_NAME[name].make(size)


# -- the disk-cache probe (a new process per run) -----------------------------------------


def _first_and_steady(ext, case: Case) -> dict:
    args = case.args(case.slow)
    started = time.perf_counter()
    ext.call(case.fn, *args)
    first = time.perf_counter() - started
    steady = []
    for _ in range(3):
        started = time.perf_counter()
        ext.call(case.fn, *args)
        steady.append(time.perf_counter() - started)
    record = ext.profile_json()[case.fn]
    return {
        "first": first,
        "steady": min(steady),
        "lane": record["lane"],
        "reason": record["reason"],
        "compile_seconds": record["compile_seconds"],
        "cache_hits": record["cache_hits"],
    }


def fill(cache_dir: str) -> dict:
    """Compile every kernel into `cache_dir` (one engine per kernel, in this process)."""
    from frankenengine import Engine, Limits

    out = {}
    for case in CASES:
        engine = Engine(lane="jit", jit_cache=cache_dir, limits=Limits(fuel=FUEL))
        out[case.name] = _first_and_steady(engine.load_file(KERNELS / f"{case.file}.py"), case)
    return out


def load(cache_dir: str, name: str) -> dict:
    """In a new process: import the engine, then load the kernel and call it once."""
    case = BY_NAME[name]
    case.args(case.slow)  # inputs are built before the clock starts
    started = time.perf_counter()
    from frankenengine import Engine, Limits

    imported = time.perf_counter()
    engine = Engine(lane="jit", jit_cache=cache_dir, limits=Limits(fuel=FUEL))
    ext = engine.load_file(KERNELS / f"{case.file}.py")
    loaded = time.perf_counter()
    out = _first_and_steady(ext, case)
    out["import"] = imported - started
    out["load"] = loaded - imported
    return out


if __name__ == "__main__":
    command, directory, *rest = sys.argv[1:]
    result = fill(directory) if command == "fill" else load(directory, rest[0])
    print(json.dumps(result))
