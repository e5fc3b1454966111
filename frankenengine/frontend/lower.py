"""Lowering: a checked parso tree becomes an IRModule in SSA form.

One `FunctionBuilder` per function (`def`, `lambda`, generator expression,
and function 0 for the module's top-level code). Structured statements map
to the structured CFG of `ir.function`: every `br` of an `if` records its
join block, loops record their exit, try statements record their join.

Decisions made here, visible in the IR:
- metering: a `fuel` instruction opens every loop body and every function;
- `and`/`or` and chained comparisons produce values through phis, so every
  `br` has a single join;
- list, set and dict comprehensions are inlined as loops (as functions when a
  closure captures their variables); generator expressions become generator
  functions (`yield`), passed to their consumer;
- module-level names are globals; a function's locals are SSA variables,
  except slots (captured by closures, or assigned inside `try`);
- in a package, each module is lowered by its own `Lowerer` into one shared
  IRModule (`link`): its globals are namespaced, its top level is an init
  function, and imports between modules run it once (`lower_imports`).

This module holds the core (names, scopes, functions, the entry point
`lower_module`); statements, expressions, comprehensions and imports are
lowered by the mixins of `lower_statements`, `lower_expressions`,
`lower_comprehensions` and `lower_imports`.

Invariant: the lowering only sees trees the checker accepted; anything it
still cannot lower is reported as a diagnostic, never as an exception.
"""

from __future__ import annotations

from frankenengine.frontend.import_guards import guard_global, guarded_aliases
from frankenengine.frontend.imports import all_import_items
from frankenengine.frontend.lower_base import LoweringError, _FunctionState, _Leaf, _pos
from frankenengine.frontend.lower_comprehensions import ComprehensionLowering
from frankenengine.frontend.lower_expressions import ExpressionLowering
from frankenengine.frontend.lower_imports import ImportLowering
from frankenengine.frontend.lower_statements import StatementLowering
from frankenengine.frontend.scopes import Scope, ScopeBuilder
from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import IRFunction, IRModule, Signature
from frankenengine.ir.opcodes import Op
from frankenengine.language import surface
from frankenengine.language.diagnostics import Diagnostic


