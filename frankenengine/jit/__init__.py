"""The JIT lane: specialise eligible functions with Numba into machine code.

Modules:
- `typing`: eligibility and the type of every value for one argument
  signature (the opcode table's `jit` column first), with a reason per refusal;
- `jtypes`: the lane's value types; `library`: the built-ins, module members
  and methods it compiles (a subset of `language`'s);
- `codegen`: IR -> Numba source from engine templates; `checked`: checked
  operations with CPython's semantics;
- `state`: the meter's state-array layout and the limit errors, without
  Numba (what the engine needs before the first specialisation);
- `compiler`: specialise and compile; `diskcache`: the verified disk cache;
  `helpercache`: the runtime helpers kept in it; `compile_cost`: what a first
  compile will cost (without Numba, for the tier-up policy);
- `cells`, `rows`, `list_boundary`, `views`: lists in native code and across
  the boundary; `loops`, `ranges`: counted loops and bounded int arithmetic.

Only `compiler` (and what it imports) loads Numba: the engine imports it at
an extension's first specialisation, so that `import frankenengine` and
interpreter-only runs never load Numba or llvmlite.

Invariants: imports only `language`, `ir`, `profiles`, NumPy, Numba and
llvmlite; same results, output, errors and fuel as the interpreter.
"""
