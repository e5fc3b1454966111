"""Shared test fixtures: where the shared conformance suite and the project's test data live.

The shared suite sits beside the clone (`<parent>/shared/conformance`, read
only) and is required: where it is missing, every test that asks for it (the
`shared_conformance` fixture) errors, naming the folder. The project's own
data is under `tests/testdata`. The engine's state
folder (quarantine list, default ledgers) is a fresh temporary folder for the
whole session, so tests never write into the user's home.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance"
TESTDATA = Path(__file__).resolve().parent / "testdata"


# The shared suite holds 41 programs (and its README): fewer means some went missing.
SHARED_PROGRAMS_AT_LEAST = 41


@pytest.fixture(scope="session")
def shared_conformance() -> Path:
    """The shared conformance programs: required, a missing or emptied folder is a test error.

    Test modules that read the folder at import time (to parametrize) have a
    test asking for this fixture, so a checkout without `../shared` fails
    loudly, naming the folder, instead of running without the shared programs.
    """
    programs = sorted(SHARED_CONFORMANCE.glob("*.py"))
    if len(programs) < SHARED_PROGRAMS_AT_LEAST:
        pytest.fail(
            f"the shared conformance suite is missing: {SHARED_CONFORMANCE} holds "
            f"{len(programs)} programs, expected at least {SHARED_PROGRAMS_AT_LEAST} "
            "(it must sit beside the clone, as ../shared/conformance)",
            pytrace=False,
        )
    return SHARED_CONFORMANCE


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The project's test data folder."""
    return TESTDATA


@pytest.fixture(scope="session", autouse=True)
def engine_state_dir(tmp_path_factory) -> Path:
    """$FRANKEN_STATE_DIR for the session: a temporary folder, restored afterwards."""
    folder = tmp_path_factory.mktemp("franken-state")
    before = os.environ.get("FRANKEN_STATE_DIR")
    os.environ["FRANKEN_STATE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("FRANKEN_STATE_DIR", None)
    else:
        os.environ["FRANKEN_STATE_DIR"] = before
