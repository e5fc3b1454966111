"""Interpreter lane against CPython on the same source (issue: engine core, Performance).

Run: .venv/bin/pytest benchmarks/test_interp_vs_cpython.py --benchmark-only
The ratio table printed at the end is the result (goal: interp within 2x).
"""

import pytest
from conftest import KERNELS, load_cpython, record

from frankenengine import Engine, Limits

CASES = ["word_freq", "levenshtein", "serializer", "quicksort", "int_loop"]


@pytest.mark.parametrize("kernel", CASES)
def test_cpython(benchmark, kernel):
    module = load_cpython(KERNELS / f"{kernel}.py")
    benchmark.group = kernel
    expected = module.main()
    assert benchmark(module.main) == expected
    record(kernel, "cpython", benchmark)


@pytest.mark.parametrize("kernel", CASES)
def test_interp(benchmark, kernel):
    engine = Engine(lane="interp", limits=Limits(fuel=10**12))
    ext = engine.load_file(KERNELS / f"{kernel}.py")
    expected = load_cpython(KERNELS / f"{kernel}.py").main()
    benchmark.group = kernel
    result = benchmark(ext.call, "main")
    assert _plain(result) == _plain(expected)
    record(kernel, "interp", benchmark)


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
