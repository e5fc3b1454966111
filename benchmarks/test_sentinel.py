"""The sentinel's cost per host call and its overhead on a host-call-heavy benign extension.

Run: .venv/bin/pytest benchmarks/test_sentinel.py --benchmark-only
The tables printed at the end are the result; timings are reported, never
asserted (goal: median cost per host call under 20 us, ledger included).

- Cost per call: the host calls of one real run of `sentinel/logdigest`
  (a benign package: list, read and log 200 small log files, env, clock,
  a write, and a `net.post` to a loopback server every 25 files), recorded
  once with their content (`decide_content`) and returned text
  (`received`), exactly as the bridge passes them; each round feeds the
  whole stream to a fresh `Sentinel` bound to the package as the engine
  binds it, appending its ledger to a new file (as in real use); also
  without a ledger, and by rules. Each host call is timed (median, p90,
  p99 per call), and the median round divided by its host calls is shown too.
- Overhead: the same package run through `Extension.call` (interp lane,
  a fresh extension per round, no network), with `Engine(sentinel=None)`,
  the default sentinel, and the default sentinel with a ledger file; ratios
  against `sentinel=None` in the same run. The runs must stay benign
  (checked: the sentinel allows every call) and give the same digest.
- Content scan of large texts (moved here from the tests, which count the
  lines it runs instead): a `ContentWatch` learns reads of 1 MiB (and of
  4 MiB) with a secret among them, then inspects posts four times bigger,
  the last ending in the secret; the 4 MiB time over the 1 MiB time of the
  same run is shown (linear: about 4).
"""

from __future__ import annotations

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from conftest import SUMMARY_WRITERS, median

from frankenengine import Engine
from frankenengine.sentinel import Decision, HostCallEvent, Sentinel, SentinelConfig
from frankenengine.sentinel.content import ContentWatch

PACKAGE = Path(__file__).parent / "sentinel" / "logdigest"
FILES, LINES_PER_FILE = 200, 20
GRANTS = {
    "fs.read": ["data"],
    "fs.write": ["data/out"],
    "net.http": ["127.0.0.1"],
    "env.read": ["DIGEST_*"],
    "clock": [],
    "log": [],
}
GOAL_PER_CALL = 20e-6
EXPECTED_DIGEST = {
    "files": FILES,
    "lines": FILES * LINES_PER_FILE,
    "errors": sum((i * 7 + j) % 13 == 0 for i in range(FILES) for j in range(LINES_PER_FILE)),
}
ROUNDS = 20

