"""Canonical JSON: the one text of a value that the ledger hashes and the model digests.

Invariant: sorted keys, no spaces, ASCII only, so equal data gives equal
bytes on every machine and the hash chain and model versions are stable.
"""

from __future__ import annotations

import json

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical(data) -> str:
    """The canonical JSON text of `data` (sorted keys, no spaces, ASCII)."""
    return _CANONICAL.encode(data)
