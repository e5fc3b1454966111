"""Run-time values and rules shared by the lanes: limits, built-ins, operators, errors.

Modules:
- `limits`: `Limits`, and the `Meter` that enforces fuel, memory, depth,
  output and deadline (lent to a self-metering lane through `MeterSlots`);
- `builtins`: the built-in functions, module members and methods, metered;
- `operators`: arithmetic and bitwise operators with the 64-bit rule;
- `intcheck`: the 64-bit integer checks; `sizes`: deterministic memory
  estimates; `strformat`: `str.format` for extensions;
- `values`: values crossing the host boundary (argument checks, JSON results);
- `errors`: the engine's error types (limits, compile errors, quarantine).

Invariants: imports only `language` and NumPy; every charge happens before
the allocation it pays for; a limit raises the same error in every lane.
"""
