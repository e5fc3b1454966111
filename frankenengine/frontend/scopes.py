"""Scope analysis: which names each function binds, and which of them must leave SSA.

Runs over a checked parso tree before lowering, and is built from the
resolver's scopes (`resolve.py`): which names each scope binds comes from
there; what this module adds is the lowering's view of them. A scope is the
module, a function (`def`, `lambda`), a generator expression, or a
comprehension (list, set and dict comprehensions are lowered inline, but
their variables are still private to them, as in Python 3). Only imports of
the package's own modules' members bind variables; every other import binds a
static alias that the lowering resolves.

A local becomes a *slot* (a variable outside SSA, `load_var`/`store_var`) when
a nested function captures it, or when it is assigned inside a `try`
statement (its value must be visible to handlers and `finally` blocks on
paths SSA cannot see). Everything else is an SSA variable.

Invariant: the analysis binds names exactly as CPython's symbol table does
for the subset: a name assigned anywhere in a function body is local to it
unless declared `nonlocal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frankenengine.frontend import resolve
from frankenengine.frontend.resolve import resolve_module

COMPREHENSIONS = frozenset({"sync_comp_for", "comp_for"})
# The resolver's definitions the subset lowers as variables (imports aside); the
# others (`class`, `with`, `del`, `:=`, annotated assignments) never pass the checker.
_VARIABLE_BINDINGS = frozenset(
    {"assign", "augassign", "for", "comprehension", "param", "def", "except"}
)


@dataclass(eq=False)
class Scope:
    kind: str  # "module", "function", "lambda", "genexp", "comprehension", "compfn" ("class": refused)
    node: object
    parent: Scope | None
    locals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    referenced: set[str] = field(default_factory=set)
    in_try: set[str] = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)
    captured: set[str] = field(default_factory=set)

    @property
    def is_function(self) -> bool:
        return self.kind in ("function", "lambda", "genexp", "module", "compfn")

    def function(self) -> Scope:
        """The nearest enclosing scope that is lowered as its own IR function."""
        scope = self
        while not scope.is_function:
            scope = scope.parent
        return scope

    def binds(self, name: str) -> bool:
        return name in self.locals and name not in self.nonlocals

    def resolve(self, name: str) -> Scope | None:
        """The scope that binds `name` as seen from here (None: a builtin or undefined)."""
        scope: Scope | None = self
        while scope is not None:
            if scope.binds(name):
                return scope
            scope = scope.parent
        return None

    def is_slot(self, name: str) -> bool:
        return name in self.captured or name in self.in_try


class ScopeBuilder:
    """Builds the lowering's scope tree from the resolver's; `scopes` maps scope nodes to Scopes.

    `own_modules` names the modules of the extension's package: `from helpers
    import f` binds `f` as a variable (the value at import time), while every
    other import binds a static alias that the lowering resolves.
    """

    def __init__(self, own_modules: frozenset[str] = frozenset()):
        self.scopes: dict[int, Scope] = {}
        self.own_modules = own_modules

    def build(self, module) -> Scope:
        root = self._derive(resolve_module(module).root, None)
        self._mark_captures(root)
        # A comprehension whose variables a closure captures needs fresh cells on
        # every run, as CPython's comprehension function gives: it is lowered as a
        # function of its own ("compfn"), which changes what its parent captures.
        promoted = [s for s in self.scopes.values() if s.kind == "comprehension" and s.captured]
        if promoted:
            for scope in promoted:
                scope.kind = "compfn"
            for scope in self.scopes.values():
                scope.captured.clear()
            self._mark_captures(root)
        return root

    def scope_of(self, node) -> Scope:
        return self.scopes[id(node)]

    # -- from the resolver's scopes -------------------------------------------
    def _derive(self, resolved: resolve.Scope, parent: Scope | None) -> Scope:
        scope = Scope(resolved.kind, resolved.node, parent)
        if parent is not None:
            parent.children.append(scope)
        self.scopes[id(resolved.node)] = scope
        for name, definitions in resolved.definitions.items():
            variables = [d for d in definitions if self._binds_variable(d)]
            if variables:
                scope.locals.add(name)
            if any(_inside_try(d.leaf, resolved.node) for d in variables):
                scope.in_try.add(name)
        scope.nonlocals = set(resolved.nonlocals)
        scope.referenced = scope.locals | scope.nonlocals | resolved.reads
        for child in resolved.children:
            self._derive(child, scope)
        return scope

    def _binds_variable(self, definition: resolve.Definition) -> bool:
        """True for a binding the lowering keeps in a variable (not a static import alias)."""
        item = definition.item
        if item is not None:
            return item.member is not None and item.own_module(self.own_modules) is not None
        return definition.how in _VARIABLE_BINDINGS

    # -- captures -----------------------------------------------------------
    def _free_names(self, scope: Scope) -> set[str]:
        free = {n for n in scope.referenced if not scope.binds(n)}
        for child in scope.children:
            free |= {n for n in self._free_names(child) if not scope.binds(n)}
        return free

    def _mark_captures(self, scope: Scope) -> None:
        for child in scope.children:
            self._mark_captures(child)
            if child.kind == "comprehension":
                continue
            for name in self._free_names(child):
                owner = scope.resolve(name)
                if owner is not None and owner.kind != "module":
                    owner.captured.add(name)
        # A comprehension nested in a function sees the function's variables
        # directly (it is inlined); a function nested in a comprehension
        # captures comprehension variables like any other.


def _inside_try(leaf, scope_node) -> bool:
    """True when `leaf` is inside a `try` statement of the scope `scope_node` opens."""
    node = leaf.parent
    while node is not None and node is not scope_node:
        if node.type == "try_stmt":
            return True
        node = node.parent
    return False
