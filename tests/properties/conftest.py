"""Every property module here: Hypothesis may spend SHRINK_SECONDS shrinking one failure."""

from __future__ import annotations

import pytest
from hypothesis.internal.conjecture import engine as hypothesis_engine

from .hypothesis_settings import SHRINK_SECONDS


@pytest.fixture(autouse=True, scope="module")
def _bounded_shrinking():
    # A private constant of the pinned Hypothesis version; left alone if it moves.
    saved = getattr(hypothesis_engine, "MAX_SHRINKING_SECONDS", None)
    if saved is not None:
        hypothesis_engine.MAX_SHRINKING_SECONDS = SHRINK_SECONDS
    yield
    if saved is not None:
        hypothesis_engine.MAX_SHRINKING_SECONDS = saved
