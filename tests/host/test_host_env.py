"""env through the engine, on the real environment: names, PREFIX_* patterns, nothing more."""

from __future__ import annotations

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import CapabilityDenied

ENV = """
from host import env

def get(name, default=None):
    return env.get(name, default)

def probe(name):
    try:
        return env.get(name)
    except CapabilityDenied:
        return "denied"
"""


@pytest.fixture
def ext(load, monkeypatch):
    monkeypatch.setenv("STATS_MODE", "fast")
    monkeypatch.setenv("STATSX", "leak")
    monkeypatch.setenv("STATS_", "bare")
    monkeypatch.setenv("SECRET_TOKEN", "s3cr3t")
    monkeypatch.setenv("HOME_DIR", "/h")
    return load(ENV, grants={"env.read": ["STATS_*", "HOME"]})


def test_granted_names_and_patterns(ext, monkeypatch):
    assert ext.call("get", "STATS_MODE") == "fast"
    assert ext.call("get", "STATS_MISSING") is None
    assert ext.call("get", "STATS_MISSING", "dflt") == "dflt"
    monkeypatch.setenv("STATS_MODE", "slow")  # read at the moment of the call
    assert ext.call("get", "STATS_MODE") == "slow"
    monkeypatch.setenv("HOME", "/home/x")
    assert ext.call("get", "HOME") == "/home/x"


@pytest.mark.parametrize(
    "name",
    ["STATSX", "STATS_", "SECRET_TOKEN", "HOME_DIR", "stats_mode", "PATH", "", "STATS_MODE=x"],
)
@EVERY_LANE
def test_everything_else_is_denied(ext, name):
    assert ext.call("probe", name) == "denied"


@EVERY_LANE
def test_nothing_granted(load, monkeypatch):
    monkeypatch.setenv("STATS_MODE", "fast")
    ext = load(ENV)
    with pytest.raises(CapabilityDenied):
        ext.call("get", "STATS_MODE")


def test_name_must_be_a_string(ext):
    with pytest.raises(TypeError, match="must be str"):
        ext.call("get", 1)
