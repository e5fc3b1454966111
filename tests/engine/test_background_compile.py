"""Compiles off the running extension's path: a hot function compiles in a worker process.

In `auto` with a JIT cache, a function that gets hot stays interpreted while a
worker process compiles it into the cache (`jit.compile_worker`); the first
call after the worker has exited loads it (a cache hit) and runs native. The
results are the interpreter's throughout.
"""

from __future__ import annotations

import time

from frankenengine import Engine, TierPolicy
from frankenengine.jit import compile_worker

SOURCE = "def poly(x):\n    return 3 * x * x + 2 * x + 1\n"


def test_a_hot_function_runs_interpreted_until_its_worker_has_compiled_it(tmp_path):
    engine = Engine(lane="auto", tier_up=TierPolicy(calls=2, seconds=0.0), jit_cache=tmp_path)
    ext = engine.load(SOURCE, name="background")
    for x in range(3):
        assert ext.call("poly", x) == 3 * x * x + 2 * x + 1
    lane = ext.lanes()["poly"]
    assert lane == {"lane": "interp", "reason": "compiling in a worker process"}
    deadline = time.monotonic() + 300
    x = 3
    while ext.lanes()["poly"]["lane"] != "jit":
        assert time.monotonic() < deadline, ext.lanes()
        time.sleep(0.05)
        assert ext.call("poly", x) == 3 * x * x + 2 * x + 1
        x += 1
    assert ext.profile.of("poly").cache_hits == 1  # loaded from the worker's entry


def test_a_second_engine_finds_the_workers_entry_and_loads_it_at_once(tmp_path):
    policy = TierPolicy(calls=2, seconds=0.0)
    first = Engine(lane="auto", tier_up=policy, jit_cache=tmp_path).load(SOURCE, name="b")
    deadline = time.monotonic() + 300
    while first.lanes()["poly"]["lane"] != "jit":
        assert time.monotonic() < deadline, first.lanes()
        first.call("poly", 2)
        time.sleep(0.05)
    second = Engine(lane="auto", tier_up=policy, jit_cache=tmp_path).load(SOURCE, name="b")
    for x in range(4):  # hot after two calls: the cache holds it, no worker this time
        assert second.call("poly", x) == 3 * x * x + 2 * x + 1
    assert second.lanes()["poly"]["lane"] == "jit"


def test_without_worker_processes_it_compiles_in_process(tmp_path, monkeypatch, caplog):
    """A host that cannot start a process (a sandbox, no process to spare: the OS says
    so with an OSError, injected here) still gets native code: compiled in process."""

    def no_process(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(compile_worker.subprocess, "Popen", no_process)
    engine = Engine(lane="auto", tier_up=TierPolicy(calls=2, seconds=0.0), jit_cache=tmp_path)
    ext = engine.load(SOURCE.replace("3 *", "5 *"), name="background")  # a job not cached
    for x in range(4):
        assert ext.call("poly", x) == 5 * x * x + 2 * x + 1
    assert ext.lanes()["poly"] == {"lane": "jit", "reason": ""}
    assert "no compile worker" in caplog.text


def test_each_cache_folder_gets_its_own_worker(tmp_path):
    """Two engines with their own folders compile the same job: each folder gets its own
    worker's entry, and each engine loads it from its own folder (never a worker's entry
    for another folder, which would leave it to compile in process)."""
    policy = TierPolicy(calls=2, seconds=0.0)
    for folder in (tmp_path / "a", tmp_path / "b"):
        ext = Engine(lane="auto", tier_up=policy, jit_cache=folder).load(SOURCE, name="c")
        deadline = time.monotonic() + 300
        while ext.lanes()["poly"]["lane"] != "jit":
            assert time.monotonic() < deadline, ext.lanes()
            assert ext.call("poly", 3) == 34
            time.sleep(0.05)
        assert ext.profile.of("poly").cache_hits == 1  # loaded from its own folder
        assert list(folder.glob("fe_job_*"))  # the worker's index, in this folder
