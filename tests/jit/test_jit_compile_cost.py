"""What a first compile costs, known without Numba (jit/compile_cost.py): a machine whose
cache folder keeps no compiled helpers, in a process that compiled none, waits longer."""

from __future__ import annotations

import subprocess
import sys

from frankenengine.jit import compile_cost
from frankenengine.jit.compile_cost import COLD_SCALE, HELPER_ENTRY_PREFIX


def test_a_folder_keeping_the_helpers_is_warm(tmp_path):
    assert not compile_cost.helpers_kept(None)
    assert not compile_cost.helpers_kept(tmp_path / "missing")
    assert not compile_cost.helpers_kept(tmp_path)
    (tmp_path / "fe_0123.py").write_text("")  # a group's entry is not a helper's
    assert not compile_cost.helpers_kept(tmp_path)
    (tmp_path / f"{HELPER_ENTRY_PREFIX}abc_checked.py").write_text("")
    assert compile_cost.helpers_kept(tmp_path)


def test_the_scale_is_cold_only_before_any_compile_without_kept_helpers(monkeypatch):
    monkeypatch.setattr(compile_cost, "_helpers_compiled", False)
    assert compile_cost.scale(False) == COLD_SCALE > 1.0
    assert compile_cost.scale(True) == 1.0
    compile_cost.helpers_compiled()
    assert compile_cost.scale(False) == 1.0


def test_it_loads_no_numba():
    code = "import sys; import frankenengine.jit.compile_cost; print('numba' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr
