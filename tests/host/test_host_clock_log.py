"""clock and log through the engine: real time, sleeps bounded by the deadline, structured logs."""

from __future__ import annotations

import logging
import time

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import CapabilityDenied, DeadlineExceeded, Limits
from frankenengine.host import HostBridge

CLOCK = """
from host import clock, log

def now():
    return [clock.time(), clock.monotonic()]

def nap(seconds):
    clock.sleep(seconds)
    return "woke"

def swallow(seconds):
    try:
        clock.sleep(seconds)
    except Exception:
        return "caught"
    return "woke"

def say(message):
    log.info(message)
    log.warn("careful")
    return log.error("bad")
"""


def test_clock(load):
    ext = load(CLOCK, grants={"clock": []})
    before = time.time()
    wall, mono = ext.call("now")
    assert type(wall) is float and before <= wall <= time.time()
    assert type(mono) is float and mono <= time.monotonic()
    start = time.monotonic()
    assert ext.call("nap", 0.05) == "woke"
    # A lower bound: load only lengthens a sleep, so this cannot fail on a busy machine.
    assert time.monotonic() - start >= 0.05
    with pytest.raises(ValueError):
        ext.call("nap", -1)
    with pytest.raises(TypeError):
        ext.call("nap", "1")


def test_sleep_is_bounded_by_the_deadline(load):
    ext = load(CLOCK, grants={"clock": []}, limits=Limits(deadline=0.2))
    with pytest.raises(DeadlineExceeded):
        ext.call("swallow", 30)  # an engine error: `except Exception` does not catch it
    # The sleep itself ended at the deadline: a 30 s sleep that ran out would be "ok".
    outcomes = [(e["function"], e["outcome"]) for e in ext.host_events()]
    assert outcomes == [("clock.sleep", "DeadlineExceeded")]
    assert ext.call("nap", 0.01) == "woke"  # the next call has its own deadline


@EVERY_LANE
def test_clock_and_log_need_grants(load):
    ext = load(CLOCK)
    with pytest.raises(CapabilityDenied):
        ext.call("now")
    with pytest.raises(CapabilityDenied):
        ext.call("say", "hi")


def test_log_goes_to_the_host_logger(load, caplog):
    ext = load(CLOCK, grants={"log": []})
    with caplog.at_level(logging.INFO, logger="frankenengine.extension"):
        assert ext.call("say", "100% %s done") is None
    records = [r for r in caplog.records if r.name == "frankenengine.extension"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("INFO", "100% %s done"),
        ("WARNING", "careful"),
        ("ERROR", "bad"),
    ]
    first = CLOCK.splitlines().index("    log.info(message)") + 1
    assert [(r.extension, r.line) for r in records] == [("ext", first + i) for i in range(3)]
    assert [r.seq for r in records] == [0, 1, 2]


def test_log_to_a_host_callable():
    seen = []
    bridge = HostBridge("plug", {"log": []}, logger=lambda *args: seen.append(args))
    bridge.builtins()["host.log.warn"]("hello")
    assert seen == [("warn", "hello", {"extension": "plug", "line": 0, "seq": 0})]
