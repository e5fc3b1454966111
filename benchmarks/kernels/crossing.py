"""A small helper called from a function the JIT refuses: each call of `add` from `loop`
crosses from interpreted code into native code (benchmarks/test_jit_lanes.py), unless
the tiering finds interpreting it cheaper (tests/engine/test_crossings.py)."""


def add(a, b):
    return a + b


def loop(n):
    seen = {}  # a dict keeps this function in the interpreter
    s = 0
    for i in range(n):
        s = add(s, i)
    return s + len(seen)
