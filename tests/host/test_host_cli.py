"""`franken run --grant CAP[=SCOPE]`: grants reach the extension; bad grants are usage errors."""

from __future__ import annotations

import json

from frankenengine.cli.main import main

READER = """from host import fs

def main(name):
    return fs.read_text(name)
"""


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_with_a_grant(sandbox, capsys):
    path = sandbox / "reader.py"
    path.write_text(READER)
    code, out, _ = _run(
        capsys,
        "run",
        str(path),
        "--grant",
        f"fs.read={sandbox / 'data'}",
        "--grant",
        "clock",
        "--json",
        "--args",
        '["a.txt"]',
    )
    report = json.loads(out)
    assert code == 0
    assert report["result"] == "alpha\nbeta\n" and report["error"] is None


def test_relative_grant_is_taken_against_the_current_directory(sandbox, capsys, monkeypatch):
    (sandbox / "reader.py").write_text(READER)
    monkeypatch.chdir(sandbox)
    code, out, _ = _run(
        capsys, "run", "reader.py", "--grant", "fs.read=data", "--json", "--args", '["sub/b.txt"]'
    )
    assert code == 0 and json.loads(out)["result"] == "bee"


def test_run_without_the_grant(sandbox, capsys):
    path = sandbox / "reader.py"
    path.write_text(READER)
    code, out, _ = _run(capsys, "run", str(path), "--json", "--args", '["a.txt"]')
    error = json.loads(out)["error"]
    assert code == 1
    assert error["type"] == "CapabilityDenied" and error["line"] == 4


def test_bad_grant_is_a_usage_error(sandbox, capsys):
    path = sandbox / "reader.py"
    path.write_text(READER)
    for grant in ("env.read=*", "fs.read=no-such-dir", "teleport", "proc.run=./x"):
        code, out, err = _run(capsys, "run", str(path), "--grant", grant, "--json")
        assert code == 64 and json.loads(out)["error"]["type"] == "UsageError", grant
        assert err.startswith("franken: --grant: "), grant
        assert "Traceback" not in err
