"""The evidence ledger: append-only JSON lines, each entry hash-chained to the one before.

One line per entry, in canonical JSON (sorted keys, no spaces, ASCII). Every
entry has `n` (its line number, from 0), `kind`, `session`, `prev` (the
`hash` of the line before; GENESIS for the first line) and `hash` (SHA-256
of the entry's canonical JSON without `hash`). Kinds:

- `start`: a sentinel began watching an extension (`session` is this
  entry's `n`): extension name and digest, the settings (prior, alpha, loss
  matrix, sandboxed capabilities, declared scopes, whether a challenge
  callback exists), `model_version`, `policy_version`, mode, whether it
  enforces, and `started` (wall-clock, the only field replay ignores);
- `decision`: one host call and the decision on it: `seq`, `t` (seconds
  since the session's first call, rounded to the millisecond), the event
  (without its monotonic `time`), `content` (what its arguments carried:
  an Observation, never the secrets themselves), the features, prior,
  posterior and log-odds, the call's log likelihood ratio and the e-value,
  the expected loss of every action, the action chosen and the decision
  carried out, the host's answers, mode, `model_version`, `policy_version`;
- `end`: the session closed (number of decisions, strongest action,
  final posterior).

`verify(path)` checks the chain and reports, by line, any entry edited,
removed, inserted or reordered, a partial last line, and sessions without an
end (truncation); `head=` also pins the last hash, which the host can
keep elsewhere (an attacker who rewrites the whole file recomputes every
hash; only an anchored head catches that). `show(path)` gives a readable
timeline. Replay is replay.py.

Invariants: entries are only appended, one whole line per write, flushed;
several sentinels (threads) may share one ledger file in a process
(`Ledger.open` returns the same object for the same path), their entries
interleaved but each session's entries in order.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from frankenengine.sentinel.canonical import canonical

GENESIS = "0" * 64
_registry: dict[str, Ledger] = {}
_registry_lock = threading.Lock()


class LedgerError(ValueError):
    """A ledger that cannot be appended to or read."""


def entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode()).hexdigest()


def _hashed_line(entry: dict) -> tuple[str, str]:
    """(hash, canonical line with the hash) of an entry without `hash`, encoding it once.

    A canonical dict is its members sorted by key, so the entry is encoded as the members
    before `hash` and those after it; the hash covers both joined, the line has it between."""
    before = canonical({k: v for k, v in entry.items() if k < "hash"})[1:-1]
    after = canonical({k: v for k, v in entry.items() if k > "hash"})[1:-1]
    body = ",".join(part for part in (before, after) if part)
    digest = hashlib.sha256(("{" + body + "}").encode()).hexdigest()
    line = ",".join(part for part in (before, f'"hash":"{digest}"', after) if part)
    return digest, "{" + line + "}"


class Ledger:
    """An open ledger file. Use `Ledger.open(path)` (it creates the file, and its folder if
    missing); `append` adds one entry."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.head, self.count = _tail(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a", encoding="ascii")  # noqa: SIM115 (kept open)

    @classmethod
    def open(cls, path: str | Path) -> Ledger:
        key = str(Path(path).resolve())
        with _registry_lock:
            ledger = _registry.get(key)
            if ledger is None or ledger._file.closed:
                ledger = _registry[key] = cls(path)
            return ledger

    def append(self, kind: str, body: dict, session: int | None = None) -> dict:
        """Write one entry; `session` None starts a new session. Returns the entry written."""
        with self._lock:
            n = self.count
            entry = {
                **body,
                "kind": kind,
                "n": n,
                "session": n if session is None else session,
                "prev": self.head,
            }
            entry["hash"], line = _hashed_line(entry)
            self._file.write(line + "\n")
            self._file.flush()
            self.head, self.count = entry["hash"], n + 1
            return entry

    def close(self) -> None:
        with self._lock:
            self._file.close()


def _tail(path: Path) -> tuple[str, int]:
    """(hash of the last entry, number of entries) of an existing ledger file."""
    if not path.exists():
        return GENESIS, 0
    last = None
    count = 0
    with open(path, encoding="ascii", errors="replace") as lines:
        for line in lines:
            if not line.endswith("\n"):
                raise LedgerError(f"{path}: last line is incomplete; not appending")
            last = line
            count += 1
    if last is None:
        return GENESIS, 0
    try:
        entry = json.loads(last)
        return entry["hash"], count
    except (ValueError, KeyError, TypeError):
        raise LedgerError(f"{path}: last line is not a ledger entry; not appending") from None


