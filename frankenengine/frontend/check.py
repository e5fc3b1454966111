"""Check a parsed extension against the language subset of LANGUAGE.md.

`check_module` walks a parso tree and returns one `Diagnostic` for every
violation it finds: constructs outside the subset (`class`, `yield`, `with`,
decorators, star-arguments, ...), imports of anything but the allowed modules,
names that reach outside the sandbox (`eval`, `open`, dunder names), names
that resolve to nothing, attribute names that no value of the subset has, and
keyword arguments that an engine-provided function called by its static name
does not take (`json.dumps(x, ensure_ascii=False)`). A name or module member
CPython has and the language lacks is `'complex' is not supported`,
`'math.fsum' is not supported`; one neither has is `undefined name 'x'`.
`check_source` parses and checks in one call.

Scoping is the resolver's (`resolve.py`): it reports undefined names and the
declarations Python's scoping forbids, and tells the checker what each name it
reads is bound to; the checker keeps the subset's rules. Imports are read
through `imports.py`.

The allowed names come from `frankenengine.language.surface` only; this module
adds no name of its own.

Invariants:

- every violation in the file is reported (errors are collected, never raised
  one at a time), sorted by position and deduplicated;
- no Python exception escapes, for any tree, including the error-recovered
  trees parso builds for invalid source (an unexpected failure becomes one
  diagnostic starting with `INTERNAL_ERROR`, never an accepted module);
- a module with no diagnostics uses only the subset: every name it reads
  resolves (Python's scoping rules) to a local, a module-level name, a
  built-in of `surface.BUILTIN_NAMES` or an allowed import, every
  attribute it names is listed in `surface`, and every keyword it passes to
  a statically known engine function is in `surface.CALL_KEYWORDS`;
- "not supported" never replaces a stricter refusal: forbidden and dunder
  names, and module members that reach outside the sandbox, keep theirs.

Diagnostics starting with `syntax error:` restate errors CPython reports at
compile time (a safety net for trees that did not come from `parse_source`).
`merge_diagnostics` combines the parser's and the checker's diagnostics as
CPython would report them: a file with a syntax error gets that one error
only (the first the parser found, else the first of CPython's later phases,
symbol table before compiler), never follow-on errors such as undefined
names in a half-parsed line.
"""

from __future__ import annotations

from dataclasses import dataclass

from parso.python.tree import Module

from frankenengine.frontend.imports import ImportItem, import_items
from frankenengine.frontend.parse import SYNTAX_ERROR_PREFIX, parse_source
from frankenengine.frontend.resolve import (
    BUILTIN,
    UNDEFINED,
    Resolution,
    comprehension_parts,
    resolve_module,
)
from frankenengine.frontend.syntax import PARSER, syntax_phase
from frankenengine.language import surface
from frankenengine.language.diagnostics import Diagnostic, sort_diagnostics
from frankenengine.language.headroom import recursion_headroom

INTERNAL_ERROR = "internal error: cannot check this module"
_INVALID_SYNTAX = "syntax error: invalid syntax"

# What a name is bound to, as far as attribute checks care: (kind, module name).
Binding = tuple[str, str]
VALUE: Binding = ("value", "")
REJECTED: Binding = ("rejected", "")  # bound by a refused import: no further noise


def _stdlib(module: str) -> Binding:
    return ("stdlib", module)


def _host(module: str) -> Binding:
    return ("host", module)


def _local(module: str) -> Binding:
    return ("local", module)


def _known(callee: str) -> Binding:
    """A value that is a function the engine provides: a built-in, or `module.member`."""
    return ("value", callee)


def _is_value(binding: Binding) -> bool:
    return binding[0] == "value"


_MODULE_KINDS = frozenset({"stdlib", "host", "local"})
_COMPREHENSION_FORS = frozenset({"comp_for", "sync_comp_for"})
_TARGET_LISTS = frozenset({"testlist_star_expr", "exprlist", "testlist", "testlist_comp"})
_SINGLETONS = frozenset(surface.CONSTANT_NAMES)


