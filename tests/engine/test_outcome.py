"""How a run ends (engine/outcome.py): the status and the object of `franken run --json`.

Each kind of outcome is produced by a real engine on a small program:
returned, raised, compile error, a limit, no such function, a file that
cannot be read, an engine bug; and the caller's own errors pass through
`call_outcome` untouched.
"""

from __future__ import annotations

import pytest

from frankenengine.engine.api import Engine
from frankenengine.engine.outcome import (
    EXIT_COMPILE,
    EXIT_INTERNAL,
    EXIT_LIMIT,
    EXIT_OK,
    EXIT_RAISED,
    EXIT_USAGE,
    call_outcome,
    run_file,
)
from frankenengine.runtime.limits import Limits

KEYS = {"result", "stdout", "error", "lanes", "sentinel"}


def program(tmp_path, source: str, name: str = "prog.py") -> str:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return str(path)


def test_a_call_that_returns(tmp_path):
    path = program(tmp_path, "def main(a, b):\n    print('adding')\n    return [a + b, 0.5]\n")
    done = run_file(path, "main", [2, 40], lane="interp")
    assert set(done.report) == KEYS and done.usage is None
    assert (done.status, done.report["result"], done.report["stdout"]) == (
        EXIT_OK,
        [42, 0.5],
        "adding\n",
    )
    assert done.report["error"] is None and done.report["lanes"] == {"main": "interp"}
    assert done.report["sentinel"]["action"] == "allow"
    assert done.report["sentinel"]["ledger"] is None  # no ledger without one asked for


def test_an_extension_that_raised_names_its_line(tmp_path):
    path = program(tmp_path, "def main():\n    print('before')\n    return {}['k']\n")
    done = run_file(path, lane="interp")
    assert done.status == EXIT_RAISED and done.report["stdout"] == "before\n"
    assert done.report["error"] == {"type": "KeyError", "message": "'k'", "file": path, "line": 3}


def test_a_compile_error_and_a_limit(tmp_path):
    bad = run_file(program(tmp_path, "def main():\n    return eval('1')\n"), lane="interp")
    assert bad.status == EXIT_COMPILE and bad.extension is None
    assert bad.report["error"]["type"] == "CompileError" and bad.report["error"]["line"] == 2
    assert bad.report["sentinel"] is None  # nothing of it ran, no host call was watched
    spin = program(tmp_path, "def main():\n    while True:\n        pass\n", "spin.py")
    stopped = run_file(spin, lane="interp", limits=Limits(fuel=1000))
    assert stopped.status == EXIT_LIMIT and stopped.report["error"]["type"] == "FuelExhausted"


def test_no_such_function_and_an_unreadable_file_are_usage_errors(tmp_path):
    path = program(tmp_path, "print('loaded')\n")
    done = run_file(path, "nowhere", lane="interp")
    assert done.status == EXIT_USAGE and "nowhere" in done.usage
    assert done.report["error"] == {
        "type": "UsageError",
        "message": done.usage,
        "file": path,
        "line": None,
    }
    assert done.report["stdout"] == "loaded\n"  # the extension loaded: its output is kept
    gone = run_file(tmp_path / "gone.py")
    assert gone.status == EXIT_USAGE and gone.usage.startswith(f"cannot read {tmp_path}")
    assert gone.report["error"]["type"] == "UsageError" and gone.report["result"] is None


def test_an_engine_bug_is_an_internal_error(tmp_path):
    done = run_file(program(tmp_path, "def main():\n    return 1\n"), lane="warp")
    assert done.status == EXIT_INTERNAL
    assert done.report["error"]["type"] == "InternalError"
    assert "unknown lane 'warp'" in done.report["error"]["message"]


def test_the_callers_own_errors_pass_through(tmp_path):
    class Refused(Exception):
        pass

    def load():
        raise Refused("a bad option")

    with pytest.raises(Refused):
        call_outcome(load, "main", [], "prog.py", reraise=(Refused,))
    engine = Engine(lane="interp", sentinel=None)
    path = program(tmp_path, "def main():\n    return 1\n")
    done = call_outcome(lambda: engine.load_file(path), "main", [], path)
    assert (done.status, done.report["result"], done.report["sentinel"]) == (EXIT_OK, 1, None)
