"""int/float conversions, round-half-even, round with negative ndigits, float reprs."""


def main():
    halves = [round(v) for v in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5)]
    ndigits = [
        round(1250, -2),
        round(1350, -2),
        round(-1250, -2),
        round(15, -1),
        round(25, -1),
        round(123456, -3),
        round(1234.5678, 2),
        round(1234.5678, -1),
        round(0.125, 2),
        round(0.375, 2),
        round(2.5, 0),
        round(-0.4),
        round(7, 2),
    ]
    conversions = [
        int(3.99),
        int(-3.99),
        int("  +12 "),
        int("-0"),
        int("1_000"),
        int("ff", 16),
        float("  -1.5e3 "),
        float("inf"),
        float("-0"),
        float(" nan ") != float("nan"),
        float(2**53 + 1),
        int(1e18),
        int(True) + int(False),
        float(7) / 2,
        7 / 7,
        -7 // 2.0,
        divmod(7.5, 2),
        divmod(-7.5, 2),
        abs(-0.0),
        bool(0.0),
        bool(-0.0),
        bool(float("nan")),
    ]
    reprs = [
        repr(1e16),
        repr(1e-5),
        repr(123456789.0),
        repr(0.1 + 0.2),
        repr(1 / 3),
        str(1e100),
        str(-1.5e-10),
        repr(float("inf")),
        repr(-float("inf")),
        repr(float("nan")),
        str(2.0**62),
        repr(5e-324),
        repr(1.7976931348623157e308),
    ]
    return [halves, ndigits, conversions, reprs]
