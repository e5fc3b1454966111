"""A worker process that compiles one generated group into the JIT's disk cache.

Numba holds the GIL while it compiles, so a compile in a thread stops the
interpreter as surely as one on its own path (measured: slower still, the two
threads taking turns). `auto` therefore compiles a hot loop in a process of
its own (`start`): the engine's process keeps interpreting, and once the
worker has exited it loads the entry from the cache, which its own checks
verify as they verify any entry (`JitModule.compile_generated`: the source
on disk must be the engine's, byte for byte).

Protocol: the parent writes one pickled `CompileJob` to the worker's stdin
(the parent is the only writer: the worker trusts nothing else); the worker
types, generates and compiles the group (reading the job's scalar globals
where typing reads globals), then writes the job's index file
(`compile_job`) and exits 0; 1 when it could not (the parent then compiles
in process, which reports why). A worker outlives the process that started
it only to finish its one job: the entry then serves the next run. The
worker runs engine code only: the generated group's source is the engine's
own text, as in the parent.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

from frankenengine.jit.compile_job import CompileJob, index_path, job_digest

log = logging.getLogger("frankenengine.jit")
# (cache folder, job digest) -> its worker, in this process: the digest names a job's
# index inside a folder, and a worker fills one folder.
_workers: dict[tuple[str, str], subprocess.Popen] = {}


def start(job: CompileJob) -> subprocess.Popen | None:
    """The worker compiling `job`: the one this process started for the same job into the
    same folder (every extension loaded from the same source shares it), or a new one;
    poll it for its exit. None while a worker of another job runs: one at a time per
    process, so that compiles never take the cores extensions run on. A worker still
    running when this process exits finishes its one job (the cache entry serves the
    next run) and exits. OSError when no process can be started."""
    slot = (job.cache_dir, job_digest(job))
    found = _workers.get(slot)
    if found is not None:
        return found
    if any(worker.poll() is None for worker in _workers.values()):
        return None
    package_root = str(Path(__file__).resolve().parents[2])  # the folder holding the package
    path = os.environ.get("PYTHONPATH", "")
    env = dict(os.environ, PYTHONPATH=package_root + (os.pathsep + path if path else ""))
    worker = subprocess.Popen(
        [sys.executable, "-m", "frankenengine.jit.compile_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # a signal to the host's process group is not its business
    )
    try:
        worker.stdin.write(pickle.dumps(job))
        worker.stdin.close()
    except OSError:  # it died at start: the parent compiles in process
        worker.kill()
    _workers[slot] = worker
    return worker


def main() -> int:
    from frankenengine.jit.compiler import JitModule

    job: CompileJob = pickle.loads(sys.stdin.buffer.read())
    scalars = job.scalars

    def global_value(index: int):
        return (index in scalars, scalars.get(index))

    cache_dir = Path(job.cache_dir)
    jit = JitModule(job.module, global_value, cache_dir, job.salt, facts=job.facts)
    if job.outlined:
        jit.outlined_fid = job.fid
    name = jit.compile_into_cache(job.fid, job.key)
    if name is None:
        return 1
    folder = jit.cache_folder()
    if folder is None:
        return 1
    folder.write_index(index_path(job).name, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
