"""The quarantine list: content digests of extensions the sentinel quarantined, kept on disk.

`QuarantineList(directory)` keeps `quarantine.json` in the engine's state
directory (`default_state_dir()`: $FRANKEN_STATE_DIR, else
$XDG_STATE_HOME/frankenengine, else ~/.local/state/frankenengine).
`add(digest, name, reason)` records a digest, `contains(digest)` is what the
engine asks before loading an extension, `release(digest)` removes one,
`entries()` lists them.

Invariants: the file is only ever replaced whole (written to a temporary
file in the same directory, then renamed), under an exclusive lock, so a
reader sees the list before or after a change, never half of it; a missing
file is an empty list; an unreadable one raises `QuarantineError` (the
engine then refuses to load anything rather than forget a quarantine).
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

FILE = "quarantine.json"
_LOCK = "quarantine.lock"


class QuarantineError(OSError):
    """The quarantine list cannot be read or written."""


def default_state_dir() -> Path:
    """The engine's state directory when the host does not set one."""
    configured = os.environ.get("FRANKEN_STATE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "frankenengine"


class QuarantineList:
    """Quarantined digests in `directory`/quarantine.json."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory is not None else default_state_dir()
        self.path = self.directory / FILE

    def entries(self) -> dict[str, dict]:
        """digest -> {"name", "reason", "time"} for every quarantined extension."""
        try:
            text = self.path.read_text()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise QuarantineError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            data = json.loads(text)
            entries = data["entries"]
            if not isinstance(entries, dict):
                raise TypeError("entries is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            raise QuarantineError(f"malformed quarantine list {self.path}: {exc}") from None
        return entries

    def contains(self, digest: str) -> bool:
        return digest in self.entries()

    def add(self, digest: str, name: str = "", reason: str = "") -> None:
        with self._locked():
            entries = self.entries()
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            entries[digest] = {"name": name, "reason": reason, "time": stamp}
            self._write(entries)

    def release(self, digest: str) -> bool:
        """Remove `digest` from the list; False when it was not there."""
        with self._locked():
            entries = self.entries()
            if digest not in entries:
                return False
            del entries[digest]
            self._write(entries)
            return True

    @contextmanager
    def _locked(self):
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            lock = open(self.directory / _LOCK, "a")  # noqa: SIM115 (held for the block)
        except OSError as exc:
            raise QuarantineError(f"cannot lock {self.directory}: {exc.strerror or exc}") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _write(self, entries: dict) -> None:
        text = json.dumps({"format": 1, "entries": entries}, indent=1, sort_keys=True) + "\n"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".quarantine-")
        try:
            with os.fdopen(fd, "w") as out:
                out.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
