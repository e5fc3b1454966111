"""Features of hand-made event streams: sensitivity, flows, destinations, spawns, rhythm, files."""

from __future__ import annotations

import pytest
from sentinel_fixtures import Stream

from frankenengine.sentinel.content import Observation
from frankenengine.sentinel.features import (
    EVENT_FEATURES,
    GAP_FUEL,
    STATE_FEATURES,
    FeatureState,
    bucket,
)
from frankenengine.sentinel.sensitivity import classify

API = "http://127.0.0.1:8080"


def _run(stream: Stream, declared=None, observations=None):
    state = FeatureState(declared)
    observations = observations or {}
    out = []
    for e in stream.events:
        out.append(state.update(e, observations.get(e.seq, Observation())))
    return out


@pytest.mark.parametrize(
    "capability, target, expected",
    [
        ("fs.read", "/home/u/.ssh/id_rsa", "secret"),
        ("fs.read", "/home/u/.ssh/id_ed25519.pub", "config"),
        ("fs.read", "/home/u/.ssh/known_hosts", "config"),
        ("fs.read", "/home/u/.aws/credentials", "secret"),
        ("fs.read", "/srv/app/.env", "secret"),
        ("fs.read", "/srv/app/.env.production", "secret"),
        ("fs.read", "/etc/shadow", "secret"),
        ("fs.read", "/srv/tls/server.key", "secret"),
        ("fs.read", "/home/u/.gnupg/private-keys-v1.d/x", "secret"),
        ("fs.read", "/etc/passwd", "config"),
        ("fs.read", "/home/u/.bash_history", "config"),
        ("fs.read", "/srv/data/report.csv", "none"),
        ("fs.read", "/srv/data/environment.txt", "none"),
        ("env.read", "GITHUB_TOKEN", "secret"),
        ("env.read", "AWS_SECRET_ACCESS_KEY", "secret"),
        ("env.read", "DB_PASSWORD", "secret"),
        ("env.read", "STRIPE_API_KEY", "secret"),
        ("env.read", "PATH", "none"),
        ("env.read", "PWD", "none"),
        ("env.read", "KEYBOARD_LAYOUT", "none"),
        ("net.http", "http://169.254.169.254:80/latest/meta-data/iam", "secret"),
        ("net.http", "http://127.0.0.1:8080/x", "none"),
        ("clock", "", "none"),
    ],
)
def test_target_sensitivity(capability, target, expected):
    assert classify(capability, target) == expected


def test_every_feature_value_is_in_its_vocabulary():
    s = Stream()
    s.add("fs.list_dir", "/home/u/.ssh")
    s.add("fs.read_text", "/home/u/.ssh/id_rsa")
    s.add("env.get", "HOME", granted=False)
    s.add("net.post", f"{API}/u", bytes_out=300)
    s.add("proc.run", "/bin/sh")
    s.add("clock.sleep", time=0.5)
    s.add("clock.time", time=3.0)
    s.add("fs.remove", "/out/x")
    for features in _run(s, observations={3: Observation("plain", "body")}):
        assert set(features.event) == set(EVENT_FEATURES)
        assert set(features.state) == set(STATE_FEATURES)
        for name, value in features.event.items():
            assert value in EVENT_FEATURES[name], (name, value)
        for name, value in features.state.items():
            assert value in STATE_FEATURES[name], (name, value)


def test_data_flow_from_a_secret_to_the_network():
    s = Stream()
    s.add("net.get", f"{API}/hello")
    s.add("fs.read_text", "/home/u/.ssh/id_rsa")
    s.add("net.post", f"{API}/u", bytes_out=400)
    s.add("net.post", f"{API}/u", bytes_out=400)
    s.add("net.post", f"{API}/u", bytes_out=400)
    seen = {3: Observation("plain", "body"), 4: Observation("encoded", "url")}
    f = _run(s, observations=seen)
    assert [x.event["flow"] for x in f] == ["out", "none", "tainted", "leak", "leak_encoded"]
    assert f[1].event["target"] == "secret" and f[1].state["secret_reads"] == "1"
    assert f[4].state["leaks"] == "2+" and f[4].state["tainted_out"] == "1"


def test_a_secret_in_an_authorization_header_is_its_own_flow():
    s = Stream()
    s.add("env.get", "API_TOKEN")
    s.add("net.get", f"{API}/items")
    f = _run(s, observations={1: Observation("plain", "auth")})
    assert f[1].event["flow"] == "leak_auth"
    assert f[1].state["auth_leaks"] == "1+" and f[1].state["leaks"] == "0"