def check_module(
    tree: Module, filename: str, *, local_modules: frozenset[str] = frozenset()
) -> list[Diagnostic]:
    """Every subset violation in `tree`, sorted by (line, col) and deduplicated.

    `local_modules` names the sibling modules of the extension's package, which
    it may import (`import helpers`, `from helpers import f`, `from . import util`).
    """
    checker = _Checker(filename, frozenset(local_modules))
    try:
        checker.check(tree)
    except RecursionError:
        checker.diagnostics.append(
            Diagnostic(filename, 1, 1, "module is too deeply nested to check")
        )
    except Exception as exc:  # the checker must never raise, whatever the tree
        message = f"{INTERNAL_ERROR} ({type(exc).__name__})"
        checker.diagnostics.append(Diagnostic(filename, 1, 1, message))
    return sort_diagnostics(checker.diagnostics)


def check_source(
    source: str | bytes, filename: str, local_modules: frozenset[str] = frozenset()
) -> tuple[Module, list[Diagnostic]]:
    """Parse and check `source`: its tree and all its diagnostics (empty when it is accepted).

    The checker runs even when the parser reported syntax errors (on parso's
    error-recovered tree), so one pass reports as much as possible.
    """
    with recursion_headroom():
        tree, parse_errors = parse_source(source, filename)
        check_errors = check_module(tree, filename, local_modules=local_modules)
    return tree, merge_diagnostics(parse_errors, check_errors)


def merge_diagnostics(
    parse_errors: list[Diagnostic], check_errors: list[Diagnostic]
) -> list[Diagnostic]:
    """One file's diagnostics as CPython would order them, sorted and deduplicated.

    A syntax error (`parse_source` reports at most one) is the file's only
    diagnostic when CPython's parser reports it; an error CPython finds later
    (`'return' outside function`, `duplicate argument ...`) is weighed against
    the checker's own, the symbol table's first. Without syntax errors, every
    diagnostic is kept (the checker's restated syntax errors are dropped when
    the parser reported anything, such as an unparsable `match` statement).
    """

    def is_syntax(diagnostic: Diagnostic) -> bool:
        return diagnostic.message.startswith(SYNTAX_ERROR_PREFIX)

    def phase(diagnostic: Diagnostic) -> tuple[int, int, int]:
        message = diagnostic.message[len(SYNTAX_ERROR_PREFIX) :].strip()
        return syntax_phase(message), diagnostic.line, diagnostic.col

    parsed = [d for d in parse_errors if is_syntax(d)]
    if parsed and syntax_phase(parsed[0].message[len(SYNTAX_ERROR_PREFIX) :].strip()) == PARSER:
        return sort_diagnostics(parsed)
    if parse_errors and not parsed:
        return sort_diagnostics(parse_errors + [d for d in check_errors if not is_syntax(d)])
    candidates = parsed + [d for d in check_errors if is_syntax(d)]
    if candidates:
        return [min(candidates, key=phase)]
    return sort_diagnostics(check_errors)


@dataclass(frozen=True)
class _Imported:
    """One name an import statement binds, and what is wrong with it (if anything)."""

    alias: object  # the parso Name leaf that gets bound
    binding: Binding
    error_at: object = None  # the leaf to report `error` at
    error: str | None = None


def _is_op(node: object, value: str) -> bool:
    return getattr(node, "type", None) == "operator" and getattr(node, "value", None) == value


def _is_kw(node: object, value: str) -> bool:
    return getattr(node, "type", None) == "keyword" and getattr(node, "value", None) == value


def kind_of(node: object) -> str | None:
    return getattr(node, "type", None)


def _children(node: object) -> list:
    return list(getattr(node, "children", ()))


def _lacked_member(module: str, member: str) -> bool:
    """True for a member CPython's module has, the language lacks, and the sandbox allows."""
    return member in surface.PYTHON_MODULE_MEMBERS.get(
        module, frozenset()
    ) and member not in surface.OUTSIDE_MODULE_MEMBERS.get(module, frozenset())


def _callee(bindings) -> str | None:
    """The engine function a name is bound to everywhere it may be read, if it is one."""
    if not bindings or len(bindings) != 1:
        return None
    ((kind, what),) = bindings
    return what if kind == "value" and what in surface.CALL_KEYWORDS else None


def _member_callee(state, leaf) -> str | None:
    """`module.member` when `state` is one allowed module and `leaf` one of its members."""
    if not isinstance(state, set) or len(state) != 1 or getattr(leaf, "type", None) != "name":
        return None
    ((kind, module),) = state
    qualified = f"{module}.{leaf.value}"
    if kind != "stdlib" or qualified not in surface.CALL_KEYWORDS:
        return None
    return qualified


