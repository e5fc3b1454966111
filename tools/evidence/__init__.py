"""The engine's own evidence: golden checksums, benchmark packs, budgets, baselines and reports.

A tool of the checkout (`franken bench` runs it there): it reads the
checkout's `benchmarks/`, conformance programs and `pyproject.toml`, runs
pytest-benchmark in a child process, and takes what it needs of the engine
from the engine's packages (`frankenengine.engine.outcome` for how a run
ends), never from the command line.
"""
