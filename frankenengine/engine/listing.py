"""What `franken ir` prints: a compiled module as text, for people.

The CLI reaches the IR printer (and any lane's code generator) only through
this module, so the command line depends on the engine and nothing below it.
Invariant: the text is exactly what `frankenengine.ir.printer` prints, which
its parser reads back.
"""

from __future__ import annotations

from frankenengine.ir.function import IRModule
from frankenengine.ir.printer import print_module


def ir_listing(module: IRModule) -> str:
    """The IR text of a compiled module (`compile_source` / `compile_package`)."""
    return print_module(module)
