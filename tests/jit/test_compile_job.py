"""Compile jobs (`jit.compile_job`): the index a worker leaves is untrusted input.

`cached_entry` believes an index only when it is a private regular file of
the user holding a well-formed entry name whose source and Numba index are
beside it; anything else reads as "not cached" (the engine then compiles, and
the entry's own checks stand behind whatever the index says).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from frankenengine.engine.api import compile_source
from frankenengine.ir.facts import module_facts
from frankenengine.jit.compile_job import CompileJob, cached_entry, index_path
from frankenengine.jit.jtypes import INT

NAME = "fe_" + "ab" * 16


def _job(folder, key=(INT,)) -> CompileJob:
    module = compile_source("def f(n):\n    return n + 1\n", "m.py", "m")
    return CompileJob(str(folder), "salt", module, module_facts(module), 1, key, {})


def _write(path, text: str, mode: int = 0o600) -> None:
    path.write_text(text)
    os.chmod(path, mode)


def _entry(folder) -> None:
    _write(folder / f"{NAME}.py", "# source")
    _write(folder / f"{NAME}.entry-3.py311.nbi", "index")


def test_an_index_beside_its_entry_names_it(tmp_path):
    job = _job(tmp_path)
    assert cached_entry(job) is None  # nothing yet
    _entry(tmp_path)
    _write(index_path(job), NAME)
    assert cached_entry(job) == NAME
    assert cached_entry(_job(tmp_path, key=(INT, INT))) is None  # another job, another index


def test_an_index_is_refused_unless_private_well_formed_and_beside_a_compiled_entry(tmp_path):
    job = _job(tmp_path)
    index = index_path(job)
    _write(index, NAME, mode=0o644)  # others may read it: refused
    assert cached_entry(job) is None
    _entry(tmp_path)
    assert cached_entry(job) is None
    _write(index, "../../etc/passwd")
    assert cached_entry(job) is None
    _write(index, NAME + "x" * 80)
    assert cached_entry(job) is None
    index.unlink()
    os.symlink(tmp_path / f"{NAME}.py", index)  # a symlink: refused
    assert cached_entry(job) is None
    index.unlink()
    _write(index, NAME)
    (tmp_path / f"{NAME}.entry-3.py311.nbi").unlink()  # no compiled code beside the source
    assert cached_entry(job) is None


def test_starting_a_background_compile_does_not_import_numba(tmp_path):
    """The engine's process imports the compiler only to load what a worker made."""
    script = textwrap.dedent(
        f"""
        import sys
        from frankenengine import Engine, TierPolicy
        policy = TierPolicy(calls=1, seconds=0.0)
        engine = Engine(lane="auto", tier_up=policy, jit_cache={str(tmp_path)!r})
        ext = engine.load("def f(n):\\n    return n * 2\\n", name="m")
        for n in range(3):
            assert ext.call("f", n) == 2 * n
        print(ext.lanes()["f"]["reason"], "numba" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["compiling", "in", "a", "worker", "process", "False"]
