"""The deterministic fallback: a fixed rule table, used when the model cannot decide.

The sentinel decides by these rules ("rules" mode in the ledger) when its
model is turned off, missing, unusable (`ModelError`: stale features, too
few training traces) or fails while deciding. `decide(features)` walks
RULES in order and returns the first match's (action, reason); no match is
("allow", "no rule matched"). Rules read the same features as the model
(features.py) and nothing else.

Invariants: pure and deterministic; the table is ordered strongest first
so a call matching several rules gets the strongest; every rule is written
for a concrete attack (exfiltration, dropper, sandbox escape, reverse
shell, miner, wiper, time bomb, probing), and benign behaviour (reading
config, calling an API without secrets, running a granted tool) matches
none.
"""

from __future__ import annotations

from collections.abc import Callable

from frankenengine.sentinel.features import Features

Rule = tuple[str, Callable[[dict, dict], bool], str, str]  # name, predicate, action, reason

_NET = ("net.get", "net.send", "net.other")
_DESTRUCTIVE = ("garble", "remove", "rename")

RULES: tuple[Rule, ...] = (
    (
        "secret-leaves",
        lambda e, s: e["flow"] in ("leak", "leak_encoded"),
        "terminate",
        "a secret it read is leaving",
    ),
    (
        "reverse-shell",
        lambda e, s: e["spawn"] == "connect",
        "terminate",
        "runs code that opens a connection",
    ),
    (
        "download-execute",
        lambda e, s: e["spawn"] == "fetched",
        "terminate",
        "runs code it downloaded",
    ),
    (
        "sandbox-escape",
        lambda e, s: e["spawn"] == "escape",
        "terminate",
        "runs code that uses the host's operating system",
    ),
    (
        "dropper",
        lambda e, s: e["spawn"] == "written",
        "terminate",
        "runs a file it wrote",
    ),
    (
        "mining-share",
        lambda e, s: e["share"] == "yes",
        "terminate",
        "sends a mining share after burning CPU",
    ),
    (
        "recon-out",
        lambda e, s: e["flow"] == "recon",
        "terminate",
        "sends out where credentials are kept",
    ),
    (
        "encryptor",
        lambda e, s: e["change"] == "garble" and s["garbled"] != "0",
        "terminate",
        "replaces files it read by something unlike them",
    ),
    (
        "exfiltration",
        lambda e, s: e["flow"] == "tainted" and e["op"] in _NET,
        "terminate",
        "sends data out after reading a secret",
    ),
    (
        "shell-after-secret",
        lambda e, s: e["spawn"] == "shell" and s["secret_reads"] != "0",
        "terminate",
        "starts a shell after reading a secret",
    ),
    (
        "wiper",
        lambda e, s: e["change"] in _DESTRUCTIVE and s["destroyed"] == "21+",
        "terminate",
        "rewrites, removes or renames many files",
    ),
    (
        "time-bomb",
        lambda e, s: e["clock"] == "yes" and e["change"] in _DESTRUCTIVE,
        "sandbox",
        "destroys files right after reading the clock",
    ),
    (
        "tainted-output",
        lambda e, s: e["flow"] == "tainted",
        "sandbox",
        "hands data to a process or a file after reading a secret",
    ),
    (
        "many-destroyed",
        lambda e, s: e["change"] in _DESTRUCTIVE and s["destroyed"] == "4-20",
        "sandbox",
        "rewrites, removes or renames several files",
    ),
    (
        "probing",
        lambda e, s: e["granted"] == "no" and s["denied"] == "4+",
        "sandbox",
        "keeps trying what it was not granted",
    ),
    (
        "ungranted",
        lambda e, s: e["granted"] == "no",
        "warn",
        "outside the grants",
    ),
    (
        "secret-in-auth",
        lambda e, s: e["flow"] == "leak_auth",
        "warn",
        "sends a secret it read as credentials",
    ),
    (
        "beacon",
        lambda e, s: e["beacon"] == "yes" and s["beacons"] == "2+",
        "warn",
        "calls out again after idling",
    ),
    (
        "shell",
        lambda e, s: e["spawn"] in ("shell", "inline"),
        "warn",
        "starts a shell or an interpreter",
    ),
)


def decide(features: Features) -> tuple[str, str, str]:
    """(action, reason, rule name) of the first rule that matches `features`."""
    for name, predicate, action, reason in RULES:
        if predicate(features.event, features.state):
            return action, reason, name
    return "allow", "no rule matched", ""
