"""Name resolution: one pass over a parso module that says what every name is bound to.

`resolve_module` walks a module once, as starlark-go's `resolve` package does
(each scope's bindings are collected as the walk enters it), and returns a `Resolution`: the tree of scopes (the module, each `def`,
`lambda`, comprehension, generator expression and `class` body), what each
scope binds (its `Definition`s), a `Binding` for every name the walk meets
(read, assigned, imported or declared), and the scoping errors as
diagnostics. The checker asks it what a name is bound to; the lowering's
`ScopeBuilder` is built from its scopes. Neither walks scopes itself.

A binding's kind is where the name lives, as CPython's symbol table says:

- `local`: bound in the scope that uses it;
- `cell`: bound there and read by a nested function (a closure captures it);
- `free`: bound in an enclosing function;
- `global`: bound at module level (or declared `global`);
- `builtin`: bound nowhere, and one of the language's built-ins;
- `module`: bound only by import statements, in whichever scope (an import alias);
- `undefined`: bound nowhere.

Python 3's rules apply: a name bound anywhere in a scope is local to all of
it unless declared `global` or `nonlocal`; a comprehension's targets are
private to it, but its first iterable is evaluated in the enclosing scope, as
are a function's default values; a class body is skipped by the functions it
contains. Which leaves are reads follows the checker's walk exactly (an
attribute name, a keyword argument's name or an import statement reads
nothing; an error node of a recovered tree is not entered), so the checker
finds a binding for every name it reads.

Invariants: the scoping diagnostics are `undefined name 'x'` (or
`'x' is not supported` for a CPython built-in the language lacks), a
`nonlocal` declaration without a binding, at module level or of a parameter,
and a duplicate parameter; none is reported for a name the subset refuses
outright (a dunder or forbidden name: the checker reports those). The
module's tree is only read, and no exception but RecursionError is raised
for any tree parso builds, recovered or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frankenengine.frontend.imports import ImportItem, import_items
from frankenengine.language import surface
from frankenengine.language.diagnostics import Diagnostic

LOCAL = "local"
CELL = "cell"
FREE = "free"
GLOBAL = "global"
BUILTIN = "builtin"
MODULE = "module"
UNDEFINED = "undefined"

_COMPREHENSION_FORS = frozenset({"comp_for", "sync_comp_for"})
_TARGET_LISTS = frozenset({"testlist_star_expr", "exprlist", "testlist", "testlist_comp"})


@dataclass(frozen=True, eq=False)
class Definition:
    """One place where a scope binds a name."""

    how: str  # "assign" "annassign" "augassign" "for" "comprehension" "param" "def"
    # "class" "import" "except" "with" "del" "walrus"
    leaf: object  # the Name leaf bound
    item: ImportItem | None = None  # the import, when `how` is "import"


@dataclass(eq=False)
class Scope:
    """A Python scope and what it binds.

    `definitions` holds every binding site, also of names the scope declares
    `global` or `nonlocal` (those it does not bind: see `binds`). `reads` are
    the names read in the scope itself, `captured` the names it binds that a
    nested function reads.

    The reads include those inside a comprehension's `for` target
    (`[0 for a[i] in xs]` reads `a` and `i`): the lowering's capture analysis
    counts them, so a closure over such a target captures what it reads.
    """

    kind: str  # "module", "function", "lambda", "comprehension", "genexp", "class"
    node: object  # the module, funcdef, lambdef, classdef, or the comprehension's atom/argument
    parent: Scope | None
    definitions: dict[str, list[Definition]] = field(default_factory=dict)
    params: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)
    reads: set[str] = field(default_factory=set)
    captured: set[str] = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)

    def define(self, name: str, definition: Definition) -> None:
        self.definitions.setdefault(name, []).append(definition)

    def binds(self, name: str) -> bool:
        """True when `name` is a variable of this scope (not declared global or nonlocal)."""
        return name in self.definitions and name not in self.nonlocals and name not in self.globals

    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def owner_of(self, name: str) -> Scope | None:
        """The scope that binds `name` as read here; None when nothing binds it."""
        scope: Scope | None = self
        while scope is not None:
            if scope.kind == "class" and scope is not self:
                scope = scope.parent
                continue
            if name in scope.globals:
                module = self.root()
                return module if module.binds(name) else None
            if scope.binds(name):
                return scope
            scope = scope.parent
        return None


@dataclass(frozen=True, eq=False)
class Binding:
    """What one name leaf is bound to."""

    leaf: object
    kind: str  # LOCAL, CELL, FREE, GLOBAL, BUILTIN, MODULE or UNDEFINED
    scope: Scope  # the scope the leaf appears in
    owner: Scope | None  # the scope that binds it (None: a built-in, or undefined)

    @property
    def name(self) -> str:
        return self.leaf.value

    @property
    def definitions(self) -> list[Definition]:
        """Every place the owner binds the name (empty for built-ins and undefined names)."""
        return [] if self.owner is None else self.owner.definitions[self.name]


@dataclass
class Resolution:
    """The result of `resolve_module`."""

    root: Scope
    diagnostics: list[Diagnostic]
    _scopes: dict[int, Scope]
    _bindings: dict[int, Binding]
    _statement_scopes: dict[int, Scope]

    def binding(self, leaf) -> Binding:
        """The binding of a name leaf the walk met (KeyError for any other leaf)."""
        return self._bindings[id(leaf)]

    def scope_of(self, node) -> Scope:
        """The scope a module, funcdef, lambdef, classdef or comprehension node opens."""
        return self._scopes[id(node)]

    def scope_at(self, statement) -> Scope:
        """The scope a `global` or `nonlocal` statement is in."""
        return self._statement_scopes[id(statement)]

    def scopes(self) -> list[Scope]:
        return list(self._scopes.values())


def resolve_module(tree, filename: str = "") -> Resolution:
    """Resolve every name of `tree`; diagnostics name `filename`."""
    resolver = _Resolver(filename)
    root = resolver.run(tree)
    return Resolution(
        root,
        resolver.diagnostics,
        resolver.scopes,
        resolver.finish(),
        resolver.statement_scopes,
    )


def is_refused(name: str) -> bool:
    """A name the subset refuses wherever it appears (the checker reports it, not the resolver)."""
    return surface.is_dunder(name) or name in surface.FORBIDDEN_NAMES


def target_names(node: object) -> list:
    """The Name leaves an assignment target binds (not those inside subscripts or attributes)."""
    names = []
    stack = [node]
    while stack:
        current = stack.pop()
        kind = getattr(current, "type", None)
        if kind == "name":
            names.append(current)
        elif kind in _TARGET_LISTS or kind == "star_expr":
            stack.extend(_children(current))
        elif kind == "atom":
            children = _children(current)
            if children and (_is_op(children[0], "(") or _is_op(children[0], "[")):
                stack.extend(children[1:-1])
    return names


def comprehension_parts(node: object) -> tuple[list, object] | None:
    """(element nodes, first `for` clause) when `node` holds a comprehension body."""
    children = _children(node)
    if len(children) == 2 and getattr(children[1], "type", None) in _COMPREHENSION_FORS:
        return [children[0]], children[1]
    if (
        getattr(node, "type", None) == "dictorsetmaker"
        and len(children) == 4
        and _is_op(children[1], ":")
        and getattr(children[3], "type", None) in _COMPREHENSION_FORS
    ):
        return [children[0], children[2]], children[3]
    return None


def _is_op(node: object, value: str) -> bool:
    return getattr(node, "type", None) == "operator" and getattr(node, "value", None) == value


def _is_kw(node: object, value: str) -> bool:
    return getattr(node, "type", None) == "keyword" and getattr(node, "value", None) == value


def _children(node: object) -> list:
    return list(getattr(node, "children", ()))


class _Resolver:
    """The walk: scopes are collected on entry, names recorded as met, kinds settled at the end."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []
        self.scopes: dict[int, Scope] = {}
        self.statement_scopes: dict[int, Scope] = {}
        self.met: list[tuple[object, Scope, bool]] = []  # (leaf, scope, is_read)
        self.scope: Scope
        self.handlers = {
            "error_node": self.visit_nothing,
            "error_leaf": self.visit_nothing,
            "fstring_conversion": self.visit_nothing,
            "name": self.read,
            "import_name": self.visit_import,
            "import_from": self.visit_import,
            "expr_stmt": self.visit_expr_stmt,
            "del_stmt": self.visit_del,
            "for_stmt": self.visit_for,
            "try_stmt": self.visit_try,
            "with_stmt": self.visit_with,
            "global_stmt": self.visit_global,
            "nonlocal_stmt": self.visit_nonlocal,
            "funcdef": self.visit_funcdef,
            "classdef": self.visit_classdef,
            "lambdef": self.visit_lambdef,
            "atom": self.visit_atom,
            "atom_expr": self.visit_atom_expr,
            "argument": self.visit_argument,
            "fstring_expr": self.visit_fstring_expr,
        }

    def run(self, tree) -> Scope:
        root = Scope("module", tree, None)
        self.scopes[id(tree)] = root
        self.scope = root
        self.collect(root, [tree])
        self.visit(tree)
        return root

    def report(self, node: object, message: str) -> None:
        line, col = getattr(node, "start_pos", (1, 0))
        self.diagnostics.append(Diagnostic(self.filename, max(1, line), max(0, col) + 1, message))

    # -- what a scope binds ---------------------------------------------------

    def collect(self, scope: Scope, roots: list) -> None:
        """Record every name a scope's body binds, without entering nested functions."""
        stack = list(roots)
        while stack:
            node = stack.pop()
            kind = getattr(node, "type", None)
            children = _children(node)
            if kind in ("funcdef", "classdef"):
                if len(children) > 1 and getattr(children[1], "type", None) == "name":
                    how = "def" if kind == "funcdef" else "class"
                    scope.define(children[1].value, Definition(how, children[1]))
                continue
            if kind == "lambdef":
                continue
            if kind == "expr_stmt" and len(children) > 1:
                if _is_op(children[1], "=") or getattr(children[1], "type", None) == "annassign":
                    how = "assign" if _is_op(children[1], "=") else "annassign"
                    targets = [c for c in children[:-1] if not _is_op(c, "=")]
                else:
                    how, targets = "augassign", children[:1]
                self.define_targets(scope, how, targets)
            elif kind == "for_stmt" and len(children) > 1:
                self.define_targets(scope, "for", children[1:2])
            elif kind in ("import_name", "import_from"):
                for item in import_items(node):
                    scope.define(item.alias, Definition("import", item.alias_node, item))
            elif kind == "except_clause" and len(children) >= 4 and _is_kw(children[-2], "as"):
                self.define_targets(scope, "except", children[-1:])
            elif kind == "with_item" and len(children) == 3:
                self.define_targets(scope, "with", children[2:])
            elif kind == "del_stmt" and len(children) > 1:
                self.define_targets(scope, "del", children[1:2])
            elif kind == "global_stmt":
                scope.globals.update(c.value for c in children[1:] if c.type == "name")
            elif kind == "nonlocal_stmt":
                scope.nonlocals.update(c.value for c in children[1:] if c.type == "name")
            if len(children) >= 3 and _is_op(children[1], ":="):
                self.define_targets(scope, "walrus", children[:1])
            stack.extend(children)

    @staticmethod
    def define_targets(scope: Scope, how: str, targets: list) -> None:
        for target in targets:
            for leaf in target_names(target):
                scope.define(leaf.value, Definition(how, leaf))

    def enter(self, scope: Scope, body: list) -> None:
        """Walk `body` inside `scope`, a new scope opened by the current one."""
        saved = self.scope
        self.scope = scope
        try:
            self.collect(scope, body)
            for node in body:
                self.visit(node)
        finally:
            self.scope = saved

    def open(self, kind: str, node: object) -> Scope:
        scope = Scope(kind, node, self.scope)
        self.scope.children.append(scope)
        self.scopes[id(node)] = scope
        return scope

    # -- names met ------------------------------------------------------------

    def read(self, leaf: object) -> None:
        self.met.append((leaf, self.scope, True))
        self.scope.reads.add(leaf.value)

    def store(self, leaf: object) -> None:
        self.met.append((leaf, self.scope, False))

    def finish(self) -> dict[int, Binding]:
        """Settle every binding's kind (captures are known only now) and report undefined names."""
        owners = []
        for leaf, scope, _ in self.met:
            owner = scope.owner_of(leaf.value)
            owners.append(owner)
            if owner is not None and owner is not scope and owner.kind != "module":
                owner.captured.add(leaf.value)
        bindings: dict[int, Binding] = {}
        for (leaf, scope, is_read), owner in zip(self.met, owners, strict=True):
            binding = Binding(leaf, self.kind_of(leaf.value, scope, owner), scope, owner)
            bindings[id(leaf)] = binding
            if is_read and binding.kind == UNDEFINED and not is_refused(leaf.value):
                if leaf.value in surface.PYTHON_BUILTIN_NAMES:
                    self.report(leaf, f"'{leaf.value}' is not supported")
                else:
                    self.report(leaf, f"undefined name '{leaf.value}'")
        return bindings

    @staticmethod
    def kind_of(name: str, scope: Scope, owner: Scope | None) -> str:
        if owner is None:
            return BUILTIN if name in surface.BUILTIN_NAMES else UNDEFINED
        if all(d.how == "import" for d in owner.definitions[name]):
            return MODULE
        if owner.kind == "module":
            return GLOBAL
        if owner is not scope:
            return FREE
        return CELL if name in owner.captured else LOCAL

    # -- the walk (the checker's, for names) --------------------------------

    def visit(self, node: object) -> None:
        handler = self.handlers.get(getattr(node, "type", None))
        if handler is not None:
            handler(node)
        else:
            for child in _children(node):
                self.visit(child)

    def visit_nothing(self, node: object) -> None:
        pass

    def visit_import(self, node: object) -> None:
        for item in import_items(node):
            self.store(item.alias_node)

    def visit_expr_stmt(self, node: object) -> None:
        children = node.children
        second = children[1] if len(children) > 1 else None
        if getattr(second, "type", None) == "annassign":
            self.target(children[0])
            for child in second.children[1:]:
                self.visit(child)
        elif second is not None and second.type == "operator" and second.value != "=":
            self.augmented_target(children[0])
            for child in children[1:]:
                self.visit(child)
        else:
            for child in children[:-1]:
                if not _is_op(child, "="):
                    self.target(child)
            self.visit(children[-1])

    def target(self, node: object) -> None:
        """An assignment target: names are stored; subscripts read their parts."""
        kind = getattr(node, "type", None)
        children = _children(node)
        if kind == "name":
            self.store(node)
        elif kind in _TARGET_LISTS:
            if any(getattr(c, "type", None) in _COMPREHENSION_FORS for c in children):
                return
            for child in children:
                if not _is_op(child, ","):
                    self.target(child)
        elif kind == "atom" and children and (_is_op(children[0], "(") or _is_op(children[0], "[")):
            for child in children[1:-1]:
                self.target(child)
        elif kind == "star_expr":
            for child in children[1:]:
                self.target(child)
        else:
            self.item_target(node, children)

    def item_target(self, node: object, children: list) -> None:
        """`x[i]` reads `x` and `i`; `x.a` reads `x`; anything else is not entered."""
        if getattr(node, "type", None) == "atom_expr" and children:
            if getattr(children[-1], "type", None) == "trailer":
                opener = _children(children[-1])[:1]
                if opener and _is_op(opener[0], "["):
                    self.visit(node)
                elif opener and _is_op(opener[0], "."):
                    self.trailers(children[:-1])

    def augmented_target(self, node: object) -> None:
        kind = getattr(node, "type", None)
        if kind == "name":
            self.read(node)
        elif kind == "atom_expr" and getattr(node.children[-1], "type", None) == "trailer":
            opener = _children(node.children[-1])[:1]
            if opener and _is_op(opener[0], "["):
                self.visit(node)
            elif opener and _is_op(opener[0], "."):
                self.trailers(node.children[:-1])

    def visit_del(self, node: object) -> None:
        for child in _children(node)[1:]:
            self.del_target(child)

    def del_target(self, node: object) -> None:
        kind = getattr(node, "type", None)
        children = _children(node)
        if kind == "name":
            self.store(node)
        elif kind in _TARGET_LISTS:
            for child in children:
                if not _is_op(child, ","):
                    self.del_target(child)
        elif kind == "atom" and children and (_is_op(children[0], "(") or _is_op(children[0], "[")):
            for child in children[1:-1]:
                self.del_target(child)
        else:
            self.item_target(node, children)

    def visit_for(self, node: object) -> None:
        for index, child in enumerate(node.children):
            if index == 1:
                self.target(child)
            else:
                self.visit(child)

    def visit_try(self, node: object) -> None:
        for child in node.children:
            if child.type == "except_clause":
                self.visit_except_clause(child)
            elif child.type not in ("keyword", "operator"):
                self.visit(child)

    def visit_except_clause(self, node: object) -> None:
        children = node.children
        for index, child in enumerate(children[1:], start=1):
            if _is_kw(child, "as"):
                continue
            if index >= 2 and _is_kw(children[index - 1], "as"):
                self.target(child)
            else:
                self.visit(child)

    def visit_with(self, node: object) -> None:
        for child in node.children[1:]:
            if child.type == "with_item":
                items = child.children
                self.visit(items[0])
                for target in items[2:]:
                    self.target(target)
            else:
                self.visit(child)

    def visit_global(self, node: object) -> None:
        self.statement_scopes[id(node)] = self.scope
        for child in node.children[1:]:
            if child.type == "name":
                self.store(child)

    def visit_nonlocal(self, node: object) -> None:
        self.statement_scopes[id(node)] = self.scope
        if self.scope.kind == "module":
            self.report(node, "syntax error: nonlocal declaration not allowed at module level")
            return
        for leaf in node.children[1:]:
            if leaf.type != "name":
                continue
            self.store(leaf)
            name = leaf.value
            if is_refused(name):
                continue
            if name in self.scope.params:
                self.report(leaf, f"syntax error: name '{name}' is parameter and nonlocal")
            elif not self.has_enclosing_binding(name):
                self.report(leaf, f"syntax error: no binding for nonlocal '{name}' found")

    def has_enclosing_binding(self, name: str) -> bool:
        scope = self.scope.parent
        while scope is not None and scope.kind != "module":
            if scope.kind != "class" and (scope.binds(name) or name in scope.nonlocals):
                return True
            scope = scope.parent
        return False

    # -- functions, lambdas, classes ----------------------------------------

    def visit_funcdef(self, node: object) -> None:
        children = node.children
        if len(children) < 3:
            for child in children:
                self.visit(child)
            return
        if children[1].type == "name":
            self.store(children[1])
        params = self.parameters(_children(children[2])[1:-1])
        for index, child in enumerate(children):
            if _is_op(child, "->") and index + 1 < len(children):
                self.visit(children[index + 1])
        self.enter(self.with_params(self.open("function", node), params), children[-1:])

    def visit_lambdef(self, node: object) -> None:
        children = node.children
        colon = next((i for i, c in enumerate(children) if _is_op(c, ":")), len(children))
        params = self.parameters(children[1:colon])
        self.enter(self.with_params(self.open("lambda", node), params), children[colon + 1 :])

    def with_params(self, scope: Scope, params: list) -> Scope:
        for leaf in params:
            scope.define(leaf.value, Definition("param", leaf))
            scope.params.add(leaf.value)
            self.met.append((leaf, scope, False))
        return scope

    def parameters(self, items: list) -> list:
        """The parameters' name leaves (defaults and annotations are read here, outside)."""
        leaves: list = []
        for item in items:
            if getattr(item, "type", None) != "param":
                continue
            name_leaf = None
            after_equals = False
            for part in item.children:
                if after_equals:
                    self.visit(part)
                    after_equals = False
                elif _is_op(part, "="):
                    after_equals = True
                elif part.type == "tfpdef":
                    name_leaf = part.children[0]
                    for annotation in part.children[2:]:
                        self.visit(annotation)
                elif part.type == "name":
                    name_leaf = part
            if name_leaf is None or name_leaf.type != "name" or is_refused(name_leaf.value):
                continue
            if any(leaf.value == name_leaf.value for leaf in leaves):
                message = (
                    f"syntax error: duplicate argument '{name_leaf.value}' in function definition"
                )
                self.report(name_leaf, message)
            leaves.append(name_leaf)
        return leaves

    def visit_classdef(self, node: object) -> None:
        children = node.children
        if len(children) > 1 and children[1].type == "name":
            self.store(children[1])
        if len(children) > 2 and _is_op(children[2], "("):
            close = next((i for i, c in enumerate(children) if _is_op(c, ")")), 3)
            self.visit_arguments(children[3:close])
        self.enter(self.open("class", node), children[-1:])

    # -- expressions ----------------------------------------------------------

    def visit_atom(self, node: object) -> None:
        children = node.children
        if not children or not any(_is_op(children[0], b) for b in ("(", "[", "{")):
            for child in children:
                self.visit(child)
            return
        inner = children[1:-1] if len(children) > 2 else children[1:]
        if len(inner) == 1:
            parts = comprehension_parts(inner[0])
            if parts is not None:
                self.comprehension(node, *parts)
                return
        for child in inner:
            self.visit(child)

    def comprehension(self, node: object, elements: list, first_for: object) -> None:
        """A comprehension's own scope; its first iterable is read in the enclosing one."""
        clauses = []  # (kind, node): "for" clauses and "if" conditions in source order
        current = first_for
        while current is not None:
            kind = current.type
            children = _children(current)
            if kind == "comp_for":
                current = children[-1] if children else None
            elif kind == "sync_comp_for":
                clauses.append(("for", current))
                current = children[4] if len(children) > 4 else None
            elif kind == "comp_if":
                clauses.append(("if", current))
                current = children[2] if len(children) > 2 else None
            else:
                self.visit(current)
                current = None
        is_genexp = node.type == "argument" or _is_op(node.children[0], "(")
        outer = self.scope
        scope = self.open("genexp" if is_genexp else "comprehension", node)
        for kind, clause in clauses:
            if kind == "for" and len(clause.children) > 1:
                self.define_targets(scope, "comprehension", clause.children[1:2])
        first = True
        try:
            for kind, clause in clauses:
                children = clause.children
                if kind == "for":
                    if len(children) > 3:
                        if first:
                            self.scope = outer
                        self.visit(children[3])
                        self.scope = scope
                    first = False
                    if len(children) > 1:
                        self.target(children[1])
                else:
                    self.scope = scope
                    if len(children) > 1:
                        self.visit(children[1])
            self.scope = scope
            for element in elements:
                self.visit(element)
        finally:
            self.scope = outer

    def visit_atom_expr(self, node: object) -> None:
        children = node.children
        start = 1 if children and _is_kw(children[0], "await") else 0
        self.trailers(children[start:])

    def trailers(self, children: list) -> None:
        """A base expression and its trailers: attribute names are not names."""
        if not children:
            return
        base = children[0]
        if base.type == "name":
            self.read(base)
        else:
            self.visit(base)
        for trailer in children[1:]:
            parts = _children(trailer)
            if trailer.type != "trailer" or not parts:
                self.visit(trailer)
            elif _is_op(parts[0], "."):
                continue
            elif _is_op(parts[0], "("):
                self.visit_arguments(parts[1:-1])
            else:
                for part in parts[1:-1]:
                    self.visit(part)

    def visit_arguments(self, parts: list) -> None:
        for part in parts:
            if part.type == "arglist":
                for child in part.children:
                    if not _is_op(child, ","):
                        self.visit(child)
            else:
                self.visit(part)

    def visit_argument(self, node: object) -> None:
        children = node.children
        first = children[0]
        if _is_op(first, "*") or _is_op(first, "**"):
            for child in children[1:]:
                self.visit(child)
            return
        if len(children) == 3 and _is_op(children[1], "="):
            if first.type != "name":  # a keyword argument's name is no variable
                self.visit(first)
            self.visit(children[2])
            return
        if len(children) == 2 and children[1].type in _COMPREHENSION_FORS:
            self.comprehension(node, [first], children[1])
            return
        for child in children:
            self.visit(child)

    def visit_fstring_expr(self, node: object) -> None:
        children = node.children
        if len(children) > 1:
            self.visit(children[1])
        for child in children[2:]:
            if child.type == "fstring_format_spec":
                for part in child.children:
                    if part.type == "fstring_expr":
                        self.visit(part)
