"""Commands and scripts: code a process call runs inline, and code that opens a connection.

`inline_code(argv, stdin)` is the program text a shell or interpreter is
given on its command line (`sh -c TEXT`, `python3 -c TEXT`, `perl -e TEXT`)
or on its standard input, or None when the call runs a tool on files.
`connects(text)` says whether program text reaches for the network (a
socket, /dev/tcp, nc, curl, urllib, ...): the mark of a reverse shell, a
beacon or a download, inline or in a script the extension wrote.

Invariants: pure functions of their arguments, linear in the text's length
(one precompiled regular expression, bounded scan of MAX_CODE_CHARS).
"""

from __future__ import annotations

import re

MAX_CODE_CHARS = 1 << 16
INTERPRETERS = frozenset(
    {"sh", "bash", "dash", "zsh", "ksh", "ash", "busybox", "fish", "csh", "tcsh"}
    | {"python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh"}
    | {"awk", "gawk", "osascript", "pwsh", "powershell"}
)
_INLINE_FLAGS = frozenset({"-c", "-e", "-E", "--eval", "-r", "--command", "-Command"})
_CONNECTS = re.compile(
    r"socket|create_connection|/dev/tcp/|/dev/udp/|\bnc\b|\bncat\b|\bsocat\b|\btelnet\b"
    r"|urlopen|urllib|http\.client|httplib|requests\.(?:get|post|put)|\bcurl\b|\bwget\b"
    r"|fsockopen|IO::Socket|Net::HTTP|net\.connect|pty\.spawn|os\.dup2|XMLHttpRequest",
    re.IGNORECASE,
)


def interpreter(argv0: str) -> bool:
    """Whether an executable is a shell or an interpreter (by its name, versions stripped)."""
    name = argv0.rpartition("/")[2]
    return name in INTERPRETERS or name.rstrip("0123456789.") in INTERPRETERS


def inline_code(argv: list[str], stdin: str = "") -> str | None:
    """The code a shell or interpreter runs from its arguments or its input, if any."""
    if not argv or not interpreter(argv[0]):
        return None
    for i, arg in enumerate(argv[1:-1], 1):
        if arg in _INLINE_FLAGS:
            return " ".join(argv[i + 1 :])[:MAX_CODE_CHARS]
    if len(argv) == 1 and stdin:
        return stdin[:MAX_CODE_CHARS]
    return None


def connects(text: str) -> bool:
    """Whether program text reaches for the network."""
    return bool(_CONNECTS.search(text[:MAX_CODE_CHARS]))
