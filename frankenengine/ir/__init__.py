"""The IR: flat SSA tables in NumPy arrays, their checks, text form and passes.

Modules:
- `opcodes`: the opcode table (operand shape, effects, JIT support), the
  single source read by the printer, verifier, passes, interpreter and JIT;
- `function`: `IRFunction` (instruction, block and operand-pool tables, with
  the operand and user accessors) and `IRModule`;
- `builder`: on-the-fly SSA construction (Braun et al.);
- `types`: the static type lattice; `cfg`, `structured`: control-flow facts
  and the structured walk every code generator shares;
- `verifier`: every invariant, reported with location and context;
- `printer`, `textparse`: the text form and its parser (round trips);
- `serialize`: one `.npz` per module and its stable digest;
- `facts`: module-level analyses (which globals hold which functions);
- `passes`: typeinfer, fold, dce, cse, compact, run as a table.

Invariants: imports only `language` and NumPy; a pass merges, moves or drops
an instruction only as the effects column allows.
"""
