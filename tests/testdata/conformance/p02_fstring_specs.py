"""f-string format specs: width, precision, alignment, sign, grouping, types, nesting."""


def main():
    x = 3.14159265
    n = 1234567
    neg = -42
    name = "ext"
    w = 10
    p = 3
    return [
        f"[{x:10.3f}]",
        f"[{x:<10.2f}]",
        f"[{x:^10.1f}]",
        f"[{x:>10}]",
        f"[{name:*^9}]",
        f"[{name:_<6}]",
        f"[{neg:=+8d}]",
        f"[{neg:08d}]",
        f"[{n:+d}] [{n: d}] [{neg: d}]",
        f"{n:,} {n:_} {x * 1e6:,.2f}",
        f"{0.256:%} {0.256:.1%} {1:.0%}",
        f"{x:e} {x:.2E} {n:e} {0.00001234:g} {1e20:g} {123.0:g}",
        f"{255:x} {255:X} {255:#x} {255:o} {255:#o} {5:b} {5:#010b}",
        f"{x:{w}.{p}f}|{name:>{w}}|{n:{','}}",
        f"{name!r} {name!s} {'q'!r:>5}",
        f"{-0.0:.1f} {0.5:.0f} {1.5:.0f} {2.5:.0f}",
        f"{True} {None} {[1, 'a']} {(1,)}",
        f"{{literal}} {x:.0f}",
        f"{1e16} {1.5e-7} {100.0} {2**40}",
        f"{12:5} {'ab':5} {1.5:5}",
        f"{'abc':.2} {'abcdef':>8.3}",
        f"{7:03} {-7:03} {3.5:06.2f}",
    ]
