"""The sentinel as a decision hook: one `Sentinel` watches one extension's host calls.

Interface (stable; the engine and the corpus evaluation use it):

    Sentinel(model="default", *, prior=0.01, loss=DEFAULT_LOSS, alpha=0.01,
             ledger=None, challenge=None, resume=None, suspend_timeout=None,
             sandbox=("fs.write", "net.http", "proc.run"), enforce=True)

- `model`: "default" (the fitted model.json shipped with the engine), a
  `Model`, a path to a model file, or None (rules only). A model that
  cannot be used (missing, stale, too few traces) makes the sentinel decide
  by rules; the ledger says why.
- `prior`: P(malicious) before any call (per extension: for example from
  the package's provenance). `loss`: a `LossMatrix`. `alpha`: the level of
  the e-process gate on containment (policy.py, eprocess.py).
- `ledger`: a path (or `Ledger`) to append the evidence ledger to.
- `challenge(event, posterior) -> bool`: asked when the policy picks
  challenge; True lets the call run, False stops the run. Without it the
  policy never picks challenge.
- `resume`: what a suspended run waits for: a callable `(event, posterior)
  -> bool` (True resumes), or a `threading.Event` the host sets (then
  `waiting` is set while the run waits, and `end_suspension()` ends it
  instead); the run is stopped (terminate) when the answer is no or
  `suspend_timeout` seconds pass (default 30). With no `resume` nobody can
  resume, so a suspension ends at once in termination.
- `sandbox`: the capabilities a sandboxed extension loses.
- `enforce=False`: observe only: everything is computed and recorded (the
  way to record training traces), every call gets the grants' answer, and
  the host is never asked (its answers are recorded as yes).

The engine calls `bind(name, digest=..., declared=..., quarantine=...)` once
before the extension runs (declared: the manifest's scopes as plain data;
quarantine: a QuarantineList, so that a quarantine decision records the
digest). Then the bridge calls `decide_content(event, arguments)` before
each call and `received(event, text)` after a call that returned text.
`posterior`, `strongest_action`, `e_value`, `mode`, `sandboxed` and
`contained` describe the extension so far; `close()` ends the ledger
session. The ledger is opened (its folder made) at the first host call; if
it cannot be (`ledger_error` says why), that call and every later one are
refused. `SentinelConfig` holds the same settings and `build()`s a fresh
Sentinel per extension (what `Engine(sentinel=...)` takes).

Invariants: a Sentinel watches at most one extension; every decision depends
only on what the ledger records (replay.py reproduces it); the content of
calls (secrets included) stays in memory and never reaches the ledger; a
failure inside the sentinel refuses the call (the bridge fails closed).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from frankenengine.sentinel.content import NOTHING, ContentWatch
from frankenengine.sentinel.eprocess import ALPHA
from frankenengine.sentinel.events import Decision, HostCallEvent
from frankenengine.sentinel.judge import DEFAULT_PRIOR, DEFAULT_SANDBOX, Judge, Settings
from frankenengine.sentinel.ledger import Ledger
from frankenengine.sentinel.model import DEFAULT_MODEL_PATH, Model, ModelError
from frankenengine.sentinel.policy import DEFAULT_LOSS, POLICY_VERSION, LossMatrix
from frankenengine.sentinel.quarantine import QuarantineError, QuarantineList

DEFAULT_SUSPEND_TIMEOUT = 30.0
_default_models: dict[tuple[str, int], Model | ModelError] = {}


def resolve_model(model) -> tuple[Model | None, str]:
    """(usable model or None, why not) for the `model` argument of Sentinel."""
    if model is None:
        return None, "model off"
    try:
        if isinstance(model, Model):
            return model.check(), ""
        path = DEFAULT_MODEL_PATH if model == "default" else Path(model)
        return _load_cached(path).check(), ""
    except ModelError as exc:
        return None, str(exc)


def _load_cached(path: Path) -> Model:
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        raise ModelError(f"no model file {path}") from None
    found = _default_models.get(key)
    if found is None:
        try:
            found = Model.load(path)
        except ModelError as exc:
            found = exc
        _default_models[key] = found
    if isinstance(found, ModelError):
        raise found
    return found


class Sentinel:
    """Watches one extension's host calls and decides on each (see the module docstring)."""

    def __init__(
        self,
        model="default",
        *,
        prior: float = DEFAULT_PRIOR,
        loss: LossMatrix = DEFAULT_LOSS,
        alpha: float = ALPHA,
        ledger: str | Path | Ledger | None = None,
        challenge: Callable[[HostCallEvent, float], bool] | None = None,
        resume: Callable[[HostCallEvent, float], bool] | threading.Event | None = None,
        suspend_timeout: float | None = None,
        sandbox: tuple[str, ...] = DEFAULT_SANDBOX,
        enforce: bool = True,
        reask: float = 1.0,
    ):
        if not isinstance(loss, LossMatrix):
            loss = LossMatrix(loss)
        self.model, self._model_reason = resolve_model(model)
        self.prior, self.loss, self.alpha = prior, loss, alpha
        self.sandbox, self.reask = tuple(sandbox), reask
        Settings(prior=prior, alpha=alpha, loss=loss)  # check the values now
        self.challenge = challenge
        self.resume = resume
        default_wait = DEFAULT_SUSPEND_TIMEOUT if resume is not None else 0.0
        self.suspend_timeout = default_wait if suspend_timeout is None else suspend_timeout
        self.enforce = enforce
        self.waiting = threading.Event()  # set while a suspended run waits for the host
        self._ended = False
        self._ledger_arg = ledger
        self.ledger: Ledger | None = None
        self.ledger_error: str | None = None  # why the ledger could not be opened
        self.name = ""
        self.digest = ""
        self.declared: Mapping | None = None
        self.quarantine: QuarantineList | None = None
        self._bound = False
        self._judge: Judge | None = None
        self._content = ContentWatch()
        self._last_content: tuple[int, Mapping | None] = (-1, None)
        self._t0: float | None = None
        self._session: int | None = None
        self._decisions = 0
        self._quarantined = False
        self._closed = False
        self._lock = threading.RLock()

    # -- setting up ----------------------------------------------------------------------
    def bind(
        self,
        name: str,
        *,
        digest: str = "",
        declared: Mapping | None = None,
        quarantine: QuarantineList | None = None,
    ) -> Sentinel:
        """Attach to one extension, before it runs (the engine does this)."""
        with self._lock:
            if self._bound or self._judge is not None:
                raise ValueError("a sentinel watches one extension; make one per extension")
            self._bound = True
            self.name, self.digest = name, digest
            self.declared = declared
            self.quarantine = quarantine
        return self

    def _start(self, event: HostCallEvent) -> Judge:
        if self._judge is None:
            self.name = self.name or event.extension
            settings = Settings(
                prior=self.prior,
                alpha=self.alpha,
                loss=self.loss,
                sandbox=self.sandbox,
                challenge=self.challenge is not None,
                declared=self.declared,
                reask=self.reask,
            )
            judge = Judge(settings, self.model, self._model_reason)
            if self._ledger_arg is not None:  # before starting: no decision without its ledger
                self.ledger = self._open_ledger()
                entry = self.ledger.append("start", self._header(settings))
                self._session = entry["session"]
            self._judge = judge
            self._t0 = event.time
        return self._judge

    def _open_ledger(self) -> Ledger:
        """The ledger of `ledger=`, opened (OSError, `ledger_error` set, if it cannot be)."""
        if isinstance(self._ledger_arg, Ledger):
            return self._ledger_arg
        try:
            return Ledger.open(self._ledger_arg)
        except OSError as exc:
            self.ledger_error = f"cannot write the ledger {self._ledger_arg}: {exc.strerror or exc}"
            raise

    def _header(self, settings: Settings) -> dict:
        return {
            "extension": self.name,
            "digest": self.digest,
            "settings": settings.to_json(),
            "model_version": self.model.model_version if self.model else None,
            "model_digest": self.model.digest if self.model else None,
            "policy_version": POLICY_VERSION,
            "mode": "model" if self.model else "rules",
            "mode_reason": self._model_reason,
            "enforce": self.enforce,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }

    # -- the hook ------------------------------------------------------------------------
    def decide(self, event: HostCallEvent) -> Decision:
        return self.decide_content(event, None)

    def decide_content(self, event: HostCallEvent, content: Mapping | None) -> Decision:
        """The decision on `event`, whose arguments (parameter -> value) are `content`."""
        with self._lock:
            judge = self._start(event)
            t = round(event.time - self._t0, 3)
            try:
                observation = self._content.inspect(event, content)
            except Exception:  # content analysis is best effort; the features still count
                observation = NOTHING
            self._last_content = (event.seq, content)
            verdict = judge.step(event, observation, self._asker(event))
            self._decisions += 1
            quarantined = None
            if verdict.decision.action == "quarantine" and not self._quarantined:
                quarantined = self._quarantine(verdict.decision.reason)
            if self.ledger is not None:
                self._record(event, observation, t, verdict, quarantined)
            if not self.enforce:
                if event.granted:
                    return Decision(True, "allow", "granted")
                return Decision(False, "deny", "outside the grants")
            return verdict.decision

    def received(self, event: HostCallEvent, text: str) -> None:
        """What a call returned (read text, response body, process output, variable value)."""
        with self._lock:
            seq, content = self._last_content
            try:
                self._content.learn(event, text, content if seq == event.seq else None)
            except Exception:  # best effort, as for inspecting
                pass

    def _asker(self, event: HostCallEvent) -> Callable[[str], bool]:
        def ask(question: str) -> bool:
            if not self.enforce:
                return True
            posterior = self.posterior
            try:
                if question == "challenge":
                    return bool(self.challenge(event, posterior))
                return self._suspend(event, posterior)
            except Exception:  # a failing host handler does not let the call through
                return False

        return ask

    def _suspend(self, event: HostCallEvent, posterior: float) -> bool:
        resume = self.resume
        if callable(resume) and not isinstance(resume, threading.Event):
            return bool(resume(event, posterior))
        self._ended = False
        if isinstance(resume, threading.Event):
            resume.clear()
        self.waiting.set()
        try:
            if isinstance(resume, threading.Event):
                resumed = resume.wait(self.suspend_timeout)
            else:
                time.sleep(self.suspend_timeout)
                resumed = False
        finally:
            self.waiting.clear()
        return resumed and not self._ended

    def end_suspension(self) -> None:
        """End a suspended run (with a threading.Event `resume`): it is stopped."""
        self._ended = True
        if isinstance(self.resume, threading.Event):
            self.resume.set()

    def _quarantine(self, reason: str) -> str | None:
        self._quarantined = True
        if self.quarantine is None or not self.digest:
            return None
        try:
            self.quarantine.add(self.digest, self.name, reason)
        except (QuarantineError, OSError):
            return None
        return self.digest

    def _record(self, event, observation, t, verdict, quarantined) -> None:
        recorded = event.to_json()
        del recorded["time"]
        body = {
            "extension": self.name,
            "seq": event.seq,
            "t": t,
            "event": recorded,
            "content": observation.to_json(),
            "prior": self.prior,
            "model_version": self.model.model_version if self.model else None,
            "policy_version": POLICY_VERSION,
            **verdict.to_json(),
        }
        if quarantined is not None:
            body["quarantined"] = quarantined
        self.ledger.append("decision", body, self._session)

    # -- the extension so far ----------------------------------------------------------
    @property
    def bound(self) -> bool:
        """Whether an extension was attached (`bind`) or has made a call."""
        return self._bound or self._judge is not None

    @property
    def posterior(self) -> float:
        return self._judge.posterior if self._judge is not None else self.prior

    @property
    def strongest_action(self) -> str:
        return self._judge.strongest if self._judge is not None else "allow"

    @property
    def e_value(self) -> float:
        return self._judge.eprocess.value if self._judge is not None else 1.0

    @property
    def mode(self) -> str:
        return "model" if self.model is not None else "rules"

    @property
    def mode_reason(self) -> str:
        """Why the sentinel decides by rules ("" when its model decides)."""
        return self._model_reason

    @property
    def sandboxed(self) -> tuple[str, ...]:
        return self._judge.sandboxed if self._judge is not None else ()

    @property
    def contained(self) -> str:
        """The stopping action ("terminate" or "quarantine") once the run was stopped, else ""."""
        return self._judge.stopped if self._judge is not None else ""

    @property
    def ledger_path(self) -> Path | None:
        if self.ledger is not None:
            return self.ledger.path
        if isinstance(self._ledger_arg, str | Path):
            return Path(self._ledger_arg)
        return None

    def report(self) -> dict:
        """{"action": strongest action, "posterior": ..., "ledger": path or None}."""
        path = self.ledger_path
        return {
            "action": self.strongest_action,
            "posterior": self.posterior,
            "ledger": None if path is None else str(path),
        }

    def close(self) -> None:
        """End the ledger session (an `end` entry); later calls are still decided."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self.ledger is not None and self._session is not None:
                self.ledger.append(
                    "end",
                    {
                        "extension": self.name,
                        "decisions": self._decisions,
                        "strongest": self.strongest_action,
                        "posterior": self.posterior,
                    },
                    self._session,
                )


@dataclass(frozen=True)
class SentinelConfig:
    """The settings of a Sentinel, for an engine that makes one per extension."""

    model: object = "default"
    prior: float = DEFAULT_PRIOR
    loss: LossMatrix = DEFAULT_LOSS
    alpha: float = ALPHA
    ledger: str | Path | None = None
    challenge: Callable | None = None
    resume: Callable | threading.Event | None = None
    suspend_timeout: float | None = None
    sandbox: tuple[str, ...] = DEFAULT_SANDBOX
    enforce: bool = True

    def build(self) -> Sentinel:
        return Sentinel(
            self.model,
            prior=self.prior,
            loss=self.loss,
            alpha=self.alpha,
            ledger=self.ledger,
            challenge=self.challenge,
            resume=self.resume,
            suspend_timeout=self.suspend_timeout,
            sandbox=self.sandbox,
            enforce=self.enforce,
        )
