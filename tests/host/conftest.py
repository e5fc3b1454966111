"""The fixtures of every host-module test here (host_fixtures.py): sandbox, lane, load, server."""

from host_fixtures import lane, load, sandbox, server  # noqa: F401 (fixtures, found by name)
