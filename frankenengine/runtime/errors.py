"""Engine error types: what a host sees when a limit or the sentinel stops a run.

`EngineError` derives from `BaseException`, not `Exception`, so extension code
cannot catch it (`except Exception` in an extension never matches), and the
interpreter lane skips the extension's `finally` blocks while one propagates.
`CapabilityDenied` is an ordinary exception an extension may catch.
`CompileError` carries every diagnostic of a file that failed to load.
"""

from __future__ import annotations


class EngineError(BaseException):
    """A run was stopped by the engine. Never catchable by extension code."""

    kind = "engine"


class FuelExhausted(EngineError):
    kind = "limit"


class MemoryLimitExceeded(EngineError):
    kind = "limit"


class RecursionLimitExceeded(EngineError):
    kind = "limit"


class DeadlineExceeded(EngineError):
    kind = "limit"


class OutputLimitExceeded(EngineError):
    kind = "limit"


class ExtensionTerminated(EngineError):
    kind = "sentinel"


class ExtensionQuarantined(ExtensionTerminated):
    """Refused at load: the sentinel quarantined this extension's digest (until released)."""


LIMIT_ERRORS: tuple[type[EngineError], ...] = (
    FuelExhausted,
    MemoryLimitExceeded,
    RecursionLimitExceeded,
    DeadlineExceeded,
    OutputLimitExceeded,
)


class CapabilityDenied(PermissionError):
    """A host call outside the extension's grants. It had no effect."""


class CompileError(Exception):
    """The extension could not be loaded; `diagnostics` lists every problem found."""

    def __init__(self, diagnostics):
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics) or "compile error")
