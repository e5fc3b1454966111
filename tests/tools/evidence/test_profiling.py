"""The kernel profiles of an evidence pack: written in `franken profile`'s formats, and a kernel
that fails is recorded, not raised (the pack is written after the whole suite ran).

Real kernel files in a benchmarks folder under tmp_path, run by a real engine.
"""

from __future__ import annotations

import json

import pytest

from frankenengine.profiles.export import EXPORT_SUFFIXES
from tools.evidence.profiling import CALLS, targets, write

KERNELS = {
    "fine": "def add(a, b):\n    return a + b\n\ndef main():\n    return add(1, 2)\n",
    "raises": "def main():\n    x = 1\n    return {}['k']\n",
    "deep": "def down(n):\n    return down(n + 1)\n\ndef main():\n    return down(0)\n",
    "broken": "def main():\n    return eval('1')\n",
}


@pytest.fixture
def benchmarks(tmp_path):
    folder = tmp_path / "benchmarks"
    (folder / "kernels").mkdir(parents=True)
    for name, source in KERNELS.items():
        (folder / "kernels" / f"{name}.py").write_text(source)
    return folder


def profiled(benchmarks, out, kernel: str) -> dict:
    [target] = targets(benchmarks, [kernel])
    error = write(out, target)
    assert sorted(p.name for p in out.iterdir()) == sorted(kernel + s for s in EXPORT_SUFFIXES)
    document = json.loads((out / (kernel + EXPORT_SUFFIXES[0])).read_text())
    assert error == document["error"]
    return document


def test_a_kernel_that_runs_is_profiled_in_the_three_formats(benchmarks, tmp_path):
    document = profiled(benchmarks, tmp_path / "profiles", "fine")
    assert document["error"] is None and len(document["call_seconds"]) == CALLS
    assert document["profile"]["functions"]["add"]["calls"] == CALLS
    collapsed = (tmp_path / "profiles" / "fine.collapsed.txt").read_text().splitlines()
    assert {line.rsplit(" ", 1)[0] for line in collapsed} >= {"main", "main;add"}


@pytest.mark.parametrize(
    ("kernel", "error"),
    [("raises", "KeyError"), ("deep", "RecursionLimitExceeded"), ("broken", "CompileError")],
)
def test_a_kernel_that_fails_is_recorded_with_what_ran(benchmarks, tmp_path, kernel, error):
    document = profiled(benchmarks, tmp_path / "profiles", kernel)
    assert document["error"]["type"] == error  # RecursionLimitExceeded: an EngineError
    assert document["error"]["file"] == str(benchmarks / "kernels" / f"{kernel}.py")
    assert document["call_seconds"] == []
    if kernel != "broken":  # it loaded: what ran before the error is in the profile
        assert document["profile"]["functions"]["main"]["calls"] == 1
