"""Limits in the interpreter lane: every limit stops the run with its engine error.

No test times anything: "before allocating" is the memory traced meanwhile, and
a deadline test has fuel enough for no machine to finish before the deadline,
but finite, so a deadline that never fires fails the test (FuelExhausted)
instead of hanging it.
"""

import tracemalloc

import numpy as np
import pytest

from frankenengine import (
    Engine,
    FuelExhausted,
    Limits,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    RecursionLimitExceeded,
)
from frankenengine.runtime.errors import DeadlineExceeded


def load(source, **limits):
    return Engine(lane="interp", limits=Limits(**limits)).load(source)


def test_infinite_loop_exhausts_fuel():
    ext = load("def spin():\n    while True:\n        pass\n", fuel=10_000)
    with pytest.raises(FuelExhausted):
        ext.call("spin")


def test_fuel_is_exact_per_iteration_and_call():
    source = "def count(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n"
    # one unit for the call, one per iteration: n iterations need n + 1 units
    ext = load(source, fuel=101)
    assert ext.call("count", 100) == sum(range(100))
    with pytest.raises(FuelExhausted):
        ext.call("count", 101)


def test_fuel_exhaustion_point_is_deterministic():
    source = (
        "def spin():\n    n = 0\n    while True:\n        n += 1\n        if n % 1000 == 0:\n"
        "            print(n)\n"
    )
    outputs = []
    for _ in range(2):
        ext = load(source, fuel=5_500)
        with pytest.raises(FuelExhausted):
            ext.call("spin")
        outputs.append(ext.output)
    assert outputs[0] == outputs[1] == "1000\n2000\n3000\n4000\n5000\n"


def test_memory_bomb_fails_before_allocating():
    ext = load("def bomb():\n    return [0] * 10**9\n", memory=50_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(MemoryLimitExceeded):
            ext.call("bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # it did not build the list (8 GB), nor any part of it


def test_memory_growth_by_appends_is_limited():
    source = "def grow():\n    xs = []\n    while True:\n        xs.append(len(xs))\n"
    ext = load(source, memory=20_000_000)
    with pytest.raises(MemoryLimitExceeded):
        ext.call("grow")


def test_memory_doubling_string_is_limited():
    source = "def grow():\n    s = 'x'\n    while True:\n        s = s + s\n"
    ext = load(source, memory=50_000_000)
    with pytest.raises(MemoryLimitExceeded):
        ext.call("grow")


def test_freed_memory_is_not_held_against_the_extension():
    source = (
        "def churn():\n    total = 0\n    for i in range(200):\n"
        "        chunk = 'x' * 100000\n        total += len(chunk)\n    return total\n"
    )
    ext = load(source, memory=5_000_000)
    assert ext.call("churn") == 200 * 100000


def test_numpy_allocation_is_charged_first():
    ext = load("import numpy as np\ndef big():\n    return np.zeros(10**10)\n", memory=50_000_000)
    with pytest.raises(MemoryLimitExceeded):
        ext.call("big")


def test_deep_recursion_stops_at_the_depth_limit():
    ext = load("def down(n):\n    return down(n + 1) + 1\n", depth=200)
    with pytest.raises(RecursionLimitExceeded):
        ext.call("down", 0)


def test_recursion_within_the_limit_runs():
    ext = load(
        "def down(n):\n    if n == 0:\n        return 0\n    return down(n - 1) + 1\n", depth=3000
    )
    assert ext.call("down", 2500) == 2500


def test_output_limit():
    ext = load("def talk():\n    while True:\n        print('spam')\n", output=1000)
    with pytest.raises(OutputLimitExceeded):
        ext.call("talk")
    assert len(ext.output.encode()) <= 1000


def test_deadline():
    # 10**8 iterations take seconds in the interpreter, whatever the machine: the 0.2 s
    # deadline comes first (and without it, FuelExhausted fails the test).
    ext = load("def spin():\n    while True:\n        pass\n", deadline=0.2, fuel=10**8)
    with pytest.raises(DeadlineExceeded):
        ext.call("spin")
    assert 0 < ext.fuel_used() < 10**8


def test_engine_errors_cannot_be_caught_and_skip_finally():
    source = (
        "log = []\n"
        "def spin():\n    try:\n        while True:\n            pass\n"
        "    except Exception:\n        log.append('caught')\n"
        "    finally:\n        log.append('finally')\n"
        "def read():\n    return log\n"
    )
    ext = load(source, fuel=1000)
    with pytest.raises(FuelExhausted):
        ext.call("spin")
    assert ext.call("read") == []


def test_module_init_runs_under_limits():
    with pytest.raises(FuelExhausted):
        load("x = 0\nwhile True:\n    x += 1\n", fuel=1000)


def test_limits_apply_per_call():
    source = "def count(n):\n    for i in range(n):\n        pass\n    return n\n"
    ext = load(source, fuel=1000)
    for _ in range(5):
        assert ext.call("count", 900) == 900


def test_arrays_pass_without_copying():
    source = "def fill(a):\n    for i in range(a.shape[0]):\n        a[i] = i * 2.0\n"
    ext = load(source)
    a = np.zeros(5)
    ext.call("fill", a)
    assert a.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0]


def test_deep_recursion_through_c_does_not_crash_the_host(tmp_path):
    """Recursion through `sorted(key=...)` uses the C stack; a high depth limit must not
    let it overflow (a segfault would kill the host). Run in a subprocess to be safe."""
    import subprocess
    import sys

    path = tmp_path / "deep.py"
    path.write_text(
        "def f(n):\n    if n == 0:\n        return 0\n"
        "    return sorted([n], key=lambda x: f(x - 1))[0] + 1\n"
        "def main():\n    return f(20000)\n"
    )
    script = (
        "import sys\nfrom frankenengine import Engine, Limits\n"
        f"ext = Engine(lane='interp', limits=Limits(depth=100000)).load_file({str(path)!r})\n"
        "print(ext.call('main'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "20001"


def test_depth_is_restored_after_caught_exceptions():
    """Frames an exception unwinds give their depth back to the frame that catches it."""
    source = (
        "def dive(n):\n    if n == 0:\n        raise ValueError('bottom')\n    return dive(n - 1)\n"
        "def main():\n    caught = 0\n    for _ in range(50):\n        try:\n"
        "            dive(150)\n        except ValueError:\n            caught += 1\n"
        "    return caught, dive2(180)\n"
        "def dive2(n):\n    return 0 if n == 0 else dive2(n - 1) + 1\n"
    )
    ext = load(source, depth=200)
    assert ext.call("main") == (50, 180)
    assert ext.call("main") == (50, 180)  # and again: nothing leaked across calls
