"""The capability table: every host function, what it needs and what it touches.

One row per host function of LANGUAGE.md ("Host modules"): the capability
that gates it, the operation it performs, its parameters as the extension
sees them, which parameters name what it touches (its targets) and how those
are normalised, and which parameters carry data out of the sandbox. The
bridge, the grants, the stand-in `host` package and the sentinel's features
all read this table; nothing else lists host functions.

Invariants: the rows are exactly `surface.HOST_MODULE_MEMBERS` (a test checks
both directions); every capability a row names is in CAPABILITIES; targets
and payload name parameters of the row.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

# capability -> the kind of scope a grant of it takes (None: no scope)
CAPABILITIES: dict[str, str | None] = {
    "fs.read": "directory",
    "fs.write": "directory",
    "net.http": "host",
    "env.read": "variable",
    "proc.run": "executable",
    "clock": None,
    "log": None,
}

# how a target parameter is normalised (see the bridge)
TARGET_KINDS = frozenset({"path", "url", "variable", "argv", "none"})

_REQUIRED = inspect.Parameter.empty


@dataclass(frozen=True)
class HostFunction:
    """One host function: `module.member`, gated by `capability`."""

    name: str  # "fs.read_text"
    capability: str
    operation: str  # the event's operation; "" means the `method` argument, upper-cased
    params: tuple[tuple[str, object], ...]  # (name, default or _REQUIRED), in order
    targets: tuple[str, ...] = ()  # parameters naming what the call touches
    target_kind: str = "none"
    payload: tuple[str, ...] = ()  # parameters whose text leaves the sandbox

    @property
    def module(self) -> str:
        return self.name.partition(".")[0]

    @property
    def member(self) -> str:
        return self.name.partition(".")[2]

    @property
    def builtin_name(self) -> str:
        """The built-in name the frontend lowers a call to (`host.fs.read_text`)."""
        return f"host.{self.name}"

    @property
    def signature(self) -> inspect.Signature:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Signature(
            [inspect.Parameter(name, kind, default=default) for name, default in self.params]
        )


def _row(name, capability, operation, params, targets=(), kind="none", payload=()):
    return HostFunction(name, capability, operation, params, targets, kind, payload)


_PATH = (("path", _REQUIRED),)
_WRITE = (("path", _REQUIRED), ("text", _REQUIRED))
_HEADERS = ("headers", None)

HOST_FUNCTIONS: dict[str, HostFunction] = {
    row.name: row
    for row in (
        _row("fs.read_text", "fs.read", "read", _PATH, ("path",), "path"),
        _row("fs.list_dir", "fs.read", "list", _PATH, ("path",), "path"),
        _row("fs.exists", "fs.read", "exists", _PATH, ("path",), "path"),
        _row("fs.is_dir", "fs.read", "is_dir", _PATH, ("path",), "path"),
        _row("fs.size", "fs.read", "size", _PATH, ("path",), "path"),
        _row("fs.mtime", "fs.read", "mtime", _PATH, ("path",), "path"),
        _row("fs.write_text", "fs.write", "write", _WRITE, ("path",), "path", ("text",)),
        _row("fs.append_text", "fs.write", "append", _WRITE, ("path",), "path", ("text",)),
        _row("fs.remove", "fs.write", "remove", _PATH, ("path",), "path"),
        _row("fs.make_dirs", "fs.write", "make_dirs", _PATH, ("path",), "path"),
        _row(
            "fs.rename",
            "fs.write",
            "rename",
            (("src", _REQUIRED), ("dst", _REQUIRED)),
            ("src", "dst"),
            "path",
        ),
        _row(
            "net.request",
            "net.http",
            "",
            (
                ("method", _REQUIRED),
                ("url", _REQUIRED),
                ("body", ""),
                _HEADERS,
                ("timeout", 10.0),
            ),
            ("url",),
            "url",
            ("body", "headers"),
        ),
        _row(
            "net.get",
            "net.http",
            "GET",
            (("url", _REQUIRED), _HEADERS),
            ("url",),
            "url",
            ("headers",),
        ),
        _row(
            "net.post",
            "net.http",
            "POST",
            (("url", _REQUIRED), ("body", _REQUIRED), _HEADERS),
            ("url",),
            "url",
            ("body", "headers"),
        ),
        _row(
            "env.get",
            "env.read",
            "read",
            (("name", _REQUIRED), ("default", None)),
            ("name",),
            "variable",
        ),
        _row(
            "proc.run",
            "proc.run",
            "run",
            (("argv", _REQUIRED), ("input", ""), ("timeout", 10.0)),
            ("argv",),
            "argv",
            ("argv", "input"),
        ),
        _row("clock.time", "clock", "time", ()),
        _row("clock.monotonic", "clock", "monotonic", ()),
        _row("clock.sleep", "clock", "sleep", (("seconds", _REQUIRED),)),
        _row("log.info", "log", "info", (("message", _REQUIRED),), payload=("message",)),
        _row("log.warn", "log", "warn", (("message", _REQUIRED),), payload=("message",)),
        _row("log.error", "log", "error", (("message", _REQUIRED),), payload=("message",)),
    )
}

MODULES: tuple[str, ...] = tuple(dict.fromkeys(row.module for row in HOST_FUNCTIONS.values()))


def members_of(module: str) -> tuple[str, ...]:
    """The functions of host module `module`, in table order."""
    return tuple(row.member for row in HOST_FUNCTIONS.values() if row.module == module)
