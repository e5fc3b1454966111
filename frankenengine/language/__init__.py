"""The extension language as data: the bottom layer, importing nothing internal.

Modules:
- `surface`: every name an extension may use (built-ins, exception types,
  module members, attributes and methods, call keywords), the forbidden names,
  and what CPython has (for "is not supported" diagnostics);
- `signatures`: result kinds and argument counts of built-ins, `math` members
  and `str` methods, read by type inference, the JIT's library and the runtime;
- `ints`: the 64-bit integer range of LANGUAGE.md's deliberate difference 1;
- `diagnostics`: the frozen, located diagnostic record every layer reports;
- `headroom`: recursion headroom for the compiler's tree walks and the
  interpreter's runs (the language's nesting limits are CPython's).

Invariants: plain Python (no NumPy, no third party); each fact lives here
once and the layers above read it, never a copy.
"""
