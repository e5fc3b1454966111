"""Scope analysis: which names each function binds, and which of them must leave SSA.

Runs over a checked parso tree before lowering. A scope is the module, a
function (`def`, `lambda`), a generator expression, or a comprehension (list,
set and dict comprehensions are lowered inline, but their variables are still
private to them, as in Python 3).

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

from frankenengine.frontend.imports import import_items

COMPREHENSIONS = frozenset({"sync_comp_for", "comp_for"})


@dataclass(eq=False)
class Scope:
    kind: str  # "module", "function", "lambda", "genexp", "comprehension", "compfn"
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


def target_names(node) -> list:
    """Name leaves bound by an assignment target (`a`, `a, (b, c)`, `[x, y]`)."""
    if node.type == "name":
        return [node]
    if node.type in ("testlist_star_expr", "exprlist", "testlist", "testlist_comp"):
        return [leaf for child in node.children for leaf in target_names(child)]
    if node.type == "atom" and node.children[0].value in "([":
        return [leaf for child in node.children[1:-1] for leaf in target_names(child)]
    return []


class ScopeBuilder:
    """Builds the scope tree; `scopes` maps each scope-opening node to its Scope.

    `own_modules` names the modules of the extension's package: `from helpers
    import f` binds `f` as a variable (the value at import time), while every
    other import binds a static alias that the lowering resolves.
    """

    def __init__(self, own_modules: frozenset[str] = frozenset()):
        self.scopes: dict[int, Scope] = {}
        self.own_modules = own_modules

    def build(self, module) -> Scope:
        root = Scope("module", module, None)
        self.scopes[id(module)] = root
        for child in module.children:
            self._walk(child, root, False)
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

    # -- walking ------------------------------------------------------------
    def _open(self, kind, node, parent) -> Scope:
        scope = Scope(kind, node, parent)
        parent.children.append(scope)
        self.scopes[id(node)] = scope
        return scope

    def _bind(self, scope: Scope, leaf, in_try: bool) -> None:
        self._bind_name(scope, leaf.value, in_try)

    def _bind_name(self, scope: Scope, name: str, in_try: bool) -> None:
        scope.locals.add(name)
        scope.referenced.add(name)
        if in_try:
            scope.in_try.add(name)

    def _walk(self, node, scope: Scope, in_try: bool) -> None:
        kind = node.type
        if kind == "name":
            scope.referenced.add(node.value)
            return
        if not hasattr(node, "children"):
            return
        if kind == "funcdef":
            self._bind(scope, node.children[1], in_try)
            self._function(node, scope, "function", node.children[2].children, node.children[-1])
            return
        if kind == "lambdef":
            params = [c for c in node.children[1:-2] if c.type == "param"]
            self._function(node, scope, "lambda", params, node.children[-1])
            return
        if kind in ("atom", "argument") and self._comprehension(node, scope, in_try):
            return
        if kind == "expr_stmt":
            self._expr_stmt(node, scope, in_try)
            return
        if kind == "for_stmt":
            for leaf in target_names(node.children[1]):
                self._bind(scope, leaf, in_try)
            for child in node.children[1:]:
                self._walk(child, scope, in_try)
            return
        if kind == "try_stmt":
            for child in node.children:
                self._walk(child, scope, True)
            return
        if kind == "except_clause":
            children = node.children
            if len(children) == 4:  # except T as name
                self._bind(scope, children[3], in_try)
            for child in children[1:2]:
                self._walk(child, scope, in_try)
            return
        if kind == "nonlocal_stmt":
            for child in node.children[1:]:
                if child.type == "name":
                    scope.nonlocals.add(child.value)
                    scope.referenced.add(child.value)
            return
        if kind in ("import_name", "import_from"):
            for item in import_items(node):
                if item.member is not None and item.own_module(self.own_modules):
                    self._bind_name(scope, item.alias, in_try)
            return  # other imports bind static aliases, resolved by the lowering
        if kind == "trailer" and node.children[0].value == ".":
            return  # attribute names are not variables
        if kind == "argument" and len(node.children) == 3 and node.children[1].value == "=":
            self._walk(node.children[2], scope, in_try)  # keyword name is not a variable
            return
        for child in node.children:
            self._walk(child, scope, in_try)

    def _expr_stmt(self, node, scope: Scope, in_try: bool) -> None:
        children = node.children
        if len(children) >= 3 and children[1].type == "operator" and children[1].value == "=":
            for target in children[:-1:2]:
                for leaf in target_names(target):
                    self._bind(scope, leaf, in_try)
        elif len(children) == 3 and children[1].type == "operator":  # augmented
            if children[0].type == "name":
                self._bind(scope, children[0], in_try)
        for child in children:
            self._walk(child, scope, in_try)

    def _function(self, node, parent: Scope, kind: str, params, body) -> None:
        # Defaults are evaluated in the enclosing scope.
        for param in params:
            if param.type == "param" and getattr(param, "default", None) is not None:
                self._walk(param.default, parent, False)
        scope = self._open(kind, node, parent)
        for param in params:
            if param.type == "param":
                scope.locals.add(param.name.value)
        if kind == "lambda":
            self._walk(body, scope, False)
        else:
            for child in body.children:
                self._walk(child, scope, False)

    def _comprehension(self, node, scope: Scope, in_try: bool) -> bool:
        """Opens a comprehension scope for `[x for ...]`, `{...}`, `(...)` or `f(x for ...)`."""
        inner = node.children[1] if node.type == "atom" and len(node.children) == 3 else node
        if node.type == "argument":
            inner = node
        if not hasattr(inner, "children") or len(inner.children) < 2:
            return False
        comp = inner.children[-1]
        if comp.type not in COMPREHENSIONS:
            return False
        is_genexp = node.type == "argument" or node.children[0].value == "("
        first_iter = comp.children[3]
        self._walk(first_iter, scope, in_try)
        inner_scope = self._open("genexp" if is_genexp else "comprehension", node, scope)
        self._comp_for(comp, inner_scope, skip_first_iter=True)
        for element in inner.children[:-1]:
            self._walk(element, inner_scope, False)
        return True

    def _comp_for(self, comp, scope: Scope, skip_first_iter: bool) -> None:
        for leaf in target_names(comp.children[1]):
            self._bind(scope, leaf, False)
        if not skip_first_iter:
            self._walk(comp.children[3], scope, False)
        for rest in comp.children[4:]:
            if rest.type in COMPREHENSIONS:
                self._comp_for(rest, scope, False)
            elif rest.type == "comp_if":
                self._walk(rest.children[1], scope, False)
                for nested in rest.children[2:]:
                    if nested.type in COMPREHENSIONS:
                        self._comp_for(nested, scope, False)

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
