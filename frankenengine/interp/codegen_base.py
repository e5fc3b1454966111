"""Facts shared by the parts of the interpreter's code generator."""

from __future__ import annotations

from frankenengine.ir.structured import StructureError

GROWN_THRESHOLD = 256  # sequences longer than this are charged when an operation makes them


class CodegenError(StructureError):
    """The IR does not have the structure the generator relies on (an engine bug)."""
