"""The sentinel in the engine: on by default, off on request, silent on benign extensions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sentinel_fixtures import Stream, traced_lines

from frankenengine import Engine, Sentinel, SentinelConfig
from frankenengine.sentinel import AllowGranted, QuarantineList, RecordingHook
from frankenengine.sentinel.quarantine import QuarantineError, default_state_dir

LOGSTATS = Path(__file__).resolve().parents[2] / "examples" / "logstats"


def test_the_engine_watches_every_extension_by_default(tmp_path):
    engine = Engine(lane="interp", state_dir=tmp_path)
    ext = engine.load("def f():\n    return 1\n")
    assert isinstance(ext.sentinel, Sentinel)
    assert ext.sentinel.mode == "model"  # the shipped, fitted model
    assert ext.sentinel_report() == {"action": "allow", "posterior": 0.01, "ledger": None}
    other = engine.load("def f():\n    return 2\n")
    assert other.sentinel is not ext.sentinel  # one per extension


def test_the_host_can_turn_it_off_or_configure_it(tmp_path):
    off = Engine(lane="interp", sentinel=None, state_dir=tmp_path).load("def f():\n    return 1\n")
    assert off.sentinel is None and off.sentinel_report() is None
    config = SentinelConfig(prior=0.2, ledger=tmp_path / "l.jsonl")
    ext = Engine(lane="interp", sentinel=config, state_dir=tmp_path).load(
        "from host import clock\n\ndef f():\n    return clock.time() > 0\n", grants={"clock": []}
    )
    assert ext.call("f") is True
    ext.close()
    assert ext.sentinel.prior == 0.2
    assert ext.sentinel_report()["ledger"] == str(tmp_path / "l.jsonl")
    assert (tmp_path / "l.jsonl").read_text().count("\n") == 3  # start, decision, end


def test_a_hook_given_to_load_replaces_the_engine_sentinel(tmp_path):
    hook = RecordingHook()
    ext = Engine(lane="interp", state_dir=tmp_path).load(
        "from host import clock\n\ndef f():\n    return clock.time() > 0\n",
        grants={"clock": []},
        hook=hook,
    )
    assert ext.call("f") is True and ext.sentinel is None and len(hook.events) == 1


def test_benign_logstats_is_not_disturbed(tmp_path, monkeypatch):
    monkeypatch.chdir(LOGSTATS.parents[1])
    engine = Engine(state_dir=tmp_path)
    package = engine.load_package(LOGSTATS)
    grants = {cap: list(scopes) for cap, scopes in package.manifest.capabilities.items()}
    ext = engine.load_package(LOGSTATS, grants=grants)
    result = ext.call("main")
    assert result
    assert ext.sentinel.strongest_action == "allow", ext.sentinel.report()
    assert all(e["action"] == "allow" for e in ext.host_events())
    assert ext.sentinel.declared == {"fs.read": [str(LOGSTATS / "data")]}


def test_benign_events_match_the_grants_alone(tmp_path, home, server):
    """With the sentinel on, a benign extension's decisions are exactly the grants' ones."""
    source = """from host import fs, net, env, log

def main(base):
    got = [fs.read_text("data/a.txt"), fs.list_dir("data")]
    got.append(net.get(base + "/x")["status"])
    got.append(env.get("LANG", "C"))
    try:
        fs.read_text("/etc/hostname")
    except PermissionError:
        got.append("denied")
    log.info("done")
    return got
"""
    grants = {
        "fs.read": [str(tmp_path)],
        "net.http": [f"127.0.0.1:{server.port}"],
        "env.read": ["LANG"],
        "log": [],
    }
    results = []
    for hook in (None, AllowGranted()):
        ext = Engine(lane="interp", state_dir=tmp_path).load(source, grants=grants, hook=hook)
        results.append((ext.call("main", server.base), _timeless(ext.host_events())))
    assert results[0] == results[1]


def _timeless(events):
    return [{k: v for k, v in e.items() if k != "time"} for e in events]


def test_quarantine_list_file(tmp_path):
    store = QuarantineList(tmp_path / "state")
    assert store.entries() == {} and not store.contains("d1")
    store.add("d1", "ext", "malicious")
    store.add("d2", "other", "malicious")
    assert QuarantineList(tmp_path / "state").contains("d1")
    assert store.release("d1") and not store.release("d1")
    assert list(store.entries()) == ["d2"]
    store.path.write_text("{broken")
    with pytest.raises(QuarantineError, match="malformed"):
        store.entries()
    with pytest.raises(QuarantineError):
        Engine(state_dir=tmp_path / "state").load("def f():\n    return 1\n")


def test_default_state_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("FRANKEN_STATE_DIR", str(tmp_path / "x"))
    assert default_state_dir() == tmp_path / "x"
    monkeypatch.delenv("FRANKEN_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert default_state_dir() == tmp_path / "xdg" / "frankenengine"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert default_state_dir() == Path.home() / ".local" / "state" / "frankenengine"


def test_a_failing_sentinel_refuses_the_call(tmp_path):
    class Failing(Sentinel):
        def decide_content(self, event, content):
            raise RuntimeError("bug")

    ext = Engine(lane="interp", state_dir=tmp_path).load(
        "from host import clock\n\ndef f():\n    return clock.time()\n",
        grants={"clock": []},
        hook=Failing(),
    )
    with pytest.raises(PermissionError, match="hook failed"):
        ext.call("f")


# Python lines one decision may run: about 400 today (a model decision, features, the
# e-process); a slow path (a scan of the history, a re-read model) is many times that.
LINES_PER_DECISION = 1500


def test_the_work_per_host_call_is_small_and_flat(hostile_model):
    """Not a benchmark (benchmarks/test_sentinel.py times the cost per call): a guard against
    a slow path sneaking in, counted in Python lines run per decision (the same on any
    machine, however loaded). The 500 decisions after 2500 earlier events cost what the
    first 500 did (no work that grows with the history), and none costs more than
    LINES_PER_DECISION."""
    s = Stream()
    for i in range(3000):
        s.add("fs.read_text", f"/srv/data/f{i % 40}.txt", time=i * 0.001)
    sentinel = Sentinel()
    lines = [
        traced_lines(lambda e=e: sentinel.decide_content(e, {"path": e.target})) for e in s.events
    ]
    early, late = sum(lines[500:1000]), sum(lines[-500:])
    assert late <= 1.1 * early, (early, late)
    assert max(lines) <= LINES_PER_DECISION, max(lines)
