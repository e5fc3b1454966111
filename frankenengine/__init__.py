"""FrankenEngine: an embeddable engine for untrusted, compute-heavy extensions.

The public API is exactly what this module exports; everything else is
internal. See README.md and shared/DESIGN.md.
"""

from frankenengine.engine.api import (
    Engine,
    Extension,
    compile_source,
    error_location,
    error_traceback,
)
from frankenengine.engine.package import Manifest
from frankenengine.profiles.profile import TierPolicy
from frankenengine.runtime.errors import (
    CapabilityDenied,
    CompileError,
    DeadlineExceeded,
    EngineError,
    ExtensionQuarantined,
    ExtensionTerminated,
    FuelExhausted,
    MemoryLimitExceeded,
    OutputLimitExceeded,
    RecursionLimitExceeded,
)
from frankenengine.runtime.limits import Limits
from frankenengine.sentinel import Sentinel, SentinelConfig

__version__ = "0.1.0"

__all__ = [
    "CapabilityDenied",
    "CompileError",
    "DeadlineExceeded",
    "Engine",
    "EngineError",
    "Extension",
    "ExtensionQuarantined",
    "ExtensionTerminated",
    "FuelExhausted",
    "Limits",
    "Manifest",
    "MemoryLimitExceeded",
    "OutputLimitExceeded",
    "RecursionLimitExceeded",
    "Sentinel",
    "SentinelConfig",
    "TierPolicy",
    "compile_source",
    "error_location",
    "error_traceback",
]
