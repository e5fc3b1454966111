"""Call-stack records and the profile's exports, on call trees built by hand.

A fake clock and a fake fuel counter drive `CallTree`, so every number is
known exactly: a call costs its callee one fuel unit, a loop iteration one
unit, as in the engine. The speedscope output is checked against the keys
that speedscope's file-format schema requires.
"""

from __future__ import annotations

import json

import pytest

from frankenengine.profiles.export import EXPORT_SUFFIXES, write_exports
from frankenengine.profiles.profile import FunctionProfile, Profile
from frankenengine.profiles.stacks import COMPILE_FRAME, CallTree, function_totals

# Required keys and enums of https://www.speedscope.app/file-format-schema.json
SCHEMA_FILE_KEYS = {"$schema", "profiles", "shared"}
SCHEMA_SAMPLED_KEYS = {"type", "name", "unit", "startValue", "endValue", "samples", "weights"}
SCHEMA_UNITS = {"none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes"}


class Machine:
    """A clock and a fuel counter that only move when told to."""

    def __init__(self):
        self.now = 0.0
        self.fuel = 0

    def clock(self) -> float:
        return self.now

    def fuel_used(self) -> int:
        return self.fuel

    def work(self, loops: int, seconds: float) -> None:
        self.fuel += loops
        self.now += seconds


def call(tree: CallTree, machine: Machine, name: str, lane: str, body) -> None:
    """A call as the engine makes it: enter, the callee's entry unit, the body, leave."""
    entered = tree.enter(name, lane)
    machine.work(1, 0.0)
    try:
        body()
    finally:
        tree.leave(entered)


def main_calls_a(tree: CallTree, machine: Machine, lane_of_a: str = "interp") -> None:
    """main loops 10 times calling a; a loops 7 times (1 µs per loop unit, 5 µs of own work)."""

    def a():
        machine.work(7, 7e-6)

    def main():
        machine.work(0, 5e-6)
        for _ in range(10):
            machine.work(1, 1e-6)
            call(tree, machine, "a", lane_of_a, a)

    call(tree, machine, "main", "interp", main)


def recorded(lane_of_a="interp") -> tuple[Profile, Machine]:
    machine = Machine()
    profile = Profile(["main", "a"])
    profile.stacks = CallTree(machine.fuel_used, machine.clock)
    main_calls_a(profile.stacks, machine, lane_of_a)
    return profile, machine


def by_path(profile: Profile) -> dict:
    return {(r.path, r.lane): r for r in profile.stack_records()}


def test_stack_records_have_exact_calls_fuel_loops_and_times():
    profile, machine = recorded()
    records = by_path(profile)
    assert set(records) == {("main", "interp"), ("main;a", "interp")}
    main, a = records["main", "interp"], records["main;a", "interp"]
    assert (a.calls, a.fuel, a.self_fuel, a.loop_iterations) == (10, 80, 80, 70)
    assert (main.calls, main.fuel, main.self_fuel, main.loop_iterations) == (1, 91, 11, 10)
    assert main.fuel == machine.fuel
    assert a.seconds == pytest.approx(70e-6) and a.self_seconds == pytest.approx(70e-6)
    assert main.seconds == pytest.approx(85e-6) and main.self_seconds == pytest.approx(15e-6)


def test_frames_in_different_lanes_are_different_paths():
    profile, _ = recorded(lane_of_a="jit")
    record = by_path(profile)["main;a", "jit"]
    assert record.labels == "main;a_[j]"
    assert [f.lane for f in record.frames] == ["interp", "jit"]
    assert record.loop_iterations == 70


