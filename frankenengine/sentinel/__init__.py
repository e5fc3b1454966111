"""The sentinel: evidence from host calls -> P(malicious) -> least-loss action -> ledger.

Public names (imports nothing of the engine: the engine fills the events):

- `Sentinel`, `SentinelConfig` (hook.py): the decision hook, one per extension;
- `Model`, `fit`, `ModelError` (model.py): the fitted naive Bayes model;
- `EProcess` (eprocess.py): the anytime-valid test gating containment;
- `LossMatrix`, `DEFAULT_LOSS`, `ACTIONS`, `POLICY_VERSION` (policy.py);
- `QuarantineList`, `default_state_dir` (quarantine.py);
- `verify`, `show` (ledger.py), `replay` (replay.py);
- the event types (events.py).
"""

from frankenengine.sentinel.eprocess import EProcess
from frankenengine.sentinel.events import (
    AllowGranted,
    Decision,
    DecisionHook,
    HostCallEvent,
    RecordingHook,
)
from frankenengine.sentinel.hook import Sentinel, SentinelConfig
from frankenengine.sentinel.ledger import Ledger, show, verify
from frankenengine.sentinel.model import Model, ModelError, fit
from frankenengine.sentinel.policy import ACTIONS, DEFAULT_LOSS, POLICY_VERSION, LossMatrix
from frankenengine.sentinel.quarantine import QuarantineError, QuarantineList, default_state_dir
from frankenengine.sentinel.replay import replay

__all__ = [
    "ACTIONS",
    "DEFAULT_LOSS",
    "POLICY_VERSION",
    "AllowGranted",
    "Decision",
    "DecisionHook",
    "EProcess",
    "HostCallEvent",
    "Ledger",
    "LossMatrix",
    "Model",
    "ModelError",
    "QuarantineError",
    "QuarantineList",
    "RecordingHook",
    "Sentinel",
    "SentinelConfig",
    "default_state_dir",
    "fit",
    "replay",
    "show",
    "verify",
]