def test_a_refused_secret_read_does_not_taint_what_follows():
    s = Stream()
    s.add("fs.read_text", "/home/u/.ssh/id_rsa", granted=False)
    s.add("net.post", f"{API}/u")
    f = _run(s)
    assert f[1].event["flow"] == "out"
    assert f[1].state["secret_reads"] == "1" and f[1].state["denied"] == "1"
    assert f[0].event["granted"] == "no"


def test_destinations_known_new_and_undeclared():
    s = Stream()
    s.add("net.get", f"{API}/a")
    s.add("net.get", f"{API}/b")
    s.add("net.post", "http://127.0.0.1:9999/x")
    s.add("fs.write_text", "/srv/out/a.txt")
    s.add("fs.write_text", "/srv/out/b.txt")
    s.add("fs.write_text", "/tmp/elsewhere/c.txt")
    s.add("proc.run", "/usr/bin/cc")
    s.add("proc.run", "/bin/sh")
    declared = {"net.http": ["127.0.0.1:8080"], "fs.write": ["/srv/out"], "proc.run": ["cc"]}
    f = _run(s, declared)
    dest = [x.event["dest"] for x in f]
    assert dest == [
        "new",
        "known",
        "undeclared",
        "new",
        "known",
        "undeclared",
        "known",
        "undeclared",
    ]
    assert f[-1].state["undeclared"] == "2+" and f[-1].state["destinations"] == "1"
    # without a manifest, everything granted is declared
    assert [x.event["dest"] for x in _run(s)][2] == "new"


def test_spawns_tool_shell_and_dropper():
    s = Stream()
    s.add("proc.run", "/usr/bin/cc")
    s.add("proc.run", "/usr/bin/python3")
    s.add("fs.write_text", "/srv/out/run.sh")
    s.add("proc.run", "/bin/sh")  # its argv names run.sh: the content watch says so
    s.add("fs.write_text", "/srv/out/tool")
    s.add("proc.run", "/srv/out/tool")  # runs what it wrote, seen from the events alone
    s.add("proc.run", "/bin/sh")  # sh -c CODE
    s.add("proc.run", "/bin/sh")  # a script downloaded then run
    s.add("proc.run", "/usr/bin/python3")  # python3 -c with a socket
    s.add("proc.run", "/usr/bin/python3")  # a helper it wrote that imports os
    seen = {
        3: Observation(dropped=True),
        6: Observation(spawn="inline"),
        7: Observation(dropped=True, spawn="fetched"),
        8: Observation(spawn="connect"),
        9: Observation(dropped=True, spawn="escape"),
    }
    f = _run(s, observations=seen)
    assert [x.event["spawn"] for x in f] == [
        "tool",
        "shell",
        "none",
        "written",
        "none",
        "written",
        "inline",
        "fetched",
        "connect",
        "escape",
    ]
    assert f[1].state["spawn"] == "shell" and f[5].state["spawn"] == "written"
    assert f[-1].state["spawn"] == "connect"  # the strongest spawn so far


def test_cpu_burn_without_output_and_mining_shares():
    s = Stream()
    s.add("net.get", f"{API}/job", fuel=10)
    s.add("clock.time", fuel=60_000)  # reading the clock is not output
    s.add("net.post", f"{API}/beat", fuel=60_020)  # 60,010 fuel since the last output
    s.add("net.post", f"{API}/share", fuel=60_030)  # right after: no burn, but burnt before
    s.add("log.info", fuel=66_000)
    s.add("net.post", f"{API}/login", fuel=66_010)
    f = _run(s, observations={3: Observation(share=True), 5: Observation(share=True)})
    assert [x.event["burn"] for x in f] == ["none", "none", "heavy", "none", "light", "none"]
    assert [x.event["share"] for x in f] == ["no", "no", "no", "yes", "no", "yes"]
    assert f[2].state["burns"] == "1" and f[3].state["shares"] == "1+"
    # the same vocabulary without any CPU burn is only vocabulary (an OAuth nonce)
    quiet = Stream()
    quiet.add("net.post", f"{API}/authorize", fuel=40)
    g = _run(quiet, observations={0: Observation(share=True)})
    assert (g[0].event["share"], g[0].state["shares"]) == ("vocab", "0")


