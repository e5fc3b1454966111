"""The event stream of a sample extension: every host call, denied ones included, in order,
the same on every run apart from times, each at its call site."""

from __future__ import annotations

from frankenengine import Engine
from frankenengine.host.capabilities import HOST_FUNCTIONS
from frankenengine.sentinel.events import RecordingHook

SAMPLE = """
from host import fs, net, env, proc, clock, log

def main(out, base):
    got = []
    got.append(fs.read_text("a.txt"))
    got.append(fs.list_dir("sub"))
    got.append(fs.exists("a.txt"))
    got.append(fs.is_dir("sub"))
    got.append(fs.size("a.txt"))
    got.append(fs.mtime("a.txt") > 0)
    got.append(fs.write_text(out + "/w.txt", "one"))
    got.append(fs.append_text(out + "/w.txt", "two"))
    fs.make_dirs(out + "/d/e")
    fs.rename(out + "/w.txt", out + "/d/w.txt")
    fs.remove(out + "/d/w.txt")
    got.append(net.request("GET", base + "/hello")["body"])
    got.append(net.get(base + "/missing")["status"])
    got.append(net.post(base + "/echo", "posted")["status"])
    got.append(env.get("STATS_MODE"))
    got.append(proc.run(["/bin/echo", "hi"])["stdout"])
    got.append(clock.time() > 0)
    got.append(clock.monotonic() > 0)
    clock.sleep(0)
    log.info("info")
    log.warn("warn")
    log.error("error")
    attempts = [
        lambda: fs.read_text("../outside/secret.txt"),
        lambda: fs.write_text("a.txt", "overwrite"),
        lambda: net.get("http://localhost:1/"),
        lambda: env.get("SECRET_TOKEN"),
        lambda: proc.run(["/bin/sh", "-c", "echo"]),
    ]
    for attempt in attempts:
        try:
            attempt()
            got.append("allowed")
        except CapabilityDenied:
            got.append("denied")
    return got
"""


def _grants(sandbox, server):
    return {
        "fs.read": [str(sandbox / "data")],
        "fs.write": [str(sandbox / "out")],
        "net.http": [f"127.0.0.1:{server.port}"],
        "env.read": ["STATS_*"],
        "proc.run": ["/bin/echo"],
        "clock": [],
        "log": [],
    }


def _run(load, sandbox, server):
    hook = RecordingHook()
    ext = load(SAMPLE, grants=_grants(sandbox, server), hook=hook)
    result = ext.call("main", str(sandbox / "out"), f"http://127.0.0.1:{server.port}")
    return result, hook, ext.host_events()


def _timeless(events):
    return [{k: v for k, v in e.items() if k != "time"} for e in events]


def test_event_stream_is_complete_and_deterministic(sandbox, server, load, monkeypatch):
    monkeypatch.setenv("STATS_MODE", "fast")
    monkeypatch.setenv("SECRET_TOKEN", "s3cr3t")
    first, hook1, events1 = _run(load, sandbox, server)
    second, hook2, events2 = _run(load, sandbox, server)
    assert first == second
    assert first[-5:] == ["denied"] * 5
    assert _timeless(events1) == _timeless(events2)
    seen1 = _timeless(e.to_json() for e in hook1.events)
    assert seen1 == _timeless(e.to_json() for e in hook2.events)

    # every host function appears; seq numbers have no gaps; denied calls are in the stream
    assert {e["function"] for e in events1} == set(HOST_FUNCTIONS)
    assert [e["seq"] for e in events1] == list(range(len(events1)))
    denied = [e for e in events1 if e["outcome"] == "denied"]
    assert [e["capability"] for e in denied] == [
        "fs.read",
        "fs.write",
        "net.http",
        "env.read",
        "proc.run",
    ]
    assert all(not e["granted"] and not e["allowed"] for e in denied)
    assert all(e["outcome"] == "ok" for e in events1 if e["granted"])

    # the hook saw the same calls, before they ran
    assert [e["seq"] for e in seen1] == [e["seq"] for e in events1]
    assert all(e["bytes_in"] == 0 and e["outcome"] == "" for e in seen1)

    # each event carries its call site and normalised target
    lines = SAMPLE.splitlines()
    for e in events1:
        assert e["function"].split(".")[1] in lines[e["line"] - 1], e
    by_function = {e["function"]: e for e in events1 if e["granted"]}
    assert by_function["fs.read_text"]["target"] == str((sandbox / "data" / "a.txt").resolve())
    assert by_function["fs.rename"]["other_targets"] == [str((sandbox / "out/d/w.txt").resolve())]
    assert by_function["net.get"]["target"] == f"http://127.0.0.1:{server.port}/missing"
    assert by_function["net.request"]["operation"] == "GET"
    assert by_function["net.post"]["bytes_out"] == len("posted")
    assert by_function["proc.run"]["target"] == "/bin/echo"
    assert by_function["fs.read_text"]["bytes_in"] == len("alpha\nbeta\n")
    assert by_function["env.get"]["bytes_in"] == len("fast")


BURN = """
from host import log

def spin(n):
    total = 0
    for i in range(n):
        total = (total + i * i) % 1000003
    return total

def main(n):
    log.info("start")
    for _ in range(3):
        spin(n)
    log.info("done")
    return spin(1)
"""


def test_events_carry_the_fuel_used_the_same_in_every_lane():
    """Each event records the fuel used before it: loop iterations and calls, in any lane."""
    fuel = {}
    for lane in ("interp", "jit"):
        hook = RecordingHook()
        engine = Engine(lane=lane, sentinel=None)
        ext = engine.load(BURN, name="ext", filename="ext.py", grants={"log": []}, hook=hook)
        ext.call("main", 1000)
        fuel[lane] = [e.fuel for e in hook.events]
        if lane == "jit":
            assert ext.lanes()["spin"]["lane"] == "jit"
    start, done = fuel["interp"]
    assert done - start == 3 * (1000 + 1) + 3  # 3 calls of 1000 iterations, 3 loop trips
    assert fuel["jit"] == fuel["interp"]
