"""The fixtures of every sentinel test here (sentinel_fixtures.py): home, server, load,
hostile_model."""

from sentinel_fixtures import home, hostile_model, load, server  # noqa: F401 (fixtures)
