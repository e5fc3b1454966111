"""CPython's stand-in `host` package: the engine's host modules, for running extensions as the oracle.

Put `standin/` on `sys.path` (PYTHONPATH) and an extension file runs under
CPython unchanged: `from host import fs, net, env, proc, clock, log,
CapabilityDenied`. Every call goes through the engine's own `HostBridge`
(same argument checks, same grants, same confinement, same results and
errors), so the stand-in cannot drift from the engine.

Configuration, either:
- `configure(grants_mapping, base_dir, name=..., hook=...)` from Python, or
- the environment, read on the first host call when `configure` was not
  called: FRANKEN_GRANTS (JSON `{capability: [scope, ...]}`), FRANKEN_BASE_DIR
  (relative directories are taken against it; default: the current
  directory) and FRANKEN_EXTENSION (the extension's name in events).

Invariants: with nothing configured, nothing is granted; events record fuel 0
(CPython has no fuel meter, so CPU-burn features never fire under the stand-in).
"""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path

import frankenengine
from frankenengine.host.bridge import HostBridge
from frankenengine.host.capabilities import HOST_FUNCTIONS, MODULES, members_of
from frankenengine.host.grants import Grants
from frankenengine.runtime.errors import CapabilityDenied

GRANTS_VARIABLE = "FRANKEN_GRANTS"
BASE_DIR_VARIABLE = "FRANKEN_BASE_DIR"
NAME_VARIABLE = "FRANKEN_EXTENSION"

_ENGINE_DIR = str(Path(frankenengine.__file__).resolve().parent)
_THIS_FILE = str(Path(__file__).resolve())
_bridge: HostBridge | None = None


def configure(grants_mapping=None, base_dir=None, *, name="extension", hook=None) -> HostBridge:
    """Grant `grants_mapping` (relative directories against `base_dir`) from now on."""
    global _bridge
    grants = Grants.from_mapping(grants_mapping or {}, base_dir)
    _bridge = HostBridge(name, grants, hook, line_of_call=_caller_line)
    return _bridge


def bridge() -> HostBridge:
    """The bridge in use (configured from the environment on first use)."""
    if _bridge is None:
        mapping = json.loads(os.environ.get(GRANTS_VARIABLE) or "{}")
        base = os.environ.get(BASE_DIR_VARIABLE) or None
        configure(mapping, base, name=os.environ.get(NAME_VARIABLE, "extension"))
    return _bridge


def _caller_line() -> int:
    """The line of the innermost frame outside the engine and this package."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        if filename != _THIS_FILE and not filename.startswith(_ENGINE_DIR + os.sep):
            return frame.f_lineno
        frame = frame.f_back
    return 0


def _function(name: str):
    row = HOST_FUNCTIONS[name]

    def host_function(*args, **kwargs):
        return bridge().call(name, args, kwargs)

    host_function.__name__ = row.member
    host_function.__qualname__ = name
    host_function.__signature__ = row.signature
    return host_function


def _module(name: str) -> types.ModuleType:
    module = types.ModuleType(f"{__name__}.{name}", f"The host module `{name}`.")
    for member in members_of(name):
        setattr(module, member, _function(f"{name}.{member}"))
    return module


fs = _module("fs")
net = _module("net")
env = _module("env")
proc = _module("proc")
clock = _module("clock")
log = _module("log")
assert {m.__name__.rpartition(".")[2] for m in (fs, net, env, proc, clock, log)} == set(MODULES)

__all__ = ["CapabilityDenied", "bridge", "clock", "configure", "env", "fs", "log", "net", "proc"]
