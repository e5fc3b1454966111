"""Times a kernel file under PyPy (Debian's `pypy3`) for the benchmarks: both ends of one pipe.

The child runs under pypy3, so this file uses only the standard library of Python 3.9
(PyPy 7.3.11 implements 3.9) and never imports the engine or NumPy:

    pypy3 benchmarks/pypy_runner.py KERNEL_FILE FN

It imports KERNEL_FILE as an ordinary module, reads the arguments of `FN` as one JSON line
on stdin (a list: lists, floats, ints, bools), then answers one command per line, each
with one JSON line:

    warm SECONDS CALLS  call FN until both SECONDS have passed and CALLS calls were made
                        (PyPy's tracing JIT compiles the hot loops), or 10 x SECONDS
                        have; {"calls", "seconds"}
    run                 call FN once; {"seconds"}: the call alone, timed inside PyPy
    digest              call FN once; {"digest", "head"}: sha256 of repr(result), whose
                        floats are repr'd exactly (shortest round-trip), and its start

The same arguments are passed to every call: the kernels are pure functions of them.
Start-up, loading the arguments and warm-up are outside every timed call. The host side is
`PyPyKernel` (run by CPython); `PYPY` is None when pypy3 is not installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import time

PYPY = shutil.which("pypy3")
WARM_SECONDS, WARM_CALLS = 1.0, 10
WARM_CEILING = 10  # warm-up stops after this many times SECONDS, even short of CALLS


def digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


# -- the host side (CPython) -------------------------------------------------------------


class PyPyKernel:
    """One pypy3 process holding one kernel and its arguments, called over a pipe."""

    def __init__(self, path, fn: str, args: tuple):
        if PYPY is None:
            raise RuntimeError("pypy3 is not installed (apt-get install -y pypy3)")
        self.process = subprocess.Popen(
            [PYPY, __file__, str(path), fn],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._write(json.dumps(list(args)))

    def warm(self, seconds: float = WARM_SECONDS, calls: int = WARM_CALLS) -> dict:
        return self._ask(f"warm {seconds} {calls}")

    def run(self) -> float:
        """One call; the seconds it took inside PyPy (the pipe's round trip excluded)."""
        return self._ask("run")["seconds"]

    def digest(self) -> dict:
        return self._ask("digest")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=30)

    def _write(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def _ask(self, command: str) -> dict:
        self._write(command)
        reply = self.process.stdout.readline()
        if not reply:
            self.process.kill()
            raise RuntimeError(f"pypy3 failed on {command!r}: {self.process.stderr.read()}")
        return json.loads(reply)


# -- the child side (pypy3) ----------------------------------------------------------------


def _serve(path: str, fn: str) -> None:
    spec = importlib.util.spec_from_file_location("pypy_kernel", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    kernel = getattr(module, fn)
    args = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "warm":
            seconds, calls = float(rest[0]), int(rest[1])
            started = time.perf_counter()
            done, elapsed = 0, 0.0
            while (done < calls or elapsed < seconds) and elapsed < WARM_CEILING * seconds:
                kernel(*args)
                done += 1
                elapsed = time.perf_counter() - started
            reply = {"calls": done, "seconds": elapsed}
        elif command == "run":
            started = time.perf_counter()
            kernel(*args)
            reply = {"seconds": time.perf_counter() - started}
        elif command == "digest":
            text = repr(kernel(*args))
            reply = {"digest": hashlib.sha256(text.encode()).hexdigest(), "head": text[:80]}
        else:
            raise SystemExit(f"unknown command {command!r}")
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
