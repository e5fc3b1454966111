"""Commands and scripts: code a process call runs inline, and code that opens a connection.

`inline_code(argv, stdin)` is the program text a shell or interpreter is
given on its command line (`sh -c TEXT`, `python3 -c TEXT`, `perl -e TEXT`)
or on its standard input, or None when the call runs a tool on files.
`connects(text)` says whether program text reaches for the network (a
socket, /dev/tcp, nc, curl, urllib, ...): the mark of a reverse shell, a
beacon or a download, inline or in a script the extension wrote.
`reaches_host(text)` says whether program text uses what the extension
language forbids (`import os`, `subprocess`, `ctypes`, `__import__`, Node's
`child_process`, Perl's `system`, the user's identity): code an extension
writes and runs that way escapes the sandbox, whatever it then does.
`mining_share(text)` says whether a payload carries mining-protocol
vocabulary (a `nonce` with a value, stratum methods).

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

_HOST_API = re.compile(
    r"^[ \t]*(?:import|from)[ \t]+(?:os|subprocess|shutil|ctypes|cffi|pty|socket|signal"
    r"|multiprocessing|importlib|builtins|posix|pwd|resource|mmap)\b"
    r"|\b__import__\s*\(|\bos\.(?:system|popen|exec\w*|spawn\w*|fork|kill|getuid|geteuid"
    r"|environ|remove|unlink|rmdir|chmod|chown|setuid)\b"
    r"|\brequire\s*\(\s*['\"](?:child_process|fs|os|net|dgram|cluster)['\"]"
    r"|\buse[ \t]+(?:POSIX|IPC::Open[23])\b|\b(?:Kernel\.)?(?:system|exec|spawn)\s*\(\s*['\"]"
    r"|\b(?:whoami|sudo|crontab|nohup|setsid)\b|/etc/(?:passwd|shadow|sudoers)",
    re.MULTILINE,
)
_SHARE = re.compile(
    r"\bnonce\b[\"']?\s*[:=]\s*[\"']?(?:0x)?[0-9a-fA-F]+"
    r"|\bmining\.(?:submit|subscribe|authorize|notify)\b|\bstratum\+(?:tcp|ssl|tls)://"
    r"|\bextranonce\w*\b",
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


def reaches_host(text: str) -> bool:
    """Whether program text uses what the extension language forbids (the host's OS)."""
    return bool(_HOST_API.search(text[:MAX_CODE_CHARS]))


def mining_share(text: str) -> bool:
    """Whether a payload carries mining-protocol vocabulary (a nonce with a value, stratum)."""
    return bool(_SHARE.search(text[:MAX_CODE_CHARS]))
