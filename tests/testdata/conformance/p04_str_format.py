"""str.format with positional, indexed and named fields and format specs."""


def main():
    tmpl = "{name} has {n:>4} items worth {total:,.2f}"
    return [
        "{} + {} = {}".format(1, 2, 3),  # noqa: UP030, UP032
        "{0}{1}{0}".format("ab", "-"),  # noqa: UP030
        "{1} before {0}".format("a", "b"),  # noqa: UP030
        tmpl.format(name="cart", n=3, total=12345.678),
        "{x:^7}|{y:<5}|{z:08.3f}".format(x="mid", y=12, z=-3.14159),
        "{:b} {:o} {:x} {:#X}".format(10, 10, 255, 255),  # noqa: UP030, UP032
        "{{braces}} {}".format("kept"),  # noqa: UP030
        "{!r} {!s}".format("q", "q"),  # noqa: UP030
        "{a}{b}{a}".format(a=1, b=2),  # noqa: UP032
        "{:.3}".format("abcdef"),  # noqa: UP030
        "{:+.1e}".format(12345.0),  # noqa: UP030, UP032
        "{0:{1}}|".format("w", 4),  # noqa: UP030
    ]
