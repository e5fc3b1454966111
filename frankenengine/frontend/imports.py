"""Import statements of a parso tree, read into one flat record per bound name.

`import a.b as c, d`, `from m import x as y, z` and `from . import util`
all become `ImportItem`s: which module, how many leading dots, which member
(None when the statement binds the module itself), the name bound, the
leaf to report at, and the leaves naming the module, the member and the
alias. The resolver, the checker, the lowering and the package linker read
imports only through this module, so they agree on what a statement
imports.

Invariant: `from . import m` is read as importing module `m` (member None):
in a package, the members of `.` are its modules. Only trees the checker has
seen are read; a malformed statement yields the items that are well formed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportItem:
    """One name bound by an import statement."""

    module: str  # dotted module name without the leading dots
    level: int  # leading dots (0: absolute)
    member: str | None  # the imported member; None when the module itself is bound
    alias: str  # the name bound
    node: object  # the leaf naming the module (for `from . import m`, naming m)
    statement: object  # the import_name / import_from node
    path: tuple = ()  # the leaves of the module's dotted name (none for `from . import m`)
    member_node: object = None  # the leaf naming the member after `import` (from-imports)
    alias_node: object = None  # the leaf naming the bound name

    def own_module(self, own_modules: frozenset[str]) -> str | None:
        """The package module this item imports (a relative import always names one)."""
        if self.level == 1 or (self.level == 0 and self.module in own_modules):
            return self.module
        return None


def import_statements(tree) -> Iterator[object]:
    """Every import statement of `tree`, in source order."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.type in ("import_name", "import_from"):
            yield node
            continue
        stack.extend(reversed(getattr(node, "children", ())))


def import_items(node) -> list[ImportItem]:
    """The items of one import statement, in source order."""
    if node.type == "import_name":
        return list(_import_name(node))
    return list(_import_from(node))


def all_import_items(tree) -> list[ImportItem]:
    return [item for node in import_statements(tree) for item in import_items(node)]


def _import_name(node) -> Iterator[ImportItem]:
    for part in _flatten(node.children[1:], "dotted_as_names"):
        if part.type == "dotted_as_name" and len(part.children) == 3:
            path, alias = _path(part.children[0]), part.children[2]
            if path and alias.type == "name":
                yield ImportItem(
                    _dotted(path), 0, None, alias.value, path[0], node, tuple(path), None, alias
                )
        elif part.type in ("name", "dotted_name"):
            path = _path(part)
            if path:
                yield ImportItem(
                    _dotted(path), 0, None, path[0].value, path[0], node, tuple(path), None, path[0]
                )


def _import_from(node) -> Iterator[ImportItem]:
    children = node.children
    index, level = 1, 0
    while index < len(children) and children[index].type == "operator":
        if children[index].value not in (".", "..."):
            break
        level += len(children[index].value)
        index += 1
    path: list = []
    if index < len(children) and children[index].type in ("name", "dotted_name"):
        path = _path(children[index])
        index += 1
    names = children[index + 1 :]  # after the `import` keyword
    for part in _flatten(names, "import_as_names"):
        if part.type == "import_as_name" and len(part.children) == 3:
            name, alias = part.children[0], part.children[2]
        elif part.type == "name":
            name = alias = part
        else:
            continue
        if name.type != "name" or alias.type != "name":
            continue
        module, leaves = _dotted(path), tuple(path)
        if path:
            yield ImportItem(
                module, level, name.value, alias.value, path[0], node, leaves, name, alias
            )
        else:  # `from . import m`: the module m itself
            yield ImportItem(name.value, level, None, alias.value, name, node, leaves, name, alias)


def _flatten(parts, list_type: str) -> Iterator[object]:
    for part in parts:
        if part.type == list_type:
            yield from (c for c in part.children if c.type != "operator")
        elif part.type != "operator":
            yield part


def _path(node) -> list:
    if node.type == "name":
        return [node]
    return [c for c in getattr(node, "children", ()) if c.type == "name"]


def _dotted(path: list) -> str:
    return ".".join(leaf.value for leaf in path)
