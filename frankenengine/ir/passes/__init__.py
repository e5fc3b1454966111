"""The pass pipeline: a table of passes over an IRModule, with a check between passes.

Like Go's SSA compiler: `PASSES` lists each pass in order; `run_pipeline`
runs them and, when `verify` is set (the engine's debug flag), runs the
verifier after every pass and names the pass that broke the IR.
"""

from __future__ import annotations

from frankenengine.ir.function import IRModule
from frankenengine.ir.passes import cse, dce, fold, typeinfer

PASSES: tuple = (
    ("typeinfer", typeinfer.run),
    ("fold", fold.run),
    ("dce", dce.run),
    ("typeinfer", typeinfer.run),  # again: folded constants sharpen the types
    ("cse", cse.run),  # needs the types: it merges operations on immutable values only
)


def run_pipeline(module: IRModule, verify: bool = False) -> IRModule:
    for name, run in PASSES:
        module = run(module)
        if verify:
            from frankenengine.ir.verifier import verify_module

            problems = verify_module(module)
            if problems:
                details = "\n".join(map(str, problems))
                raise AssertionError(f"IR invalid after pass {name!r}:\n{details}")
    return module
