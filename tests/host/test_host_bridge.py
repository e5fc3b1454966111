"""The bridge: the hook sees each call first, refusals have no effect, the grants bound the hook.

Also: argument errors are plain Python errors and not host calls, a failing
hook refuses (fail closed), terminate stops the run with an engine error,
and what a call returns is charged to the run's memory.
"""

from __future__ import annotations

import logging

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import (
    CapabilityDenied,
    ExtensionTerminated,
    Limits,
    MemoryLimitExceeded,
)
from frankenengine.host import HostBridge
from frankenengine.sentinel.events import AllowGranted, Decision, RecordingHook

WRITE = """
from host import fs

def write(p, text):
    return fs.write_text(p, text)

def read(p):
    return fs.read_text(p)

def guarded(p):
    try:
        return fs.read_text(p)
    except Exception:
        return "caught"
"""


class _Fixed:
    def __init__(self, decision):
        self.decision = decision

    def decide(self, event):
        return self.decision


def test_hook_sees_the_event_before_the_call(sandbox, load):
    target = sandbox / "out" / "w.txt"
    seen = []

    class Watch(AllowGranted):
        def decide(self, event):
            seen.append((event, target.exists()))
            return super().decide(event)

    ext = load(WRITE, grants={"fs.write": [str(sandbox / "out")]}, hook=Watch())
    assert ext.call("write", "w.txt", "héllo") == 5
    ((event, existed),) = seen
    assert not existed
    assert (event.capability, event.operation, event.function) == (
        "fs.write",
        "write",
        "fs.write_text",
    )
    assert event.target == str(target.resolve())
    assert (event.bytes_out, event.bytes_in, event.outcome, event.seq) == (6, 0, "", 0)
    assert event.line == WRITE.splitlines().index("    return fs.write_text(p, text)") + 1
    assert ext.host_events()[0]["outcome"] == "ok"


@EVERY_LANE
def test_hook_refusal_has_no_effect(sandbox, load):
    hook = _Fixed(Decision(False, "deny", "looks like exfiltration"))
    ext = load(WRITE, grants={"fs.write": [str(sandbox / "out")]}, hook=hook)
    with pytest.raises(CapabilityDenied, match="looks like exfiltration"):
        ext.call("write", "w.txt", "x")
    assert not (sandbox / "out" / "w.txt").exists()
    [event] = ext.host_events()
    assert event["granted"] is True and event["allowed"] is False
    assert event["outcome"] == "denied"


@EVERY_LANE
def test_hook_cannot_allow_what_is_not_granted(sandbox, load):
    hook = _Fixed(Decision(True, "allow", "yes"))
    ext = load(WRITE, grants={"fs.read": [str(sandbox / "data")]}, hook=hook)
    with pytest.raises(CapabilityDenied, match="outside the grants"):
        ext.call("write", "w.txt", "x")
    with pytest.raises(CapabilityDenied):
        ext.call("read", str(sandbox / "outside" / "secret.txt"))
    assert not (sandbox / "data" / "w.txt").exists()


@EVERY_LANE
def test_terminate_stops_the_run(sandbox, load):
    hook = _Fixed(Decision(False, "terminate", "malicious"))
    ext = load(WRITE, grants={"fs.read": [str(sandbox / "data")]}, hook=hook)
    with pytest.raises(ExtensionTerminated, match="malicious"):
        ext.call("guarded", "a.txt")  # `except Exception` cannot catch it
    assert ext.host_events()[0]["outcome"] == "terminated"


@pytest.mark.parametrize("hook", [_Fixed("allow"), _Fixed(None)])
def test_hook_without_a_decision_refuses(sandbox, load, hook):
    ext = load(WRITE, grants={"fs.write": [str(sandbox / "out")]}, hook=hook)
    with pytest.raises(CapabilityDenied, match="no decision"):
        ext.call("write", "w.txt", "x")
    assert not (sandbox / "out" / "w.txt").exists()


def test_failing_hook_refuses(sandbox, load):
    class Broken:
        def decide(self, event):
            raise RuntimeError("model crashed")

    ext = load(WRITE, grants={"fs.write": [str(sandbox / "out")]}, hook=Broken())
    with pytest.raises(CapabilityDenied, match="hook failed"):
        ext.call("write", "w.txt", "x")
    assert not (sandbox / "out" / "w.txt").exists()


def test_warn_allows_and_tells_the_host(sandbox, load, caplog):
    hook = _Fixed(Decision(True, "warn", "unusual"))
    ext = load(WRITE, grants={"fs.read": [str(sandbox / "data")]}, hook=hook)
    with caplog.at_level(logging.WARNING, logger="frankenengine.host"):
        assert ext.call("read", "a.txt") == "alpha\nbeta\n"
    assert "unusual" in caplog.text


def test_argument_errors_are_not_host_calls(sandbox, load):
    hook = RecordingHook()
    ext = load(WRITE, grants={"fs.write": [str(sandbox / "out")]}, hook=hook)
    with pytest.raises(TypeError):
        ext.call("write", "w.txt", 5)
    with pytest.raises(TypeError):
        ext.call("write", None, "x")
    assert hook.events == [] and ext.host_events() == []
    bridge = HostBridge("x")
    read = bridge.builtins()["host.fs.read_text"]
    with pytest.raises(TypeError, match="missing a required argument"):
        read()
    with pytest.raises(TypeError, match="unexpected keyword"):
        read("a", mode="r")
    assert bridge.events == []


def test_results_are_charged_to_the_run_memory(sandbox, load):
    (sandbox / "data" / "big.txt").write_text("x" * (1 << 20))
    ext = load(WRITE, grants={"fs.read": [str(sandbox / "data")]}, limits=Limits(memory=256 << 10))
    with pytest.raises(MemoryLimitExceeded):
        ext.call("read", "big.txt")


def test_bridge_accepts_a_mapping_and_counts_per_extension(sandbox):
    a = HostBridge("a", {"fs.read": ["data"]}, base_dir=sandbox)
    b = HostBridge("b", {"fs.read": ["data"]}, base_dir=sandbox)
    read_a, read_b = a.builtins()["host.fs.read_text"], b.builtins()["host.fs.read_text"]
    read_a("a.txt")
    with pytest.raises(CapabilityDenied):
        read_a("../outside/secret.txt")
    read_b("a.txt")
    assert [e.seq for e in a.events] == [0, 1] and [e.seq for e in b.events] == [0]
    assert [e.extension for e in a.events] == ["a", "a"]
    assert read_a.__name__ == "read_text"


@EVERY_LANE
def test_top_level_code_calls_the_host_under_the_grants(sandbox, load):
    source = "from host import fs\n\nCONFIG = fs.read_text('a.txt')\n\ndef config():\n    return CONFIG\n"
    ext = load(source, grants={"fs.read": [str(sandbox / "data")]})
    assert ext.call("config") == "alpha\nbeta\n"
    assert [(e["seq"], e["line"]) for e in ext.host_events()] == [(0, 3)]
    with pytest.raises(CapabilityDenied):
        load(source)
