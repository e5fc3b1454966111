"""The sentinel's part of the `franken` command line: run options, `ledger` and `quarantine`.

    franken run FILE ... [--ledger FILE] [--sentinel {model,rules,off}] [--prior P]
                         [--alpha A] [--loss FILE] [--state-dir DIR]
    franken ledger verify FILE [--head HASH] [--open-ok]
    franken ledger replay FILE [--model FILE]
    franken ledger show FILE
    franken quarantine list [--state-dir DIR] [--json]
    franken quarantine release DIGEST [--state-dir DIR]

`--loss FILE` replaces the loss matrix: a JSON object mapping each of the
seven actions to `[loss if benign, loss if malicious]`. Without `--ledger`,
`run` writes its ledger to a new file `<state dir>/ledgers/<name>-<UTC
time>-<pid>.jsonl` (the state directory: `--state-dir`, else
$FRANKEN_STATE_DIR, else ~/.local/state/frankenengine) and keeps it only
when the sentinel acted (an action other than allow), so that such a run
always names its evidence (`describe`: the action, the call it was taken
on, the ledger's path) and runs it only allowed leave nothing behind.
Nothing is created before the sentinel's first host call (the ledger file
and its folder are made then), so a run without host calls needs no
writable state directory; a ledger that cannot be written then refuses
every host call, and `run` says why (`ledger_failure`). `ledger verify`
and `ledger replay` exit 0 when the ledger is intact and every decision is
reproduced, 1 otherwise (each problem on stderr, with its line); `quarantine release` exits 1 when the digest was
not quarantined. Unreadable files are usage errors (64), as for `run`.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from frankenengine.cli.common import EXIT_FAILED, EXIT_OK, UsageError
from frankenengine.sentinel import ledger as ledger_
from frankenengine.sentinel.hook import Sentinel
from frankenengine.sentinel.model import ModelError
from frankenengine.sentinel.policy import CONTAINING, LossMatrix
from frankenengine.sentinel.quarantine import QuarantineError, QuarantineList
from frankenengine.sentinel.replay import replay

LEDGERS = "ledgers"  # the state directory's folder of default ledgers


def add_run_options(run) -> None:
    run.add_argument("--ledger", metavar="FILE", help="append the sentinel's evidence ledger")
    run.add_argument(
        "--sentinel",
        choices=("model", "rules", "off"),
        default="model",
        help="how the sentinel decides: the fitted model (default), the rule table, or off",
    )
    run.add_argument("--prior", type=float, help="prior P(malicious) of the extension")
    run.add_argument("--alpha", type=float, help="level of the test gating termination")
    run.add_argument("--loss", metavar="FILE", help="loss matrix (JSON: action -> [benign, bad])")
    run.add_argument(
        "--state-dir",
        metavar="DIR",
        help="where the quarantine list and the default ledgers (ledgers/) live",
    )


def add_parsers(sub) -> None:
    ledger = sub.add_parser("ledger", help="verify, replay or show an evidence ledger")
    commands = ledger.add_subparsers(dest="ledger_command", required=True)
    verify = commands.add_parser("verify", help="check the hash chain")
    verify.add_argument("file")
    verify.add_argument("--head", help="the hash the last entry must have")
    verify.add_argument("--open-ok", action="store_true", help="accept sessions not yet ended")
    again = commands.add_parser("replay", help="recompute every decision and compare")
    again.add_argument("file")
    again.add_argument("--model", help="the model file the ledger's sessions used")
    show = commands.add_parser("show", help="print a readable timeline")
    show.add_argument("file")
    quarantine = sub.add_parser("quarantine", help="list or release quarantined extensions")
    actions = quarantine.add_subparsers(dest="quarantine_command", required=True)
    listing = actions.add_parser("list", help="list quarantined digests")
    listing.add_argument("--state-dir", metavar="DIR")
    listing.add_argument("--json", action="store_true")
    release = actions.add_parser("release", help="let a quarantined extension load again")
    release.add_argument("digest")
    release.add_argument("--state-dir", metavar="DIR")


def sentinel_for(options, state_dir: Path) -> Sentinel | None:
    """The Sentinel `franken run` watches the extension with (None: --sentinel off); its
    ledger is `--ledger`, else a new file of `state_dir`/ledgers (see the module docstring)."""
    if options.sentinel == "off":
        if options.ledger:
            raise UsageError("--ledger needs the sentinel (not --sentinel off)")
        return None
    settings = {}
    if options.prior is not None:
        settings["prior"] = options.prior
    if options.alpha is not None:
        settings["alpha"] = options.alpha
    if options.loss is not None:
        settings["loss"] = _loss(options.loss)
    model = "default" if options.sentinel == "model" else None
    ledger = options.ledger or _default_ledger(state_dir, options.file)
    try:
        return Sentinel(model, ledger=ledger, **settings)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _default_ledger(state_dir: Path, file: str) -> Path:
    """A new ledger path in `state_dir`/ledgers for a run of `file`. Only the path: nothing
    is created until the sentinel writes its first entry (`Ledger.open` makes the folder),
    so a run without host calls needs no writable state directory."""
    folder = state_dir / LEDGERS
    path = Path(file).resolve()
    base = path.name if path.is_dir() else path.stem
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", base)[:64] or "extension"
    now = time.time()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f".{int(now % 1 * 1e6):06d}Z"
    return folder / f"{name}-{stamp}-{os.getpid()}.jsonl"


def end_session(hook: Sentinel, options) -> dict:
    """End the run's ledger session and close its file; the `sentinel` report of the run.
    The default ledger (no `--ledger`) of a run the sentinel only allowed is removed."""
    hook.close()
    if hook.ledger is not None:
        hook.ledger.close()
    report = hook.report()
    if options.ledger is None and report["action"] == "allow":
        if hook.ledger is not None:
            hook.ledger.path.unlink(missing_ok=True)
        report["ledger"] = None
    if hook.ledger_error is not None:  # there is no ledger to name
        report["ledger"] = None
    return report


def ledger_failure(hook: Sentinel | None) -> str | None:
    """The line for stderr when the sentinel could not open its ledger (None if it could, or
    there is no sentinel): it then refused every host call."""
    if hook is None or hook.ledger_error is None:
        return None
    return (
        f"franken: sentinel: {hook.ledger_error}; every host call was refused "
        "(give --ledger FILE or --state-dir DIR)"
    )


def _loss(path: str) -> LossMatrix:
    try:
        data = json.loads(Path(path).read_text())
        return LossMatrix.from_json(data)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise UsageError(f"--loss {path}: {exc}") from None


def describe(report: dict) -> list[str]:
    """Lines for stderr after a run the sentinel acted on: the action, the call it was taken
    on (read back from the ledger) and where the ledger is."""
    action, ledger = report["action"], report.get("ledger")
    entry = _first_decision(ledger, action) if ledger else None
    lead = "franken: sentinel: " + ("contained the extension: " if action in CONTAINING else "")
    if entry is None:
        lines = [f"{lead}{action} (posterior {report['posterior']:.3f})"]
    else:
        event = entry.get("event", {})
        call = " ".join(filter(None, (event.get("function"), event.get("target"))))
        lines = [
            f"{lead}{action} at host call #{entry.get('seq')} "
            f"({call}, line {event.get('line')}): {entry.get('reason')}"
        ]
    if ledger:
        lines.append(
            f"franken: sentinel: ledger {ledger} (verify with: franken ledger verify {ledger})"
        )
    return lines


def _first_decision(path: str, action: str) -> dict | None:
    """The first decision of the ledger's last session that took `action` (None if there is
    none or the ledger cannot be read)."""
    found = None
    try:
        for entry in ledger_.read_entries(path):
            if entry.get("kind") == "start":
                found = None
            elif found is None and entry.get("kind") == "decision":
                if entry.get("action") == action:
                    found = entry
    except (OSError, ledger_.LedgerError):
        return None
    return found


def ledger_command(options) -> int:
    path = options.file
    try:
        if options.ledger_command == "show":
            sys.stdout.write(ledger_.show(path))
            return EXIT_OK
        if options.ledger_command == "verify":
            found = ledger_.verify(path, head=options.head, allow_open=options.open_ok)
            if found.problems and found.problems[0][0] == 0:
                raise UsageError(found.problems[0][1])
            for line, message in found.problems:
                print(f"{path}:{line}: {message}", file=sys.stderr)
            state = "ok" if found.ok else "FAILED"
            print(f"{state}: {found.entries} entries, {found.sessions} sessions, head {found.head}")
            return EXIT_OK if found.ok else EXIT_FAILED
        done = replay(path, model=options.model)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ledger_.LedgerError, ModelError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    for line, name, recorded, replayed in done.differences:
        print(
            f"{path}:{line}: {name}: recorded {_short(recorded)}, replayed {_short(replayed)}",
            file=sys.stderr,
        )
    state = "ok" if done.ok else "DIFFERENT"
    print(f"{state}: {done.decisions} decisions in {done.sessions} sessions replayed")
    return EXIT_OK if done.ok else EXIT_FAILED


def quarantine_command(options) -> int:
    store = QuarantineList(options.state_dir)
    try:
        if options.quarantine_command == "release":
            if store.release(options.digest):
                print(f"released {options.digest}")
                return EXIT_OK
            print(f"franken: {options.digest} is not quarantined", file=sys.stderr)
            return EXIT_FAILED
        entries = store.entries()
    except QuarantineError as exc:
        raise UsageError(str(exc)) from None
    if options.json:
        print(json.dumps(entries, indent=2, sort_keys=True))
    else:
        for digest, info in sorted(entries.items()):
            print(
                f"{digest}  {info.get('name', '')}  {info.get('time', '')}  {info.get('reason', '')}"
            )
    return EXIT_OK


def _short(value) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."
