"""What a compile worker process is asked to compile (`compile_worker`), and whether it has.

Numba-free: the engine's process builds a job and looks it up without
importing the JIT's compiler, so a run that never gets its native code never
pays for importing Numba.

A job is the IR (the module, with an outlined loop appended when it is one),
its facts, the function and its argument types, and the values of the frozen
scalar globals that typing reads. Its digest (`job_digest`) names an index
file in the cache folder, `fe_job_<digest>`, which the worker writes once the
compiled entry is there: it holds that entry's name. `cached_entry` reads it
as untrusted input (a private regular file of the user, a well-formed name,
the entry's source and Numba index beside it); what it promises is checked
again when the entry is loaded (`JitModule.compile_generated`), so a lying
index costs a compile in process, never a wrong run.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from frankenengine.ir.facts import ModuleFacts
from frankenengine.ir.function import IRModule
from frankenengine.ir.serialize import digest

_ENTRY_NAME = re.compile(r"fe_[0-9a-f]{32}")
_INDEX_BYTES = 64  # more than an entry name: an index holding more is refused


@dataclass(frozen=True)
class CompileJob:
    cache_dir: str
    salt: str
    module: IRModule  # with the outlined loop as its last function when `outlined`
    facts: ModuleFacts
    fid: int
    key: tuple  # the argument types (JIT types)
    scalars: dict  # frozen global index -> its bool, int or float value (what typing reads)
    outlined: bool = False


def job_digest(job: CompileJob) -> str:
    """What the job's result depends on, hashed: its IR, function, types, scalar globals,
    salt and the versions of the compiler's parts (computed once per job)."""
    found = job.__dict__.get("_digest")
    if found is None:
        found = job.__dict__["_digest"] = _digest(job)
    return found


def _digest(job: CompileJob) -> str:
    text = repr(
        (
            digest(job.module),
            job.fid,
            job.key,
            sorted(job.scalars.items()),
            job.outlined,
            job.salt,
            _versions(),
        )
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def index_path(job: CompileJob) -> Path:
    return Path(job.cache_dir) / f"fe_job_{job_digest(job)}"


def cached_entry(job: CompileJob) -> str | None:
    """The entry name the job's index gives, when the index and the entry's files are in
    order (see the module docstring); None otherwise."""
    path = index_path(job)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            return None
        name = os.read(fd, _INDEX_BYTES + 1).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    if not _ENTRY_NAME.fullmatch(name):
        return None
    folder = path.parent
    if not (folder / f"{name}.py").is_file() or not any(folder.glob(f"{name}.*.nbi")):
        return None
    return name


@cache
def _versions() -> tuple[str, ...]:
    """The versions of what compiles, read without importing it."""
    return tuple(metadata.version(name) for name in ("numba", "llvmlite", "numpy"))