class Lowerer(StatementLowering, ExpressionLowering, ComprehensionLowering, ImportLowering):
    """Lowers one module; its statement, expression, comprehension and import parts are mixins.

    `own_modules` names the modules of the package the module belongs to (none
    for a single file); the linker sets `package`, `parent_fn`, `function_file`
    and remaps `global_index` into the package's global table.
    """

    def __init__(self, tree, filename: str, module_name: str, *, own_modules=frozenset()):
        self.tree = tree
        self.filename = filename
        self.module_name = module_name
        self.own_modules = frozenset(own_modules)
        self.scopes = ScopeBuilder(self.own_modules)
        self.root = self.scopes.build(tree)
        self.functions: list[IRFunction | None] = []
        self.aliases: dict[str, str] = {}  # name -> "numpy", "math.sqrt", ...
        self.module_aliases: dict[str, str] = {}  # name -> a module of the package
        self._collect_imports(tree)
        self.import_guards = guarded_aliases(tree, frozenset(self.aliases))
        self.globals: list[str] = sorted(
            [
                name
                for name in self.root.locals
                if name not in self.aliases and name not in self.module_aliases
            ]
            + [guard_global(alias) for alias in self.import_guards]
        )
        self.global_index = {name: i for i, name in enumerate(self.globals)}
        self.package = None  # the linker, when the module is one of a package's
        self.parent_fn = -1  # the function enclosing the top level (0 for package modules)
        self.function_file = ""  # the file its functions name ("": the IR module's)
        self.exports: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.fn: _FunctionState  # the function being lowered
        self.scope: Scope  # the innermost scope (a comprehension's, inside one)
        self._scope_fn_ids: dict[int, int] = {}
        self._builders: dict[int, FunctionBuilder] = {}

    def lower(self) -> IRModule:
        self.lower_top_level()
        return IRModule(
            name=self.module_name,
            filename=self.filename,
            functions=list(self.functions),
            globals=tuple(self.globals),
            exports=tuple(self.exports),
        )

    def lower_top_level(self) -> int:
        """Lower the module's top-level code as a function; returns its id."""
        return self._lower_function_body(self.root, "<module>", Signature(), 0, self.tree.children)

    def _collect_imports(self, tree) -> None:
        for item in all_import_items(tree):
            own = item.own_module(self.own_modules)
            if own is not None:
                if item.member is None:
                    self.module_aliases[item.alias] = own
            elif item.member is None:
                self.aliases[item.alias] = item.module
            else:
                self.aliases[item.alias] = f"{item.module}.{item.member}"

    def _reserve_function(self, scope: Scope) -> int:
        self.functions.append(None)
        fn_id = len(self.functions) - 1
        self._scope_fn_ids[id(scope)] = fn_id
        return fn_id

    def _lower_function_body(self, scope, name, signature, line, body, *, params=(), expr=None):
        fn_id = self._reserve_function(scope)
        outer = getattr(self, "fn", None)
        outer_scope = getattr(self, "scope", None)
        builder = FunctionBuilder(name, signature, line)
        self._builders[fn_id] = builder
        self.fn = _FunctionState(fn_id, scope, builder)
        self.scope = scope
        for slot in sorted(n for n in scope.locals if scope.is_slot(n) and scope.binds(n)):
            builder.slot(slot)
        builder.emit(Op.fuel, line=line)
        if scope is self.root:
            self._lower_package_modules()
        for index, pname in enumerate(params):
            value = builder.emit(Op.param, index, line=line)
            self._store_name(pname, value, line, 0)
        if expr is not None:
            result = self.expr(expr)
            if scope.kind == "genexp":
                raise AssertionError("generator expressions are lowered elsewhere")
            builder.emit(Op.ret, result, line=_pos(expr)[0])
        else:
            self.block(body)
            if not builder.is_terminated():
                none = builder.const(None)
                builder.emit(Op.ret, none, line=line)
        parent = self.parent_fn if outer is None else outer.fn_id
        function = builder.finish(parent, is_generator=scope.kind == "genexp")
        function.filename = self.function_file
        self.functions[fn_id] = function
        if outer is not None:
            self.fn = outer
            self.scope = outer_scope
        return fn_id

    def error(self, node, message: str) -> LoweringError:
        return LoweringError(node, message)

    def _report(self, err: LoweringError) -> None:
        line, col = _pos(err.node)
        self.diagnostics.append(Diagnostic(self.filename, line, col + 1, err.message))

    def _store_name(self, name: str, value: int, line: int, col: int) -> None:
        b = self.fn.b
        owner = self.scope.resolve(name)
        if owner is None or owner is self.root:
            index = self.global_index.get(name)
            if index is None:
                raise LoweringError(_Leaf(line, col), f"cannot assign to '{name}'")
            b.emit(Op.store_global, index, value, line=line, col=col)
        elif owner.function() is self.fn.scope:
            if owner.is_slot(name):
                slot = b.slot(self._slot_name(owner, name))
                b.emit(Op.store_var, slot, value, line=line, col=col)
            else:
                b.write_var(self._var_key(owner, name), value)
        else:
            fn_id, slot = self._outer_slot(owner, name)
            b.emit(Op.store_outer, fn_id, slot, value, line=line, col=col)

    def _unbind(self, name: str, line: int, col: int) -> None:
        """The end of `except ... as name`: CPython deletes the name.

        The name is assigned inside a try, so it is a slot, a global, or a
        variable of an enclosing function (`nonlocal`); never an SSA value.
        """
        b = self.fn.b
        owner = self.scope.resolve(name)
        if owner is None or owner is self.root:
            b.emit(Op.del_global, self.global_index[name], line=line, col=col)
        elif owner.function() is self.fn.scope:
            b.emit(Op.del_var, b.slot(self._slot_name(owner, name)), line=line, col=col)
        else:
            fn_id, slot = self._outer_slot(owner, name)
            b.emit(Op.del_outer, fn_id, slot, line=line, col=col)

    def _var_key(self, owner: Scope, name: str) -> str:
        return name if owner.is_function else f"{name}@{id(owner)}"

    def _slot_name(self, owner: Scope, name: str) -> str:
        return name if owner.is_function else f"{name}@{owner.node.start_pos[0]}"

    def _outer_slot(self, owner: Scope, name: str) -> tuple[int, int]:
        """(function id, slot) of a variable of an enclosing function, allocating the slot."""
        fn_id = self._scope_fn_ids[id(owner.function())]
        return fn_id, self._builders[fn_id].slot(self._slot_name(owner, name))

    def load_name(self, leaf) -> int:
        b = self.fn.b
        name = leaf.value
        line, col = _pos(leaf)
        owner = self.scope.resolve(name)
        if owner is None or owner.kind == "module":
            if name in self.module_aliases:
                raise self.error(leaf, f"module '{self.module_aliases[name]}' is not a value")
            if name in self.aliases:
                self._check_imported(name, leaf)
                return self._alias_value(leaf, self.aliases[name])
            if name in self.global_index:
                return b.emit(Op.load_global, self.global_index[name], line=line, col=col)
            if name in surface.BUILTIN_NAMES:
                return b.emit(Op.builtin, b.const_index(name), line=line, col=col)
            raise self.error(leaf, f"undefined name '{name}'")
        if owner.function() is self.fn.scope:
            if owner.is_slot(name):
                slot = b.slot(self._slot_name(owner, name))
                return b.emit(Op.load_var, slot, line=line, col=col)
            return b.read_var(self._var_key(owner, name))
        fn_id, slot = self._outer_slot(owner, name)
        return b.emit(Op.load_outer, fn_id, slot, line=line, col=col)

    def _alias_value(self, node, dotted: str) -> int:
        package, _, member = dotted.partition(".")
        if package == surface.HOST_PACKAGE and member in surface.HOST_EXPORTED_NAMES:
            dotted = member  # `from host import CapabilityDenied` is the built-in type
        if dotted in surface.MODULE_MEMBERS or dotted == surface.HOST_PACKAGE:
            raise self.error(node, f"module '{dotted}' cannot be used as a value")
        if dotted.startswith(surface.HOST_PACKAGE + ".") and dotted.count(".") == 1:
            raise self.error(node, f"module '{dotted}' cannot be used as a value")
        b = self.fn.b
        line, col = _pos(node)
        return b.emit(Op.builtin, b.const_index(dotted), line=line, col=col)


def lower_module(tree, filename: str, module_name: str) -> tuple[IRModule, list[Diagnostic]]:
    """Lower a checked tree. Returns the module and any diagnostics found while lowering."""
    lowerer = Lowerer(tree, filename, module_name)
    module = lowerer.lower()
    return module, sorted(set(lowerer.diagnostics))
