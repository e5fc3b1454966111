"""The `env` host module: reading the host's environment variables.

Invariants: the variable is read from the real environment at the moment of
the call (never a snapshot); the bridge has already checked the name against
the granted names and `PREFIX_*` patterns, so this module only reads.
"""

from __future__ import annotations

import os


class Environment:
    """`env.get(name, default=None)`: the variable's value, or `default` when it is unset."""

    def get(self, name: str, default=None):
        return os.environ.get(name, default)
