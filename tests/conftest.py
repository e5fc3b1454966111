"""Shared test fixtures: where the shared conformance suite and the project's test data live.

The shared suite sits beside the clone (`<parent>/shared/conformance`, read
only); the project's own data is under `tests/testdata`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"
TESTDATA = Path(__file__).resolve().parent / "testdata"


@pytest.fixture(scope="session")
def shared_conformance() -> Path:
    """The shared conformance programs (may be absent outside CI)."""
    return SHARED_CONFORMANCE


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The project's test data folder."""
    return TESTDATA
