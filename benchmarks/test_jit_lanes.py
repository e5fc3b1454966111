"""JIT lane against hand-written Numba, CPython and the interpreter lane (issue: JIT lane, Performance).

Run: .venv/bin/pytest benchmarks/test_jit_lanes.py --benchmark-only
The tables printed at the end are the result. Goals: jit/numba <= 1.25 (steady
state), CPython/jit >= 50 on loop kernels, one `ext.call` into a JIT function
that does nothing under 5 us. Timings are reported, never asserted; results
are asserted equal across the four runners before anything is timed.

Per kernel (`jit_cases.CASES`, sources in `kernels/`, Numba twins in
`kernels/handwritten_numba.py`):

- the JIT lane in steady state (`Engine(lane="jit", jit_cache=False)`, warmed
  up so compile time is excluded) and the hand-written Numba twin, both on the
  large input;
- CPython importing the same kernel file, and the interpreter lane, both on
  the small input. Ratios against the JIT lane compare time per fuel unit (one
  unit per loop iteration and per call, the same count in every lane; checked
  below), so the sizes differ but the comparison is per unit of work;
- first-call compile latency: a fresh engine without disk cache per round,
  first call minus a steady-state call on the same input;
- the warm disk cache in a new process: one process compiles every kernel into
  a temporary cache directory, then one process per kernel times loading the
  extension and its first call.

And the cost of one `ext.call` into `def nop(): return 0`, against calling a
trivial `@numba.njit` function directly.

List kernels (issue 13; `jit_cases.LIST_CASES`, sources in `kernels/lists.py`):
per kernel one group with CPython, the interpreter lane, the JIT-lane engine,
the hand-written Numba twin on arrays and PyPy (`pypy3`, driven by
`pypy_runner.py`; skipped with the reason when it is not installed). The lane
each kernel ran in and the reason are recorded in `extra_info`, not asserted,
while the JIT lane does not take every list kernel yet; results are asserted
identical (types and float bits) across runners. And the boundary's cost per
element: `kernels/list_boundary.py`, a host list in and the same list out.
Run only these: `-k test_list_`.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from conftest import KERNELS, SUMMARY_WRITERS, load_cpython, median
from jit_cases import BOUNDARY_CASES, CASES, FUEL, LIST_CASES, Case, ListCase, as_arrays
from pypy_runner import PYPY, PyPyKernel, digest

from frankenengine import Engine, Limits, TierPolicy

IDS = [case.name for case in CASES]
PROBE = Path(__file__).parent / "jit_cases.py"
COMPILE_ROUNDS = 3
GOAL_NUMBA, GOAL_CPYTHON, GOAL_CALL = 1.25, 50.0, 5e-6
GOAL_WEIGHED = 1.1  # a program whose helper is weighed / the same in the interp lane

_TIMES: dict[tuple[str, str], float] = {}  # (case, runner) -> median seconds
_MINS: dict[tuple[str, str], float] = {}  # (case, runner) -> fastest round, seconds
_COMPILE: dict[str, dict] = {}  # case -> first-call latency figures
_CACHE: dict[str, dict] = {}  # case -> warm-cache figures from a new process
_CALLS: dict[str, float] = {}  # call-overhead runner -> median seconds
_PREPARED: dict[str, Prepared] = {}


def load_twins():
    """The hand-written Numba kernels (registered in sys.modules: Numba resolves
    recursive calls, as in `fib`, through the function's module)."""
    name = "handwritten_numba"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, KERNELS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def same(a, b) -> bool:
    """Equal values, floats and arrays bit for bit (the oracle rule)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, tuple | list):
        return isinstance(b, tuple | list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float | np.floating) or isinstance(b, float | np.floating):
        return float(a).hex() == float(b).hex()
    return a == b


def jit_engine(cache=False) -> Engine:
    return Engine(lane="jit", jit_cache=cache, limits=Limits(fuel=FUEL))


def assert_jit_lane(ext, fn: str) -> None:
    lane = ext.lanes()[fn]
    if lane["lane"] != "jit":
        print(f"{fn} did not run in the JIT lane: {lane['reason']}")
    assert lane["lane"] == "jit", f"{fn} rejected by the JIT: {lane['reason']}"


class Prepared:
    """One case, checked: every runner gives the same result, JIT and interp the same fuel."""

    def __init__(self, case: Case):
        source = KERNELS / f"{case.file}.py"
        self.case = case
        self.fast = case.args(case.fast)
        self.slow = case.args(case.slow)
        self.cpython = getattr(load_cpython(source), case.fn)
        self.numba = getattr(load_twins(), case.fn)
        self.interp = Engine(lane="interp", limits=Limits(fuel=FUEL)).load_file(source)
        self.jit = jit_engine().load_file(source)

        expected = self.cpython(*self.slow)
        got = self.interp.call(case.fn, *self.slow)
        assert same(got, expected), f"interp: {got!r} != cpython {expected!r}"
        self.fuel_slow = self.interp.fuel_used()
        got = self.jit.call(case.fn, *self.slow)  # compiles (warm-up)
        assert_jit_lane(self.jit, case.fn)
        assert same(got, expected), f"jit: {got!r} != cpython {expected!r}"
        assert self.jit.fuel_used() == self.fuel_slow, "fuel differs between jit and interp"
        got = self.numba(*self.slow)
        assert same(got, expected), f"numba twin: {got!r} != cpython {expected!r}"

        self.expected_fast = self.jit.call(case.fn, *self.fast)
        self.fuel_fast = self.jit.fuel_used()
        profile = self.jit.profile_json()[case.fn]
        assert profile["jit_calls"] == profile["calls"] == 2, profile
        got = self.numba(*self.fast)
        assert same(got, self.expected_fast), f"numba twin: {got!r} != jit {self.expected_fast!r}"


def prepared(case: Case) -> Prepared:
    if case.name not in _PREPARED:
        _PREPARED[case.name] = Prepared(case)
    return _PREPARED[case.name]


def _keep(table: dict, key, benchmark) -> None:
    value = median(benchmark)
    if value is not None:
        table[key] = value
        if table is _TIMES:
            _MINS[key] = benchmark.stats.stats.min


# -- steady state ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_jit(benchmark, case):
    p = prepared(case)
    benchmark.group = case.name
    benchmark.extra_info["input"] = case.label(case.fast)
    result = benchmark(p.jit.call, case.fn, *p.fast)
    assert same(result, p.expected_fast)
    assert p.jit.lanes()[case.fn]["lane"] == "jit"
    _keep(_TIMES, (case.name, "jit"), benchmark)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_numba(benchmark, case):
    p = prepared(case)
    benchmark.group = case.name
    benchmark.extra_info["input"] = case.label(case.fast)
    assert same(benchmark(p.numba, *p.fast), p.expected_fast)
    _keep(_TIMES, (case.name, "numba"), benchmark)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_cpython(benchmark, case):
    p = prepared(case)
    benchmark.group = case.name
    benchmark.extra_info["input"] = case.label(case.slow)
    benchmark(p.cpython, *p.slow)
    _keep(_TIMES, (case.name, "cpython"), benchmark)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_interp(benchmark, case):
    p = prepared(case)
    benchmark.group = case.name
    benchmark.extra_info["input"] = case.label(case.slow)
    benchmark(p.interp.call, case.fn, *p.slow)
    _keep(_TIMES, (case.name, "interp"), benchmark)


# -- compile latency -----------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_first_call_compile(benchmark, case):
    """A fresh engine (no disk cache) per round; the first call compiles."""
    p = prepared(case)
    engines = []

    def fresh():
        ext = jit_engine().load_file(KERNELS / f"{case.file}.py")
        engines.append(ext)
        return (ext,), {}

    benchmark.group = "first call (compiles)"
    benchmark.extra_info["input"] = case.label(case.slow)
    benchmark.pedantic(
        lambda ext: ext.call(case.fn, *p.slow), setup=fresh, rounds=COMPILE_ROUNDS, iterations=1
    )
    ext = engines[-1]
    assert_jit_lane(ext, case.fn)
    steady = []
    for _ in range(5):
        started = time.perf_counter()
        ext.call(case.fn, *p.slow)
        steady.append(time.perf_counter() - started)
    first = median(benchmark)
    if first is not None:
        seconds = sorted(e.profile_json()[case.fn]["compile_seconds"] for e in engines)
        _COMPILE[case.name] = {
            "first": first,
            "steady": min(steady),
            "compile_seconds": seconds[len(seconds) // 2],
        }


# -- warm disk cache, new process ------------------------------------------------------------


def _probe(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, str(PROBE), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory):
    """A JIT cache directory filled by a first process that compiles every kernel."""
    directory = tmp_path_factory.mktemp("jit-cache")
    return directory, _probe("fill", str(directory))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_warm_cache_new_process(benchmark, case, filled_cache):
    """Wall time of a whole new process (interpreter start, imports, load, first call);
    the table shows the parts the process measured itself."""
    directory, filled = filled_cache
    benchmark.group = "warm cache, new process (whole process)"
    result = benchmark.pedantic(_probe, args=("load", str(directory), case.name), rounds=1)
    assert filled[case.name]["lane"] == "jit", filled[case.name]["reason"]
    assert result["lane"] == "jit", result["reason"]
    assert result["cache_hits"] >= 1, "the second process compiled again instead of loading"
    benchmark.extra_info.update(result)
    _CACHE[case.name] = {"fill": filled[case.name], **result}


# -- call overhead -----------------------------------------------------------------------------


def _nop_extension(lane: str):
    ext = Engine(lane=lane, jit_cache=False).load_file(KERNELS / "nop.py")
    assert ext.call("nop") == 0
    if lane == "jit":
        assert_jit_lane(ext, "nop")
    return ext


def _call_jit():
    ext = _nop_extension("jit")
    return lambda: ext.call("nop")


def _call_interp():
    ext = _nop_extension("interp")
    return lambda: ext.call("nop")


def _call_dispatcher():
    # Private: the JIT dispatcher alone (argument key, state hand-off, native call),
    # without Extension.call's checks and the interpreter's run set-up around it.
    ext = _nop_extension("jit")
    return ext._tiering.dispatchers["nop"]


def _call_numba():
    nop = load_twins().nop
    assert nop() == 0
    return nop


CALLS = {
    "ext.call, jit lane": _call_jit,
    "ext.call, interp lane": _call_interp,
    "jit dispatcher alone (private)": _call_dispatcher,
    "@njit nop() from Python": _call_numba,
}


@pytest.mark.parametrize("how", CALLS)
def test_call_overhead(benchmark, how):
    fn = CALLS[how]()
    benchmark.group = "call overhead: def nop(): return 0"
    assert benchmark(fn) == 0
    _keep(_CALLS, how, benchmark)


# -- one crossing from interpreted code into native code ---------------------------------------

CROSSING_CALLS = 10_000
CROSSING_SOURCE = (KERNELS / "crossing.py").read_text()


CROSSING_RUNS = {  # name -> (lane, does every call cross into native code)
    "jit lane, always crossing": ("jit", False),
    "jit lane, crossings weighed": ("jit", True),
    "auto lane, crossings weighed": ("auto", True),
    "interp lane": ("interp", True),
}


@pytest.mark.parametrize("run", CROSSING_RUNS)
def test_crossing(benchmark, run):
    """An interpreted loop calling `add` 10,000 times. Always crossing (the policy's
    weighing off), every call crosses into native code, meter hand-off included: the
    cost of one crossing. Weighed (the default policy), calls from interpreted code
    interpret `add` once timing shows that crossing costs more: the program is meant to
    run as fast as in the interpreter lane. The summary divides by the call count."""
    lane, weigh = CROSSING_RUNS[run]
    policy = TierPolicy(seconds=0.0, weigh_crossings=weigh)  # auto: tiers up by calls
    ext = Engine(lane=lane, jit_cache=False, tier_up=policy).load(CROSSING_SOURCE, "crossing")
    expected = CROSSING_CALLS * (CROSSING_CALLS - 1) // 2
    assert ext.call("loop", CROSSING_CALLS) == expected  # warm-up: specialised, weighed
    assert ext.lanes()["loop"]["lane"] == "interp"
    assert ext.lanes()["add"]["lane"] == ("interp" if lane == "interp" else "jit")
    benchmark.group = "lane crossing: interpreted loop calling add(a, b)"
    assert benchmark(ext.call, "loop", CROSSING_CALLS) == expected
    _keep(_CALLS, f"add() from interpreted code, {run}", benchmark)
    _CROSSING[f"add() from interpreted code, {run}"] = CROSSING_CALLS


_CROSSING: dict[str, int] = {}  # _CALLS key -> calls per timed round


# -- the summary -------------------------------------------------------------------------------


def _t(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g}{unit}"
    return f"{seconds / 1e-9:.3g}ns"


def _ratio(value: float | None, goal: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:.2f}x{goal}"


def _write_tables(tr) -> None:
    if _TIMES:
        _steady_table(tr)
    if _COMPILE or _CACHE:
        _latency_table(tr)
    if _CALLS:
        _call_table(tr)


def _steady_table(tr) -> None:
    tr.write_sep("=", "JIT lane, steady state (medians of this run)")
    tr.write_line(
        "jit and numba run the large input, cpython and interp the small one (same kernel"
    )
    tr.write_line(
        "source); cpython/jit and interp/jit compare time per fuel unit (loop iterations +"
    )
    tr.write_line("calls, identical in every lane). ! marks a missed goal: jit/numba <= 1.25,")
    tr.write_line(
        "cpython/jit >= 50 on loop kernels (fib is not one). cpython/numba: the same ratio"
    )
    tr.write_line(
        "for the Numba twin, for reference (what the kernel allows). min: jit/numba from the"
    )
    tr.write_line("fastest round of each (less sensitive to other load on the machine).")
    head = (
        f"{'kernel':<14}{'jit, numba input':<22}{'cpython, interp input':<23}"
        f"{'jit':>9}{'numba':>9}{'cpython':>9}{'interp':>9}"
        f"{'jit/numba':>12}{'min':>7}{'cpython/jit':>13}{'interp/jit':>12}{'cpython/numba':>15}"
    )
    tr.write_line(head)
    for case in CASES:
        times = {r: _TIMES.get((case.name, r)) for r in ("jit", "numba", "cpython", "interp")}
        if times["jit"] is None:
            continue
        p = _PREPARED[case.name]
        per_jit = times["jit"] / p.fuel_fast
        numba = times["jit"] / times["numba"] if times["numba"] else None
        fastest = None
        if (case.name, "numba") in _MINS:
            fastest = _MINS[(case.name, "jit")] / _MINS[(case.name, "numba")]
        cpython = times["cpython"] / p.fuel_slow / per_jit if times["cpython"] else None
        interp = times["interp"] / p.fuel_slow / per_jit if times["interp"] else None
        reference = None
        if times["cpython"] and times["numba"]:
            reference = times["cpython"] / p.fuel_slow / (times["numba"] / p.fuel_fast)
        numba_flag = "!" if numba is not None and numba > GOAL_NUMBA else " "
        cpython_flag = "!" if case.loop and cpython is not None and cpython < GOAL_CPYTHON else " "
        tr.write_line(
            f"{case.name:<14}{case.label(case.fast):<22}{case.label(case.slow):<23}"
            + "".join(f"{_t(times[r]):>9}" for r in ("jit", "numba", "cpython", "interp"))
            + f"{_ratio(numba, numba_flag):>12}{_ratio(fastest):>7}"
            + f"{_ratio(cpython, cpython_flag):>13}"
            + f"{_ratio(interp, ' '):>12}{_ratio(reference, ' '):>15}"
        )
    tr.write_line("fuel units per input:")
    for case in CASES:
        if case.name in _PREPARED:
            p = _PREPARED[case.name]
            tr.write_line(f"  {case.name:<14} large {p.fuel_fast:>12,}  small {p.fuel_slow:>12,}")


def _latency_table(tr) -> None:
    tr.write_sep("=", "JIT lane, first call and warm disk cache")
    tr.write_line(
        f"fresh engine, no disk cache: first call on the small input, median of "
        f"{COMPILE_ROUNDS} engines, minus a"
    )
    tr.write_line(
        "steady call (profile: the engine's compile_seconds, median; the JIT runtime's helpers are"
    )
    tr.write_line("already compiled in this process). New process, warm cache: load = Engine +")
    tr.write_line(
        "load_file, first-steady = first call minus a steady one, import = `import "
        "frankenengine`; cold fill:"
    )
    tr.write_line(
        "the first call in the process that filled the cache (kernels compiled one after "
        "another there)."
    )
    tr.write_line(
        f"{'kernel':<14}{'first call':>11}{'steady':>9}{'compile':>9}{'profile':>9}"
        f" |{'load':>8}{'first-steady':>13}{'load+first':>11}{'hits':>5}{'import':>8}"
        f" |{'cold fill':>10}"
    )
    for case in CASES:
        c = _COMPILE.get(case.name, {})
        w = _CACHE.get(case.name, {})
        first, steady = c.get("first"), c.get("steady")
        compiled = first - steady if first is not None else None
        warm = w.get("first", 0.0) - w.get("steady", 0.0) if w else None
        total = w["load"] + w["first"] if w else None
        tr.write_line(
            f"{case.name:<14}{_t(first):>11}{_t(steady):>9}{_t(compiled):>9}"
            f"{_t(c.get('compile_seconds')):>9}"
            f" |{_t(w.get('load')):>8}{_t(warm):>13}{_t(total):>11}"
            f"{w.get('cache_hits', '-'):>5}{_t(w.get('import')):>8}"
            f" |{_t(w['fill']['first'] if w else None):>10}"
        )


def _call_table(tr) -> None:
    tr.write_sep("=", "one call (median): into def nop(): return 0, and add() per crossing")
    for how, seconds in _CALLS.items():
        seconds /= _CROSSING.get(how, 1)
        goal = ""
        if how == "ext.call, jit lane":
            goal = "  (goal < 5us)" + ("" if seconds < GOAL_CALL else " !")
        tr.write_line(f"  {how:<56}{_t(seconds):>9}{goal}")
    interp = _CALLS.get("add() from interpreted code, interp lane")
    for run in CROSSING_RUNS:
        seconds = _CALLS.get(f"add() from interpreted code, {run}")
        if interp and seconds and run != "interp lane":
            flag = "" if seconds <= GOAL_WEIGHED * interp or "always" in run else " !"
            tr.write_line(f"  {run} / interp lane: {seconds / interp:.2f}x{flag}")


SUMMARY_WRITERS.append(_write_tables)


# -- list kernels (issue 13): ordinary Python with lists ----------------------------------------
# Per kernel of `jit_cases.LIST_CASES`, one group "lists: NAME" with five runners: CPython and
# the interpreter lane on the small input; the hand-written Numba twin on arrays and PyPy on
# the large one; the JIT-lane engine on the large input when the kernel runs in the JIT lane,
# else on the small one (it runs in the interpreter there: its lane and reason are recorded in
# extra_info, never asserted). Ratios compare time per fuel unit, as above, and are written
# into the extra_info of every runner of the kernel as they become known.

LIST_IDS = [case.name for case in LIST_CASES]
LIST_RUNNERS = ("cpython", "interp", "jit", "numba", "pypy")
LIST_RATIOS = (
    ("jit", "numba"),
    ("jit", "cpython"),
    ("pypy", "cpython"),
    ("jit", "pypy"),
    ("interp", "cpython"),
)
GOAL_LIST_NUMBA = 1.5  # issue 13: each list kernel within 1.5x of its Numba twin on arrays
PYPY_MISSING = "unavailable: pypy3 is not installed (apt-get install -y pypy3)"

_LISTS: dict[str, ListPrepared] = {}
_LIST_TIMES: dict[tuple[str, str], float] = {}  # (case, runner) -> median seconds per call
_LIST_INFOS: dict[str, list[dict]] = {}  # case -> the extra_info of each of its benchmarks
_PYPY_NOTES: dict[str, str] = {}  # case -> why PyPy was not measured


def plain(value):
    """A Numba twin's result as the list kernel's host value: arrays become (nested) lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return tuple(map(plain, value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def identical(got, expected) -> bool:
    """Same value and same types all the way down (a list stays a list, an int an int),
    floats bit for bit: `repr` writes every float exactly (shortest round trip)."""
    return repr(got) == repr(expected)


def check(runner: str, got, expected) -> None:
    assert identical(got, expected), (
        f"{runner}: {repr(got)[:200]} != cpython {repr(expected)[:200]}"
    )


class ListPrepared:
    """One list kernel, checked before anything is timed: CPython, the interpreter lane and
    the JIT-lane engine give identical results and the engine lanes the same fuel, the Numba
    twin on arrays the same values; the caller's lists are left as they were."""

    def __init__(self, case: ListCase):
        source = KERNELS / f"{case.file}.py"
        self.case = case
        self.fast = case.args(case.fast)
        self.slow = case.args(case.slow)
        self.cpython = getattr(load_cpython(source), case.fn)
        self.numba = getattr(load_twins(), case.twin)
        self.interp = Engine(lane="interp", limits=Limits(fuel=FUEL)).load_file(source)
        self.jit = jit_engine().load_file(source)

        self.expected_slow = self.cpython(*self.slow)
        check("interp", self.interp.call(case.fn, *self.slow), self.expected_slow)
        self.fuel_slow = self.interp.fuel_used()
        check("jit", self.jit.call(case.fn, *self.slow), self.expected_slow)  # compiles
        assert self.jit.fuel_used() == self.fuel_slow, "fuel differs between jit and interp"
        check("numba twin", plain(self.numba(*as_arrays(self.slow))), self.expected_slow)

        self.expected_fast = self.jit.call(case.fn, *self.fast)
        self.fuel_fast = self.jit.fuel_used()
        self.numba_fast = as_arrays(self.fast)
        check("numba twin", plain(self.numba(*self.numba_fast)), self.expected_fast)
        assert identical(self.slow, case.make(case.slow)), "a kernel changed its arguments"

        self.lane = dict(self.jit.lanes()[case.fn])
        self.in_jit = self.lane["lane"] == "jit"
        if not self.in_jit:
            print(f"{case.fn} runs in the {self.lane['lane']} lane: {self.lane['reason']}")
        self.jit_size = case.fast if self.in_jit else case.slow
        self.jit_args = self.fast if self.in_jit else self.slow
        self.jit_expected = self.expected_fast if self.in_jit else self.expected_slow

    def fuel(self, runner: str) -> int:
        """The fuel of one call on the input `runner` is timed on."""
        if runner in ("cpython", "interp") or (runner == "jit" and not self.in_jit):
            return self.fuel_slow
        return self.fuel_fast


def list_prepared(case: ListCase) -> ListPrepared:
    if case.name not in _LISTS:
        _LISTS[case.name] = ListPrepared(case)
    return _LISTS[case.name]


def list_ratios(p: ListPrepared) -> dict[str, float]:
    """`a/b`: a's time per fuel unit over b's (below 1: a is faster), for the runners timed
    so far."""
    per_unit = {
        runner: _LIST_TIMES[(p.case.name, runner)] / p.fuel(runner)
        for runner in LIST_RUNNERS
        if (p.case.name, runner) in _LIST_TIMES
    }
    return {
        f"{a}/{b}": per_unit[a] / per_unit[b]
        for a, b in LIST_RATIOS
        if a in per_unit and b in per_unit
    }


def _record_list(benchmark, p: ListPrepared, runner: str, size: int, seconds=None) -> None:
    info = benchmark.extra_info
    info["input"] = p.case.label(size)
    info["jit_lane"] = p.lane["lane"]  # where the JIT-lane engine runs the kernel
    info["jit_reason"] = p.lane["reason"]
    seconds = median(benchmark) if seconds is None else seconds
    if seconds is None:  # benchmarks not timed (--benchmark-disable)
        return
    _LIST_TIMES[(p.case.name, runner)] = seconds
    infos = _LIST_INFOS.setdefault(p.case.name, [])
    infos.append(info)
    ratios = list_ratios(p)
    for each in infos:
        each["ratios"] = dict(ratios)


@pytest.mark.parametrize("case", LIST_CASES, ids=LIST_IDS)
def test_list_cpython(benchmark, case):
    p = list_prepared(case)
    benchmark.group = f"lists: {case.name}"
    check("cpython", benchmark(p.cpython, *p.slow), p.expected_slow)
    _record_list(benchmark, p, "cpython", case.slow)


@pytest.mark.parametrize("case", LIST_CASES, ids=LIST_IDS)
def test_list_interp(benchmark, case):
    p = list_prepared(case)
    benchmark.group = f"lists: {case.name}"
    check("interp", benchmark(p.interp.call, case.fn, *p.slow), p.expected_slow)
    _record_list(benchmark, p, "interp", case.slow)


@pytest.mark.parametrize("case", LIST_CASES, ids=LIST_IDS)
def test_list_jit(benchmark, case):
    """The JIT-lane engine; the lane the kernel ran in is recorded (issue 13's goal: "jit")."""
    p = list_prepared(case)
    benchmark.group = f"lists: {case.name}"
    check("jit", benchmark(p.jit.call, case.fn, *p.jit_args), p.jit_expected)
    assert p.jit.lanes()[case.fn] == p.lane, "the lane changed between calls"
    _record_list(benchmark, p, "jit", p.jit_size)


@pytest.mark.parametrize("case", LIST_CASES, ids=LIST_IDS)
def test_list_numba(benchmark, case):
    """The hand-written Numba twin on arrays (the lists converted before the clock starts)."""
    p = list_prepared(case)
    benchmark.group = f"lists: {case.name}"
    check("numba twin", plain(benchmark(p.numba, *p.numba_fast)), p.expected_fast)
    benchmark.extra_info["twin"] = case.twin
    _record_list(benchmark, p, "numba", case.fast)


@pytest.mark.parametrize("case", LIST_CASES, ids=LIST_IDS)
def test_list_pypy(benchmark, case):
    """The same kernel file under pypy3, in one process per kernel kept warm: the group shows
    each call's round trip over the pipe; the tables and `ratios` use the call's own time,
    measured inside PyPy (start-up and warm-up excluded)."""
    p = list_prepared(case)
    benchmark.group = f"lists: {case.name}"
    if PYPY is None:
        benchmark.extra_info["pypy"] = PYPY_MISSING
        _PYPY_NOTES[case.name] = PYPY_MISSING
        pytest.skip(f"PyPy not measured: {PYPY_MISSING}")
    kernel = PyPyKernel(KERNELS / f"{case.file}.py", case.fn, p.fast)
    inside: list[float] = []
    try:
        result = kernel.digest()
        assert result["digest"] == digest(p.expected_fast), (
            f"pypy: {result['head']} != jit {repr(p.expected_fast)[:80]}"
        )
        warm = kernel.warm()
        benchmark(lambda: inside.append(kernel.run()))
    finally:
        kernel.close()
    steady = sorted(inside)[len(inside) // 2]
    round_trip = median(benchmark)
    benchmark.extra_info.update(
        pypy_version=_pypy_version(),
        warmup_calls=warm["calls"],
        warmup_seconds=warm["seconds"],
        steady_median=steady,
        steady_min=min(inside),
        pipe_overhead=None if round_trip is None else round_trip - steady,
    )
    _record_list(benchmark, p, "pypy", case.fast, seconds=steady if round_trip else None)


@cache
def _pypy_version() -> str:
    done = subprocess.run([PYPY, "--version"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


# -- the list boundary's cost: a host list in, the same list out ---------------------------------
# `list_boundary.py`'s kernels change every element of a host list in place and return it: in
# the JIT lane nearly all the time is the boundary (unboxing the list, writing the elements
# back into the caller's list objects). The Numba twin does the same native work on an array
# without any conversion; (jit - numba) / elements is the boundary's cost per element. For
# reference, "by_hand" is the twin with the boundary done by hand in Python (`TWIN_list` in
# handwritten_numba.py: NumPy in, `tolist()` written back into the caller's lists).

BOUNDARY_RUNNERS = ("jit", "numba", "by_hand", "cpython")
BOUNDARY_SIZES = {"small": "slow", "large": "fast"}  # size name -> the ListCase field
_BOUNDARY: dict[tuple[str, str, str], float] = {}  # (case, size, runner) -> median seconds
_BOUNDARY_LANES: dict[str, dict] = {}  # case -> lane record of the JIT-lane engine
_BOUNDARY_EXTS: dict[str, object] = {}  # case -> its JIT-lane extension, checked


def _row_objects(value) -> list:
    """The list objects a host list holds (its rows), to check they keep their identity."""
    return [item for item in value if isinstance(item, list)]


def boundary_extension(case: ListCase):
    """The JIT-lane extension of a boundary kernel, checked at both sizes: the same result as
    CPython, the caller's list (and its rows) returned as the same objects, changed in place."""
    if case.name in _BOUNDARY_EXTS:
        return _BOUNDARY_EXTS[case.name]
    source = KERNELS / f"{case.file}.py"
    cpython = getattr(load_cpython(source), case.fn)
    numba = getattr(load_twins(), case.twin)
    ext = jit_engine().load_file(source)
    for size in (case.slow, case.fast):
        expected = cpython(*case.make(size))
        (host,) = case.make(size)
        rows = _row_objects(host)
        got = ext.call(case.fn, host)
        check("jit", got, expected)
        assert got is host, "the JIT-lane engine did not return the caller's list itself"
        assert all(a is b for a, b in zip(_row_objects(host), rows, strict=True)), (
            "the caller's rows were replaced, not changed in place"
        )
        check("numba twin", plain(numba(*as_arrays(case.make(size)))), expected)
        (host,) = case.make(size)
        rows = _row_objects(host)
        check("by hand", getattr(load_twins(), f"{case.twin}_list")(host), expected)
        assert all(a is b for a, b in zip(_row_objects(host), rows, strict=True))
    _BOUNDARY_LANES[case.name] = dict(ext.lanes()[case.fn])
    _BOUNDARY_EXTS[case.name] = ext
    return ext


@pytest.mark.parametrize("runner", BOUNDARY_RUNNERS)
@pytest.mark.parametrize("size", BOUNDARY_SIZES)
@pytest.mark.parametrize("case", BOUNDARY_CASES, ids=[c.name for c in BOUNDARY_CASES])
def test_list_boundary(benchmark, case, size, runner):
    """One call on a list of `elements` floats that it changes in place and returns (each
    round changes the same list again: +1.0 per element per round)."""
    ext = boundary_extension(case)
    elements = getattr(case, BOUNDARY_SIZES[size])
    benchmark.group = f"list boundary: {case.name}, host list in and out"
    if runner == "jit":
        (host,) = case.make(elements)
        assert benchmark(ext.call, case.fn, host) is host
    elif runner == "numba":
        twin = getattr(load_twins(), case.twin)
        benchmark(twin, *as_arrays(case.make(elements)))
    elif runner == "by_hand":
        (host,) = case.make(elements)
        assert benchmark(getattr(load_twins(), f"{case.twin}_list"), host) is host
    else:
        benchmark(getattr(load_cpython(KERNELS / f"{case.file}.py"), case.fn), *case.make(elements))
    lane = _BOUNDARY_LANES[case.name]
    benchmark.extra_info.update(
        input=case.label(elements),
        elements=elements,
        jit_lane=lane["lane"],
        jit_reason=lane["reason"],
    )
    seconds = median(benchmark)
    if seconds is not None:
        _BOUNDARY[(case.name, size, runner)] = seconds
        benchmark.extra_info["per_element"] = seconds / elements
        numba = _BOUNDARY.get((case.name, size, "numba"))
        jit = _BOUNDARY.get((case.name, size, "jit"))
        if numba is not None and jit is not None and lane["lane"] == "jit":
            benchmark.extra_info["boundary_per_element"] = (jit - numba) / elements


# -- the lists summary ---------------------------------------------------------------------------


def _write_list_tables(tr) -> None:
    if _LIST_TIMES or _PYPY_NOTES:
        _list_table(tr)
    if _BOUNDARY:
        _boundary_table(tr)


def _list_table(tr) -> None:
    tr.write_sep("=", "list kernels (issue 13), ordinary Python with lists (medians of this run)")
    tr.write_line(
        "cpython and interp run the small input, numba (twin on arrays) and pypy the large one,"
    )
    tr.write_line(
        "jit the large one when the kernel runs in the JIT lane, else the small one. Ratios a/b"
    )
    tr.write_line(
        "compare time per fuel unit (below 1: a is faster). ! marks a missed goal: jit/numba <="
    )
    tr.write_line(
        f"{GOAL_LIST_NUMBA}, jit/pypy < 1 (ahead of PyPy). pypy: one call timed inside PyPy, "
        "warm, start-up excluded."
    )
    head = f"{'kernel':<20}" + "".join(f"{r:>9}" for r in LIST_RUNNERS)
    head += "".join(f"{f'{a}/{b}':>15}" for a, b in LIST_RATIOS) + "  lane (reason)"
    tr.write_line(head)
    for case in LIST_CASES:
        if case.name not in _LISTS:
            continue
        p = _LISTS[case.name]
        ratios = list_ratios(p)
        cells = "".join(f"{_t(_LIST_TIMES.get((case.name, r))):>9}" for r in LIST_RUNNERS)
        for a, b in LIST_RATIOS:
            value = ratios.get(f"{a}/{b}")
            flag = " "
            if value is not None and (a, b) == ("jit", "numba") and value > GOAL_LIST_NUMBA:
                flag = "!"
            if value is not None and (a, b) == ("jit", "pypy") and value >= 1.0:
                flag = "!"
            cells += f"{_ratio(value, flag):>15}"
        lane = p.lane["lane"] + (f" ({p.lane['reason']})" if p.lane["reason"] else "")
        tr.write_line(f"{case.name:<20}{cells}  {lane}")
    tr.write_line("inputs (fuel units per call):")
    for case in LIST_CASES:
        if case.name in _LISTS:
            p = _LISTS[case.name]
            tr.write_line(
                f"  {case.name:<20} small {case.label(case.slow):<14}{p.fuel_slow:>12,}"
                f"   large {case.label(case.fast):<14}{p.fuel_fast:>12,}"
                f"   jit ran {case.label(p.jit_size)}"
            )
    for name, note in _PYPY_NOTES.items():
        tr.write_line(f"  pypy, {name}: {note}")


def _boundary_table(tr) -> None:
    tr.write_sep("=", "list boundary: a host list of floats in, the same list out (medians)")
    tr.write_line(
        "per element: a call's time over its element count; boundary = (jit - numba) / elements"
    )
    tr.write_line(
        "(numba: the same loop on an array, no conversion; by hand: numba with NumPy in and"
    )
    tr.write_line(
        "tolist() written back, for reference). No boundary figure where jit is not the JIT lane."
    )
    tr.write_line(
        f"{'kernel':<11}{'input':<18}"
        + "".join(f"{r:>9}" for r in BOUNDARY_RUNNERS)
        + "".join(f"{f'{r}/elem':>14}" for r in BOUNDARY_RUNNERS)
        + f"{'boundary/elem':>14}  lane (reason)"
    )
    for case in BOUNDARY_CASES:
        lane = _BOUNDARY_LANES.get(case.name)
        for size, field in BOUNDARY_SIZES.items():
            times = {r: _BOUNDARY.get((case.name, size, r)) for r in BOUNDARY_RUNNERS}
            if not any(times.values()):
                continue
            elements = getattr(case, field)
            per = {r: None if t is None else t / elements for r, t in times.items()}
            boundary = None
            in_jit = lane["lane"] == "jit"
            if in_jit and times["jit"] is not None and times["numba"] is not None:
                boundary = (times["jit"] - times["numba"]) / elements
            where = lane["lane"] + (f" ({lane['reason']})" if lane["reason"] else "")
            tr.write_line(
                f"{case.name:<11}{case.label(elements):<18}"
                + "".join(f"{_t(times[r]):>9}" for r in BOUNDARY_RUNNERS)
                + "".join(f"{_t(per[r]):>14}" for r in BOUNDARY_RUNNERS)
                + f"{_t(boundary):>14}  {where}"
            )


SUMMARY_WRITERS.append(_write_list_tables)
