"""The `franken` command line: exit statuses, `check`, `ir`, usage errors, no tracebacks."""

import json
import time

from franken_cli import run


def write(tmp_path, text, name="ext.py"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_run_json_success_and_args(tmp_path, capsys):
    path = write(tmp_path, "def add(a, b):\n    print('adding')\n    return a + b\n")
    code, out, _ = run(capsys, "run", path, "--lane", "interp", "--json", "--call", "add",
                       "--args", "[2, 40]")  # fmt: skip
    report = json.loads(out)
    assert code == 0
    assert report["result"] == 42
    assert report["stdout"] == "adding\n"
    assert report["error"] is None
    assert report["lanes"] == {"add": "interp"}


def test_exit_statuses(tmp_path, capsys):
    raises = write(tmp_path, "def main():\n    return {}['k']\n", "raises.py")
    bad = write(tmp_path, "def main():\n    return eval('1')\n", "bad.py")
    spin = write(tmp_path, "def main():\n    while True:\n        pass\n", "spin.py")
    assert run(capsys, "run", raises, "--json")[0] == 1
    assert run(capsys, "run", bad, "--json")[0] == 2
    assert run(capsys, "run", spin, "--json", "--fuel", "1000")[0] == 3
    code, out, _ = run(capsys, "run", raises, "--json")
    error = json.loads(out)["error"]
    assert (error["type"], error["line"], error["message"]) == ("KeyError", 2, "'k'")


def test_usage_errors_exit_64(tmp_path, capsys):
    path = write(tmp_path, "def main():\n    return 1\n")
    assert run(capsys, "run", path, "--args", "not json")[0] == 64
    assert run(capsys, "run", path, "--args", "{}")[0] == 64
    assert run(capsys, "run", str(tmp_path / "missing.py"))[0] == 64
    assert run(capsys, "run", path, "--call", "nope")[0] == 64
    assert run(capsys, "frobnicate")[0] == 64
    assert run(capsys, "run", path, "--fuel", "-1")[0] == 64
    assert run(capsys, "run", path, "--tier-seconds", "-1")[0] == 64


def test_tier_seconds_sets_how_long_auto_interprets_before_compiling(tmp_path, capsys, monkeypatch):
    """With 0 s, `twice` is hot in the first run: a worker process compiles it into the
    cache, and a later run (a new engine, as a new process would) loads it at once. With
    1,000 s it never is."""
    monkeypatch.setenv("FRANKEN_JIT_CACHE", str(tmp_path / "cache"))
    source = "def twice(x):\n    return 2 * x\n\ndef main():\n"
    source += (
        "    t = 0\n    for i in range(80):\n        t += twice(i)\n    print(t)\n    return t\n"
    )
    path = write(tmp_path, source)

    def lane(seconds: str) -> str:
        code, out, _ = run(capsys, "run", path, "--json", "--tier-seconds", seconds)
        assert code == 0
        report = json.loads(out)
        assert report["result"] == 6320 and report["stdout"] == "6320\n"
        return report["lanes"]["twice"]

    deadline = time.monotonic() + 300
    while lane("0") != "jit":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert lane("1000") == "interp"


def test_check_reports_every_diagnostic(tmp_path, capsys):
    path = write(tmp_path, "import os\n\ndef f():\n    return x.__class__\n")
    code, out, _ = run(capsys, "check", path)
    assert code == 2
    lines = out.strip().splitlines()
    assert any(":1:" in line and "'os' cannot be imported" in line for line in lines)
    assert any(":4:" in line and "__class__" in line for line in lines)
    clean = write(tmp_path, "def f():\n    return 1\n", "clean.py")
    assert run(capsys, "check", clean) == (0, "", "")


def test_ir_prints_parseable_text(tmp_path, capsys):
    from frankenengine.ir.printer import print_module
    from frankenengine.ir.textparse import parse_module

    path = write(
        tmp_path, "def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n"
    )
    code, out, _ = run(capsys, "ir", path)
    assert code == 0
    assert "for_iter" in out and "phi" in out
    assert print_module(parse_module(out)) == out


def test_text_mode_prints_output_and_result(tmp_path, capsys):
    path = write(tmp_path, "def main():\n    print('hi')\n    return [1, 2]\n")
    code, out, _ = run(capsys, "run", path)
    assert code == 0
    assert out == "hi\n[1, 2]\n"


def test_binary_garbage_is_a_compile_error(tmp_path, capsys):
    path = tmp_path / "garbage.py"
    path.write_bytes(b"\xff\xfe\x00def main(:\n\x00")
    code, out, err = run(capsys, "run", str(path), "--json")
    assert code == 2
    assert json.loads(out)["error"]["type"] == "CompileError"
    assert "Traceback" not in err


def test_jit_lane_reports_where_each_function_ran(tmp_path, capsys):
    path = write(tmp_path, "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
                 "def main():\n    print('fib')\n    return [fib(15)]\n")  # fmt: skip
    code, out, _ = run(capsys, "run", path, "--lane", "jit", "--json")
    report = json.loads(out)
    assert code == 0 and report["result"] == [610]
    assert report["lanes"] == {"fib": "jit", "main": "interp"}
    code, out, _ = run(capsys, "run", path, "--lane", "interp", "--json")
    assert json.loads(out)["lanes"] == {"fib": "interp", "main": "interp"}


def test_an_error_no_command_handles_is_one_line_exit_70(tmp_path, capsys, monkeypatch):
    from frankenengine.cli import profile as cli_profile
    from frankenengine.runtime.errors import FuelExhausted

    path = write(tmp_path, "def main():\n    return 1\n")
    for escaped in (FuelExhausted("fuel exhausted"), LookupError("lost")):  # BaseException too

        def command(options, escaped=escaped):
            raise escaped

        monkeypatch.setattr(cli_profile, "command", command)
        code, out, err = run(capsys, "profile", path)
        assert (code, out) == (70, "")
        assert err == f"franken: internal error: {type(escaped).__name__}: {escaped}\n"


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    """`franken run --json FILE | head -c 10`: the command exits with 141 (as `yes | head`
    does), with nothing on stderr, never a traceback of the broken pipe."""
    import subprocess
    import sys

    path = write(tmp_path, "def main():\n    for i in range(30000):\n        print(i)\n")
    command = [sys.executable, "-m", "frankenengine.cli.main", "run", "--json", "--lane"]
    process = subprocess.Popen(
        [*command, "interp", path, "--call", "main"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.read(10)  # the head of the JSON object, then the reader leaves
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "internal error" not in stderr
