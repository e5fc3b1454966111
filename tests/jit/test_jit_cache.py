"""The JIT's disk cache: a second process loads the specialisation; nothing on disk runs unchecked.

Each run of `run` is a fresh Python process (the cache must survive the
process that wrote it) with the cache directory in a temporary folder; the
profile says whether Numba found the machine code on disk (`cache_hits`).
Invariants: a legitimate entry is a warm hit in a new process; a tampered
entry (its `fe_*.py` changed, or a file of it not a private file of the
user) is never imported nor are Numba's pickles of it loaded (the planted
code would write a marker file), the result stays right, the entry is
reported on stderr, recompiled and rewritten, and is a warm hit again after;
a folder group or others can write (or whose parent they can), or that
another user owns, is refused with a warning and the JIT compiles in memory
without writing into it; a folder the cache creates is 0o700 and its files
0o600. We run as root, so "another user" is uid 65534 (os.chown).
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from frankenengine import Engine

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


def run_with_stderr(cache: str, **extra_env: str) -> tuple[dict, str]:
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
    return json.loads(done.stdout), done.stderr


def run(cache: str, **extra_env: str) -> dict:
    return run_with_stderr(cache, **extra_env)[0]


def hits(report: dict) -> dict[str, int]:
    assert report["result"] == [2584, 30.0**0.5]
    assert all(report["profile"][name]["lane"] == "jit" for name in ("fib", "norm"))
    return {name: report["profile"][name]["cache_hits"] for name in ("fib", "norm")}


class RunsCodeWhenUnpickled:
    """A planted Numba index: unpickling it runs `code`."""

    def __init__(self, code: str):
        self.code = code

    def __reduce__(self):
        return (exec, (self.code,))


def group_entries(cache: Path) -> list[Path]:
    """The entries of the extensions' groups (not those of the JIT's own helpers)."""
    return sorted(p for p in cache.glob("fe_*.py") if not p.name.startswith("fe_helpers_"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


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


def test_a_tampered_entry_is_never_run_and_is_rewritten(tmp_path: Path):
    cache = tmp_path / "jit-cache"
    assert hits(run(str(cache))) == {"fib": 0, "norm": 0}
    marker = tmp_path / "marker"
    tampered, removed = group_entries(cache)
    planted = f"open({str(marker)!r}, 'a').write('ran\\n')\n"
    tampered.write_text(planted + tampered.read_text())
    removed.unlink()  # a new entry: Numba's files left under its name are not used either
    for entry in (tampered, removed):
        for index in cache.glob(f"{entry.stem}.*.nbi"):
            index.write_bytes(pickle.dumps(RunsCodeWhenUnpickled(planted)))
    report, stderr = run_with_stderr(str(cache))
    assert not marker.exists(), "code planted in the cache ran"
    assert hits(report) == {"fib": 0, "norm": 0}  # both compiled again
    assert stderr.count("jit cache entry") == 1
    assert f"jit cache entry {tampered} ignored: " in stderr
    assert "differs from the generated source; compiled again and rewritten" in stderr
    assert "open(" not in tampered.read_text() and removed.exists()
    report, stderr = run_with_stderr(str(cache))  # the rewritten entries are legitimate
    assert hits(report) == {"fib": 1, "norm": 1} and stderr == ""
    assert not marker.exists()


def test_an_entry_that_is_not_a_private_file_of_the_user_is_ignored(tmp_path: Path):
    cache = tmp_path / "jit-cache"
    run(str(cache))
    foreign, _ = group_entries(cache)
    os.chown(foreign, 65534, 65534)
    writable = [p for p in cache.glob("*.nbi") if not p.name.startswith(foreign.stem)]
    for index in writable:
        index.chmod(0o666)
    report, stderr = run_with_stderr(str(cache))
    assert hits(report) == {"fib": 0, "norm": 0}
    assert f"entry {foreign.name} is owned by uid 65534" in stderr
    assert f"numba file {writable[0].name} is writable by group or others (mode 0o666)" in stderr
    assert foreign.stat().st_uid == os.geteuid() and mode(foreign) == 0o600
    assert all(mode(p) == 0o600 for p in cache.iterdir())
    assert hits(run(str(cache))) == {"fib": 1, "norm": 1}


# -- in process ------------------------------------------------------------------------------
# SOURCE, with constants of its own: no other test of the session loads these groups (one this
# process had loaded would be taken from memory, not from the folder).
IN_PROCESS_SOURCE = SOURCE.replace("if n < 2:", "if n < 2 or n == -7919:").replace(
    "return math.sqrt(s)", "return math.sqrt(s) if s > -7919.5 else -1.0"
)


def run_in_process(cache: Path) -> dict:
    engine = Engine(lane="jit", jit_cache=cache, sentinel=None)
    ext = engine.load(IN_PROCESS_SOURCE, name="cached")
    report = {"result": [ext.call("fib", 18), ext.call("norm", np.arange(5.0))]}
    return report | {"profile": ext.profile_json()}


def refuse_world_writable(tmp_path: Path) -> tuple[Path, str]:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    return cache, "group or others can write it (mode 0o777)"


def refuse_other_owner(tmp_path: Path) -> tuple[Path, str]:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    return cache, f"it is owned by uid 65534, not by uid {os.geteuid()}"


def refuse_writable_parent(tmp_path: Path) -> tuple[Path, str]:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # no sticky bit: anyone may rename the folder away and replace it
    return shared / "jit", f"group or others can write its parent {shared} (mode 0o777)"


# Refused folders: the JIT compiles in memory, nothing is written into them.
@pytest.mark.parametrize(
    "refused", [refuse_world_writable, refuse_other_owner, refuse_writable_parent]
)
def test_an_unsafe_folder_is_refused_and_the_jit_runs_without_it(tmp_path, caplog, refused):
    cache, why = refused(tmp_path)
    with caplog.at_level(logging.WARNING, logger="frankenengine.jit"):
        report = run_in_process(cache)
    assert hits(report) == {"fib": 0, "norm": 0}
    [warning] = [r.getMessage() for r in caplog.records if r.name == "frankenengine.jit"]
    assert warning == f"jit cache folder {cache} refused: {why}; compiling in memory only"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_new_folder_is_private_and_a_fresh_engine_finds_its_entries(tmp_path, caplog):
    public = tmp_path / "public"  # like /tmp: anyone may write, the sticky bit guards entries
    public.mkdir()
    public.chmod(0o1777)
    cache = public / "user" / "jit"
    with caplog.at_level(logging.WARNING, logger="frankenengine.jit"):
        first = run_in_process(cache)
        second = run_in_process(cache)  # a fresh Engine in this process: nothing compiled again
    assert [r for r in caplog.records if r.name == "frankenengine.jit"] == []
    assert mode(public / "user") == mode(cache) == 0o700
    assert sorted({mode(p) for p in cache.iterdir()}) == [0o600]
    assert {p.suffix for p in cache.iterdir()} == {".py", ".nbi", ".nbc"}
    assert hits(first) == {"fib": 0, "norm": 0}
    assert hits(second) == {"fib": 1, "norm": 1}


MUTUAL_SCRIPT = """
import json, sys
from frankenengine import Engine
source = '''
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
'''
ext = Engine(lane="jit", jit_cache=sys.argv[1]).load(source, name="mutual")
print(json.dumps([ext.call("is_even", 10), ext.call("is_odd", 7), ext.lanes()["is_even"]]))
"""


def test_mutually_recursive_functions_run_natively_in_every_process(tmp_path: Path):
    """Numba's cache crashed a new process loading a mutually recursive group back: such
    a group is compiled in memory, every time, and runs natively."""
    cache = tmp_path / "jit-cache"
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", MUTUAL_SCRIPT, str(cache)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout) == [True, True, {"lane": "jit", "reason": ""}]
    assert group_entries(cache) == [], "nothing of the group is cached"


# -- the JIT's own helpers (jit/helpercache.py) -------------------------------------------------
HELPER_SCRIPT = """
import json, sys
from frankenengine import Engine
from frankenengine.jit import helpercache
source = '''
def total(n):
    s = 0
    for i in range(n):
        s += i * i % K
    return s
'''.replace("K", sys.argv[2])
ext = Engine(lane="jit", jit_cache=sys.argv[1]).load(source, name="helpers")
result = ext.call("total", 1000)
loaded = sum(
    sum(d.stats.cache_hits.values())
    for module in helpercache.HELPER_MODULES
    for _, d in helpercache.helpers_of(module)
)
print(json.dumps({"result": result, "lane": ext.lanes()["total"]["lane"], "loaded": loaded}))
"""


def run_helpers(cache: Path, modulus: int) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", HELPER_SCRIPT, str(cache), str(modulus)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["result"] == sum(i * i % modulus for i in range(1000))
    assert report["lane"] == "jit"
    return report, done.stderr


def test_a_new_group_loads_the_helpers_an_earlier_process_compiled(tmp_path: Path):
    cache = tmp_path / "jit-cache"
    first, _ = run_helpers(cache, 7)
    second, stderr = run_helpers(cache, 11)  # another group: compiled, its helpers loaded
    assert first["loaded"] == 0 and second["loaded"] > 0 and stderr == ""
    modules = sorted(p.name.rsplit("_", 1)[-1] for p in cache.glob("fe_helpers_*.py"))
    assert modules == ["cells.py", "checked.py", "rows.py"]
    assert all(mode(p) == 0o600 for p in cache.iterdir())


def test_a_tampered_helper_entry_is_never_loaded_and_is_rewritten(tmp_path: Path):
    cache = tmp_path / "jit-cache"
    run_helpers(cache, 7)
    [checked] = cache.glob("fe_helpers_*_checked.py")
    marker = tmp_path / "marker"
    planted = f"open({str(marker)!r}, 'a').write('ran\\n')\n"
    checked.write_text(checked.read_text() + "\n# changed\n")
    for index in cache.glob(f"{checked.stem}.*.nbi"):
        index.write_bytes(pickle.dumps(RunsCodeWhenUnpickled(planted)))
    report, stderr = run_helpers(cache, 13)
    assert not marker.exists(), "code planted in the helpers' cache ran"
    assert f"jit cache entry {checked} tampered: " in stderr
    assert "# changed" not in checked.read_text()
    report, stderr = run_helpers(cache, 17)
    assert report["loaded"] > 0 and stderr == "" and not marker.exists()
