"""Native list code frees what it allocates: no reference to a list cell, its data or a
row is left behind by a call, whatever the code did (loops, rows taken as values, rows
replaced and repeated, appends, values returned).

Numba counts its allocations and frees only when `NUMBA_NRT_STATS=1` is set before it is
imported, so the check runs in a new process (`tests/testdata/jit/nrt_balance.py`) that
calls each function of `list_methods.py` repeatedly and prints, per function, the
allocations not freed after the first call (which compiles).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "testdata" / "jit" / "nrt_balance.py"


@pytest.fixture(scope="module")
def balance() -> dict:
    env = dict(os.environ, NUMBA_NRT_STATS="1")
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_every_list_function_leaves_no_allocation_behind(balance):
    assert len(balance) >= 10  # the script ran the functions
    assert {name: net for name, net in balance.items() if net} == {}
