"""proc through the engine, with real processes.

Granted executables run directly (no shell), with PATH=/usr/bin:/bin only,
in the working directory; anything else is refused before a process starts,
which the tests show with marker files a started process would create.
"""

from __future__ import annotations

import os
import time

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import CapabilityDenied, DeadlineExceeded, Limits

PROC = """
from host import proc

def run(argv, data="", timeout=10.0):
    return proc.run(argv, data, timeout)

def probe(argv):
    try:
        proc.run(argv)
    except CapabilityDenied:
        return "denied"
    return "ran"

def timed(argv, timeout):
    try:
        proc.run(argv, timeout=timeout)
    except TimeoutError:
        return "timeout"
    return "finished"
"""


@pytest.fixture
def fake_echo(sandbox):
    """An executable named echo in data/ and in bin/ that would leave a marker file."""
    marker = sandbox / "marker"
    paths = []
    for folder in (sandbox / "data", sandbox / "bin"):
        folder.mkdir(exist_ok=True)
        path = folder / "echo"
        path.write_text(f"#!/bin/sh\ntouch {marker}\n")
        path.chmod(0o755)
        paths.append(path)
    return marker, paths


def test_granted_executables_run(sandbox, load):
    ext = load(
        PROC,
        grants={
            "fs.read": [str(sandbox / "data")],
            "proc.run": ["/bin/echo", "cat", "/usr/bin/env", "/bin/pwd"],
        },
    )
    assert ext.call("run", ["/bin/echo", "hi", "$HOME", "a b"]) == {
        "code": 0,
        "stdout": "hi $HOME a b\n",
        "stderr": "",
    }
    assert ext.call("run", ["cat"], "piped\ninput") == {
        "code": 0,
        "stdout": "piped\ninput",
        "stderr": "",
    }
    assert ext.call("run", ["/usr/bin/env"])["stdout"] == "PATH=/usr/bin:/bin\n"
    assert ext.call("run", ["/bin/pwd"])["stdout"] == os.path.realpath(sandbox / "data") + "\n"
    result = ext.call("run", ["cat", "no-such-file"])
    assert result["code"] != 0 and "no-such-file" in result["stderr"]


def test_big_input_and_output(load):
    ext = load(PROC, grants={"proc.run": ["/bin/cat"]})
    text = "line of text\n" * 50_000
    assert ext.call("run", ["/bin/cat"], text)["stdout"] == text


@EVERY_LANE
def test_ungranted_executables_never_start(sandbox, load, fake_echo):
    marker, (in_data, in_bin) = fake_echo
    ext = load(PROC, grants={"fs.read": [str(sandbox / "data")], "proc.run": ["echo"]})
    assert ext.call("run", ["echo", "ok"])["stdout"] == "ok\n"  # the resolved /usr/bin/echo
    assert not marker.exists()
    for argv in (
        [str(in_bin)],  # same name elsewhere
        [str(in_data)],
        ["./echo"],  # relative to the working directory, where a fake echo sits
        ["/usr/bin/echo"],  # not the string granted
        ["/bin/sh", "-c", f"touch {marker}"],
        ["sh", "-c", f"touch {marker}"],
        ["echo/../echo"],
        ["ECHO"],
    ):
        assert ext.call("probe", argv) == "denied", argv
    assert not marker.exists()


@EVERY_LANE
def test_nothing_granted(sandbox, load):
    marker = sandbox / "marker"
    ext = load(PROC)
    with pytest.raises(CapabilityDenied):
        ext.call("run", ["/bin/sh", "-c", f"touch {marker}"])
    assert not marker.exists()


def test_shell_only_when_granted(sandbox, load):
    marker = sandbox / "marker"
    ext = load(PROC, grants={"proc.run": ["/bin/sh"]})
    assert ext.call("run", ["/bin/sh", "-c", f"touch {marker}; echo $0"])["stdout"] == "/bin/sh\n"
    assert marker.exists()


def test_timeout_kills_the_child(sandbox, load):
    ext = load(PROC, grants={"proc.run": ["/bin/sleep", "/bin/sh"]})
    assert ext.call("timed", ["/bin/sleep", "5"], 0.3) == "timeout"
    # a grandchild holding the pipes open is killed with its process group
    marker = sandbox / "late"
    script = f"(sleep 0.4; touch {marker}) & wait"
    assert ext.call("timed", ["/bin/sh", "-c", script], 0.2) == "timeout"
    time.sleep(0.6)  # a grandchild left alive would have touched the marker by now
    assert not marker.exists()


def test_deadline_caps_the_timeout(load):
    ext = load(PROC, grants={"proc.run": ["/bin/sleep"]}, limits=Limits(deadline=0.3))
    with pytest.raises(DeadlineExceeded):
        ext.call("timed", ["/bin/sleep", "5"], 10.0)
    # The run's timeout was the deadline's: a child let run its 5 s would have ended "ok".
    outcomes = [(e["function"], e["outcome"]) for e in ext.host_events()]
    assert outcomes == [("proc.run", "TimeoutError")]


def test_output_is_capped():
    from frankenengine.host import HostBridge

    bridge = HostBridge("x", {"proc.run": ["/bin/cat"]}, max_output_bytes=1000)
    run = bridge.builtins()["host.proc.run"]
    with pytest.raises(OSError, match="exceeds 1000 bytes"):
        run(["/bin/cat"], "x" * 5000)


def test_bad_arguments(load):
    ext = load(PROC, grants={"proc.run": ["/bin/echo"]})
    with pytest.raises(ValueError, match="must not be empty"):
        ext.call("run", [])
    with pytest.raises(TypeError, match="str items"):
        ext.call("run", ["/bin/echo", 1])
    with pytest.raises(TypeError, match="list or tuple"):
        ext.call("run", "/bin/echo")
    with pytest.raises(ValueError, match="null byte"):
        ext.call("run", ["/bin/echo", "a\0b"])
