"""Extension packages: find a package folder, read its manifest, list its modules.

A package is a folder holding a manifest, `franken.toml`, and modules: the
`*.py` files directly in the folder (subfolders hold data, not modules):

    [extension]
    name = "csv-stats"
    version = "1.2.0"
    entry = "main.py"
    description = "optional"

    [capabilities]
    "fs.read" = ["data"]
    "clock" = []

`find_package` turns a folder into a `Package` (its `Manifest` and its
modules by name) or raises `CompileError` listing every problem, each
located in the manifest or in the module file it concerns: a manifest that
is not TOML, a missing or mistyped field, an unknown key or capability, an
entry outside the package, a module whose name is not an identifier.

Invariants: nothing outside the package folder is ever read. A module or
entry that leaves the folder (`..`, an absolute path, a symlink resolving
elsewhere) is an error, reported without opening it; `read_module` checks
containment again right before reading. Capability scopes are kept as
written: resolving them (relative to the host's current directory) is the
grants' job.
"""

from __future__ import annotations

import keyword
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from frankenengine.host.capabilities import CAPABILITIES
from frankenengine.language import surface
from frankenengine.language.diagnostics import Diagnostic
from frankenengine.runtime.errors import CompileError

MANIFEST = "franken.toml"
_EXTENSION_KEYS = {"name": True, "version": True, "entry": True, "description": False}
_TABLES = ("extension", "capabilities")
# Names an extension imports as built-in modules: a package module may not shadow them.
_RESERVED_MODULES = frozenset(surface.STDLIB_MODULES | {surface.HOST_PACKAGE})
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


@dataclass(frozen=True)
class Manifest:
    """What `franken.toml` declares. `root` is the package folder (as the host named it)."""

    name: str
    version: str
    entry: str
    description: str
    capabilities: dict[str, tuple[str, ...]]
    root: Path

    @property
    def entry_module(self) -> str:
        return PurePosixPath(self.entry).stem


@dataclass(frozen=True)
class Package:
    """A package found on disk: its manifest and its modules (name -> file in the folder)."""

    manifest: Manifest
    modules: dict[str, Path] = field(default_factory=dict)

    @property
    def entry_module(self) -> str:
        return self.manifest.entry_module

    def filename(self, module: str) -> str:
        """The file name diagnostics and tracebacks show for `module`."""
        return str(self.modules[module])

    def read_module(self, module: str) -> bytes:
        """The source of one module, after checking again that it lies inside the package."""
        path = self.modules[module]
        if not _inside(path, self.manifest.root):
            raise CompileError([_module_escape(path, module)])
        return path.read_bytes()


def find_package(root: str | Path) -> Package:
    """The package in folder `root`, or CompileError with every problem found."""
    manifest = load_manifest(root)
    modules, problems = _discover(manifest.root)
    entry = manifest.entry_module
    entry_file = str(manifest.root / manifest.entry)
    if entry not in modules and not any(d.file == entry_file for d in problems):
        where = _Located(manifest.root / MANIFEST, _read_text(manifest.root / MANIFEST))
        problems.append(where.at("extension", "entry", f"entry '{manifest.entry}' does not exist"))
    if problems:
        raise CompileError(sorted(set(problems)))  # by file, then position
    return Package(manifest, modules)


