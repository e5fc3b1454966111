"""Strings as values: repr escapes, iteration, ord/chr, comparison, repetition, str()."""


def main():
    s = "Grüße, 世界!"
    codes = [ord(c) for c in "Az09 ~"]
    return [
        repr("plain"),
        repr("it's"),
        repr('say "hi"'),
        repr("both ' and \""),
        repr("tab\tnew\nline\\"),
        repr("\x00\x7f"),
        repr("ü"),
        str(["a'b", 'c"d']),
        len(s),
        s[2],
        s[-2:],
        [c for c in s if not c.isascii()],
        codes,
        "".join(chr(c + 1) for c in codes),
        chr(0x4E16),
        "abc" * 3,
        3 * "-",
        "abc" < "abd",
        "B" < "a",
        "" < "a",
        "abc" == "ab" + "c",
        "ab" in "cab",
        str(3) + str(-4.5) + str(None) + str(True) + str([1, "x"]) + str((1,)),
        sorted("hello"),
        list(reversed("abc")),
        max("hello"),
        min(["pear", "fig", "apple"]),
        "a b".split(" "),
        "x".join("abc"),
        s.upper(),
        s.lower(),
        s.find("世"),
        "%s|%r" % (s, s),  # noqa: UP031
        f"{s!r:>20}",
    ]
