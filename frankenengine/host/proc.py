"""The `proc` host module: running a granted executable directly, with a time limit.

`Processes.run(executable, argv, input, timeout, cwd)` starts `executable.path`
with `argv` (argv[0] as the extension gave it, which the bridge has matched
against the grant), feeds `input` on stdin and collects stdout and stderr.

Invariants:
- no shell: the executable is started directly (`shell=False`), with an empty
  environment apart from PATH=/usr/bin:/bin, in the extension's working
  directory, in a session of its own;
- the whole run finishes within `timeout` seconds: otherwise the child's
  whole process group is killed and TimeoutError raised;
- output is capped (`max_output_bytes` for stdout and stderr together): past
  it the child is killed and OSError raised, so a chatty child cannot fill the
  host's memory;
- the result is `{"code": int, "stdout": str, "stderr": str}` (UTF-8, invalid
  bytes replaced); a child killed by a signal has a negative code.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time

from frankenengine.host.grants import PROC_PATH, Executable

MAX_OUTPUT_BYTES = 16 << 20
_CHUNK = 64 << 10


class _OutputTooLarge(Exception):
    pass


class Processes:
    def __init__(self, max_output_bytes: int = MAX_OUTPUT_BYTES):
        self.max_output_bytes = max_output_bytes

    def run(
        self, executable: Executable, argv: list[str], input: str, timeout: float, cwd: str
    ) -> dict:
        data = input.encode("utf-8")  # before starting: an encoding error has no effect
        end = time.monotonic() + timeout
        child = subprocess.Popen(
            argv,
            executable=executable.path,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            shell=False,
            env={"PATH": PROC_PATH},
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
        )
        try:
            out, err = self._communicate(child, data, end)
            child.wait(timeout=max(end - time.monotonic(), 0.0))
        except (subprocess.TimeoutExpired, TimeoutError):
            _kill(child)
            raise TimeoutError(f"process timed out after {timeout}s: {argv[0]}") from None
        except _OutputTooLarge:
            _kill(child)
            raise OSError(f"process output exceeds {self.max_output_bytes} bytes") from None
        except BaseException:
            _kill(child)
            raise
        finally:
            for pipe in (child.stdin, child.stdout, child.stderr):
                if pipe is not None and not pipe.closed:
                    pipe.close()
        return {
            "code": int(child.returncode),
            "stdout": out.decode("utf-8", "replace"),
            "stderr": err.decode("utf-8", "replace"),
        }

    def _communicate(self, child, data: bytes, end: float) -> tuple[bytes, bytes]:
        """Write `data` to the child's stdin and read stdout and stderr to their ends."""
        buffers = {child.stdout.fileno(): bytearray(), child.stderr.fileno(): bytearray()}
        total = 0
        offset = 0
        with selectors.DefaultSelector() as selector:
            if data:
                os.set_blocking(child.stdin.fileno(), False)
                selector.register(child.stdin.fileno(), selectors.EVENT_WRITE)
            else:
                child.stdin.close()
            for fd in buffers:
                selector.register(fd, selectors.EVENT_READ)
            while selector.get_map():
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                for key, _ in selector.select(left):
                    fd = key.fd
                    if fd not in buffers:  # stdin
                        try:
                            offset += os.write(fd, data[offset : offset + _CHUNK])
                        except BlockingIOError:
                            continue
                        except BrokenPipeError:
                            offset = len(data)
                        if offset >= len(data):
                            selector.unregister(fd)
                            child.stdin.close()
                        continue
                    chunk = os.read(fd, _CHUNK)
                    if not chunk:
                        selector.unregister(fd)
                        continue
                    total += len(chunk)
                    if total > self.max_output_bytes:
                        raise _OutputTooLarge
                    buffers[fd] += chunk
        return bytes(buffers[child.stdout.fileno()]), bytes(buffers[child.stderr.fileno()])


def _kill(child: subprocess.Popen) -> None:
    """Kill the child and everything it started (its session), and reap it."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if child.poll() is None:
        child.kill()
    child.wait()