_PER_CALL: dict[str, tuple[float, float]] = {}  # stream runner -> (median, fastest) per call
_RUNS: dict[str, tuple[float, float]] = {}  # extension runner -> (median, fastest) per run
_COUNTS: dict[str, int] = {}  # "stream" / "run" -> host calls


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A work directory with data/logs (FILES small logs) and data/out, made the current
    directory (the manifest's relative folders resolve against it) for the module."""
    work = tmp_path_factory.mktemp("sentinel")
    logs = work / "data" / "logs"
    logs.mkdir(parents=True)
    (work / "data" / "out").mkdir()
    for i in range(FILES):
        lines = [
            f"2024-05-01T09:{i % 60:02d}:{j:02d}Z "
            f"{'ERROR' if (i * 7 + j) % 13 == 0 else 'INFO '} job {i * 100 + j} "
            f"done in {(i * 31 + j * 17) % 900} ms"
            for j in range(LINES_PER_FILE)
        ]
        (logs / f"app-{i:04d}.log").write_text("\n".join(lines) + "\n")
    before = os.getcwd()
    os.chdir(work)
    yield work
    os.chdir(before)


class _Collector(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


class _Recorder:
    """A content hook that allows what the grants allow and records what the bridge shows it:
    ("decide", event, content) before each call, ("received", event, text) after."""

    def __init__(self):
        self.stream: list[tuple[str, object, object]] = []

    def decide_content(self, event, content):
        self.stream.append(("decide", event, content))
        return Decision(event.granted, "allow" if event.granted else "deny")

    def received(self, event, text):
        self.stream.append(("received", event, text))


@pytest.fixture(scope="module")
def stream(workdir):
    """The recorded host calls of one run of the package, with a loopback collector."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        recorder = _Recorder()
        engine = Engine(lane="interp", sentinel=None, state_dir=workdir / "state")
        ext = engine.load_package(PACKAGE, grants=GRANTS, hook=recorder)
        ext.call("main", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    calls = [event for kind, event, _ in recorder.stream if kind == "decide"]
    assert all(event.granted for event in calls)
    assert {event.capability for event in calls} == set(GRANTS)
    _COUNTS["stream"] = len(calls)
    return recorder.stream


def _feed(sentinel: Sentinel, stream, per_call: list[int]) -> Sentinel:
    """Feed the stream; append each host call's cost (its decision and what it returned, in
    nanoseconds) to `per_call`."""
    clock = time.perf_counter_ns
    for kind, event, payload in stream:
        started = clock()
        if kind == "decide":
            sentinel.decide_content(event, payload)
            per_call.append(clock() - started)
        else:
            sentinel.received(event, payload)
            per_call[-1] += clock() - started
    return sentinel


STREAM_RUNNERS = {
    "model + ledger": {"model": "default", "ledger": True},
    "model": {"model": "default", "ledger": False},
    "rules + ledger": {"model": None, "ledger": True},
}


@pytest.mark.parametrize("runner", list(STREAM_RUNNERS))
def test_sentinel_cost_per_host_call(benchmark, workdir, stream, runner):
    settings = STREAM_RUNNERS[runner]
    engine = Engine(lane="interp", sentinel=None, state_dir=workdir / "state")
    ledgers = workdir / "ledgers" / runner.replace(" ", "")
    ledgers.mkdir(parents=True)
    made = []
    per_call: list[int] = []

    def fresh():  # a new Sentinel, bound to the package as the engine binds it
        ledger = ledgers / f"{len(made)}.jsonl" if settings["ledger"] else None
        sentinel = Sentinel(settings["model"], ledger=ledger)
        engine.load_package(PACKAGE, grants=GRANTS, hook=sentinel)
        made.append(sentinel)
        return (sentinel, stream, per_call), {}

    benchmark.group = "sentinel: one recorded run of logdigest, fed to a fresh Sentinel"
    benchmark.pedantic(_feed, setup=fresh, rounds=ROUNDS, warmup_rounds=1)
    for sentinel in made:
        assert sentinel.strongest_action == "allow"
        sentinel.close()
        if sentinel.ledger is not None:
            sentinel.ledger.close()
    seconds = median(benchmark)
    if seconds is not None:
        calls = np.array(per_call[_COUNTS["stream"] :]) * 1e-9  # the warm-up round left out
        _PER_CALL[runner] = (
            float(np.median(calls)),
            float(np.percentile(calls, 90)),
            float(np.percentile(calls, 99)),
            seconds / _COUNTS["stream"],
        )


EXTENSION_RUNNERS = {
    "no sentinel": lambda work: None,
    "sentinel": lambda work: SentinelConfig(),
    "sentinel + ledger": lambda work: SentinelConfig(ledger=str(work / "run-ledger.jsonl")),
}


@pytest.mark.parametrize("runner", list(EXTENSION_RUNNERS))
def test_overhead_on_a_host_call_heavy_extension(benchmark, workdir, runner):
    engine = Engine(
        lane="interp", sentinel=EXTENSION_RUNNERS[runner](workdir), state_dir=workdir / "state"
    )
    loaded = []

    def fresh():  # a new extension (and Sentinel) per run, as a host loads one per use
        loaded.append(engine.load_package(PACKAGE, grants=GRANTS))
        return (loaded[-1], "main"), {}

    benchmark.group = f"logdigest: {FILES} files, interp lane"
    digest = benchmark.pedantic(
        lambda ext, fn: ext.call(fn), setup=fresh, rounds=ROUNDS, warmup_rounds=1
    )
    assert digest == EXPECTED_DIGEST
    for ext in loaded:
        report = ext.sentinel_report()
        assert report is None or report["action"] == "allow"
        assert len(ext.host_events()) == len(loaded[0].host_events())
        ext.close()
    _COUNTS["run"] = len(loaded[0].host_events())
    seconds = median(benchmark)
    if seconds is not None:
        _RUNS[runner] = (seconds, _fastest(benchmark))


SCAN_SIZES = {"1 MiB": 1 << 20, "4 MiB": 1 << 22}
_SCANS: dict[str, float] = {}  # size -> median seconds of one scan
TOKEN = "ghp_Zq81nVbX4LmT0pRs7WcY2eKd9HfJ3aUo"


def _event(function: str, capability: str, operation: str, target: str, seq: int):
    return HostCallEvent(
        extension="bench",
        capability=capability,
        operation=operation,
        target=target,
        bytes_in=0,
        bytes_out=0,
        line=1,
        time=float(seq),
        seq=seq,
        granted=True,
        function=function,
    )


def _scan(size: int) -> str:
    """Learn reads of about `size` characters and a token; inspect two posts of 4x that."""
    watch = ContentWatch()
    read = ("fs.read_text", "fs.read", "read")
    watch.learn(_event(*read, "/srv/data/big.txt", 0), "x" * size)
    watch.learn(_event(*read, "/srv/data/big.txt", 1), "token" * (size // 4))
    watch.learn(_event("env.get", "env.read", "read", "GITHUB_TOKEN", 2), TOKEN)
    url = "http://127.0.0.1:8080/u"
    post = ("net.post", "net.http", "POST", url)
    clean = watch.inspect(_event(*post, 3), {"url": url, "body": "y" * (4 * size)})
    leak = watch.inspect(_event(*post, 4), {"url": url, "body": "z" * (4 * size) + TOKEN})
    return f"{clean.leak}|{leak.leak}"


@pytest.mark.parametrize("size", list(SCAN_SIZES))
def test_content_scan_of_large_texts(benchmark, size):
    benchmark.group = "sentinel: content scan of large texts (linear: 4 MiB about 4x 1 MiB)"
    assert benchmark.pedantic(_scan, args=(SCAN_SIZES[size],), rounds=5) == "|plain"
    seconds = median(benchmark)
    if seconds is not None:
        _SCANS[size] = seconds


def _fastest(benchmark) -> float:
    return benchmark.stats.stats.min


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} us"


def _write_tables(tr) -> None:
    if _PER_CALL:
        tr.write_sep("=", "sentinel: cost per host call (goal: median < 20 us)")
        tr.write_line(
            f"a recorded benign run of logdigest ({_COUNTS['stream']} host calls of every kind, "
            "content and results included),"
        )
        tr.write_line(
            "fed to a fresh Sentinel per round, each call timed; ! marks a missed goal; "
            "per round: the median round's time / calls"
        )
        tr.write_line(f"  {'runner':<18}{'median':>12}{'p90':>12}{'p99':>12}{'per round':>12}")
        for runner, (middle, p90, p99, per_round) in _PER_CALL.items():
            flag = " !" if middle >= GOAL_PER_CALL else ""
            cells = "".join(f"{_us(value):>12}" for value in (middle, p90, p99, per_round))
            tr.write_line(f"  {runner:<18}{cells}{flag}")
    if _RUNS:
        tr.write_sep("=", "sentinel: overhead on a host-call-heavy benign extension")
        calls = _COUNTS["run"]
        tr.write_line(
            f"logdigest over {FILES} files: {calls} host calls per run, interp lane, "
            "a fresh extension per run;"
        )
        tr.write_line("ratios and added time per host call against `no sentinel` (median; min)")
        tr.write_line(
            f"{'runner':<20}{'median run':>12}{'vs none':>9}{'added/call':>12}"
            f"{'min run':>10}{'vs none':>9}{'added/call':>12}"
        )
        base = _RUNS.get("no sentinel")
        for runner, times in _RUNS.items():
            cells = []
            for i, seconds in enumerate(times):
                ratio = f"{seconds / base[i]:.2f}x" if base else "-"
                added = _us((seconds - base[i]) / calls) if base else "-"
                cells.append(f"{seconds * 1e3:>10.1f}ms{ratio:>9}{added:>12}")
            tr.write_line(f"{runner:<20}" + "".join(cells))

    if len(_SCANS) == len(SCAN_SIZES):
        tr.write_sep("=", "sentinel: content scan of large texts")
        small, large = (_SCANS[size] for size in SCAN_SIZES)
        tr.write_line(
            f"1 MiB: {small * 1e3:.1f} ms, 4 MiB: {large * 1e3:.1f} ms, ratio {large / small:.2f}x"
            " (linear: about 4x)"
        )


SUMMARY_WRITERS.append(_write_tables)