def read_entries(path: str | Path) -> Iterator[dict]:
    """The entries of a ledger, in order (LedgerError on a line that is not an entry)."""
    with open(path, encoding="ascii", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
            except ValueError:
                raise LedgerError(f"line {number}: not a JSON entry") from None
            if not isinstance(entry, dict):
                raise LedgerError(f"line {number}: not a JSON entry")
            yield entry


@dataclass
class Report:
    """What `verify` found. `problems` are (line number from 1, message)."""

    entries: int = 0
    sessions: int = 0
    head: str = GENESIS
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: str | Path, head: str | None = None, allow_open: bool = False) -> Report:
    """Check the hash chain of the ledger at `path` (see the module docstring)."""
    report = Report()
    prev = GENESIS
    open_sessions: dict[int, int] = {}  # session -> line of its start
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        report.problems.append((0, f"cannot read {path}: {exc.strerror or exc}"))
        return report
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        report.problems.append((len(lines), "last line is incomplete (truncated)"))
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError
        except ValueError:
            if number != len(lines) or text.endswith("\n"):
                report.problems.append((number, "not a JSON entry"))
            continue
        report.entries += 1
        if entry.get("hash") != entry_hash(entry):
            report.problems.append((number, "entry edited: its hash does not match its content"))
        if entry.get("prev") != prev:
            report.problems.append(
                (number, "chain broken: an entry before it was removed, inserted or reordered")
            )
        if entry.get("n") != number - 1:
            report.problems.append((number, f"entry number {entry.get('n')} out of place"))
        prev = entry.get("hash", "")
        _check_session(entry, number, open_sessions, report)
    for session, line in sorted(open_sessions.items()):
        if not allow_open:
            report.problems.append(
                (line, f"session {session} has no end entry (truncated or still open)")
            )
    report.head = prev
    if head is not None and prev != head:
        report.problems.append((len(lines), "last entry is not the expected head (truncated)"))
    return report


def _check_session(entry: dict, number: int, open_sessions: dict, report: Report) -> None:
    kind, session = entry.get("kind"), entry.get("session")
    if kind == "start":
        report.sessions += 1
        if session != entry.get("n"):
            report.problems.append((number, "start entry does not open its own session"))
        open_sessions[session] = number
    elif kind in ("decision", "end"):
        if session not in open_sessions:
            report.problems.append((number, f"{kind} entry outside an open session {session}"))
        elif kind == "end":
            del open_sessions[session]
    else:
        report.problems.append((number, f"unknown entry kind {kind!r}"))


# -- reading it ------------------------------------------------------------------------


def show(path: str | Path) -> str:
    """A readable timeline of the ledger at `path`."""
    out = []
    for entry in read_entries(path):
        kind = entry.get("kind")
        if kind == "start":
            s = entry.get("settings", {})
            out.append(
                f"session {entry['session']}: {entry.get('extension')} "
                f"digest {str(entry.get('digest') or '-')[:16]} "
                f"mode {entry.get('mode')} model {entry.get('model_version') or '-'} "
                f"policy {entry.get('policy_version')} prior {s.get('prior')} "
                f"alpha {s.get('alpha')}" + ("" if entry.get("enforce", True) else " (observing)")
            )
        elif kind == "decision":
            out.append(_decision_line(entry))
        elif kind == "end":
            out.append(
                f"  end of session {entry['session']}: {entry.get('decisions')} decisions, "
                f"strongest {entry.get('strongest')}, posterior {_num(entry.get('posterior'))}"
            )
    return "\n".join(out) + ("\n" if out else "")


def _decision_line(entry: dict) -> str:
    event = entry.get("event", {})
    verdict = "ALLOW" if entry.get("allow") else "REFUSE"
    target = str(event.get("target", ""))
    if len(target) > 60:
        target = target[:57] + "..."
    parts = [
        f"  +{entry.get('t', 0):.3f}s #{entry.get('seq')}",
        f"{event.get('function') or event.get('capability')} {target}".rstrip(),
        f"{verdict} {entry.get('action')}",
    ]
    if entry.get("mode") == "model":
        parts.append(f"p={_num(entry.get('posterior'))} e={_num(entry.get('e_value'))}")
    else:
        parts.append(f"rules:{entry.get('rule') or '-'}")
    leak = (entry.get("content") or {}).get("leak")
    if leak:
        parts.append(f"leak:{leak}")
    parts.append(f"({entry.get('reason')})")
    return "  ".join(parts)


def _num(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3g}"