def test_recursion_counts_inclusive_time_once_per_function():
    machine = Machine()
    profile = Profile()
    tree = profile.stacks = CallTree(machine.fuel_used, machine.clock)

    def down(n):
        machine.work(0, 1e-6)
        if n:
            call(tree, machine, "down", "interp", lambda: down(n - 1))

    call(tree, machine, "down", "interp", lambda: down(3))
    paths = [r.path for r in profile.stack_records()]
    assert paths == ["down", "down;down", "down;down;down", "down;down;down;down"]
    totals = function_totals(profile.stack_records())["down"]
    assert totals.calls == 4
    assert totals.seconds == pytest.approx(4e-6)  # not 4 + 3 + 2 + 1 µs
    assert totals.self_seconds == pytest.approx(4e-6)
    assert totals.fuel == 4 and totals.loop_iterations == 0


def test_compile_frames_hold_time_but_no_calls_or_loops():
    machine = Machine()
    profile = Profile(["k"])
    tree = profile.stacks = CallTree(machine.fuel_used, machine.clock)
    started = machine.clock()
    machine.work(0, 0.25)  # specialising, before the frame is entered (as the engine does)
    entered = tree.enter("k", "jit", started)
    tree.compiled(machine.clock() - started)
    machine.work(3, 0.01)
    tree.leave(entered)
    k, compiling = profile.stack_records()
    assert compiling.path == f"k;{COMPILE_FRAME}" and compiling.loop_iterations == 0
    assert compiling.seconds == pytest.approx(0.25)
    assert profile.report()["functions"]["k"]["calls"] == 1  # the compile frame is not a call
    assert k.seconds == pytest.approx(0.26)
    assert k.self_seconds == pytest.approx(0.01)  # compiling is not the function's own time


def test_leaving_an_outer_frame_recovers_from_a_skipped_inner_leave():
    machine = Machine()
    profile = Profile()
    tree = profile.stacks = CallTree(machine.fuel_used, machine.clock)
    outer = tree.enter("outer", "interp")
    tree.enter("inner", "interp")  # never left (as when the leave itself failed)
    tree.leave(outer)
    tree.leave(tree.enter("next", "interp"))
    assert {r.path for r in profile.stack_records()} == {"outer", "outer;inner", "next"}


def test_report_merges_lane_facts_with_the_stacks():
    profile, _ = recorded(lane_of_a="jit")
    a = profile.of("a")
    a.lane, a.tier_up_call, a.compile_seconds, a.cache_hits = "jit", 3, 0.5, 1
    profile.of("main").reason = "calls print at line 9"
    report = json.loads(json.dumps(profile.report()))
    fa, fmain = report["functions"]["a"], report["functions"]["main"]
    assert (fa["calls"], fa["loop_iterations"], fa["calls_by_lane"]) == (10, 70, {"jit": 10})
    assert (fa["lane"], fa["tier_up_call"], fa["compile_seconds"], fa["cache_hits"]) == (
        "jit",
        3,
        0.5,
        1,
    )
    assert fmain["reason"] == "calls print at line 9" and fmain["loop_iterations"] == 10
    assert fmain["seconds"] == pytest.approx(85e-6)
    assert [s["stack"] for s in report["stacks"]] == ["main", "main;a"]
    assert report["totals"] == {
        "calls": 11,
        "loop_iterations": 80,
        "fuel": 91,
        "seconds": pytest.approx(85e-6),
        "compile_seconds": 0.5,
    }


def test_collapsed_stacks_are_flame_graph_lines_of_self_microseconds():
    profile, _ = recorded(lane_of_a="jit")
    lines = profile.collapsed_stacks().splitlines()
    parsed = {}
    for line in lines:
        stack, count = line.rsplit(" ", 1)
        assert count.isdigit() and stack and not stack.startswith(";")
        parsed[stack] = int(count)
    assert parsed == {"main": 15, "main;a_[j]": 70}


