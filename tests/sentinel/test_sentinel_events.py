"""The host-call event types: JSON form, decisions, the default and recording hooks."""

from __future__ import annotations

import json

import pytest

from frankenengine.sentinel.events import (
    ACTIONS,
    AllowGranted,
    Decision,
    DecisionHook,
    HostCallEvent,
    RecordingHook,
)


def _event(granted=True, **changes):
    fields = dict(
        extension="e",
        capability="fs.read",
        operation="read",
        target="/d/a.txt",
        bytes_in=0,
        bytes_out=0,
        line=3,
        time=1.5,
        seq=0,
        granted=granted,
    )
    fields.update(changes)
    return HostCallEvent(**fields)


def test_event_is_frozen_and_json_serialisable():
    event = _event(other_targets=("/d/b.txt",), function="fs.rename")
    with pytest.raises(AttributeError):
        event.seq = 2
    data = event.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["other_targets"] == ["/d/b.txt"] and data["function"] == "fs.rename"
    assert data["granted"] is True and data["outcome"] == ""


def test_decisions():
    assert Decision(True).action == "allow"
    assert "terminate" in ACTIONS and "quarantine" in ACTIONS
    with pytest.raises(ValueError, match="unknown action"):
        Decision(False, "explode")


def test_allow_granted_and_recording_hook():
    hook = RecordingHook()
    assert isinstance(hook, DecisionHook) and isinstance(AllowGranted(), DecisionHook)
    yes, no = hook.decide(_event(True)), hook.decide(_event(False, seq=1))
    assert (yes.allow, yes.action) == (True, "allow")
    assert (no.allow, no.action) == (False, "deny")
    assert [e.seq for e in hook.events] == [0, 1] and hook.decisions == [yes, no]
    inner = RecordingHook()
    outer = RecordingHook(inner)
    outer.decide(_event())
    assert len(inner.events) == len(outer.events) == 1