def test_gaps_beacons_and_bursts():
    """Gaps and bursts are measured in fuel, not on the clock: a loaded machine or a slow
    lane gives the same features as a fast one."""
    s = Stream()
    for i in range(30):  # a burst: 30 calls within 300 fuel units
        s.add("fs.read_text", f"/d/{i}", fuel=i * 10)
    s.add("net.post", f"{API}/b", fuel=290 + GAP_FUEL)  # after CPU work: busy, a beacon
    s.add("clock.sleep", fuel=300 + GAP_FUEL)
    s.add("net.post", f"{API}/b", fuel=301 + GAP_FUEL)  # right after a sleep
    f = _run(s)
    assert f[29].state["burst"] == "20-99" and f[0].state["burst"] == "<20"
    assert (f[30].event["gap"], f[30].event["beacon"]) == ("busy", "yes")
    assert (f[32].event["gap"], f[32].event["beacon"]) == ("slept", "yes")
    assert f[32].state["beacons"] == "2+"
    assert f[1].event["gap"] == "short"
    slow = Stream()  # the same calls, seconds apart
    for e in s.events:
        slow.add(e.function, e.target, fuel=e.fuel, time=e.seq * 3.0)
    assert [x.to_json() for x in _run(slow)] == [x.to_json() for x in f]


def test_new_actions_after_reading_the_wall_clock():
    s = Stream()
    s.add("fs.remove", "/srv/out/a")  # before the clock: not time-triggered
    s.add("clock.time")
    s.add("fs.remove", "/srv/out/b")  # removing again: not new
    s.add("net.post", f"{API}/x")  # new after the clock
    f = _run(s)
    assert [x.event["clock"] for x in f] == ["no", "no", "no", "yes"]
    assert f[-1].state["clock_novel"] == "1"


def test_file_changes_edit_garble_remove_rename_and_mass():
    s = Stream()
    s.add("fs.read_text", "/srv/out/doc.txt")
    s.add("fs.write_text", "/srv/out/doc.txt")  # an edit of a file it read
    s.add("fs.write_text", "/srv/out/doc.txt")  # garbled, says the content watch
    s.add("fs.rename", "/srv/docs/keep.txt", other=("/srv/docs/keep.locked",))
    s.add("fs.remove", "/srv/out/old.txt")  # lost
    s.add("fs.write_text", "/srv/out/new.txt")
    s.add("fs.append_text", "/srv/out/log.txt")
    s.add("fs.remove", "/srv/out/new.txt")  # its own
    s.add("fs.remove", "/srv/cache/x.tmp")  # temporary
    s.add("fs.remove", "/srv/docs/a.md")  # copied elsewhere first, says the content watch
    s.add("fs.rename", "/srv/out/log.txt", other=("/srv/out/log.1",))  # its own
    for i in range(20):
        s.add("fs.write_text", f"/srv/out/f{i}")
    seen = {2: Observation(garbled=True), 9: Observation(saved=True)}
    f = _run(s, observations=seen)
    assert [x.event["change"] for x in f[:11]] == [
        "none",
        "edit",
        "garble",
        "rename",
        "remove",
        "create",
        "append",
        "remove_own",
        "remove_temp",
        "remove_saved",
        "create",
    ]
    assert f[1].event["mass"] == "1" and f[5].event["mass"] == "2-5"
    assert f[-1].event["mass"] == "21+" and f[-1].state["changed"] == "21+"
    assert f[4].state["destroyed"] == "1-3" and f[4].state["garbled"] == "1"
    assert f[4].state["lost"] == "1-3" and f[-1].state["lost"] == "1-3"


def test_recon_counts_variables_and_listings():
    s = Stream()
    for name in ("USER", "HOME", "PATH", "SHELL", "LANG"):
        s.add("env.get", name)
    for d in ("/", "/etc", "/home", "/home/u"):
        s.add("fs.list_dir", d)
    s.add("fs.read_text", "/etc/passwd")
    f = _run(s)
    assert f[-1].state["env_vars"] == "4-10"
    assert f[-1].state["listings"] == "1-5"
    assert f[-1].state["config_reads"] == "1-2"


def test_features_are_deterministic():
    s = Stream()
    s.add("fs.read_text", "/home/u/.aws/credentials")
    s.add("net.post", f"{API}/x", time=2.0)
    s.add("proc.run", "/bin/bash", time=2.5)
    first = [x.to_json() for x in _run(s)]
    assert first == [x.to_json() for x in _run(s)]


def test_buckets():
    labels = ("0", "1", "2-3", "4+")
    assert [bucket(n, labels) for n in (0, 1, 2, 3, 4, 99)] == ["0", "1", "2-3", "2-3", "4+", "4+"]
    assert [bucket(n, ("<20", "20-99", "100+")) for n in (0, 19, 20, 99, 100)] == [
        "<20",
        "<20",
        "20-99",
        "20-99",
        "100+",
    ]
