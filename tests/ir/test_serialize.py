"""Serialisation: .npz round trips exactly (no pickle) and the digest is stable across processes."""

from __future__ import annotations

import io
import math
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import samples
from hypothesis import given, settings

from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import IRModule
from frankenengine.ir.opcodes import Op
from frankenengine.ir.serialize import digest, load_npz, module_bytes, save_npz

HERE = Path(__file__).resolve().parent


def roundtrip(mod: IRModule) -> IRModule:
    buffer = io.BytesIO()
    save_npz(mod, buffer)
    buffer.seek(0)
    back = load_npz(buffer)
    samples.assert_modules_equal(mod, back)
    assert digest(back) == digest(mod)
    return back


@pytest.mark.parametrize("name", sorted(samples.MODULES))
def test_npz_roundtrip(name, tmp_path):
    mod = samples.MODULES[name]()
    path = tmp_path / f"{name}.npz"
    save_npz(mod, path)
    samples.assert_modules_equal(mod, load_npz(path))
    with np.load(path, allow_pickle=False) as archive:
        assert all(archive[key].dtype != object for key in archive.files)
    roundtrip(mod)


def bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def test_constants_roundtrip_exactly():
    payload = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000ABC))[0]
    values = [2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 10**40, True, False, 1, 0, None,
              -0.0, 0.0, math.nan, payload, math.inf, -math.inf, 5e-324, "", "a\x00", "\x00",
              "\ud800", "é中😀", "1", (), (1,), (True, 1, 1.0, "1", None), ((-0.0, payload), ("",))]  # fmt: skip
    fb = FunctionBuilder("consts")
    fb.emit(Op.ret, fb.emit_list(Op.build_tuple, [fb.const(v) for v in values]))
    fn = fb.finish()
    assert len(fn.consts) == len(values)
    back = roundtrip(IRModule("m", "m.py", [fn]))
    loaded = back.functions[0].consts
    assert [type(v) for v in loaded] == [type(v) for v in values]
    assert bits(loaded[values.index(payload)]) == bits(payload)
    assert bits(loaded[10]) == bits(-0.0)
    assert loaded[-1][0][1] is not payload and bits(loaded[-1][0][1]) == bits(payload)


def test_empty_module_roundtrips():
    roundtrip(IRModule("empty", "empty.py"))


def _set_col(m):
    m.functions[2].insts["col"][0] = 1


def _set_kind(m):
    m.functions[1].blocks["kind"][0] = 1


def _set_const(m):
    m.functions[0].consts[0] = 3.0  # 3 -> 3.0: equal in Python, not in the IR


def _set_operand(m):
    m.functions[0].operands[0] += 1


def test_digest_depends_on_every_part():
    changes = [
        lambda m: setattr(m, "name", "other"),
        lambda m: setattr(m, "exports", ()),
        lambda m: setattr(m.functions[1], "slots", ("y",)),
        lambda m: setattr(m.functions[1], "line", 99),
        lambda m: setattr(m.functions[1], "is_generator", True),
        _set_const,
        _set_col,
        _set_kind,
        _set_operand,
    ]
    seen = {digest(samples.closure_module())}
    for change in changes:
        mod = samples.closure_module()
        change(mod)
        seen.add(digest(mod))
    assert len(seen) == len(changes) + 1


def test_module_bytes_are_deterministic():
    assert module_bytes(samples.basic_module()) == module_bytes(samples.basic_module())


def test_digest_is_stable_across_processes():
    code = (
        "import samples; "
        "from frankenengine.ir.serialize import digest; "
        "print(digest(samples.MODULES['control']()), digest(samples.MODULES['basic']()))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=HERE,  # imports `samples`, and frankenengine the way this process does
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(result.stdout.split())
    expected = [digest(samples.control_module()), digest(samples.basic_module())]
    assert outputs[0] == outputs[1] == expected


@settings(max_examples=50, deadline=None)
@given(samples.programs)
def test_random_programs_roundtrip(program):
    roundtrip(IRModule("random", "random.py", [samples.lower(program)]))
