"""What a compile worker process is asked to compile (`compile_worker`), numba-free.

The parent builds it (`JitModule.background_job`) and pickles it to the
worker's stdin; nothing else writes there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompileJob:
    cache_dir: str
    salt: str
    source: str  # the generated group (`GeneratedGroup.source`)
    constants: tuple  # its constant table
    key: tuple  # the root's argument types (JIT types)
