"""`franken run` of the malicious example `examples/exfiltrate`: contained, and says so.

The example (a log uploader that posts the credentials of its `data/.env`)
runs in process through `cli.main` from the repository root, pointed by
`--args` at a real loopback HTTP server that counts every connection. With
the default sentinel the run is stopped (exit 4) before a connection is
made, stderr names the action, the call and the ledger, and the ledger
verifies and replays; without the sentinel the same run delivers the
secret (so the server would have seen a leak). Without `--ledger` the
ledger goes to `<state dir>/ledgers/`, and stays only if the sentinel acted.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from franken_cli import line_of, run

from frankenengine.sentinel import DEFAULT_LOSS

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/exfiltrate"
SECRETS = {
    name: value
    for name, _, value in (
        line.partition("=")
        for line in (REPO / EXAMPLE / "data" / ".env").read_text().splitlines()
        if not line.startswith("#")
    )
    if name in ("AWS_SECRET_ACCESS_KEY", "DEPLOY_TOKEN")
}


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.path, self.rfile.read(length).decode()))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.connections = 0
        self.requests: list[tuple[str, str]] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def verify_request(self, request, client_address):
        self.connections += 1
        return True


@pytest.fixture
def collector():
    """A real HTTP server on an ephemeral loopback port: `.base`, `.connections`, `.requests`."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    """Run from the repository root (the manifest's folders are relative to it), with the
    engine's state directory under tmp_path."""
    monkeypatch.chdir(REPO)
    state = tmp_path / "state"
    monkeypatch.setenv("FRANKEN_STATE_DIR", str(state))
    return state


def decisions(ledger: Path) -> list[dict]:
    entries = [json.loads(line) for line in ledger.read_text().splitlines()]
    return [e for e in entries if e["kind"] == "decision"]


def test_the_example_is_contained_before_its_secret_leaves(state_dir, tmp_path, collector, capsys):
    ledger = tmp_path / "run.jsonl"
    code, out, err = run(capsys, "run", EXAMPLE, "--grant-requested", "--ledger", ledger,
                         "--args", json.dumps([collector.base]))  # fmt: skip
    assert code == 4
    assert (collector.connections, collector.requests) == (0, [])
    assert not any(secret in out + err for secret in SECRETS.values())
    stopped = next(d for d in decisions(ledger) if d["action"] == "terminate")
    event = stopped["event"]
    assert (event["function"], event["granted"]) == ("net.post", True)
    assert event["target"].startswith(collector.base + "/")
    post_line = line_of(REPO / EXAMPLE / "upload.py", "net.post(")
    assert event["line"] == post_line
    assert (
        f"franken: sentinel: contained the extension: terminate at host call #{event['seq']} "
        f"(net.post {event['target']}, line {post_line}): "
    ) in err
    assert (
        f"franken: sentinel: ledger {ledger} (verify with: franken ledger verify {ledger})" in err
    )
    assert f"upload.py:{post_line}: ExtensionTerminated: " in err
    code, out, _ = run(capsys, "ledger", "verify", ledger)
    assert code == 0 and out.startswith("ok: ")
    code, out, _ = run(capsys, "ledger", "replay", ledger)
    assert code == 0 and out.startswith("ok: ")


def test_without_the_sentinel_the_example_delivers_the_secret(state_dir, collector, capsys):
    code, out, err = run(capsys, "run", EXAMPLE, "--grant-requested", "--sentinel", "off",
                         "--args", json.dumps([collector.base]))  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("shipped ") and collector.connections == 1
    [(path, body)] = collector.requests
    assert path == "/v1/logs"
    assert all(secret in body for secret in SECRETS.values())
    assert not (state_dir / "ledgers").exists()


def test_a_sandboxed_run_names_the_refused_call_too(state_dir, tmp_path, collector, capsys):
    loss = DEFAULT_LOSS.to_json()  # but stopping costs too much: sandbox is the strongest
    loss |= {stopping: [1000, 1000] for stopping in ("suspend", "terminate", "quarantine")}
    (tmp_path / "loss.json").write_text(json.dumps(loss))
    ledger = tmp_path / "run.jsonl"
    code, out, err = run(capsys, "run", EXAMPLE, "--grant-requested", "--ledger", ledger, "--loss",
                         tmp_path / "loss.json", "--args", json.dumps([collector.base]))  # fmt: skip
    assert code == 0 and "HTTP 0" in out  # it returned: every endpoint refused its post
    assert (collector.connections, collector.requests) == (0, [])
    first = next(d for d in decisions(ledger) if d["action"] == "sandbox")
    assert first["event"]["function"] == "net.post"
    assert (
        f"franken: sentinel: contained the extension: sandbox at host call #{first['seq']} "
        f"(net.post {first['event']['target']}, line {first['event']['line']}): "
        "sandboxed: net.http dropped"
    ) in err
    assert f"franken: sentinel: ledger {ledger} " in err


def test_without_ledger_option_the_ledger_goes_to_the_state_directory(state_dir, capsys):
    code, _, err = run(capsys, "run", EXAMPLE, "--grant-requested")  # the demo command
    [ledger] = (state_dir / "ledgers").iterdir()
    assert code == 4
    assert ledger.name.startswith("exfiltrate-") and ledger.suffix == ".jsonl"
    assert f"franken: sentinel: ledger {ledger} (verify with: " in err
    assert any(d["action"] == "terminate" for d in decisions(ledger))
    assert run(capsys, "ledger", "verify", ledger)[0] == 0
    other = state_dir.parent / "elsewhere"
    code, out, _ = run(capsys, "run", EXAMPLE, "--grant-requested", "--json", "--state-dir", other)
    report = json.loads(out)["sentinel"]
    [ledger] = (other / "ledgers").iterdir()
    assert code == 4 and report["action"] == "terminate" and report["ledger"] == str(ledger)
    assert len(list((state_dir / "ledgers").iterdir())) == 1  # the first run's only


def test_runs_the_sentinel_only_allowed_leave_no_default_ledger(state_dir, tmp_path, capsys):
    code, out, err = run(capsys, "run", "examples/logstats", "--grant-requested", "--json")
    report = json.loads(out)
    assert (code, err) == (0, "")
    assert report["sentinel"]["action"] == "allow" and report["sentinel"]["ledger"] is None
    assert list((state_dir / "ledgers").iterdir()) == []
    ledger = tmp_path / "asked.jsonl"  # a ledger asked for is kept
    code, out, _ = run(capsys, "run", "examples/logstats", "--grant-requested", "--json",
                       "--ledger", ledger)  # fmt: skip
    assert code == 0 and json.loads(out)["sentinel"]["ledger"] == str(ledger)
    assert {d["event"]["function"] for d in decisions(ledger)} == {"fs.list_dir", "fs.read_text"}
    assert run(capsys, "ledger", "verify", ledger)[0] == 0


def test_a_state_directory_that_is_a_file_is_a_usage_error(state_dir, tmp_path, capsys):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    code, out, err = run(capsys, "run", EXAMPLE, "--grant-requested", "--state-dir", not_a_folder)
    assert (code, out) == (64, "")  # its quarantine list cannot be read: nothing runs
    assert err.startswith(f"franken: cannot read {not_a_folder}/")
    assert len(err.splitlines()) == 1
