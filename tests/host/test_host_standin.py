"""The stand-in `host` package: CPython runs the same extension file with the same results.

The extension runs once in the engine and once under CPython (a subprocess,
`standin/` on PYTHONPATH, grants from FRANKEN_GRANTS); results, refusals and
the event streams (apart from times) must be identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from frankenengine import Engine

STANDIN = Path(__file__).resolve().parents[2] / "standin"

EXTENSION = """from host import fs, net, env, proc, clock, log, CapabilityDenied

def main(base):
    got = [fs.read_text("a.txt"), fs.list_dir(""), fs.size("sub/b.txt")]
    got.append(fs.write_text("../out/w.txt", "written"))
    got.append(net.get(base + "/hello")["body"])
    got.append(env.get("STATS_MODE", "none"))
    got.append(proc.run(["/bin/echo", "x"])["code"])
    for probe in ["../outside/secret.txt", "/etc/hostname"]:
        try:
            got.append(fs.read_text(probe))
        except CapabilityDenied as e:
            got.append("denied: " + str(e))
    try:
        fs.read_text("missing.txt")
    except FileNotFoundError as e:
        got.append("missing: " + str(e))
    try:
        env.get("SECRET_TOKEN")
    except PermissionError as e:
        got.append("permission: " + str(e))
    return got
"""


def _grants(sandbox, server):
    return {
        "fs.read": ["data"],
        "fs.write": ["out"],
        "net.http": [f"127.0.0.1:{server.port}"],
        "env.read": ["STATS_*"],
        "proc.run": ["/bin/echo"],
    }


def _timeless(events):
    """Events without what only the engine can know: the clock, and the fuel used (CPython has
    no fuel meter, so the stand-in records 0)."""
    return [{k: v for k, v in e.items() if k not in ("time", "fuel")} for e in events]


def test_cpython_with_the_standin_agrees_with_the_engine(sandbox, server, monkeypatch):
    monkeypatch.setenv("STATS_MODE", "fast")
    monkeypatch.setenv("SECRET_TOKEN", "s3cr3t")
    monkeypatch.chdir(sandbox)  # relative grants are taken against the host's directory
    (sandbox / "ext.py").write_text(EXTENSION)
    base = f"http://127.0.0.1:{server.port}"
    grants = _grants(sandbox, server)

    ext = Engine(lane="interp").load_file(sandbox / "ext.py", grants=grants)
    engine_result = ext.call("main", base)

    script = (
        "import json, sys, ext, host\n"
        f"result = ext.main({base!r})\n"
        "print(json.dumps({'result': result, 'events': host.bridge().host_events()}))\n"
    )
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=os.pathsep.join([str(STANDIN), str(sandbox)]),
        FRANKEN_GRANTS=json.dumps(grants),
        FRANKEN_BASE_DIR=str(sandbox),
        FRANKEN_EXTENSION="ext",
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=sandbox,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    cpython = json.loads(done.stdout)

    assert cpython["result"] == engine_result
    assert engine_result[0] == "alpha\nbeta\n" and engine_result[3] == 7
    assert engine_result[7].startswith("denied: fs.read denied: ")
    assert engine_result[-1].startswith("permission: env.read denied")
    assert _timeless(cpython["events"]) == _timeless(ext.host_events())


def test_configure_in_process(sandbox, monkeypatch):
    monkeypatch.syspath_prepend(str(STANDIN))
    import host

    from frankenengine.sentinel.events import RecordingHook

    hook = RecordingHook()
    host.configure({"fs.read": ["data"]}, sandbox, name="plug", hook=hook)
    assert host.fs.read_text("sub/b.txt") == "bee"
    with pytest.raises(host.CapabilityDenied):
        host.fs.write_text("x.txt", "x")
    with pytest.raises(PermissionError):
        host.clock.time()
    assert [(e.extension, e.function, e.granted) for e in hook.events] == [
        ("plug", "fs.read_text", True),
        ("plug", "fs.write_text", False),
        ("plug", "clock.time", False),
    ]
    assert host.fs.read_text.__name__ == "read_text"
    host.configure()  # back to nothing granted
    with pytest.raises(host.CapabilityDenied):
        host.fs.read_text(str(sandbox / "data" / "a.txt"))
