"""What an extension asks for and what it can do: the basis of `franken inspect`.

`inventory(path)` compiles a package or a single file, without running any
of it, and lists:

- the manifest (name, version, entry, description) and the capabilities it
  requests (for a single file: its name, nothing requested);
- every host call its code contains: each `builtin` instruction of the IR
  naming a `host.*` function, with the capability it needs, its file and
  line (sorted by file and line);
- the capabilities the code uses but the manifest does not request.

Invariant: read-only and side-effect free. Nothing is granted and no
extension code runs; a package or file that does not compile raises
`CompileError` as loading it would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from frankenengine.engine.api import compile_package, compile_source
from frankenengine.engine.package import Manifest, find_package
from frankenengine.host.capabilities import HOST_FUNCTIONS
from frankenengine.ir.opcodes import Op

_HOST_PREFIX = "host."


@dataclass(frozen=True, order=True)
class HostCall:
    """One host call site: `fs.read_text` at file:line, needing `capability`."""

    file: str
    line: int
    call: str
    capability: str


@dataclass(frozen=True)
class Inventory:
    name: str
    version: str
    entry: str
    description: str
    requested: dict[str, tuple[str, ...]]
    host_calls: tuple[HostCall, ...]
    modules: tuple[str, ...] = field(default=())

    @property
    def unrequested(self) -> tuple[str, ...]:
        """Capabilities the code needs that the manifest does not request."""
        needed = dict.fromkeys(call.capability for call in self.host_calls)
        return tuple(cap for cap in needed if cap not in self.requested)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "entry": self.entry,
            "description": self.description,
            "modules": list(self.modules),
            "capabilities": {cap: list(scopes) for cap, scopes in self.requested.items()},
            "host_calls": [
                {"call": c.call, "capability": c.capability, "file": c.file, "line": c.line}
                for c in self.host_calls
            ],
            "unrequested": list(self.unrequested),
        }


def inventory(path: str | Path) -> Inventory:
    """Compile the package or file at `path` (nothing runs) and list what it asks and calls."""
    path = Path(path)
    if path.is_dir():
        package = find_package(path)
        module = compile_package(package)
        manifest: Manifest = package.manifest
        files = {fn.filename or module.filename for fn in module.functions}
        modules = tuple(sorted(Path(file).name for file in files))
        return Inventory(
            manifest.name,
            manifest.version,
            manifest.entry,
            manifest.description,
            dict(manifest.capabilities),
            host_calls(module),
            modules,
        )
    module = compile_source(path.read_bytes(), str(path), path.stem)
    return Inventory(path.stem, "", path.name, "", {}, host_calls(module), (path.name,))


def host_calls(module) -> tuple[HostCall, ...]:
    """Every `builtin` instruction of `module` naming a host function, by file and line."""
    found = set()
    for fn in module.functions:
        file = fn.filename or module.filename
        for row in fn.insts[fn.insts["op"] == Op.builtin]:
            name = fn.consts[int(row["a"])]
            if isinstance(name, str) and name.startswith(_HOST_PREFIX):
                call = name[len(_HOST_PREFIX) :]
                row_info = HOST_FUNCTIONS.get(call)
                capability = row_info.capability if row_info else "?"
                found.add(HostCall(file, int(row["line"]), call, capability))
    return tuple(sorted(found))
