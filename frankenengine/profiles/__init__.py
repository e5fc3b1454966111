"""Profiles: what ran where and for how long, and when to tier up.

Modules: `profile` (per-function records and the tier-up policy), `stacks`
(the call tree of profiled calls), `export` (JSON, collapsed stacks,
speedscope, text summary).

Invariants: imports nothing internal (the engine fills the records).
"""
