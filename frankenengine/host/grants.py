"""Grants: the capabilities a host gives one extension, parsed and checked once.

`Grants.from_mapping({"fs.read": ["data"], "clock": [], ...}, base_dir)` (the
form of a manifest's `[capabilities]` table) and `Grants.from_cli(["fs.read=./data",
"clock"], base_dir)` (the form of `franken run --grant`) give the same
immutable value. Scopes are resolved when granted, never later:

- `fs.read`, `fs.write`: existing directories; `~` is the home directory,
  relative ones are taken against `base_dir`; stored fully resolved
  (symlinks included). The first directory granted (either capability) is
  the extension's working directory.
- `net.http`: `host` (any port) or `host:port` (`[v6]:port` for IPv6);
  host names are lower-cased, nothing else is normalised, so a name never
  matches an IP literal and vice versa.
- `env.read`: variable names, or `PREFIX_*` patterns (a non-empty prefix
  ending in `_`); `*` alone is refused.
- `proc.run`: an absolute path to an executable file, or a bare name
  resolved once, now, against PATH=/usr/bin:/bin. argv[0] must then be
  exactly the string granted.
- `clock`, `log`: no scope.

Invariant: anything doubtful is a `ValueError` with a clear message at grant
time (unknown capability, a wildcard, a missing directory, `/`, a relative
or unresolvable executable), so nothing vague ever reaches a check.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from frankenengine.host.capabilities import CAPABILITIES

PROC_PATH = "/usr/bin:/bin"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PREFIX_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*_\*")
_HOSTNAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


@dataclass(frozen=True)
class HostScope:
    """A granted network host; `port` None means any port."""

    host: str
    port: int | None = None

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"


@dataclass(frozen=True)
class Executable:
    """A granted executable: argv[0] must equal `granted`; `path` is what runs."""

    granted: str
    path: str


@dataclass(frozen=True)
class Grants:
    """What one extension may do outside the sandbox. Immutable; empty grants allow nothing."""

    fs_read: tuple[str, ...] = ()
    fs_write: tuple[str, ...] = ()
    net_http: tuple[HostScope, ...] = ()
    env_read: tuple[str, ...] = ()
    proc_run: tuple[Executable, ...] = ()
    clock: bool = False
    log: bool = False
    working_dir: str | None = None

    # -- parsing --------------------------------------------------------------
    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Iterable[str]], base_dir: str | Path | None = None
    ) -> Grants:
        """Grants from `{capability: [scope, ...]}`; relative directories against `base_dir`."""
        if not isinstance(mapping, Mapping):
            raise ValueError("grants must be a mapping of capability to a list of scopes")
        base = Path(base_dir) if base_dir is not None else Path.cwd()
        scopes: dict[str, list] = {}
        working_dir = None
        for capability, items in mapping.items():
            kind = _kind(capability)
            if isinstance(items, str) or not isinstance(items, Iterable):
                raise ValueError(f"{capability}: scopes must be a list of strings")
            items = list(items)
            if kind is None:
                if items:
                    raise ValueError(f"{capability} takes no scope")
                scopes.setdefault(capability, [])
                continue
            parsed = scopes.setdefault(capability, [])
            for item in items:
                if not isinstance(item, str) or not item:
                    raise ValueError(f"{capability}: a scope must be a non-empty string")
                value = _PARSERS[kind](capability, item, base)
                if value not in parsed:
                    parsed.append(value)
                if kind == "directory" and working_dir is None:
                    working_dir = value
        return cls(
            fs_read=tuple(scopes.get("fs.read", ())),
            fs_write=tuple(scopes.get("fs.write", ())),
            net_http=tuple(scopes.get("net.http", ())),
            env_read=tuple(scopes.get("env.read", ())),
            proc_run=tuple(scopes.get("proc.run", ())),
            clock="clock" in scopes,
            log="log" in scopes,
            working_dir=working_dir,
        )

    @classmethod
    def from_cli(cls, items: Iterable[str], base_dir: str | Path | None = None) -> Grants:
        """Grants from `CAP=SCOPE` and bare `CAP` items (`franken run --grant`)."""
        mapping: dict[str, list[str]] = {}
        for item in items:
            capability, sep, scope = item.partition("=")
            capability = capability.strip()
            kind = _kind(capability)
            if kind is None:
                if sep:
                    raise ValueError(f"{capability} takes no scope (use --grant {capability})")
                mapping.setdefault(capability, [])
            elif not sep or not scope:
                raise ValueError(f"{capability} needs a scope ({capability}=SCOPE)")
            else:
                mapping.setdefault(capability, []).append(scope)
        return cls.from_mapping(mapping, base_dir)

    # -- questions ------------------------------------------------------------
    def has(self, capability: str) -> bool:
        """Whether anything at all is granted for `capability`."""
        return bool(self._scope(capability))

    def root_for(self, capability: str, resolved: str) -> str | None:
        """The granted directory holding the resolved absolute path `resolved`, if any."""
        for root in self._scope(capability) if capability in ("fs.read", "fs.write") else ():
            if resolved == root or resolved.startswith(root.rstrip("/") + "/"):
                return root
        return None

    def allows_host(self, host: str, port: int) -> bool:
        """Whether `host` (as written in the URL, lower-cased) and `port` are granted."""
        return any(g.host == host and g.port in (None, port) for g in self.net_http)

    def allows_variable(self, name: str) -> bool:
        if not _VARIABLE.fullmatch(name):
            return False
        for scope in self.env_read:
            if scope.endswith("*"):
                if name.startswith(scope[:-1]) and len(name) > len(scope) - 1:
                    return True
            elif name == scope:
                return True
        return False

    def executable(self, argv0: str) -> Executable | None:
        """The granted executable that `argv0` names exactly, if any."""
        for exe in self.proc_run:
            if exe.granted == argv0:
                return exe
        return None

    def to_mapping(self) -> dict[str, list[str]]:
        """The grants as `{capability: [scope, ...]}` (resolved scopes), for reports."""
        out: dict[str, list[str]] = {}
        for capability in CAPABILITIES:
            scope = self._scope(capability)
            if scope:
                out[capability] = [] if scope is True else [str(_shown(s)) for s in scope]
        return out

    def _scope(self, capability: str):
        return {
            "fs.read": self.fs_read,
            "fs.write": self.fs_write,
            "net.http": self.net_http,
            "env.read": self.env_read,
            "proc.run": self.proc_run,
            "clock": self.clock,
            "log": self.log,
        }[capability]


NO_GRANTS = Grants()


def _shown(scope) -> str:
    return scope.granted if isinstance(scope, Executable) else str(scope)


def _kind(capability) -> str | None:
    if capability not in CAPABILITIES:
        known = ", ".join(CAPABILITIES)
        raise ValueError(f"unknown capability {capability!r} (known: {known})")
    return CAPABILITIES[capability]


def _directory(capability: str, item: str, base: Path) -> str:
    path = Path(item).expanduser()
    resolved = os.path.realpath(base / path)
    if not os.path.isdir(resolved):
        raise ValueError(f"{capability}: no such directory: {item}")
    if resolved == "/":
        raise ValueError(f"{capability}: granting / would expose the whole file system")
    return resolved


def _host(capability: str, item: str, base: Path) -> HostScope:
    text = item.strip().lower()
    if "*" in text:
        raise ValueError(f"{capability}: wildcards are not allowed: {item}")
    if "/" in text or "@" in text:
        raise ValueError(f"{capability}: give host or host:port, not a url: {item}")
    port = None
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"{capability}: bad host: {item}")
        port_text = rest[1:] if rest else None
    elif text.count(":") > 1:
        host, port_text = text, None  # a bare IPv6 address
    else:
        host, _, port_text = text.partition(":")
        port_text = port_text or (None if ":" not in text else "")
    if port_text is not None:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"{capability}: bad port: {item}")
        port = int(port_text)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if ":" in host or not _HOSTNAME.fullmatch(host):
            raise ValueError(f"{capability}: bad host: {item}") from None
    return HostScope(host, port)


def _variable(capability: str, item: str, base: Path) -> str:
    if item == "*" or item.strip("*_") == "":
        raise ValueError(f"{capability}: {item!r} would expose every variable")
    if _VARIABLE.fullmatch(item) or _PREFIX_PATTERN.fullmatch(item):
        return item
    raise ValueError(f"{capability}: bad variable name or pattern {item!r} (use NAME or PREFIX_*)")


def _executable(capability: str, item: str, base: Path) -> Executable:
    path = os.path.expanduser(item)
    if "/" not in path:
        found = shutil.which(path, path=PROC_PATH)
        if found is None:
            raise ValueError(f"{capability}: {item} not found in {PROC_PATH}")
        return Executable(item, found)
    if not os.path.isabs(path):
        raise ValueError(
            f"{capability}: relative executable {item}: give an absolute path or a bare name"
        )
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise ValueError(f"{capability}: not an executable file: {item}")
    return Executable(path, path)


_PARSERS = {
    "directory": _directory,
    "host": _host,
    "variable": _variable,
    "executable": _executable,
}
