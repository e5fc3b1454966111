"""The JIT's disk cache: a second process loads the specialisation instead of compiling it.

Each run is a fresh Python process (the cache must survive the process that
wrote it) with the cache directory in a temporary folder; the profile says
whether Numba found the machine code on disk (`cache_hits`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
import numpy as np
from frankenengine import Engine
cache = sys.argv[1] if sys.argv[1] != "off" else False
ext = Engine(lane="jit", jit_cache=cache).load(sys.argv[2], name="cached")
result = [ext.call("fib", 18), ext.call("norm", np.arange(5.0))]
print(json.dumps({"result": result, "profile": ext.profile_json()}))
"""

SOURCE = """
import math
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def norm(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return math.sqrt(s)
"""


def run(cache: str, **extra_env: str) -> dict:
    env = dict(os.environ, **extra_env)
    env.pop("FRANKEN_JIT_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, cache, SOURCE],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_second_process_loads_the_cached_specialisation(tmp_path: Path):
    cache = tmp_path / "jit-cache"
    first = run(str(cache))
    second = run(str(cache))
    assert first["result"] == second["result"] == [2584, 30.0**0.5]
    for name in ("fib", "norm"):
        assert first["profile"][name]["lane"] == "jit"
        assert first["profile"][name]["cache_hits"] == 0
        assert second["profile"][name]["cache_hits"] == 1, second["profile"][name]
    assert any(cache.glob("fe_*.py")), "the generated source is kept beside the machine code"


def test_disabled_cache_writes_nothing(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    first = run("off", HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    assert first["profile"]["fib"]["lane"] == "jit"
    assert first["profile"]["fib"]["cache_hits"] == 0
    assert list(home.rglob("*")) == []
