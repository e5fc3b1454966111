"""The interpreter lane: the reference semantics, as Python generated from the IR.

Modules:
- `codegen` (with `codegen_base`, `emit_instructions`, `emit_structure`):
  IR -> Python source, built only from engine templates;
- `entry_points`: the named interface the generated module returns;
- `support`: run-time helpers the generated code calls;
- `lane`: `InterpModule`, a loaded module: runs calls under a `Meter`, and
  exposes global values, rebinding, keyword calls and the fuel hand-off.

Invariants: imports only `language`, `ir`, `runtime` and NumPy; the
generated code contains no text taken from the extension.
"""
