"""Which imported names module-level code may read before their import has run.

Imports of the language's built-in modules are static: `math.sqrt` lowers to
the built-in itself, wherever it is written. CPython binds the name only when
the import statement runs, so `X = math.pi` above `import math` is a
NameError. `guarded_aliases` finds the names for which that can happen; the
lowering gives each a hidden global that the import statement sets and that
every module-level read of the name loads first (an unbound global raises
`NameError: name 'math' is not defined`).

Invariant: a name is left unguarded only when every module-level read of it
comes after an import statement binding it that is a direct statement of the
module body (it has run by then: top-level statements run in order, and an
import of a built-in module cannot fail). Reads inside function and lambda
bodies are not guarded: they run when called, normally after the module's
imports (a deliberate approximation; see LANGUAGE.md).
"""

from __future__ import annotations

from frankenengine.frontend.imports import import_items

GUARD_SUFFIX = ".<imported>"  # the hidden global of `math` is `math.<imported>`

_IMPORTS = frozenset({"import_name", "import_from"})
_DEFERRED = frozenset({"funcdef", "lambdef"})


def guard_global(alias: str) -> str:
    """The hidden global an import of `alias` sets."""
    return alias + GUARD_SUFFIX


def guarded_aliases(tree, aliases: frozenset[str]) -> frozenset[str]:
    """The names of `aliases` that module-level code of `tree` may read before binding."""
    bound: set[str] = set()
    guarded: set[str] = set()
    for statement in getattr(tree, "children", ()):
        guarded.update(_early_reads(statement, aliases - bound))
        for node in _direct_imports(statement):
            bound.update(item.alias for item in import_items(node))
    return frozenset(guarded)


def _direct_imports(statement) -> list:
    """The import statements that are themselves top-level statements (`import a; import b`)."""
    if statement.type in _IMPORTS:
        return [statement]
    if statement.type != "simple_stmt":
        return []
    return [child for child in statement.children if child.type in _IMPORTS]


def _early_reads(statement, unbound: frozenset[str]) -> set[str]:
    """Names of `unbound` that `statement` mentions in code that runs when it runs.

    Function and lambda bodies are skipped (their defaults and decorators are
    not). A mention that is not a read (an attribute name, a keyword) only
    adds a guard that is never loaded, so the scan need not tell them apart.
    """
    found: set[str] = set()
    stack = [statement]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "name":
            if node.value in unbound:
                found.add(node.value)
        elif kind in _DEFERRED:
            stack.extend(_evaluated_at_definition(node))
        elif kind not in _IMPORTS:
            stack.extend(getattr(node, "children", ()))
    return found


def _evaluated_at_definition(node) -> list:
    """The parts of a `def` or `lambda` that run where it is written: defaults, annotations."""
    if node.type == "lambdef":
        return [p for p in node.children[1:-2] if getattr(p, "type", "") != "operator"]
    parameters = node.children[2]
    parts = list(getattr(parameters, "children", ()))
    if len(node.children) > 4 and getattr(node.children[3], "value", "") == "->":
        parts.append(node.children[4])
    return parts
