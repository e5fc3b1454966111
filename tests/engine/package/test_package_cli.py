"""Packages on the command line: `run` (with --grant-requested), `check`, `ir`, `inspect`.

The example package runs exactly as under CPython with the stand-in `host`
package given the same grants.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from franken_cli import line_of, run

REPO = Path(__file__).resolve().parents[3]
PACKAGES = REPO / "tests" / "testdata" / "packages"
LOGSTATS = "examples/logstats"
RUNNER = Path(__file__).resolve().parent / "cpython_package.py"


def test_example_package_runs_with_requested_grants(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, err = run(capsys, "run", LOGSTATS, "--grant-requested", "--lane", "interp")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "13 requests in 2 days, 2 skipped",
        "traffic: 46.9 KiB, error rate 15.4%",
        "latency: p50 30.3 ms, p95 2500.0 ms",
    ]
    assert json.loads(lines[-1])["top_paths"] == [["/api/items", 6], ["/index.html", 4],
                                                   ["/api/items/7", 1]]  # fmt: skip


def test_example_package_matches_cpython_with_the_stand_in_host(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "run", LOGSTATS, "--grant-requested", "--json")
    report = json.loads(out)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(REPO / "standin"), str(REPO)]),
        FRANKEN_GRANTS=json.dumps({"fs.read": ["examples/logstats/data"]}),
        FRANKEN_BASE_DIR=str(REPO),
    )
    done = subprocess.run(
        [sys.executable, "-B", str(RUNNER), LOGSTATS, "main"],
        capture_output=True, text=True, timeout=60, check=True, cwd=REPO, env=env,
    )  # fmt: skip
    oracle = json.loads(done.stdout)
    assert code == 0 and oracle["error"] is None
    assert (report["result"], report["stdout"]) == (oracle["result"], oracle["stdout"])


def test_without_grants_the_example_is_denied(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "run", LOGSTATS, "--json")
    error = json.loads(out)["error"]
    assert code == 1 and error["type"] == "CapabilityDenied"
    main_py = REPO / LOGSTATS / "main.py"
    assert (error["file"], error["line"]) == (str(Path(LOGSTATS) / "main.py"),
                                              line_of(main_py, "fs.list_dir("))  # fmt: skip


def test_grant_requested_needs_a_package(capsys, tmp_path):
    path = tmp_path / "ext.py"
    path.write_text("def main():\n    return 1\n")
    code, _, err = run(capsys, "run", path, "--grant-requested")
    assert code == 64 and "needs a package" in err


def test_compile_errors_of_a_package_name_their_files(capsys):
    code, out, err = run(capsys, "run", PACKAGES / "err_missing_module", "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["type"] == "CompileError"
    assert (Path(error["file"]).name, error["line"]) == ("main.py", 1)
    assert error["message"] == "no module named 'helpers' in this package"
    files = {Path(d["file"]).name for d in error["diagnostics"]}
    assert files == {"main.py", "present.py"}
    code, _, err = run(capsys, "run", PACKAGES / "err_missing_module")
    assert code == 2 and "present.py:1:6: no module named 'absent' in this package" in err


def test_check_and_ir_accept_packages(capsys):
    code, out, _ = run(capsys, "check", PACKAGES / "err_cycle")
    assert code == 2
    assert out.splitlines() == [
        f"{PACKAGES / 'err_cycle' / 'second.py'}:3:6: import cycle: first -> second -> first",
        f"{PACKAGES / 'err_cycle' / 'second.py'}:4:8: import cycle: second -> second",
    ]
    assert run(capsys, "check", PACKAGES / "relative_import")[:2] == (0, "")
    code, out, _ = run(capsys, "ir", PACKAGES / "relative_import")
    assert code == 0
    assert "'util.<init>'" in out
    assert f"file {str(PACKAGES / 'relative_import' / 'words.py')!r}" in out


def test_inspect_lists_manifest_requests_and_host_calls(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    main_py = REPO / LOGSTATS / "main.py"
    list_line, read_line = line_of(main_py, "fs.list_dir("), line_of(main_py, "fs.read_text(")
    code, out, _ = run(capsys, "inspect", LOGSTATS)
    assert code == 0
    assert out.splitlines() == [
        "logstats 1.0.0",
        "  summarise web server access logs: traffic, status codes, latency percentiles",
        "entry: main.py",
        "modules: main.py, parse.py, stats.py",
        "capabilities requested:",
        "  fs.read: examples/logstats/data",
        "host calls:",
        f"  fs.list_dir (fs.read) at examples/logstats/main.py:{list_line}",
        f"  fs.read_text (fs.read) at examples/logstats/main.py:{read_line}",
    ]
    code, out, _ = run(capsys, "inspect", LOGSTATS, "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["name"], report["version"], report["entry"]) == ("logstats", "1.0.0", "main.py")
    assert report["capabilities"] == {"fs.read": ["examples/logstats/data"]}
    assert report["host_calls"] == [
        {"call": "fs.list_dir", "capability": "fs.read", "file": str(main_py.relative_to(REPO)),
         "line": list_line},
        {"call": "fs.read_text", "capability": "fs.read", "file": str(main_py.relative_to(REPO)),
         "line": read_line},
    ]  # fmt: skip
    assert report["unrequested"] == []


def test_inspect_a_single_file_shows_what_it_would_need(capsys, tmp_path):
    path = tmp_path / "probe.py"
    path.write_text(
        "from host import env, net\n\ndef main():\n"
        "    return net.get('http://example.org/' + env.get('TOKEN', ''))\n"
    )
    code, out, _ = run(capsys, "inspect", path, "--json")
    report = json.loads(out)
    assert code == 0 and report["capabilities"] == {}
    assert [(c["call"], c["line"]) for c in report["host_calls"]] == [
        ("env.get", 4),
        ("net.get", 4),
    ]
    assert report["unrequested"] == ["env.read", "net.http"]
    assert run(capsys, "inspect", tmp_path / "missing.py")[0] == 64
    assert run(capsys, "inspect", PACKAGES / "err_cycle")[0] == 2
