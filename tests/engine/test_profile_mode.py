"""The engine's call-profiling mode on real extensions, in every lane.

`main` calls `a` 10 times and `a` loops 7 times: the recorded stacks give
exactly those numbers in the interpreter and in the JIT lane (where `a` runs
as native code), tier-up and compiling show up in `auto`, rejected functions
keep their reason, and without profiling nothing is installed.
"""

from __future__ import annotations

import pytest

from frankenengine import Engine, Limits
from frankenengine.engine.tiering import Dispatcher, ProfiledDispatcher
from frankenengine.profiles.profile import TierPolicy
from frankenengine.profiles.stacks import COMPILE_FRAME
from frankenengine.runtime.errors import RecursionLimitExceeded

PROGRAM = """
def a(n):
    total = 0
    for i in range(n):
        total += i
    return total

def main():
    s = 0
    for j in range(10):
        s += a(7)
    print(s)
    return s
"""


def load(source=PROGRAM, lane="interp", profile_calls=True, **options):
    engine = Engine(
        lane=lane, jit_cache=False, sentinel=None, profile_calls=profile_calls, **options
    )
    return engine.load(source)


def stacks(ext) -> dict:
    """(path, lane of the last frame) -> the stack's JSON record."""
    return {(s["stack"], s["lanes"][-1]): s for s in ext.profile_report()["stacks"]}


@pytest.mark.parametrize("lane", ["interp", "jit"])
def test_loop_iterations_and_calls_are_exact_in_both_lanes(lane):
    ext = load(lane=lane)
    assert ext.call("main") == 210
    recorded = stacks(ext)
    lane_of_a = "interp" if lane == "interp" else "jit"  # main prints: it stays interpreted
    main, a = recorded["main", "interp"], recorded["main;a", lane_of_a]
    assert (main["calls"], main["loop_iterations"]) == (1, 10)
    assert (a["calls"], a["loop_iterations"], a["self_fuel"]) == (10, 70, 80)
    assert main["fuel"] == ext.fuel_used() == 1 + 10 + 80
    functions = ext.profile_report()["functions"]
    assert (functions["a"]["calls"], functions["a"]["loop_iterations"]) == (10, 70)
    assert functions["a"]["lane"] == lane_of_a
    assert functions["main"]["seconds"] >= functions["a"]["seconds"] > 0


def test_both_lanes_record_the_same_paths_and_counts():
    def counts(lane):
        ext = load(lane=lane)
        ext.call("main")
        ext.call("main")
        return {
            s["stack"]: (s["calls"], s["loop_iterations"], s["self_fuel"])
            for s in ext.profile_report()["stacks"]
            if not s["stack"].endswith(COMPILE_FRAME)
        }

    interpreted = counts("interp")
    assert interpreted == counts("jit")
    assert interpreted["main;a"] == (20, 140, 160)


def test_auto_lane_records_the_tier_up_call_and_the_compile():
    ext = load(lane="auto", tier_up=TierPolicy(calls=3, fuel=10**9, seconds=0.0))
    ext.call("main")
    ext.call("main")
    recorded = stacks(ext)
    a = ext.profile_report()["functions"]["a"]
    assert a["tier_up_call"] == 3 and a["lane"] == "jit" and a["compile_seconds"] > 0
    assert recorded["main;a", "interp"]["calls"] == 3
    assert recorded["main;a", "jit"]["calls"] == 17
    assert a["calls_by_lane"] == {"interp": 3, "jit": 17} and a["loop_iterations"] == 140
    compiling = recorded[f"main;a;{COMPILE_FRAME}", "compile"]
    assert compiling["calls"] == 1 and compiling["seconds"] > 0
    assert "main;a_[j];<jit compile>" in ext.profile.collapsed_stacks()


def test_a_rejected_function_keeps_its_reason_and_runs_interpreted():
    ext = load(
        "def shout(x):\n    print(x)\n    return x\n"
        "def twice(x):\n    return x + x\n"
        "def mixed(flag):\n    v = flag\n    if flag:\n        v = 1.5\n    return v\n"
        "def main():\n    return shout(1) + len(twice([1, 2.0])) + mixed(7)\n",
        lane="jit",
    )
    assert ext.call("main") == 1 + 4 + 1.5
    functions = ext.profile_report()["functions"]
    assert (functions["shout"]["lane"], functions["shout"]["reason"]) == (
        "interp",
        "calls print at line 2",
    )
    assert functions["twice"]["reason"] == "takes a list of mixed element types (argument 1)"
    assert "float and int on different paths" in functions["mixed"]["reason"]
    assert functions["mixed"]["lane"] == "interp"
    recorded = stacks(ext)
    assert recorded["main;mixed", "interp"]["calls"] == 1
    assert ("main;mixed;" + COMPILE_FRAME, "compile") in recorded  # typing it cost time
    assert ("main;twice;" + COMPILE_FRAME, "compile") not in recorded  # nothing was tried
    assert ("main;shout;" + COMPILE_FRAME, "compile") not in recorded  # refused on sight


def test_profiling_off_installs_nothing():
    interpreted = load(profile_calls=False)
    generated = interpreted._lane.function("a")
    assert generated.__code__.co_filename == interpreted._lane.filename  # the generated def
    assert interpreted.profile.stacks is None
    jitted = load(lane="jit", profile_calls=False)
    assert type(jitted._lane.function("a")) is Dispatcher
    jitted.call("main")
    assert jitted.profile_report()["stacks"] == []
    profiled = load(lane="jit")
    assert type(profiled._lane.function("a")) is ProfiledDispatcher
    wrapped = load()._lane.function("a")
    assert wrapped.__code__.co_filename != interpreted._lane.filename


def test_profiling_changes_no_result_fuel_or_output():
    source = PROGRAM + "def kw(n, *, scale=1):\n    return a(n=n) * scale\n"
    for lane in ("interp", "jit", "auto"):
        plain, profiled = load(source, lane, False), load(source, lane, True)
        for ext in (plain, profiled):
            assert ext.call("main") == 210
            assert ext.call("kw", 4, scale=3) == 18
        assert plain.fuel_used() == profiled.fuel_used()
        assert plain.output == profiled.output == "210\n"
    assert stacks(profiled)["kw;a", "interp"]["calls"] == 1  # keyword calls get frames too


def test_errors_and_limits_unwind_the_stack():
    ext = load(
        "def inner(n):\n    if n == 0:\n        raise ValueError('no')\n    return inner(n - 1)\n"
        "def outer():\n    return inner(2)\n"
        "def down(n):\n    return down(n + 1)\n",
        limits=Limits(depth=50),
    )
    with pytest.raises(ValueError):
        ext.call("outer")
    with pytest.raises(RecursionLimitExceeded):
        ext.call("down", 0)
    with pytest.raises(ValueError):
        ext.call("inner", 0)  # a root frame again, not under what failed before
    recorded = stacks(ext)
    assert recorded["outer;inner;inner;inner", "interp"]["calls"] == 1
    assert recorded["inner", "interp"]["calls"] == 1
    assert ("down;down", "interp") in recorded
    deepest = ";".join(["down"] * 51)  # the call the depth limit stopped has a frame too
    assert recorded[deepest, "interp"]["self_fuel"] == 0
    assert recorded[deepest, "interp"]["loop_iterations"] == 0
    totals = ext.profile_report()["functions"]["down"]
    assert totals["calls"] == 51 and totals["seconds"] == recorded["down", "interp"]["seconds"]