def load_manifest(root: str | Path) -> Manifest:
    """Read and validate `root/franken.toml`; CompileError with every problem found."""
    root = Path(root)
    path = root / MANIFEST
    if not path.is_file() or not _inside(path, root):
        raise CompileError([Diagnostic(str(path), 1, 1, "not a package: no franken.toml")])
    text = _read_text(path)
    where = _Located(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CompileError([where.toml_error(exc)]) from None
    problems: list[Diagnostic] = []
    for key in data:
        if key not in _TABLES:
            problems.append(where.at(None, key, f"unknown table '{key}'"))
    extension = _table(data, "extension", where, problems, required=True)
    values = _extension_fields(extension, isinstance(data.get("extension"), dict), where, problems)
    entry = values.get("entry", "")
    if entry:
        problem = _entry_problem(entry, root)
        if problem:
            problems.append(where.at("extension", "entry", problem))
    capabilities = _capabilities(_table(data, "capabilities", where, problems), where, problems)
    if problems:
        raise CompileError(sorted(set(problems)))  # by file, then position
    return Manifest(
        name=values["name"],
        version=values["version"],
        entry=entry,
        description=values.get("description", ""),
        capabilities=capabilities,
        root=root,
    )


# -- the manifest's parts ----------------------------------------------------


def _table(data: dict, name: str, where: _Located, problems: list, required=False) -> dict:
    value = data.get(name)
    if value is None:
        if required:
            problems.append(Diagnostic(str(where.path), 1, 1, f"missing [{name}] table"))
        return {}
    if not isinstance(value, dict):
        problems.append(where.at(None, name, f"'{name}' must be a table"))
        return {}
    return value


def _extension_fields(extension: dict, present: bool, where: _Located, problems: list) -> dict:
    values: dict[str, str] = {}
    for key, value in extension.items():
        if key not in _EXTENSION_KEYS:
            problems.append(where.at("extension", key, f"unknown key '{key}' in [extension]"))
        elif not isinstance(value, str):
            problems.append(where.at("extension", key, f"'{key}' must be a string"))
        elif not value.strip() and _EXTENSION_KEYS[key]:
            problems.append(where.at("extension", key, f"'{key}' must not be empty"))
        else:
            values[key] = value
    if present:
        for key, required in _EXTENSION_KEYS.items():
            if required and key not in extension:
                problems.append(where.at("extension", None, f"missing key '{key}' in [extension]"))
    return values


def _entry_problem(entry: str, root: Path) -> str | None:
    pure = PurePosixPath(entry)
    if "\\" in entry or pure.is_absolute() or ".." in pure.parts:
        return f"entry '{entry}' is outside the package folder"
    if len(pure.parts) != 1:
        return f"entry '{entry}' is in a subfolder; modules are the package folder's .py files"
    if pure.suffix != ".py":
        return f"entry '{entry}' is not a .py file"
    path = root / entry
    if path.is_symlink() and not _inside(path, root):
        return f"entry '{entry}' resolves outside the package"
    return None


def _capabilities(table: dict, where: _Located, problems: list) -> dict[str, tuple[str, ...]]:
    capabilities: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        if key not in CAPABILITIES:
            problems.append(where.at("capabilities", key, f"unknown capability '{key}'"))
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            message = f"capability '{key}' must be a list of strings"
            problems.append(where.at("capabilities", key, message))
        elif CAPABILITIES[key] is None and value:
            problems.append(where.at("capabilities", key, f"capability '{key}' takes no scope"))
        elif any(not v.strip() for v in value):
            message = f"capability '{key}' has an empty scope"
            problems.append(where.at("capabilities", key, message))
        else:
            capabilities[key] = tuple(value)
    return capabilities


# -- modules -----------------------------------------------------------------


def _discover(root: Path) -> tuple[dict[str, Path], list[Diagnostic]]:
    """The `*.py` files directly in `root`, by module name, and what is wrong with them."""
    modules: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for path in sorted(root.iterdir()):
        if path.suffix != ".py":
            continue
        name = path.stem
        if not _inside(path, root):
            problems.append(_module_escape(path, name))
        elif not path.is_file():
            continue  # a folder, or a dangling link
        elif not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
            problems.append(
                Diagnostic(str(path), 1, 1, f"module name '{name}' is not an identifier")
            )
        elif surface.is_dunder(name):
            problems.append(Diagnostic(str(path), 1, 1, f"module name '{name}' is not allowed"))
        elif name in _RESERVED_MODULES:
            message = f"module name '{name}' shadows a built-in module"
            problems.append(Diagnostic(str(path), 1, 1, message))
        else:
            modules[name] = path
    return modules, problems


def _module_escape(path: Path, name: str) -> Diagnostic:
    return Diagnostic(str(path), 1, 1, f"module '{name}' resolves outside the package")


def _inside(path: Path, root: Path) -> bool:
    """True when `path`, symlinks followed, lies inside `root` (symlinks followed too)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CompileError([Diagnostic(str(path), 1, 1, "manifest is not utf-8")]) from None
    except OSError as exc:
        message = f"cannot read manifest: {exc.strerror or exc}".lower()
        raise CompileError([Diagnostic(str(path), 1, 1, message)]) from None


class _Located:
    """Finds the line of a table or key in the manifest's text, for diagnostics."""

    _HEADER = re.compile(r"\s*\[\s*([^\]\s]+)\s*\]")
    _KEY = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def at(self, table: str | None, key: str | None, message: str) -> Diagnostic:
        line = self._line(table, key)
        return Diagnostic(str(self.path), line, 1, message)

    def _line(self, table: str | None, key: str | None) -> int:
        current = None
        table_line = 1
        for number, text in enumerate(self.lines, 1):
            header = self._HEADER.match(text)
            if header:
                current = header.group(1).strip("\"'")
                if current == table and key is None:
                    return number
                if current == table:
                    table_line = number
                if table is None and current == key:
                    return number
                continue
            found = self._KEY.match(text)
            if found and current == table and key is not None:
                if next(g for g in found.groups() if g is not None) == key:
                    return number
        return table_line

    def toml_error(self, exc: tomllib.TOMLDecodeError) -> Diagnostic:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line, col = 1, 1
        if match:
            message = message[: match.start()]
            if match.group(1):
                line, col = int(match.group(1)), int(match.group(2))
            else:
                line = max(1, len(self.lines))
        return Diagnostic(
            str(self.path), line, col, f"invalid toml: {message[:1].lower()}{message[1:]}"
        )