class _Checker:
    """One pass over one module; diagnostics accumulate in `self.diagnostics`."""

    def __init__(self, filename: str, local_modules: frozenset[str]) -> None:
        self.filename = filename
        self.local_modules = local_modules
        self.diagnostics: list[Diagnostic] = []
        self.resolution: Resolution
        self.in_except = False
        self.handlers = {
            "file_input": self.visit_children,
            "error_node": self.visit_error,
            "error_leaf": self.visit_error,
            "name": self.load_name,
            "number": self.visit_number,
            "string": self.visit_string,
            "operator": self.visit_operator,
            "keyword": self.visit_keyword,
            "expr_stmt": self.visit_expr_stmt,
            "del_stmt": self.visit_del,
            "return_stmt": self.visit_tail,
            "raise_stmt": self.visit_raise,
            "import_name": self.visit_import,
            "import_from": self.visit_import,
            "global_stmt": self.visit_global,
            "nonlocal_stmt": self.visit_nonlocal,
            "for_stmt": self.visit_for,
            "try_stmt": self.visit_try,
            "with_stmt": self.visit_with,
            "funcdef": self.visit_funcdef,
            "classdef": self.visit_classdef,
            "decorated": self.visit_decorated,
            "async_stmt": self.visit_async,
            "async_funcdef": self.visit_async,
            "atom": self.visit_atom,
            "atom_expr": self.visit_atom_expr,
            "argument": self.visit_argument,
            "lambdef": self.visit_lambdef,
            "comparison": self.visit_comparison,
            "shift_expr": self.visit_shift,
            "star_expr": self.visit_star_expr,
            "yield_expr": self.visit_yield,
            "fstring_expr": self.visit_fstring_expr,
            "fstring_conversion": self.visit_nothing,
        }

    # -- reporting ---------------------------------------------------------

    def report(self, node: object, message: str) -> None:
        line, col = getattr(node, "start_pos", (1, 0))
        self.diagnostics.append(Diagnostic(self.filename, max(1, line), max(0, col) + 1, message))

    def bad_name(self, leaf: object) -> bool:
        """Report a dunder or forbidden name; True when the name is unusable."""
        name = getattr(leaf, "value", "")
        if surface.is_dunder(name):
            self.report(leaf, f"dunder name '{name}' is not allowed")
            return True
        reason = surface.FORBIDDEN_NAMES.get(name)
        if reason is not None:
            self.report(leaf, f"'{name}' {reason}")
            return True
        return False

    # -- names -------------------------------------------------------------

    def check(self, tree: Module) -> None:
        self.resolution = resolve_module(tree, self.filename)
        self.diagnostics.extend(self.resolution.diagnostics)
        self.visit(tree)

    def bound_to(self, leaf: object) -> set[Binding] | None:
        """What the name `leaf` reads is bound to (the resolver's answer), None when unbound."""
        binding = self.resolution.binding(leaf)
        if binding.kind == UNDEFINED:
            return None
        if binding.kind == BUILTIN:
            return {_known(binding.name)}
        return {
            VALUE if definition.item is None else self.classify(definition.item).binding
            for definition in binding.definitions
        }

    def enter(self, body: list[object]) -> None:
        """Visit the body of a function, lambda or class (a new scope: no enclosing handler)."""
        saved = self.in_except
        self.in_except = False
        try:
            for node in body:
                self.visit(node)
        finally:
            self.in_except = saved

    # -- dispatch ----------------------------------------------------------

    def visit(self, node: object) -> None:
        handler = self.handlers.get(getattr(node, "type", None))
        if handler is not None:
            handler(node)
        else:
            self.visit_children(node)

    def visit_children(self, node: object) -> None:
        for child in _children(node):
            self.visit(child)

    def visit_nothing(self, node: object) -> None:
        pass

    def visit_error(self, node: object) -> None:
        self.report(node, _INVALID_SYNTAX)

    def visit_tail(self, node: object) -> None:
        for child in _children(node)[1:]:
            self.visit(child)

    # -- leaves ------------------------------------------------------------

    def load_name(self, leaf: object) -> set[Binding] | None:
        """Check a name that is read; returns its bindings, or None if unusable.

        An undefined name is reported by the resolver.
        """
        if self.bad_name(leaf):
            return None
        bindings = self.bound_to(leaf)
        if bindings is None:
            return None
        if not self.is_attribute_base(leaf):
            modules = sorted({b for b in bindings if b[0] in _MODULE_KINDS})
            if modules and len(modules) == len(bindings):
                self.report(leaf, f"module '{modules[0][1]}' is not a value")
                return None
        return bindings

    @staticmethod
    def is_attribute_base(leaf: object) -> bool:
        parent = getattr(leaf, "parent", None)
        if getattr(parent, "type", None) != "atom_expr":
            return False
        children = parent.children
        index = next((i for i, c in enumerate(children) if c is leaf), -1)
        if index < 0 or index + 1 >= len(children):
            return False
        trailer = children[index + 1]
        parts = _children(trailer)
        return trailer.type == "trailer" and bool(parts) and _is_op(parts[0], ".")

    def store_name(self, leaf: object) -> None:
        self.bad_name(leaf)

    def visit_number(self, leaf: object) -> None:
        if leaf.value[-1:] in ("j", "J"):
            self.report(leaf, "complex literals are not supported")

    def visit_string(self, leaf: object) -> None:
        value = leaf.value
        prefix = value[: len(value) - len(value.lstrip("bBrRuUfF"))]
        if "b" in prefix.lower():
            self.report(leaf, "bytes literals are not supported")

    def visit_operator(self, leaf: object) -> None:
        value = leaf.value
        if value == "...":
            self.report(leaf, "'...' is not supported")
        elif value in ("@", "@="):
            self.report(leaf, "'@' is not supported")
        elif value == ":=":
            self.report(leaf, "':=' is not supported")

    def visit_keyword(self, leaf: object) -> None:
        value = leaf.value
        if value == "yield":
            self.report(leaf, "'yield' is not supported")
        elif value == "raise" and not self.in_except:
            self.report(leaf, "bare 'raise' outside an except block is not supported")
        elif value in ("async", "await"):
            self.report(leaf, f"'{value}' is not supported")

    # -- statements ----------------------------------------------------------

    def visit_expr_stmt(self, node: object) -> None:
        children = node.children
        second = children[1] if len(children) > 1 else None
        if getattr(second, "type", None) == "annassign":
            annotation = second.children[1:2]
            self.report(annotation[0] if annotation else second, "annotations are not supported")
            self.check_target(children[0])
            for child in second.children[1:]:
                self.visit(child)
        elif second is not None and second.type == "operator" and second.value != "=":
            self.check_augmented_target(children[0])
            for child in children[1:]:
                self.visit(child)
        else:
            for child in children[:-1]:
                if not _is_op(child, "="):
                    self.check_target(child)
            self.visit(children[-1])

    def check_target(self, node: object) -> None:
        """Check an assignment target: names, subscripts, tuple/list targets with nesting."""
        kind = getattr(node, "type", None)
        children = _children(node)
        if kind == "name":
            self.store_name(node)
        elif kind in _TARGET_LISTS:
            if any(getattr(c, "type", None) in _COMPREHENSION_FORS for c in children):
                self.report(node, _INVALID_SYNTAX)
                return
            for child in children:
                if not _is_op(child, ","):
                    self.check_target(child)
        elif kind == "atom" and children and (_is_op(children[0], "(") or _is_op(children[0], "[")):
            for child in children[1:-1]:
                self.check_target(child)
        elif kind == "star_expr":
            self.report(node, "starred assignment targets are not supported")
            for child in children[1:]:
                self.check_target(child)
        else:
            self.check_item_target(node, children, "attribute assignment is not supported")

    def check_item_target(self, node: object, children: list, attribute_message: str) -> None:
        """`x[i]` as an assignment or `del` target is fine; `x.a` is reported; else invalid."""
        if kind_of(node) == "atom_expr" and children and kind_of(children[-1]) == "trailer":
            opener = _children(children[-1])[:1]
            if opener and _is_op(opener[0], "["):
                self.visit(node)
                return
            if opener and _is_op(opener[0], "."):
                self.report(node, attribute_message)
                self.visit_trailers(children[:-1])
                self.check_attribute_name(children[-1])
                return
        self.report(node, _INVALID_SYNTAX)

    def check_augmented_target(self, node: object) -> None:
        kind = getattr(node, "type", None)
        if kind == "name":
            self.load_name(node)
        elif kind == "atom_expr" and getattr(node.children[-1], "type", None) == "trailer":
            opener = _children(node.children[-1])[:1]
            if opener and _is_op(opener[0], "["):
                self.visit(node)
            elif opener and _is_op(opener[0], "."):
                self.report(node, "attribute assignment is not supported")
                self.visit_trailers(node.children[:-1])
                self.check_attribute_name(node.children[-1])
            else:
                self.report(node, _INVALID_SYNTAX)
        else:
            self.report(node, _INVALID_SYNTAX)

    def check_attribute_name(self, trailer: object) -> None:
        """Dunder check for the attribute a rejected attribute target names."""
        names = [c for c in _children(trailer) if getattr(c, "type", None) == "name"]
        if names and surface.is_dunder(names[0].value):
            self.report(names[0], f"dunder name '{names[0].value}' is not allowed")

    def visit_del(self, node: object) -> None:
        for child in _children(node)[1:]:
            self.check_del_target(child)

    def check_del_target(self, node: object) -> None:
        kind = getattr(node, "type", None)
        children = _children(node)
        if kind == "name":
            if not self.bad_name(node):
                self.report(node, "'del' of a name is not supported")
        elif kind in _TARGET_LISTS:
            for child in children:
                if not _is_op(child, ","):
                    self.check_del_target(child)
        elif kind == "atom" and children and (_is_op(children[0], "(") or _is_op(children[0], "[")):
            for child in children[1:-1]:
                self.check_del_target(child)
        else:
            self.check_item_target(node, children, "'del' of an attribute is not supported")

    def visit_raise(self, node: object) -> None:
        children = node.children
        for child in children[1:]:
            if _is_kw(child, "from"):
                self.report(child, "'raise ... from' is not supported")
            else:
                self.visit(child)

    def visit_global(self, node: object) -> None:
        self.report(node, "'global' is not supported")
        for child in node.children[1:]:
            if child.type == "name":
                self.store_name(child)

    def visit_nonlocal(self, node: object) -> None:
        """Dunder and forbidden names; the resolver reports what scoping forbids."""
        if self.resolution.scope_at(node).kind == "module":
            return  # the whole declaration is refused
        for leaf in node.children[1:]:
            if leaf.type == "name":
                self.bad_name(leaf)

    def visit_for(self, node: object) -> None:
        children = node.children
        for index, child in enumerate(children):
            if index == 1:
                self.check_target(child)
            else:
                self.visit(child)

    def visit_try(self, node: object) -> None:
        handler = False
        for child in node.children:
            kind = child.type
            if _is_kw(child, "except"):
                self.report(child, "bare 'except' is not supported")
                handler = True
            elif kind == "except_clause":
                self.visit_except_clause(child)
                handler = True
            elif kind in ("keyword", "operator"):
                continue
            else:
                saved = self.in_except
                self.in_except = self.in_except or handler
                try:
                    self.visit(child)
                finally:
                    self.in_except = saved
                handler = False

    def visit_except_clause(self, node: object) -> None:
        children = node.children
        for index, child in enumerate(children[1:], start=1):
            if _is_kw(child, "as"):
                continue
            if index >= 2 and _is_kw(children[index - 1], "as"):
                self.check_target(child)
            else:
                self.visit(child)

    def visit_with(self, node: object) -> None:
        self.report(node, "'with' is not supported")
        for child in node.children[1:]:
            if child.type == "with_item":
                items = child.children
                self.visit(items[0])
                for target in items[2:]:
                    self.check_target(target)
            else:
                self.visit(child)

    def visit_decorated(self, node: object) -> None:
        for child in node.children:
            if child.type in ("decorator", "decorators"):
                decorators = [child] if child.type == "decorator" else child.children
                for decorator in decorators:
                    self.report(decorator, "decorators are not supported")
                    for part in _children(decorator)[1:]:
                        self.visit(part)
            else:
                self.visit(child)

    def visit_async(self, node: object) -> None:
        for child in node.children:
            self.visit(child)

    # -- imports -------------------------------------------------------------

    def visit_import(self, node: object) -> None:
        for item in import_items(node):
            imported = self.classify(item)
            if imported.error is not None:
                self.report(imported.error_at, imported.error)
            else:
                self.bad_name(imported.alias)
        for child in node.children:
            if _is_op(child, "*"):
                self.report(child, "'import *' is not supported")

    def classify(self, item: ImportItem) -> _Imported:
        """What one imported name is bound to, and why the import is refused (if it is)."""
        path = list(item.path)
        if item.statement.type == "import_name":
            return self.module_import(path, item.module, item.alias_node)
        dotted = "." * item.level + ".".join(leaf.value for leaf in path)
        return self.from_item(item.level, path, dotted, item.member_node, item.alias_node)

    def module_import(self, path: list, dotted: str, alias: object) -> _Imported:
        """`import a.b` or `import a.b as c`."""
        error_at, error = self.module_error(path, dotted)
        if error is not None:
            return _Imported(alias, REJECTED, error_at, error)
        if dotted in self.local_modules:
            return _Imported(alias, _local(dotted))
        return _Imported(alias, _stdlib(dotted))

    def module_error(self, path: list, dotted: str) -> tuple[object, str | None]:
        """Where and why importing `dotted` is refused (None when it is allowed)."""
        for leaf in path:
            if surface.is_dunder(leaf.value):
                return leaf, f"dunder name '{leaf.value}' is not allowed"
        if dotted in self.local_modules or dotted in surface.STDLIB_MODULES:
            return None, None
        return (path[0] if path else None), f"'{dotted}' cannot be imported"

    def from_item(self, level: int, path: list, dotted: str, name, alias) -> _Imported:
        member = name.value
        if surface.is_dunder(member):
            return _Imported(alias, REJECTED, name, f"dunder name '{member}' is not allowed")
        where = path[0] if path else name
        for leaf in path:
            if surface.is_dunder(leaf.value):
                return _Imported(
                    alias, REJECTED, leaf, f"dunder name '{leaf.value}' is not allowed"
                )
        if level == 1 and not path:
            if member in self.local_modules:
                return _Imported(alias, _local(member))
            return _Imported(alias, REJECTED, name, f"'.{member}' cannot be imported")
        module = dotted[level:]
        if level > 1 or (level == 1 and module not in self.local_modules):
            shown = dotted if path else dotted + member
            return _Imported(alias, REJECTED, where, f"'{shown}' cannot be imported")
        if module in self.local_modules:
            return _Imported(alias, VALUE)
        if module == surface.HOST_PACKAGE:
            if member in surface.HOST_MODULE_MEMBERS:
                return _Imported(alias, _host(member))
            if member in surface.HOST_EXPORTED_NAMES:
                return _Imported(alias, VALUE)
        elif module in surface.MODULE_MEMBERS:
            if member in surface.MODULE_MEMBERS[module]:
                return _Imported(alias, _known(f"{module}.{member}"))
            if _lacked_member(module, member):
                return _Imported(alias, REJECTED, name, f"'{module}.{member}' is not supported")
        else:
            return _Imported(alias, REJECTED, where, f"'{module}' cannot be imported")
        return _Imported(alias, REJECTED, name, f"cannot import '{member}' from '{module}'")

    # -- functions -----------------------------------------------------------

    def visit_funcdef(self, node: object) -> None:
        children = node.children
        if len(children) < 3:
            self.visit_children(node)
            return
        if children[1].type == "name":
            self.store_name(children[1])
        self.parameters(_children(children[2])[1:-1])
        for index, child in enumerate(children):
            if _is_op(child, "->") and index + 1 < len(children):
                self.report(children[index + 1], "annotations are not supported")
                self.visit(children[index + 1])
        self.enter(children[-1:])

    def visit_lambdef(self, node: object) -> None:
        children = node.children
        colon = next((i for i, c in enumerate(children) if _is_op(c, ":")), len(children))
        self.parameters(children[1:colon])
        self.enter(children[colon + 1 :])

    def parameters(self, items: list) -> None:
        """Check parameters (defaults are evaluated here, in the enclosing scope).

        A duplicate parameter is reported by the resolver.
        """
        for item in items:
            if _is_op(item, "/"):
                self.report(item, "positional-only parameters are not supported")
                continue
            if item.type != "param":
                continue
            name_leaf = None
            after_equals = False
            for part in item.children:
                if after_equals:
                    self.visit(part)
                    after_equals = False
                elif _is_op(part, "*") or _is_op(part, "**"):
                    self.report(part, f"'{part.value}' parameters are not supported")
                elif _is_op(part, "="):
                    after_equals = True
                elif part.type == "tfpdef":
                    name_leaf = part.children[0]
                    for annotation in part.children[2:]:
                        self.report(annotation, "annotations are not supported")
                        self.visit(annotation)
                elif part.type == "name":
                    name_leaf = part
            if name_leaf is not None and name_leaf.type == "name":
                self.bad_name(name_leaf)

    def visit_classdef(self, node: object) -> None:
        children = node.children
        self.report(node, "'class' is not supported")
        if len(children) > 1 and children[1].type == "name":
            self.store_name(children[1])
        if len(children) > 2 and _is_op(children[2], "("):
            close = next((i for i, c in enumerate(children) if _is_op(c, ")")), 3)
            self.visit_arguments(children[3:close])
        self.enter(children[-1:])

    # -- expressions ---------------------------------------------------------

    def visit_atom(self, node: object) -> None:
        children = node.children
        if not children or not any(_is_op(children[0], b) for b in ("(", "[", "{")):
            self.visit_children(node)
            return
        inner = children[1:-1] if len(children) > 2 else children[1:]
        if len(inner) == 1:
            parts = comprehension_parts(inner[0])
            if parts is not None:
                if _is_op(children[0], "(") and not self.genexp_allowed(node):
                    self.report(node, "generator expression must be passed directly to a call")
                self.comprehension(*parts)
                return
            if inner[0].type == "dictorsetmaker":
                for child in inner[0].children:
                    if _is_op(child, "**"):
                        self.report(child, "'**' unpacking is not supported")
                    else:
                        self.visit(child)
                return
        for child in inner:
            self.visit(child)

    @staticmethod
    def genexp_allowed(atom: object) -> bool:
        """A parenthesized generator expression must be an argument of a call."""
        node = atom
        parent = node.parent
        while parent is not None and parent.type == "atom" and len(parent.children) == 3:
            node, parent = parent, parent.parent
        if parent is None:
            return False
        if parent.type == "trailer" and _is_op(parent.children[0], "("):
            return True
        if parent.type == "arglist":
            return parent.parent is not None and parent.parent.type in ("trailer", "classdef")
        if parent.type == "argument":
            return len(parent.children) == 3 and _is_op(parent.children[1], "=")
        return False

    def comprehension(self, elements: list, first_for: object) -> None:
        """Check a comprehension's clauses and elements (the resolver gives it its own scope)."""
        clauses = []  # (kind, node): "for" clauses and "if" conditions in source order
        current = first_for
        while current is not None:
            kind = current.type
            children = _children(current)
            if kind == "comp_for":
                if children and _is_kw(children[0], "async"):
                    self.report(children[0], "'async' is not supported")
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
        for kind, clause in clauses:
            children = clause.children
            if kind == "for":
                if len(children) > 3:
                    self.visit(children[3])
                if len(children) > 1:
                    self.check_target(children[1])
            elif len(children) > 1:
                self.visit(children[1])
        for element in elements:
            self.visit(element)

    def visit_atom_expr(self, node: object) -> None:
        children = node.children
        start = 0
        if children and _is_kw(children[0], "await"):
            self.report(children[0], "'await' is not supported")
            start = 1
        self.visit_trailers(children[start:])

    def visit_trailers(self, children: list) -> None:
        """Visit a base expression and its trailers, checking attribute names and keywords.

        A call of a function the engine provides, named directly (`len(...)`,
        `sqrt(...)` imported from `math`) or through its module (`json.dumps(...)`,
        `np.zeros(...)`), has its keyword arguments checked against
        `surface.CALL_KEYWORDS`.
        """
        if not children:
            return
        base = children[0]
        state: set[Binding] | str | None
        callee: str | None = None
        if base.type == "name":
            state = self.load_name(base)
            callee = _callee(state)
        else:
            self.visit(base)
            state = "value"
        for trailer in children[1:]:
            parts = _children(trailer)
            if trailer.type != "trailer" or not parts:
                self.visit(trailer)
                state, callee = "value", None
            elif _is_op(parts[0], "."):
                leaf = parts[1] if len(parts) > 1 else None
                callee = _member_callee(state, leaf)
                state = self.check_attribute(leaf, state)
            elif _is_op(parts[0], "("):
                if callee is not None:
                    self.check_keywords(callee, parts[1:-1])
                self.visit_arguments(parts[1:-1])
                state, callee = (None if state is None else "value"), None
            else:
                for part in parts[1:-1]:
                    self.visit(part)
                state, callee = (None if state is None else "value"), None

    def check_keywords(self, callee: str, parts: list) -> None:
        """Report each keyword argument `callee` (a key of CALL_KEYWORDS) does not take."""
        accepted = surface.CALL_KEYWORDS.get(callee)
        if accepted is None or surface.ANY_KEYWORD in accepted:
            return
        arguments = parts[0].children if parts and parts[0].type == "arglist" else parts
        for argument in arguments:
            if getattr(argument, "type", None) != "argument":
                continue
            name, *rest = argument.children
            if not (rest and _is_op(rest[0], "=") and getattr(name, "type", None) == "name"):
                continue
            if name.value in accepted or surface.is_dunder(name.value):
                continue
            if accepted:
                message = f"{callee}() got an unexpected keyword argument '{name.value}'"
            else:
                message = f"{callee}() takes no keyword arguments"
            self.report(name, message)

    def check_attribute(self, leaf, state) -> set[Binding] | str | None:
        """Check `.name` on a value described by `state`; returns the state after it."""
        if getattr(leaf, "type", None) != "name":
            return None
        name = leaf.value
        if surface.is_dunder(name):
            self.report(leaf, f"dunder name '{name}' is not allowed")
            return None
        if state is None:
            return None
        if state == "value":
            if name in surface.ALL_ATTRIBUTES:
                return "value"
            self.report(leaf, f"unknown attribute '{name}'")
            return None
        if REJECTED in state:
            return None
        if any(b[0] == "local" for b in state):
            return "value"
        modules = sorted(b for b in state if b[0] in _MODULE_KINDS)
        for kind, module in modules:
            members = (
                surface.HOST_MODULE_MEMBERS if kind == "host" else surface.MODULE_MEMBERS
            ).get(module, frozenset())
            if name in members:
                return "value"
        is_value = any(_is_value(b) for b in state)
        if is_value and name in surface.ALL_ATTRIBUTES:
            return "value"
        if modules and not is_value and len(modules) == 1:
            kind, module = modules[0]
            if kind == "stdlib" and _lacked_member(module, name):
                self.report(leaf, f"'{module}.{name}' is not supported")
            else:
                self.report(leaf, f"'{module}' has no attribute '{name}'")
        else:
            self.report(leaf, f"unknown attribute '{name}'")
        return None

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
            self.report(first, f"'{first.value}' arguments are not supported")
            for child in children[1:]:
                self.visit(child)
            return
        if len(children) == 3 and _is_op(children[1], "="):
            if first.type == "name":
                if surface.is_dunder(first.value):
                    self.report(first, f"dunder name '{first.value}' is not allowed")
            else:
                self.visit(first)
            self.visit(children[2])
            return
        if len(children) == 2 and children[1].type in _COMPREHENSION_FORS:
            self.comprehension([first], children[1])
            return
        self.visit_children(node)

    def visit_comparison(self, node: object) -> None:
        children = node.children
        for index, child in enumerate(children):
            if index % 2 == 0:
                self.visit(child)
                continue
            is_identity = _is_kw(child, "is") or (
                child.type == "comp_op" and _is_kw(child.children[0], "is")
            )
            if is_identity and index + 1 < len(children):
                if not (self.singleton(children[index - 1]) or self.singleton(children[index + 1])):
                    self.report(child, "'is' is only supported with None, True or False")
            elif child.type not in ("operator", "keyword", "comp_op"):
                self.visit(child)

    @staticmethod
    def singleton(node: object) -> bool:
        return getattr(node, "type", None) == "keyword" and node.value in _SINGLETONS

    def visit_shift(self, node: object) -> None:
        children = node.children
        if len(children) > 1 and children[0].type == "name" and children[0].value == "print":
            if _is_op(children[1], ">>"):
                self.report(node, "'print >>' is not supported")
        self.visit_children(node)

    def visit_star_expr(self, node: object) -> None:
        self.report(node, "starred expressions are not supported")
        for child in node.children[1:]:
            self.visit(child)

    def visit_yield(self, node: object) -> None:
        children = node.children
        argument = _children(children[1]) if len(children) > 1 else []
        is_from = bool(argument) and _is_kw(argument[0], "from")
        self.report(
            node, "'yield from' is not supported" if is_from else "'yield' is not supported"
        )
        for child in children[1:]:
            if child.type == "yield_arg":
                for part in child.children[1:]:
                    self.visit(part)
            else:
                self.visit(child)

    def visit_fstring_expr(self, node: object) -> None:
        children = node.children
        if len(children) > 1:
            self.visit(children[1])
        for child in children[2:]:
            if _is_op(child, "="):
                self.report(child, "'=' in f-strings is not supported")
            elif child.type == "fstring_format_spec":
                for part in child.children:
                    if part.type == "fstring_expr":
                        self.visit(part)
            elif child.type in ("error_node", "error_leaf"):
                self.visit(child)
