"""printf-style %-formatting."""


def main():
    name = "disk"
    used = 73.456
    count = 42
    rows = [
        "%s is %d%% full" % (name, count),  # noqa: UP031
        "%i|%5d|%-5d|%05d|%+d" % (7, 7, 7, 7, 7),  # noqa: UP031
        "%f|%.2f|%8.3f|%-8.1f|%08.2f" % (used, used, used, used, used),  # noqa: UP031
        "%x|%X|%o|%#x|%#o" % (255, 255, 8, 255, 8),  # noqa: UP031
        "%e|%.3E|%g|%g" % (used, used, 0.00001, 1e20),  # noqa: UP031
        "%r|%s|%r" % ("q", [1, "a"], (1, 2)),  # noqa: UP031
        "%s" % "single",  # noqa: UP031
        "%s" % (None,),  # noqa: UP031
        "%(host)s:%(port)d" % {"host": "localhost", "port": 8080},  # noqa: UP031
        "%5s|%-5s|%.2s" % ("ab", "ab", "abcdef"),  # noqa: UP031
        "%c%c" % (72, "i"),  # noqa: UP031
        "%d" % 3.99,  # noqa: UP031
        "100%%",
    ]
    return rows
