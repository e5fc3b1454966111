"""Checks the modules of a package and the imports between them.

Starting from the entry module, every module an import names is read,
parsed and checked (with the package's modules as the checker's local
modules), in the order the imports are found; modules nothing imports are
never read. The imports between modules form a graph, checked before any
lowering:

- an import of a module the package does not have is an error at the
  import (`no module named 'helpers' in this package`); a name of CPython's
  standard library is left to the checker (`'os' cannot be imported`);
- a cycle is an error at the import that closes it (`import cycle: main ->
  helpers -> main`), since a module's top level runs at its first import and
  must see the modules it imports complete.

Invariant: modules are read only through the `read` callable the caller
passes (which keeps reads inside the package folder).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from frankenengine.frontend.check import check_module, merge_diagnostics
from frankenengine.frontend.imports import ImportItem, all_import_items
from frankenengine.frontend.parse import parse_source
from frankenengine.language import surface
from frankenengine.language.diagnostics import Diagnostic
from frankenengine.language.headroom import recursion_headroom

_BUILT_IN_MODULES = frozenset(surface.STDLIB_MODULES | {surface.HOST_PACKAGE})
_CPYTHON_MODULES = frozenset(sys.stdlib_module_names)


@dataclass
class CheckedPackage:
    """The checked modules reachable from the entry, in import order, and the import graph."""

    entry: str
    trees: dict[str, object] = field(default_factory=dict)  # module -> parso tree
    filenames: dict[str, str] = field(default_factory=dict)
    imports: dict[str, list[tuple[str, ImportItem]]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def check_package(
    modules: Mapping[str, str], entry: str, read: Callable[[str], bytes]
) -> CheckedPackage:
    """Check `entry` and every module it imports, directly or not.

    `modules` maps each module of the package to the file name diagnostics
    show; `read(module)` returns its source.
    """
    own = frozenset(modules)
    result = CheckedPackage(entry)
    queue = [entry]
    while queue:
        module = queue.pop(0)
        if module in result.trees:
            continue
        filename = modules[module]
        result.filenames[module] = filename
        edges, missing = [], set()
        with recursion_headroom():
            tree, parse_errors = parse_source(read(module), filename)
            for item in all_import_items(tree):
                target = _imported_module(item, own)
                if target is None:
                    continue
                if target in own:
                    edges.append((target, item))
                    queue.append(target)
                else:
                    missing.add(target)
                    message = f"no module named '{target}' in this package"
                    result.diagnostics.append(_at(filename, item.node, message))
            check_errors = check_module(tree, filename, local_modules=own | missing)
        result.diagnostics += merge_diagnostics(parse_errors, check_errors)
        result.trees[module] = tree
        result.imports[module] = edges
    result.diagnostics += _cycles(result)
    return result


def _imported_module(item: ImportItem, own: frozenset[str]) -> str | None:
    """The package module an import names (possibly missing), or None for any other module."""
    module = item.own_module(own)
    if module is not None:
        return module
    top = item.module.partition(".")[0]
    if item.level or top in _BUILT_IN_MODULES or top in _CPYTHON_MODULES:
        return None  # relative beyond the package, built-in or CPython's: the checker says
    return item.module


def _cycles(result: CheckedPackage) -> list[Diagnostic]:
    """One diagnostic per import that closes a cycle, found depth first from the entry."""
    found: list[Diagnostic] = []
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        path.append(module)
        for target, item in result.imports.get(module, ()):
            if target in path:
                cycle = " -> ".join([*path[path.index(target) :], target])
                found.append(_at(result.filenames[module], item.node, f"import cycle: {cycle}"))
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    with recursion_headroom():
        visit(result.entry)
    return found


def _at(filename: str, node, message: str) -> Diagnostic:
    line, col = node.start_pos
    return Diagnostic(filename, line, col + 1, message)
