"""Lazy start: Numba and the JIT's compiler are imported at the first specialisation, never before.

Each test runs a fresh interpreter (`sys.executable -c ...`), since this
process has long imported everything, and reports which of the JIT's modules
are in its `sys.modules` at the points that matter: after `import
frankenengine`, after a load and calls in the `interp` lane, after a load and
a cold call in `auto` (and once the function is hot and specialised), and
after a call in the `jit` lane.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# What only a specialisation needs: Numba, llvmlite and the JIT's Numba-side modules.
NATIVE = (
    "numba",
    "llvmlite",
    "frankenengine.jit.compiler",
    "frankenengine.jit.checked",
    "frankenengine.jit.codegen",
    "frankenengine.jit.diskcache",
)

PROGRAM = """
def square(n):
    return n * n

def main():
    total = 0
    for i in range(5):
        total += square(i)
    return total
"""

PRELUDE = f"""
import json, sys

def loaded():
    return sorted(name for name in {NATIVE!r} if name in sys.modules)

def jit_modules():
    return sorted(name for name in sys.modules if name.startswith("frankenengine.jit"))

PROGRAM = {PROGRAM!r}
report = {{}}
"""


def run_fresh(body: str) -> dict:
    """Run `body` after PRELUDE in a new interpreter; the `report` dict it fills."""
    script = PRELUDE + textwrap.dedent(body) + "\nprint(json.dumps(report))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_frankenengine_imports_nothing_of_the_jit():
    report = run_fresh(
        """
        import frankenengine
        report["native"] = loaded()
        report["jit"] = jit_modules()
        report["tiering"] = "frankenengine.engine.tiering" in sys.modules
        """
    )
    assert report == {"native": [], "jit": [], "tiering": False}


def test_interp_lane_load_and_calls_import_nothing_of_the_jit():
    report = run_fresh(
        """
        from frankenengine import Engine
        ext = Engine(lane="interp", jit_cache=False).load(PROGRAM)
        report["results"] = [ext.call("main"), ext.call("square", 7)]
        report["lane"] = ext.lanes()["square"]["lane"]
        report["native"] = loaded()
        report["jit"] = jit_modules()
        """
    )
    assert report == {"results": [30, 49], "lane": "interp", "native": [], "jit": []}


def test_auto_lane_imports_numba_only_when_a_function_is_specialised():
    report = run_fresh(
        """
        from frankenengine import Engine
        from frankenengine.profiles.profile import TierPolicy
        engine = Engine(lane="auto", jit_cache=False, tier_up=TierPolicy(calls=2, seconds=0.0))
        ext = engine.load(PROGRAM)
        report["cold"] = [ext.call("square", 3), ext.lanes()["square"], loaded()]
        report["hot"] = [ext.call("square", 4), ext.lanes()["square"], loaded()]
        report["native"] = [ext.call("square", 5), ext.lanes()["square"], loaded()]
        """
    )
    not_hot = {"lane": "interp", "reason": "not hot yet"}
    hot = {"lane": "interp", "reason": "hot: specialised at its next call"}
    assert report["cold"] == [9, not_hot, []]
    assert report["hot"] == [16, hot, []]  # crossed the policy; nothing compiled yet
    result, lanes, native = report["native"]
    assert (result, lanes["lane"]) == (25, "jit")
    assert native == sorted(NATIVE)


def test_jit_lane_imports_the_compiler_at_the_first_call_and_runs_natively():
    report = run_fresh(
        """
        from frankenengine import Engine
        ext = Engine(lane="jit", jit_cache=False).load(PROGRAM)
        report["loaded"] = loaded()
        report["result"] = ext.call("square", 7)
        report["lane"] = ext.lanes()["square"]["lane"]
        report["after"] = loaded()
        """
    )
    assert report["loaded"] == []  # a load alone specialises nothing
    assert (report["result"], report["lane"]) == (49, "jit")
    assert report["after"] == sorted(NATIVE)