def test_speedscope_file_has_the_schema_keys_and_rebuilds_the_stacks():
    profile, _ = recorded()
    profile.of("a").file, profile.of("a").line = "ext.py", 4
    document = json.loads(json.dumps(profile.speedscope("ext.main")))
    assert SCHEMA_FILE_KEYS <= set(document)
    assert document["$schema"] == "https://www.speedscope.app/file-format-schema.json"
    frames = document["shared"]["frames"]
    assert all(isinstance(f["name"], str) for f in frames)
    assert {"name": "a", "file": "ext.py", "line": 4} in frames
    (sampled,) = document["profiles"]
    assert SCHEMA_SAMPLED_KEYS <= set(sampled)
    assert sampled["type"] == "sampled" and sampled["unit"] in SCHEMA_UNITS
    assert len(sampled["samples"]) == len(sampled["weights"])
    assert all(0 <= i < len(frames) for sample in sampled["samples"] for i in sample)
    stacks = {
        ";".join(frames[i]["name"] for i in sample): weight
        for sample, weight in zip(sampled["samples"], sampled["weights"], strict=True)
    }
    assert stacks == {"main": pytest.approx(15), "main;a": pytest.approx(70)}
    assert sampled["startValue"] == 0
    assert sampled["endValue"] == pytest.approx(sum(sampled["weights"]))
    assert 0 <= document["activeProfileIndex"] < len(document["profiles"])


def test_summary_fits_one_screen_and_ranks_by_self_time():
    machine = Machine()
    profile = Profile()
    tree = profile.stacks = CallTree(machine.fuel_used, machine.clock)

    def body(k):
        return lambda: machine.work(k, k * 1e-6)

    def main():
        for k in range(1, 41):
            call(tree, machine, f"f{k}", "interp", body(k))

    call(tree, machine, "main", "interp", main)
    profile.of("f40").reason = "calls print at line 3"
    lines = profile.summary().splitlines()
    assert len(lines) <= 25
    rows = [line for line in lines if line.startswith("f") and not line.startswith("function")]
    assert rows[0].split()[0] == "f40" and "calls print at line 3" in rows[0]
    assert rows[1].split()[0] == "f39"
    assert any("more functions" in line for line in lines)
    assert "main;f40" in "\n".join(lines)


def test_a_profile_without_recorded_stacks_exports_no_stacks():
    profile = Profile(["f"])
    profile.of("f").lane = "jit"
    assert profile.collapsed_stacks() == ""
    report = profile.report()
    assert report["stacks"] == [] and report["functions"]["f"]["calls"] == 0
    assert report["functions"]["f"]["lane"] == "jit"
    assert profile.speedscope("x")["profiles"][0]["samples"] == []


def test_function_profile_json_keeps_its_keys():
    record = FunctionProfile("f", calls=2, jit_calls=1, fuel=9)
    assert set(record.to_json()) == {
        "calls",
        "jit_calls",
        "fuel",
        "seconds",
        "lane",
        "reason",
        "signatures",
        "tier_up_call",
        "compile_seconds",
        "cache_hits",
        "crossing",
        "loops",
    }


def test_report_takes_counts_from_the_stacks_and_lane_facts_from_the_function():
    profile, _ = recorded()
    counted = profile.of("a")
    counted.calls, counted.fuel, counted.jit_calls = 999, 999, 4  # the tier-up counters
    counted.signatures["(int,)"] += 10
    fa = profile.report()["functions"]["a"]
    assert (fa["calls"], fa["fuel"]) == (10, 80)  # what the stacks recorded
    assert fa["jit_calls"] == 4 and fa["signatures"] == {"(int,)": 10}
    assert profile.report()["functions"]["main"]["signatures"] == {}


def test_write_exports_writes_the_three_formats_of_one_profile(tmp_path):
    profile, _ = recorded(lane_of_a="jit")
    document = {"what": "ran", "profile": profile.report()}
    paths = write_exports(tmp_path, "k", profile, document, "ext.main")
    assert [p.name for p in paths] == ["k" + suffix for suffix in EXPORT_SUFFIXES]
    assert sorted(tmp_path.iterdir()) == sorted(paths)
    report, collapsed, speedscope = paths
    assert json.loads(report.read_text()) == json.loads(json.dumps(document))
    assert collapsed.read_text() == profile.collapsed_stacks()
    assert json.loads(speedscope.read_text()) == profile.speedscope("ext.main")
